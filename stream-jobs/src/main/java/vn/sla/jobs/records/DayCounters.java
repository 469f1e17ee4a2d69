package vn.sla.jobs.records;

/**
 * One local day of one unit: the day's flows, the steps of pending-at-end-of-day that start
 * that day, and the resulting absolute pending at the end of the day (end*), which the
 * period report reads directly.
 */
public class DayCounters {
  public long receivedOnline;
  public long receivedInPerson;
  public long receivedPostal;
  public long completedEarly;
  public long completedOnTime;
  public long completedLate;
  public long withdrawn;
  public long transferredIn;
  public long transferredOut;
  public long stepInTime;
  public long stepOverdue;
  public long stepPaused;
  public long endInTime;
  public long endOverdue;
  public long endPaused;
  /** A point for this day has been written, so a later all-zero state must be written too. */
  public boolean emitted;

  public long received() {
    return receivedOnline + receivedInPerson + receivedPostal;
  }

  public long completed() {
    return completedEarly + completedOnTime + completedLate;
  }

  public long endTotal() {
    return endInTime + endOverdue + endPaused;
  }

  public boolean isEmpty() {
    return received() == 0 && completed() == 0 && withdrawn == 0 && transferredIn == 0
        && transferredOut == 0 && endTotal() == 0;
  }

  public DayCounters copy() {
    DayCounters c = new DayCounters();
    c.receivedOnline = receivedOnline;
    c.receivedInPerson = receivedInPerson;
    c.receivedPostal = receivedPostal;
    c.completedEarly = completedEarly;
    c.completedOnTime = completedOnTime;
    c.completedLate = completedLate;
    c.withdrawn = withdrawn;
    c.transferredIn = transferredIn;
    c.transferredOut = transferredOut;
    c.stepInTime = stepInTime;
    c.stepOverdue = stepOverdue;
    c.stepPaused = stepPaused;
    c.endInTime = endInTime;
    c.endOverdue = endOverdue;
    c.endPaused = endPaused;
    c.emitted = emitted;
    return c;
  }
}
