package vn.sla.core.rules;

/** The disjoint buckets of a pending dossier (sla-rules.md). */
public enum Bucket {
  IN_TIME("inTime"),
  DUE_SOON("dueSoon"),
  OVERDUE("overdue"),
  PAUSED("paused");

  private final String apiName;

  Bucket(String apiName) {
    this.apiName = apiName;
  }

  /** The name used by the HTTP API and the output topics, e.g. {@code dueSoon}. */
  public String apiName() {
    return apiName;
  }

  public static Bucket fromApiName(String s) {
    for (Bucket b : values()) if (b.apiName.equals(s)) return b;
    return null;
  }
}
