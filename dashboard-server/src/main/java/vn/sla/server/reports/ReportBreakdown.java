package vn.sla.server.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A period report broken down by child unit or by field (lĩnh vực), whose rows add up to the
 * unit's own report in every figure. What the parts do not explain is one more row, the
 * remainder: by unit, the unit's own desk (dossiers it holds itself) and the transfers between
 * its children (a transfer from one child to another is in and out of both children, and of
 * neither for the unit); by field, dossiers without per-field figures. A remainder of zeros is
 * left out.
 */
public class ReportBreakdown {
  /** The key of the remainder row. */
  public static final String REST = "_rest";

  public String unitId;
  public String by;
  public String from;
  public String to;
  public PeriodReport total;
  public List<Row> rows = new ArrayList<>();

  /** One row: a part's report with its key (a unit id, a field code, or {@link #REST}) and name. */
  public static class Row extends PeriodReport {
    public String key;
    public String name;
  }

  /**
   * @param parts the reports of the parts, by key, in the order to show (missing parts: no row)
   * @param restName the name of the remainder row
   */
  public static ReportBreakdown of(String by, PeriodReport total, List<String> order, Map<String, PeriodReport> parts,
      Function<String, String> nameOf, String restName) {
    ReportBreakdown b = new ReportBreakdown();
    b.unitId = total.unitId;
    b.by = by;
    b.from = total.from;
    b.to = total.to;
    b.total = total;
    Row rest = row(total, REST, restName);
    for (String key : order) {
      PeriodReport p = parts.get(key);
      if (p == null) continue;
      b.rows.add(row(p, key, nameOf.apply(key)));
      rest.carriedOver -= p.carriedOver;
      rest.received.online -= p.received.online;
      rest.received.inPerson -= p.received.inPerson;
      rest.received.postal -= p.received.postal;
      rest.transferredIn -= p.transferredIn;
      rest.transferredOut -= p.transferredOut;
      rest.completed.early -= p.completed.early;
      rest.completed.onTime -= p.completed.onTime;
      rest.completed.late -= p.completed.late;
      rest.withdrawn -= p.withdrawn;
      rest.pendingAtEnd.inTime -= p.pendingAtEnd.inTime;
      rest.pendingAtEnd.overdue -= p.pendingAtEnd.overdue;
      rest.pendingAtEnd.paused -= p.pendingAtEnd.paused;
    }
    rest.derive();
    if (!rest.allZero()) b.rows.add(rest);
    return b;
  }

  private static Row row(PeriodReport p, String key, String name) {
    Row r = new Row();
    r.key = key;
    r.name = name;
    r.unitId = p.unitId;
    r.from = p.from;
    r.to = p.to;
    r.carriedOver = p.carriedOver;
    r.received.online = p.received.online;
    r.received.inPerson = p.received.inPerson;
    r.received.postal = p.received.postal;
    r.transferredIn = p.transferredIn;
    r.transferredOut = p.transferredOut;
    r.completed.early = p.completed.early;
    r.completed.onTime = p.completed.onTime;
    r.completed.late = p.completed.late;
    r.withdrawn = p.withdrawn;
    r.pendingAtEnd.inTime = p.pendingAtEnd.inTime;
    r.pendingAtEnd.overdue = p.pendingAtEnd.overdue;
    r.pendingAtEnd.paused = p.pendingAtEnd.paused;
    r.derive();
    return r;
  }

  /** Whether the rows add up to the total in every figure (true by construction; tests check it). */
  public boolean addsUp() {
    long[] sum = new long[13];
    for (Row r : rows) {
      long[] v = r.figures();
      for (int i = 0; i < sum.length; i++) sum[i] += v[i];
    }
    return java.util.Arrays.equals(sum, total.figures());
  }
}
