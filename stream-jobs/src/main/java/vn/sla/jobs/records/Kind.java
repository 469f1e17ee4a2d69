package vn.sla.jobs.records;

/**
 * What a {@link UnitDelta} counts. Day kinds are flows of one local day; PENDING_END_* are
 * steps of "pending at the end of the day" (a +1 from the first day a dossier is pending at
 * day's end in that category, a -1 from the first day it no longer is); LIVE_* are the open
 * dossiers as they stand: running with their due time (with or without an apology letter),
 * or paused. Which bucket a running one is in at "now" the unit figures work out from its due
 * time, so no dossier has to be looked at again when time passes.
 */
public enum Kind {
  RECEIVED_ONLINE(Scope.DAY),
  RECEIVED_IN_PERSON(Scope.DAY),
  RECEIVED_POSTAL(Scope.DAY),
  COMPLETED_EARLY(Scope.DAY),
  COMPLETED_ON_TIME(Scope.DAY),
  COMPLETED_LATE(Scope.DAY),
  WITHDRAWN(Scope.DAY),
  /** Dossier level only: from unitId to otherUnitId; the roll-up turns it into IN / OUT. */
  TRANSFER(Scope.DAY),
  TRANSFERRED_IN(Scope.DAY),
  TRANSFERRED_OUT(Scope.DAY),
  PENDING_END_IN_TIME(Scope.STEP),
  PENDING_END_OVERDUE(Scope.STEP),
  PENDING_END_PAUSED(Scope.STEP),
  /** Open, clock running, no apology letter; with its due time. */
  LIVE_RUNNING(Scope.LIVE),
  /** Open, clock running, an apology letter issued; with its due time. */
  LIVE_RUNNING_APOLOGY(Scope.LIVE),
  LIVE_PAUSED(Scope.LIVE);

  public enum Scope {
    DAY,
    STEP,
    LIVE
  }

  public final Scope scope;

  Kind(Scope scope) {
    this.scope = scope;
  }
}
