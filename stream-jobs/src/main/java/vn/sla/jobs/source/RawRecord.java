package vn.sla.jobs.source;

/** A record as read from the input topic, before any parsing. */
public class RawRecord {
  public byte[] key;
  public byte[] value;
  /** topic/partition/offset, for the dead-letter headers. */
  public String origin;

  public RawRecord() {}

  public RawRecord(byte[] key, byte[] value, String origin) {
    this.key = key;
    this.value = value;
    this.origin = origin;
  }
}
