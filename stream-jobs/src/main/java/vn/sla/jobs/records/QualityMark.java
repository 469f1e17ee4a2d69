package vn.sla.jobs.records;

/** One occurrence of a data-quality event (a rejection reason, "duplicate", "late", ...). */
public class QualityMark {
  public static final String DUPLICATE = "duplicate";
  public static final String LATE = "late";
  /** A RECEIVED whose dueAt is before its occurredAt: valid (overdue from the start), but worth a look. */
  public static final String DUE_BEFORE_RECEIVED = "due_before_received";
  /** A published figure broke an invariant of sla-rules.md (never expected; the log names unit and day). */
  public static final String INVARIANT_BREACH = "invariant_breach";
  /** A change for a day older than the day-counter retention: its point could not be rewritten. */
  public static final String BEYOND_RETENTION = "beyond_retention";

  public String reason;
  /** The job's "now" when it happened (Long.MIN_VALUE: not known); stamps the count's point. */
  public long at = Long.MIN_VALUE;

  public QualityMark() {}

  public QualityMark(String reason) {
    this.reason = reason;
  }

  public QualityMark(String reason, long at) {
    this.reason = reason;
    this.at = at;
  }
}
