package vn.sla.core.alerts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The alert-rules topic's protocol, written and read here only: the rule set in force is the
 * newest record under the key {@value #KEY} (the topic is compacted); its value is the rule
 * set's JSON, a header says who published it and another the checksum of the rule file it came
 * from or was edited over (so the job's next start keeps an edit unless the file changed since).
 *
 * @param json the rule set as published
 * @param by who published it: a user name, or "file &lt;path&gt;" when the job published its file
 * @param fileSha256 the checksum of the rule file the set came from or was edited over, or null
 * @param atMillis when it was published (the record's timestamp; 0 before it is sent)
 */
public record RuleSetRecord(String json, String by, String fileSha256, long atMillis) {
  public static final String KEY = "rules";
  static final String BY = "sla-by";
  static final String FILE_SHA = "sla-file-sha256";

  /** The headers to send it with, in Kafka's (name, bytes) form. */
  public Map<String, byte[]> headers() {
    Map<String, byte[]> h = new LinkedHashMap<>();
    if (by != null) h.put(BY, by.getBytes(StandardCharsets.UTF_8));
    if (fileSha256 != null) h.put(FILE_SHA, fileSha256.getBytes(StandardCharsets.UTF_8));
    return h;
  }

  /**
   * The rule set a record of the topic holds, or null when it holds none (another key, or a
   * tombstone).
   *
   * @param header the record's last header of a name, or null
   */
  public static RuleSetRecord read(String key, String value, Function<String, byte[]> header, long timestamp) {
    if (!KEY.equals(key) || value == null) return null;
    return new RuleSetRecord(value, text(header.apply(BY)), text(header.apply(FILE_SHA)), timestamp);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
