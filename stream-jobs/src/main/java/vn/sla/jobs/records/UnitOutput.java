package vn.sla.jobs.records;

import vn.sla.core.figures.UnitFigures;

/** What the unit function emits: the live figures of a unit, or one of its days. */
public class UnitOutput {
  public String unitId;
  /** "now" when emitted (LIVE) or the local epoch day (DAY). */
  public long asOf;
  /** Set for live figures. */
  public UnitFigures live;
  /** Set for a day's figures, with {@link #day}. */
  public DayCounters counters;
  public int day;

  public UnitOutput() {}

  public static UnitOutput live(String unitId, long asOf, UnitFigures f) {
    UnitOutput o = new UnitOutput();
    o.unitId = unitId;
    o.asOf = asOf;
    o.live = f;
    return o;
  }

  public static UnitOutput day(String unitId, long asOf, int day, DayCounters c) {
    UnitOutput o = new UnitOutput();
    o.unitId = unitId;
    o.asOf = asOf;
    o.day = day;
    o.counters = c;
    return o;
  }

  public boolean isLive() {
    return live != null;
  }
}
