package vn.sla.jobs.records;

import java.nio.charset.StandardCharsets;

/** A record bound for one output topic: key, value (null: tombstone), headers as pairs. */
public class KafkaOut {
  public byte[] key;
  public byte[] value;
  public String[] headers;

  public KafkaOut() {}

  public KafkaOut(byte[] key, byte[] value, String... headers) {
    this.key = key;
    this.value = value;
    this.headers = headers;
  }

  public static KafkaOut text(String key, String value) {
    return new KafkaOut(
        key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public String keyText() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  public String valueText() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}
