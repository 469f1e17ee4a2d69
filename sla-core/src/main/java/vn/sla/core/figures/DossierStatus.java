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

  /** This status with {@code bucket} set: itself when it already has it, else a copy (the original may be shared). */
  public DossierStatus withBucket(String bucket) {
    if (bucket.equals(this.bucket)) return this;
    DossierStatus c = new DossierStatus();
    c.dossierId = dossierId;
    c.unitId = unitId;
    c.receivingUnitId = receivingUnitId;
    c.field = field;
    c.procedureCode = procedureCode;
    c.channel = channel;
    c.receivedAt = receivedAt;
    c.dueAt = dueAt;
    c.dueAtMillis = dueAtMillis;
    c.paused = paused;
    c.apologyIssued = apologyIssued;
    c.bucket = bucket;
    return c;
  }
}
