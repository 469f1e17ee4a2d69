package vn.sla.jobs.dossier;

/**
 * The keyed state of one dossier. While open: its events and what it has emitted so far
 * (facts, live contribution, status), so the next evaluation can emit only the difference.
 * Once closed and settled: only a tombstone (its final status and event ids, for duplicates
 * and a later RETURNED) until the retention passes. Arrays, not lists, keep it a Flink POJO.
 */
public class DossierState {
  /** The empty arrays, shared: never written into (an array of length 0 cannot be), saving an object each per dossier. */
  static final StoredEvent[] NO_EVENTS = new StoredEvent[0];
  static final Fact[] NO_FACTS = new Fact[0];
  static final long[] NO_LONGS = new long[0];

  public StoredEvent[] events = NO_EVENTS;
  public Fact[] facts = NO_FACTS;
  /**
   * Where the lifecycle stands after {@link #events} in lifecycle order, so the next event in
   * order is applied alone; null when not known (a tombstone, only refused ids, or state
   * restored from a version without it, layout 3's POJOs migrated included): the next arrival
   * replays the events. A new dossier starts with an empty standing.
   */
  public DossierHistory.Lifecycle lifecycle;
  public int nextSeq;
  /** Last emitted live contribution (unit, field, paused or running with due and apology); liveUnit null when none. */
  public String liveUnit;
  public String liveField;
  public boolean livePaused;
  public long liveDue;
  public boolean liveApology;
  /** Whether an open status is published, and the fingerprint of its signature. */
  public boolean statusPublished;
  public long statusHash;
  /**
   * Ids of events sent to the dead-letter topic, so a repeat of one counts as a duplicate
   * whenever it comes (before or after the rejection settled), for the retention.
   */
  public long[] rejectedEventHashes = NO_LONGS;
  /** Refused events already sent to the dead letters, kept (without their bytes) for the timeline while the dossier is open. */
  public StoredEvent[] refused = NO_EVENTS;
  /** Whether a timeline is published (dossier-timeline), and the fingerprint of the last one. */
  public boolean timelinePublished;
  public long timelineHash;
  /** Fingerprints of the events published as addenda to the timeline after it closed, to tombstone them with it. */
  public long[] timelineAddenda = NO_LONGS;
  /** The event-time timer registered (on the input's progress), Long.MIN_VALUE when none. */
  public long timer = Long.MIN_VALUE;
  /**
   * The newest input progress any of its events arrived at. Retention counts from here too: a
   * dossier imported long after it closed is remembered for the retention of input time after
   * it arrived, not dropped at once because its own dates are old.
   */
  public long arrivedAtProgress = Long.MIN_VALUE;

  /** Tombstone: the dossier is closed and settled; events and facts are gone. */
  public boolean closed;
  public String closedStatus;
  /** Fingerprints ({@link EventIds}) of the event ids seen, for duplicates and repeats. */
  public long[] closedEventHashes;
  /** When the tombstone (or the rejected ids of a never-received key) may go, in input progress. */
  public long cleanupAt;
}
