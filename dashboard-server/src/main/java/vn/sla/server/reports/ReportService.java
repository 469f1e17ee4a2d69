package vn.sla.server.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import vn.sla.core.figures.InfluxSchema;
import vn.sla.core.figures.InfluxSchema.Alert;
import vn.sla.core.figures.InfluxSchema.Day;
import vn.sla.core.rules.SlaRules;

/**
 * Period reports from InfluxDB's unit_day series: a point for each day a unit had something of
 * its own (and each day "now" passed while it had anything pending), with the day's flows and
 * the absolute pending at its end. A day without a point had no flows and the pending of the
 * last point before it. Every query is bounded in time. Blocking: call it off the event loop.
 */
public final class ReportService implements AutoCloseable {
  /** The day's flows summed over a period, each column named as its field. */
  private static final String FLOWS = String.join(",", Day.FLOWS.stream().map(f -> "sum(\"" + f.field() + "\") AS " + f.field()).toList());
  private static final String PENDING_END = InfluxSchema.names(Day.PENDING_END);

  private final InfluxDB influx;
  private final String database;
  private final SlaRules rules;

  public ReportService(String url, String database, SlaRules rules) {
    this.influx = InfluxDBFactory.connect(url);
    this.influx.setLogLevel(InfluxDB.LogLevel.NONE);
    this.database = database;
    this.rules = rules;
  }

  /**
   * @param today the local date of "now": pending at the end of a later day is not known yet,
   *     so it is reported as of now
   */
  /** The period's flows, the sums of the day counters of one series, into its report. */
  private static void flowsInto(PeriodReport r, Row flows) {
    r.received.online = flows.n(Day.RECEIVED_ONLINE);
    r.received.inPerson = flows.n(Day.RECEIVED_IN_PERSON);
    r.received.postal = flows.n(Day.RECEIVED_POSTAL);
    r.completed.early = flows.n(Day.COMPLETED_EARLY);
    r.completed.onTime = flows.n(Day.COMPLETED_ON_TIME);
    r.completed.late = flows.n(Day.COMPLETED_LATE);
    r.withdrawn = flows.n(Day.WITHDRAWN);
    r.transferredIn = flows.n(Day.TRANSFERRED_IN);
    r.transferredOut = flows.n(Day.TRANSFERRED_OUT);
  }

  public PeriodReport report(String unitId, LocalDate from, LocalDate to, LocalDate today) {
    PeriodReport r = new PeriodReport();
    r.unitId = unitId;
    r.from = from.toString();
    r.to = to.toString();
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    Row flows = first(query("SELECT " + FLOWS + " FROM " + InfluxSchema.UNIT_DAY + " WHERE " + InfluxSchema.TAG_UNIT + " = "
        + literal(unitId) + " AND time >= " + start + "ms AND time < " + end + "ms"));
    if (flows != null) flowsInto(r, flows);
    LocalDate last = to.isAfter(today) ? today : to;
    long[] atEnd = pendingAtEndOf(unitId, last);
    r.pendingAtEnd.inTime = atEnd[0];
    r.pendingAtEnd.overdue = atEnd[1];
    r.pendingAtEnd.paused = atEnd[2];
    long[] before = pendingAtEndOf(unitId, from.minusDays(1));
    r.carriedOver = before[0] + before[1] + before[2];
    r.derive();
    return r;
  }

