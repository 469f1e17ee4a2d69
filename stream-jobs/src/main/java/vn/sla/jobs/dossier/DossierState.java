package vn.sla.jobs.dossier;

/**
 * The keyed state of one dossier. While open: its events and what it has emitted so far
 * (facts, live bucket, status), so the next evaluation can emit only the difference. Once
 * closed and settled: only a tombstone (its final status and event ids, for duplicates and
 * a later RETURNED) until the retention passes. Arrays, not lists, keep it a Flink POJO.
 */
public class DossierState {
  public StoredEvent[] events = new StoredEvent[0];
  public Fact[] facts = new Fact[0];
  public int nextSeq;
  /** Last emitted live contribution; liveUnit null when none. */
  public String liveUnit;
  public String liveBucket;
  public boolean liveApology;
  public String liveField;
  /** Signature of the last emitted status; null when none is published. */
  public String statusKey;
  /**
   * Ids of events sent to the dead-letter topic, so a repeat of one counts as a duplicate
   * whenever it comes (before or after the rejection settled), for the retention.
   */
  public String[] rejectedEventIds = new String[0];
  /** The event-time timer registered, Long.MIN_VALUE when none. */
  public long timer = Long.MIN_VALUE;

  /** Tombstone: the dossier is closed and settled; events and facts are gone. */
  public boolean closed;
  public String closedStatus;
  public String[] closedEventIds;
  public long cleanupAt;
}
