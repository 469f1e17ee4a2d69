package vn.sla.core.figures;

/** The job's "now", published every second so screens can tell quiet from stale. */
public class ClockTick {
  public String asOf;
  public long asOfMillis;
}