  /**
   * The period reports of many series in one go: the child units of a unit ({@code unit_day},
   * grouped by unit) or the fields of one unit ({@code unit_field_day}, grouped by field). Three
   * queries whatever the number of series, each bounded in time; a series without any point is
   * absent (nothing happened in it, nothing pending).
   */
  public java.util.Map<String, PeriodReport> reports(Selection sel, LocalDate from, LocalDate to, LocalDate today) {
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    java.util.Map<String, PeriodReport> out = new java.util.TreeMap<>();
    java.util.function.Function<String, PeriodReport> of = key -> out.computeIfAbsent(key, k -> {
      PeriodReport r = new PeriodReport();
      r.unitId = sel.unitOf(k);
      r.from = from.toString();
      r.to = to.toString();
      return r;
    });
    for (Row row : Row.all(query("SELECT " + FLOWS + " FROM " + sel.measurement + " WHERE " + sel.filter(start, true, end, false)
        + " GROUP BY \"" + sel.groupBy + "\""))) {
      if (!sel.wanted(row.tag(sel.groupBy))) continue;
      flowsInto(of.apply(row.tag(sel.groupBy)), row);
    }
    LocalDate last = to.isAfter(today) ? today : to;
    pendingAtEndOf(sel, last).forEach((key, p) -> {
      PeriodReport r = of.apply(key);
      r.pendingAtEnd.inTime = p[0];
      r.pendingAtEnd.overdue = p[1];
      r.pendingAtEnd.paused = p[2];
    });
    pendingAtEndOf(sel, from.minusDays(1)).forEach((key, p) -> of.apply(key).carriedOver = p[0] + p[1] + p[2]);
    out.values().forEach(PeriodReport::derive);
    return out;
  }

  /** Which series a batch of reports reads: a measurement, a filter, and the tag that tells them apart. */
  public record Selection(String measurement, String where, String groupBy, String fixedUnit, java.util.Set<String> keep) {
    /** Up to this many units are named in the query; more are read all at once and picked here (a query's text stays short). */
    static final int MAX_NAMED = 200;

    /** The units named (their own subtree's figures each). */
    public static Selection units(java.util.Collection<String> unitIds) {
      if (unitIds.isEmpty()) throw new IllegalArgumentException("no units");
      // Unit ids are letters, digits, '.', '_' and '-' (the registry refuses others): only '.' needs escaping.
      for (String u : unitIds) {
        if (!u.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("not a unit id: " + u);
      }
      java.util.Set<String> keep = java.util.Set.copyOf(unitIds);
      if (keep.size() > MAX_NAMED) return new Selection(InfluxSchema.UNIT_DAY, "true", InfluxSchema.TAG_UNIT, null, keep);
      String alternatives = String.join("|", keep.stream().sorted().map(u -> u.replace(".", "\\.")).toList());
      return new Selection(InfluxSchema.UNIT_DAY, InfluxSchema.TAG_UNIT + " =~ /^(?:" + alternatives + ")$/", InfluxSchema.TAG_UNIT, null, keep);
    }

    /** The fields (lĩnh vực) of one unit's subtree. */
    public static Selection fields(String unitId) {
      return new Selection(InfluxSchema.UNIT_FIELD_DAY, InfluxSchema.TAG_UNIT + " = " + literal(unitId), InfluxSchema.TAG_FIELD, unitId, null);
    }

    boolean wanted(String key) {
      return key != null && (keep == null || keep.contains(key));
    }

    /** The WHERE clause's filter and the time range. */
    String filter(long fromMs, boolean fromInclusive, long toMs, boolean toInclusive) {
      String time = "time " + (fromInclusive ? ">= " : "> ") + fromMs + "ms AND time " + (toInclusive ? "<= " : "< ") + toMs + "ms";
      return "true".equals(where) ? time : where + " AND " + time;
    }

    String unitOf(String key) {
      return fixedUnit != null ? fixedUnit : key;
    }
  }

  /** in time, overdue, paused at the end of the day for each series: its last point at or before the day (within 30 years). */
  private java.util.Map<String, long[]> pendingAtEndOf(Selection sel, LocalDate day) {
    long t = rules.startOfDay(day.toEpochDay());
    long since = rules.startOfDay(Math.max(day.toEpochDay() - FAR_DAYS, 0L));
    java.util.Map<String, long[]> out = new java.util.HashMap<>();
    for (Row row : Row.all(query("SELECT " + PENDING_END + " FROM " + sel.measurement + " WHERE " + sel.filter(since, true, t, true)
        + " GROUP BY \"" + sel.groupBy + "\" ORDER BY time DESC LIMIT 1"))) {
      if (!sel.wanted(row.tag(sel.groupBy))) continue;
      out.put(row.tag(sel.groupBy), new long[] {row.n(Day.PENDING_END_IN_TIME), row.n(Day.PENDING_END_OVERDUE), row.n(Day.PENDING_END_PAUSED)});
    }
    return out;
  }

