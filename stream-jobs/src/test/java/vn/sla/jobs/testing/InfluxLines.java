package vn.sla.jobs.testing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.sla.core.rules.SlaRules;

/**
 * Reads back what the job wrote as InfluxDB line protocol the way InfluxDB keeps it (the last
 * write of a series and timestamp wins) and answers period reports like the server's InfluxQL:
 * flows summed over the days, pending at the end of a day from its point or the last one before.
 */
public final class InfluxLines {
  /** measurement,tags → timestamp → fields */
  private final Map<String, Map<Long, Map<String, Long>>> points = new HashMap<>();

  public InfluxLines(List<String> lines) {
    for (String l : lines) {
      String[] parts = l.split(" ");
      long ts = Long.parseLong(parts[2]);
      Map<String, Long> fields = new LinkedHashMap<>();
      for (String f : parts[1].split(",")) {
        String[] kv = f.split("=");
        fields.put(kv[0], Long.parseLong(kv[1].replace("i", "")));
      }
      points.computeIfAbsent(parts[0], k -> new HashMap<>()).put(ts, fields);
    }
  }

  public Map<Long, Map<String, Long>> series(String measurementAndTags) {
    return points.getOrDefault(measurementAndTags, Map.of());
  }

  /** The report of the contract from the unit_day series, named like the oracle's. */
  public Map<String, Long> report(SlaRules rules, String unit, int fromDay, int toDay) {
    return seriesReport(rules, "unit_day,unit=" + unit, fromDay, toDay);
  }

  /** The report of one unit's dossiers of one field (the unit_field_day series). */
  public Map<String, Long> fieldReport(SlaRules rules, String unit, String field, int fromDay, int toDay) {
    return seriesReport(rules, "unit_field_day,field=" + field + ",unit=" + unit, fromDay, toDay);
  }

  private Map<String, Long> seriesReport(SlaRules rules, String seriesKey, int fromDay, int toDay) {
    Map<Long, Map<String, Long>> days = series(seriesKey);
    long start = rules.startOfDay(fromDay);
    long end = rules.startOfDay(toDay + 1L);
    Map<String, Long> r = new LinkedHashMap<>();
    String[][] names = {
      {"received.online", "received_online"}, {"received.inPerson", "received_in_person"},
      {"received.postal", "received_postal"}, {"completed.early", "completed_early"},
      {"completed.onTime", "completed_on_time"}, {"completed.late", "completed_late"},
      {"withdrawn", "withdrawn"}, {"transferredIn", "transferred_in"}, {"transferredOut", "transferred_out"}
    };
    for (String[] n : names) {
      long sum = 0;
      for (var e : days.entrySet()) if (e.getKey() >= start && e.getKey() < end) sum += e.getValue().get(n[1]);
      r.put(n[0], sum);
    }
    Map<String, Long> last = lastUpTo(days, rules.startOfDay(toDay));
    r.put("pendingAtEnd.inTime", last == null ? 0 : last.get("pending_end_in_time"));
    r.put("pendingAtEnd.overdue", last == null ? 0 : last.get("pending_end_overdue"));
    r.put("pendingAtEnd.paused", last == null ? 0 : last.get("pending_end_paused"));
    Map<String, Long> before = lastUpTo(days, rules.startOfDay(fromDay - 1L));
    r.put("carriedOver", before == null ? 0
        : before.get("pending_end_in_time") + before.get("pending_end_overdue") + before.get("pending_end_paused"));
    return r;
  }

  /** The point of the day, or of the last day before it that has one (a day without a point changed nothing). */
  private static Map<String, Long> lastUpTo(Map<Long, Map<String, Long>> days, long dayStart) {
    long best = Long.MIN_VALUE;
    for (long t : days.keySet()) if (t <= dayStart && t > best) best = t;
    return best == Long.MIN_VALUE ? null : days.get(best);
  }
}
