package vn.sla.jobs.unit;

/** The live buckets of a unit and the bookkeeping of its day range and emissions. */
public class UnitState {
  public long inTime;
  public long dueSoon;
  public long overdue;
  public long paused;
  public long overdueWithoutApology;
  /** Dense range of materialized days [firstDay, currentDay]; currentDay is today. */
  public int firstDay = Integer.MIN_VALUE;
  public int currentDay = Integer.MIN_VALUE;
  /** The latest day any delta was for (future steps included). */
  public int latestDay = Integer.MIN_VALUE;
  /** Days before firstDay were dropped after the retention. */
  public boolean pruned;
  /** The earliest day whose point must be written again, MAX_VALUE when none. */
  public int dirtyFrom = Integer.MAX_VALUE;
  public boolean liveDirty;
  public long lastEmitAt = Long.MIN_VALUE;
  public long emitTimer = Long.MIN_VALUE;

  public long pendingTotal() {
    return inTime + dueSoon + overdue + paused;
  }
}
