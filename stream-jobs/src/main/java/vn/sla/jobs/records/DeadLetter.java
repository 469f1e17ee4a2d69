package vn.sla.jobs.records;

/**
 * A rejected record: the original key and value bytes unchanged, and why. Written to the
 * dead-letter topic with the reason in headers, so nothing of the input is lost.
 */
public class DeadLetter {
  public byte[] key;
  public byte[] value;
  /** The stable reason code, e.g. MISSING_FIELD. */
  public String reason;
  public String detail;
  public String origin;

  public DeadLetter() {}

  public DeadLetter(byte[] key, byte[] value, String reason, String detail, String origin) {
    this.key = key;
    this.value = value;
    this.reason = reason;
    this.detail = detail;
    this.origin = origin;
  }
}
