package vn.sla.server.reports;

/** The period report of sla-rules.md, as the API returns it. */
public class PeriodReport {
  public String unitId;
  public String from;
  public String to;
  public long carriedOver;
  public Received received = new Received();
  public long transferredIn;
  public long transferredOut;
  public Completed completed = new Completed();
  public long withdrawn;
  public PendingAtEnd pendingAtEnd = new PendingAtEnd();
  public double progressScore766;
  /** Extension: rates are divided by completed.total. */
  public String rateDenominator = "completed.total";

  public static class Received {
    public long total;
    public long online;
    public long inPerson;
    public long postal;
  }

  public static class Completed {
    public long total;
    public long early;
    public long onTime;
    public long late;
    public double earlyRate;
    public double onTimeRate;
    public double lateRate;
  }

  public static class PendingAtEnd {
    public long total;
    public long inTime;
    public long overdue;
    public long paused;
  }

  /** Fills the derived figures: totals, rates and the 766 progress score. */
  public void derive() {
    received.total = received.online + received.inPerson + received.postal;
    completed.total = completed.early + completed.onTime + completed.late;
    pendingAtEnd.total = pendingAtEnd.inTime + pendingAtEnd.overdue + pendingAtEnd.paused;
    long c = completed.total;
    completed.earlyRate = c == 0 ? 0 : (double) completed.early / c;
    completed.onTimeRate = c == 0 ? 0 : (double) completed.onTime / c;
    completed.lateRate = c == 0 ? 0 : (double) completed.late / c;
    progressScore766 = vn.sla.core.rules.ProgressScore.of(completed.early, completed.onTime, pendingAtEnd.inTime,
        pendingAtEnd.paused, c, pendingAtEnd.total);
  }

  /** The primitive figures in a fixed order (those a breakdown sums). */
  public long[] figures() {
    return new long[] {carriedOver, received.online, received.inPerson, received.postal, transferredIn, transferredOut,
        completed.early, completed.onTime, completed.late, withdrawn, pendingAtEnd.inTime, pendingAtEnd.overdue, pendingAtEnd.paused};
  }

  /** Nothing at all: every figure zero. */
  public boolean allZero() {
    for (long v : figures()) if (v != 0) return false;
    return true;
  }

  /** The contract's invariant; true for every report this server produces. */
  public boolean reconciles() {
    return carriedOver + received.total + transferredIn
        == completed.total + withdrawn + transferredOut + pendingAtEnd.total;
  }
}
