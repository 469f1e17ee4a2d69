package vn.sla.core.figures;

/**
 * The status of one open dossier as the job publishes it on the dossier-status topic
 * (keyed by dossierId, a tombstone when it closes) and the API lists it.
 */
public class DossierStatus {
  public String dossierId;
  /** The unit holding the dossier now. */
  public String unitId;
  public String receivingUnitId;
  public String field;
  public String procedureCode;
  public String channel;
  public String receivedAt;
  /** The SLA due time (after pause shifts; an apology does not change it). */
  public String dueAt;
  public long dueAtMillis;
  /** The clock is stopped (PAUSED, not yet RESUMED). */
  public boolean paused;
  /**
   * inTime, dueSoon, overdue or paused at the reader's "now". The job leaves it out (a bucket
   * changes as time passes, without any event): the dashboard derives it from dueAtMillis,
   * paused and the job's clock.
   */
  public String bucket;
  public boolean apologyIssued;
}
