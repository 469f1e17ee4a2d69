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
  /** Whether an open status is published, and the fingerprint of its signature. */
  public boolean statusPublished;
  public long statusHash;
  /** The signature as text, in states written before the fingerprint: read once, then dropped. */
  public String statusKey;
  /**
   * Ids of events sent to the dead-letter topic, so a repeat of one counts as a duplicate
   * whenever it comes (before or after the rejection settled), for the retention.
   */
  public long[] rejectedEventHashes = new long[0];
  /** The rejected ids as text, in states written before the fingerprints. */
  public String[] rejectedEventIds;
  /** The event-time timer registered, Long.MIN_VALUE when none. */
  public long timer = Long.MIN_VALUE;

  /** Tombstone: the dossier is closed and settled; events and facts are gone. */
  public boolean closed;
  public String closedStatus;
  /** Fingerprints ({@link EventIds}) of the event ids seen, for duplicates and repeats. */
  public long[] closedEventHashes;
  /** The ids as text, in tombstones written before the fingerprints. */
  public String[] closedEventIds;
  public long cleanupAt;

  /**
   * Brings a state written by an earlier version to this one's form: ids as text become
   * fingerprints, a status signature as text becomes "published" (sent again once). Every
   * entry point calls it first, so the rest of the function sees only the current form.
   */
  public DossierState upgraded() {
    if (rejectedEventHashes == null) rejectedEventHashes = new long[0];
    if (rejectedEventIds != null) {
      for (String id : rejectedEventIds) rejectedEventHashes = EventIds.append(rejectedEventHashes, EventIds.fingerprint(id));
      rejectedEventIds = null;
    }
    if (closedEventIds != null) {
      for (String id : closedEventIds) closedEventHashes = EventIds.append(closedEventHashes, EventIds.fingerprint(id));
      closedEventIds = null;
    }
    if (events != null) {
      for (StoredEvent e : events) {
        if (e.eventId != null) {
          e.idHash = EventIds.fingerprint(e.eventId);
          e.eventId = null;
        }
      }
    }
    if (statusKey != null) {
      statusPublished = true;
      statusHash = 0;
      statusKey = null;
    }
    return this;
  }
}
