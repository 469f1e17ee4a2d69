package vn.sla.core.figures;

/**
 * The job's two clocks, published every second so screens can tell quiet from stale and show
 * a catch-up: "now" (asOf, sla-rules.md) and the input's progress (the newest occurredAt seen
 * less the tolerance), which is far behind now while history is being digested.
 */
public class ClockTick {
  /** "Now": the input's progress while catching up, the wall clock once caught up. */
  public String asOf;
  public long asOfMillis;
  /** The input's progress; null before the first valid event. */
  public String progress;
  public long progressMillis = Long.MIN_VALUE;
  /**
   * True while the job catches up with its input: until it first caught up with the end of the
   * topic, and again while it digests history that arrived after (an import, a replay, a desk's
   * backlog: events older than the tolerance behind the wall clock, until idle after the last).
   */
  public boolean catchingUp;
  /** The due-soon window the job's buckets use, so a server lists dossiers in the same buckets. */
  public long dueSoonMillis;
  /** The job's time zone (its days and midnights): a server in another one would show other days. */
  public String zone;
}
