package vn.sla.server.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import vn.sla.core.rules.SlaRules;

/**
 * Period reports from InfluxDB's unit_day series: a point for each day a unit had something of
 * its own (and each day "now" passed while it had anything pending), with the day's flows and
 * the absolute pending at its end. A day without a point had no flows and the pending of the
 * last point before it. Every query is bounded in time. Blocking: call it off the event loop.
 */
public final class ReportService implements AutoCloseable {
  private static final String FLOWS =
      "sum(received_online),sum(received_in_person),sum(received_postal),sum(completed_early),"
          + "sum(completed_on_time),sum(completed_late),sum(withdrawn),sum(transferred_in),sum(transferred_out)";

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
  public PeriodReport report(String unitId, LocalDate from, LocalDate to, LocalDate today) {
    PeriodReport r = new PeriodReport();
    r.unitId = unitId;
    r.from = from.toString();
    r.to = to.toString();
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    List<Object> flows = first(query("SELECT " + FLOWS + " FROM unit_day WHERE unit = " + literal(unitId)
        + " AND time >= " + start + "ms AND time < " + end + "ms"));
    if (flows != null) {
      r.received.online = n(flows, 1);
      r.received.inPerson = n(flows, 2);
      r.received.postal = n(flows, 3);
      r.completed.early = n(flows, 4);
      r.completed.onTime = n(flows, 5);
      r.completed.late = n(flows, 6);
      r.withdrawn = n(flows, 7);
      r.transferredIn = n(flows, 8);
      r.transferredOut = n(flows, 9);
    }
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

  /** One local day of a unit, for history charts. */
  public static class Day {
    public String date;
    public long received;
    public long completed;
    public long early;
    public long onTime;
    public long late;
    public long withdrawn;
    public PeriodReport.PendingAtEnd pendingEnd = new PeriodReport.PendingAtEnd();
  }

  /** Every day of [from, to]: no flows where the unit had no point, and the pending of the point before. */
  public List<Day> history(String unitId, LocalDate from, LocalDate to) {
    long[] carried = pendingAtEndOf(unitId, from.minusDays(1));
    long start = rules.startOfDay(from.toEpochDay());
    long end = rules.startOfDay(to.toEpochDay() + 1);
    QueryResult r = query("SELECT received_online,received_in_person,received_postal,completed_early,completed_on_time,"
        + "completed_late,withdrawn,pending_end_in_time,pending_end_overdue,pending_end_paused FROM unit_day WHERE unit = "
        + literal(unitId) + " AND time >= " + start + "ms AND time < " + end + "ms");
    java.util.Map<Long, List<Object>> rows = new java.util.HashMap<>();
    var results = r.getResults();
    if (results != null && !results.isEmpty() && results.get(0).getSeries() != null) {
      for (var series : results.get(0).getSeries()) {
        for (List<Object> row : series.getValues()) rows.put(Math.round(((Number) row.get(0)).doubleValue()), row);
      }
    }
    List<Day> days = new java.util.ArrayList<>();
    for (long d = from.toEpochDay(); d <= to.toEpochDay(); d++) {
      Day day = new Day();
      day.date = LocalDate.ofEpochDay(d).toString();
      List<Object> row = rows.get(rules.startOfDay(d));
      day.pendingEnd.inTime = carried[0];
      day.pendingEnd.overdue = carried[1];
      day.pendingEnd.paused = carried[2];
      if (row != null) {
        day.received = n(row, 1) + n(row, 2) + n(row, 3);
        day.early = n(row, 4);
        day.onTime = n(row, 5);
        day.late = n(row, 6);
        day.completed = day.early + day.onTime + day.late;
        day.withdrawn = n(row, 7);
        day.pendingEnd.inTime = n(row, 8);
        day.pendingEnd.overdue = n(row, 9);
        day.pendingEnd.paused = n(row, 10);
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
    QueryResult r = query("SELECT \"state\",\"value\",\"threshold\",\"alert_id\" FROM alert WHERE time >= " + start
        + "ms AND time < " + end + "ms GROUP BY \"rule\",\"unit\",\"severity\"");
    List<java.util.Map<String, String>> out = new java.util.ArrayList<>();
    var results = r.getResults();
    if (results != null && !results.isEmpty() && results.get(0).getSeries() != null) {
      for (var series : results.get(0).getSeries()) {
        for (List<Object> row : series.getValues()) {
          java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
          long t = Math.round(((Number) row.get(0)).doubleValue());
          m.put("at", vn.sla.core.figures.Json.dateTime(t, rules.zone()));
          m.put("rule", series.getTags().get("rule"));
          m.put("unit", series.getTags().get("unit"));
          m.put("severity", series.getTags().get("severity"));
          m.put("state", String.valueOf(row.get(1)));
          m.put("value", String.valueOf(row.get(2)));
          m.put("threshold", String.valueOf(row.get(3)));
          m.put("alertId", String.valueOf(row.get(4)));
          out.add(m);
        }
      }
    }
    out.sort((a, b) -> b.get("at").compareTo(a.get("at")));
    return out;
  }

  /** Running totals of rejected records by reason, duplicates and late events. */
  public java.util.Map<String, Long> quality() {
    QueryResult r = query("SELECT last(\"count\") FROM pipeline_quality WHERE time > now() - 3650d GROUP BY \"reason\"");
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    var results = r.getResults();
    if (results != null && !results.isEmpty() && results.get(0).getSeries() != null) {
      for (var series : results.get(0).getSeries()) {
        counts.put(series.getTags().get("reason"), n(series.getValues().get(0), 1));
      }
    }
    return counts;
  }

  /** How far back the first look for a day's pending goes; a unit with anything pending has a point every day "now" passes. */
  private static final long NEAR_DAYS = 40;
  /** The second look, for a day inside a stretch "now" jumped over (history that arrived after it). */
  private static final long FAR_DAYS = 366L * 30;

  /** in time, overdue, paused at the end of the day: those of the unit's last point at or before it; zeros when none. */
  private long[] pendingAtEndOf(String unitId, LocalDate day) {
    long t = rules.startOfDay(day.toEpochDay());
    List<Object> row = lastPointUpTo(unitId, t, rules.startOfDay(day.toEpochDay() - NEAR_DAYS));
    if (row == null) row = lastPointUpTo(unitId, t, rules.startOfDay(Math.max(day.toEpochDay() - FAR_DAYS, 0L)));
    if (row == null) return new long[3];
    return new long[] {n(row, 1), n(row, 2), n(row, 3)};
  }

  private List<Object> lastPointUpTo(String unitId, long t, long since) {
    return first(query("SELECT pending_end_in_time,pending_end_overdue,pending_end_paused FROM unit_day WHERE unit = "
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

  private static List<Object> first(QueryResult r) {
    if (r.getResults() == null || r.getResults().isEmpty()) return null;
    var series = r.getResults().get(0).getSeries();
    if (series == null || series.isEmpty() || series.get(0).getValues().isEmpty()) return null;
    return series.get(0).getValues().get(0);
  }

  /** influxdb-java returns numbers as Double. */
  private static long n(List<Object> row, int i) {
    Object o = row.get(i);
    return o == null ? 0 : Math.round(((Number) o).doubleValue());
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