  /** One local day of a unit, for history charts. */
  public static class HistoryDay extends vn.sla.core.figures.UnitFigures.Today {
    public String date;
    public PeriodReport.PendingAtEnd pendingEnd = new PeriodReport.PendingAtEnd();
  }

  /** Every day of [from, to]: no flows where the unit had no point, and the pending of the point before. */
  public List<HistoryDay> history(String unitId, LocalDate from, LocalDate to) {
    long[] carried = pendingAtEndOf(unitId, from.minusDays(1));
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    QueryResult r = query("SELECT " + InfluxSchema.names(Day.FLOWS) + "," + PENDING_END + " FROM " + InfluxSchema.UNIT_DAY
        + " WHERE " + InfluxSchema.TAG_UNIT + " = " + literal(unitId) + " AND time >= " + start + "ms AND time < " + end + "ms");
    java.util.Map<Long, Row> rows = new java.util.HashMap<>();
    for (Row row : Row.all(r)) rows.put(row.time(), row);
    List<HistoryDay> days = new java.util.ArrayList<>();
    for (long d = from.toEpochDay(); d <= to.toEpochDay(); d++) {
      HistoryDay day = new HistoryDay();
      day.date = LocalDate.ofEpochDay(d).toString();
      Row row = rows.get(rules.startOfDay(d));
      day.pendingEnd.inTime = carried[0];
      day.pendingEnd.overdue = carried[1];
      day.pendingEnd.paused = carried[2];
      if (row != null) {
        day.received = row.n(Day.RECEIVED_ONLINE) + row.n(Day.RECEIVED_IN_PERSON) + row.n(Day.RECEIVED_POSTAL);
        day.early = row.n(Day.COMPLETED_EARLY);
        day.onTime = row.n(Day.COMPLETED_ON_TIME);
        day.late = row.n(Day.COMPLETED_LATE);
        day.completed = day.early + day.onTime + day.late;
        day.withdrawn = row.n(Day.WITHDRAWN);
        day.pendingEnd.inTime = row.n(Day.PENDING_END_IN_TIME);
        day.pendingEnd.overdue = row.n(Day.PENDING_END_OVERDUE);
        day.pendingEnd.paused = row.n(Day.PENDING_END_PAUSED);
        carried = new long[] {day.pendingEnd.inTime, day.pendingEnd.overdue, day.pendingEnd.paused};
      }
      day.pendingEnd.total = day.pendingEnd.inTime + day.pendingEnd.overdue + day.pendingEnd.paused;
      days.add(day);
    }
    return days;
  }

  /** Alert state changes in [from, to], newest first: time, rule, unit, severity, state, value, threshold. */
  public List<java.util.Map<String, String>> alertHistory(LocalDate from, LocalDate to) {
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    QueryResult r = query("SELECT " + InfluxSchema.names(List.of(Alert.STATE, Alert.VALUE, Alert.THRESHOLD, Alert.ALERT_ID, Alert.DURING_CATCH_UP)) + " FROM " + InfluxSchema.ALERT + " WHERE time >= " + start + "ms AND time < " + end + "ms GROUP BY \""
        + InfluxSchema.TAG_RULE + "\",\"" + InfluxSchema.TAG_UNIT + "\",\"" + InfluxSchema.TAG_SEVERITY + "\"");
    List<java.util.Map<String, String>> out = new java.util.ArrayList<>();
    for (Row row : Row.all(r)) {
      java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("at", vn.sla.core.figures.Json.dateTime(row.time(), rules.zone()));
      m.put("rule", row.tag(InfluxSchema.TAG_RULE));
      m.put("unit", row.tag(InfluxSchema.TAG_UNIT));
      m.put("severity", row.tag(InfluxSchema.TAG_SEVERITY));
      m.put("state", row.text(Alert.STATE));
      m.put("value", row.text(Alert.VALUE));
      m.put("threshold", row.text(Alert.THRESHOLD));
      m.put("alertId", row.text(Alert.ALERT_ID));
      // Points written before the field existed have none: they were live.
      m.put("duringCatchUp", String.valueOf(Boolean.TRUE.equals(row.get(Alert.DURING_CATCH_UP))));
      out.add(m);
    }
    out.sort((a, b) -> b.get("at").compareTo(a.get("at")));
    return out;
  }

