package vn.sla.server.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The units with the most overdue in a month, and the change against the same days of the
 * month before. "Overdue in the period" is the dossiers completed late in it plus those still
 * overdue at its end (pending_end_overdue): what went wrong in the month, whether settled or not.
 */
public class OverdueRanking {
  public String unitId;
  /** YYYY-MM */
  public String month;
  public String from;
  public String to;
  public String previousFrom;
  public String previousTo;
  public List<Entry> units = new ArrayList<>();

  public static class Entry {
    public String unitId;
    public String name;
    public long overdue;
    public long lateCompleted;
    public long overdueAtEnd;
    public long previous;
    public long change;
  }

  /** The period of a month up to today (the whole month when it is over), and the same days of the month before. */
  public record Periods(LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo) {
    public static Periods of(java.time.YearMonth month, LocalDate today) {
      LocalDate from = month.atDay(1);
      LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
      java.time.YearMonth prev = month.minusMonths(1);
      int days = to.getDayOfMonth();
      // 31 March against February: the whole of February.
      LocalDate previousTo = prev.atDay(Math.min(days, prev.lengthOfMonth()));
      if (to.equals(month.atEndOfMonth())) previousTo = prev.atEndOfMonth();
      return new Periods(from, to, prev.atDay(1), previousTo);
    }
  }

  static long overdueOf(PeriodReport r) {
    return r == null ? 0 : r.completed.late + r.pendingAtEnd.overdue;
  }

  /** Most overdue first; ties: the larger rise, then by id. At most {@code limit} rows; units with no overdue in either period left out. */
  public static OverdueRanking of(String unitId, java.time.YearMonth month, Periods p, List<String> units,
      Map<String, PeriodReport> now, Map<String, PeriodReport> before, Function<String, String> nameOf, int limit) {
    OverdueRanking o = new OverdueRanking();
    o.unitId = unitId;
    o.month = month.toString();
    o.from = p.from().toString();
    o.to = p.to().toString();
    o.previousFrom = p.previousFrom().toString();
    o.previousTo = p.previousTo().toString();
    List<Entry> all = new ArrayList<>();
    for (String u : units) {
      PeriodReport r = now.get(u);
      Entry e = new Entry();
      e.unitId = u;
      e.name = nameOf.apply(u);
      e.lateCompleted = r == null ? 0 : r.completed.late;
      e.overdueAtEnd = r == null ? 0 : r.pendingAtEnd.overdue;
      e.overdue = e.lateCompleted + e.overdueAtEnd;
      e.previous = overdueOf(before.get(u));
      e.change = e.overdue - e.previous;
      if (e.overdue > 0 || e.previous > 0) all.add(e);
    }
    all.sort(Comparator.comparingLong((Entry e) -> -e.overdue).thenComparingLong(e -> -e.change).thenComparing(e -> e.unitId));
    o.units = all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
    return o;
  }
}
