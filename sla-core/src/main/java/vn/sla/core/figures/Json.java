package vn.sla.core.figures;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;

/** The one JSON mapper of the published types, and the date-time format of the API. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .build();

  private Json() {}

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String s, Class<T> type) {
    try {
      return MAPPER.readValue(s, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] s, Class<T> type) {
    try {
      return MAPPER.readValue(s, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** e.g. 2023-10-15T08:12:00+07:00: seconds always shown, offset of the deployment zone. */
  public static String dateTime(long epochMillis, ZoneId zone) {
    return vn.sla.core.rules.IsoTime.format(epochMillis, zone);
  }
}
