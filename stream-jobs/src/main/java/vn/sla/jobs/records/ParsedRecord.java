package vn.sla.jobs.records;


/** A source record after parsing: either a valid event or a dead letter, never both. */
public class ParsedRecord {
  public InputEvent ok;
  public DeadLetter bad;
  /**
   * Read before the end its partition had when the job started: the input is still catching
   * up, so a pause in it is a stall, not a quiet topic (see InputClock).
   */
  public boolean backlog;
  /** The input partition it was read from (0 for inputs without partitions): its own order is the log's. */
  public int partition;

  public ParsedRecord() {}

  public static ParsedRecord ok(InputEvent e) {
    ParsedRecord r = new ParsedRecord();
    r.ok = e;
    return r;
  }

  public static ParsedRecord bad(DeadLetter d) {
    ParsedRecord r = new ParsedRecord();
    r.bad = d;
    return r;
  }

  /** Event time for watermarks; bad records carry none. */
  public long timestamp() {
    return ok == null ? Long.MIN_VALUE : ok.event.occurredAt;
  }
}