  /** Running totals of rejected records by reason, duplicates and late events. */
  public java.util.Map<String, Long> quality() {
    QueryResult r = query("SELECT last(\"" + InfluxSchema.QUALITY_COUNT + "\") AS \"" + InfluxSchema.QUALITY_COUNT + "\" FROM "
        + InfluxSchema.QUALITY + " WHERE time > now() - 3650d GROUP BY \"" + InfluxSchema.TAG_REASON + "\"");
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (Row row : Row.all(r)) counts.put(row.tag(InfluxSchema.TAG_REASON), row.n(InfluxSchema.QUALITY_COUNT));
    return counts;
  }

  /** How far back the first look for a day's pending goes; a unit with anything pending has a point every day "now" passes. */
  private static final long NEAR_DAYS = 40;
  /** The second look, for a day inside a stretch "now" jumped over (history that arrived after it). */
  private static final long FAR_DAYS = 366L * 30;

  /** in time, overdue, paused at the end of the day: those of the unit's last point at or before it; zeros when none. */
  private long[] pendingAtEndOf(String unitId, LocalDate day) {
    long t = rules.startOfDay(day.toEpochDay());
    Row row = lastPointUpTo(unitId, t, rules.startOfDay(day.toEpochDay() - NEAR_DAYS));
    if (row == null) row = lastPointUpTo(unitId, t, rules.startOfDay(Math.max(day.toEpochDay() - FAR_DAYS, 0L)));
    if (row == null) return new long[3];
    return new long[] {row.n(Day.PENDING_END_IN_TIME), row.n(Day.PENDING_END_OVERDUE), row.n(Day.PENDING_END_PAUSED)};
  }

  private Row lastPointUpTo(String unitId, long t, long since) {
    return first(query("SELECT " + PENDING_END + " FROM " + InfluxSchema.UNIT_DAY + " WHERE " + InfluxSchema.TAG_UNIT + " = "
        + literal(unitId) + " AND time >= " + since + "ms AND time <= " + t + "ms ORDER BY time DESC LIMIT 1"));
  }

  private QueryResult query(String q) {
    QueryResult r = influx.query(new Query(q, database), TimeUnit.MILLISECONDS);
    if (r.hasError()) throw new IllegalStateException("InfluxDB: " + r.getError());
    for (QueryResult.Result x : r.getResults()) {
      if (x.hasError()) throw new IllegalStateException("InfluxDB: " + x.getError());
    }
    return r;
  }

  private static Row first(QueryResult r) {
    List<Row> all = Row.all(r);
    return all.isEmpty() ? null : all.get(0);
  }

  /** A row of a query's answer, its values read by column name (never by position). */
  private record Row(QueryResult.Series series, List<Object> values) {
    static List<Row> all(QueryResult r) {
      List<Row> rows = new java.util.ArrayList<>();
      if (r.getResults() == null || r.getResults().isEmpty() || r.getResults().get(0).getSeries() == null) return rows;
      for (var s : r.getResults().get(0).getSeries()) for (List<Object> v : s.getValues()) rows.add(new Row(s, v));
      return rows;
    }

    Object get(InfluxSchema.Field f) {
      return get(f.field());
    }

    long n(InfluxSchema.Field f) {
      return n(f.field());
    }

    String text(InfluxSchema.Field f) {
      return text(f.field());
    }

    Object get(String column) {
      int i = series.getColumns().indexOf(column);
      if (i < 0) throw new IllegalStateException("InfluxDB answered no column '" + column + "' (columns " + series.getColumns() + ")");
      return values.get(i);
    }

    /** influxdb-java returns numbers as Double. */
    long n(String column) {
      Object o = get(column);
      return o == null ? 0 : Math.round(((Number) o).doubleValue());
    }

    String text(String column) {
      return String.valueOf(get(column));
    }

    long time() {
      return Math.round(((Number) get("time")).doubleValue());
    }

    String tag(String name) {
      return series.getTags() == null ? null : series.getTags().get(name);
    }
  }

  /** A unit id as an InfluxQL string literal (ids are restricted, but quote anyway). */
  private static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  public boolean ping() {
    try {
      return influx.ping().isGood();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    influx.close();
  }
}
