package vn.sla.jobs.unit;

/**
 * The live buckets of a unit at "now" and the bookkeeping of its days and emissions. Days are
 * held sparsely ({@link #heldDays}: only days with something of their own, and the days "now"
 * has passed through while anything was pending), so history arriving years behind "now" costs
 * its own days, not every day in between.
 */
public class UnitState {
  public long inTime;
  public long dueSoon;
  public long overdue;
  public long paused;
  public long overdueWithoutApology;
  /** The local day of "now" (today), Integer.MIN_VALUE before the first. */
  public int currentDay = Integer.MIN_VALUE;
  /** The newest day of any flow (received, completed, ...): the unit's own event time, which measures the retention. */
  public int newestFlowDay = Integer.MIN_VALUE;
  /** The days held in the day map, ascending. */
  public int[] heldDays = new int[0];
  /** Pending at the end of the last day dropped by the retention (the steps of every dropped day). */
  public long baseInTime;
  public long baseOverdue;
  public long basePaused;
  /** Days before this one were dropped after the retention (Integer.MIN_VALUE: none). */
  public int keptFrom = Integer.MIN_VALUE;
  /** The earliest day whose point must be written again, MAX_VALUE when none. */
  public int dirtyFrom = Integer.MAX_VALUE;
  public boolean liveDirty;
  /**
   * The latest "now" this unit was looked at: its buckets are right as of it. After a restore
   * the watermark starts from nothing until "now" comes again; changes meanwhile are placed as
   * of this, so they agree with the counters and timers restored.
   */
  public long lastNow = Long.MIN_VALUE;
  public long lastEmitAt = Long.MIN_VALUE;
  /** The slot the days last went out in (added after state layout 4: a POJO field more, which restores; none yet: MIN_VALUE). */
  public long lastDayEmitAt = Long.MIN_VALUE;
  public long emitTimer = Long.MIN_VALUE;
  /**
   * The midnight timer registered last (added after state layout 4, a POJO field more: restored
   * as MIN_VALUE, and the next change registers it again, which Flink ignores).
   */
  public long midnightTimer = Long.MIN_VALUE;
  /**
   * The completed dossiers of the month so far (early, on time, late), summed over the held
   * days from the first of {@link #monthSumsThrough}'s month through that day. Read at every
   * live emission; summing the month's day counters there instead was up to 31 lookups in
   * the day map, each a read and a deserialisation on RocksDB. Added after state layout 4 (a
   * POJO field more, which restores); Integer.MIN_VALUE: not summed yet, summed at the next
   * emission.
   */
  public int monthSumsThrough = Integer.MIN_VALUE;
  public long monthEarly;
  public long monthOnTime;
  public long monthLate;

  public long pendingTotal() {
    return inTime + dueSoon + overdue + paused;
  }

  /** The index of the first held day >= day. */
  int firstHeldFrom(int day) {
    int i = java.util.Arrays.binarySearch(heldDays, day);
    return i >= 0 ? i : -i - 1;
  }

  boolean holds(int day) {
    return java.util.Arrays.binarySearch(heldDays, day) >= 0;
  }

  void hold(int day) {
    int i = java.util.Arrays.binarySearch(heldDays, day);
    if (i >= 0) return;
    i = -i - 1;
    int[] a = new int[heldDays.length + 1];
    System.arraycopy(heldDays, 0, a, 0, i);
    a[i] = day;
    System.arraycopy(heldDays, i, a, i + 1, heldDays.length - i);
    heldDays = a;
  }
}
