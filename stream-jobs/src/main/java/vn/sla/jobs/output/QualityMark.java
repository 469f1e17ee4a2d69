package vn.sla.jobs.output;

/** One occurrence of a data-quality event (a rejection reason, "duplicate", "late"). */
public class QualityMark {
  public static final String DUPLICATE = "duplicate";
  public static final String LATE = "late";

  public String reason;

  public QualityMark() {}

  public QualityMark(String reason) {
    this.reason = reason;
  }
}
