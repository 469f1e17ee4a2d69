package vn.sla.jobs.sink;

import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.jobs.records.DayCounters;
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.StatusRecord;
import vn.sla.jobs.records.UnitOutput;

/**
 * The shapes of everything that leaves the job. All absolute: a repeated write after a
 * restart overwrites the same InfluxDB point or the same compacted key.
 */
public final class Outputs {
  public static final String HEADER_REASON = "sla-reason";
  public static final String HEADER_DETAIL = "sla-detail";
  public static final String HEADER_ORIGIN = "sla-origin";

  private Outputs() {}

  public static KafkaOut figures(UnitOutput o) {
    return KafkaOut.text(o.unitId, Json.write(o.live));
  }

  public static KafkaOut clock(ClockTick t) {
    return KafkaOut.text(Topics.CLOCK_KEY, Json.write(t));
  }

  public static KafkaOut status(StatusRecord s) {
    return KafkaOut.text(s.dossierId, s.json);
  }

  public static KafkaOut deadLetter(DeadLetter d) {
    return new KafkaOut(d.key, d.value, HEADER_REASON, d.reason, HEADER_DETAIL, d.detail, HEADER_ORIGIN, d.origin);
  }

  /** InfluxDB line protocol, millisecond precision. */
  public static String influx(UnitOutput o, long dayStartMillis) {
    StringBuilder b = new StringBuilder(256);
    if (o.isLive()) {
      var f = o.live;
      b.append(series("unit_live", o.unitId)).append(' ')
          .append("pending_total=").append(f.pending.total).append('i')
          .append(",in_time=").append(f.pending.inTime).append('i')
          .append(",due_soon=").append(f.pending.dueSoon).append('i')
          .append(",overdue=").append(f.pending.overdue).append('i')
          .append(",paused=").append(f.pending.paused).append('i')
          .append(",overdue_without_apology=").append(f.pending.overdueWithoutApology).append('i')
          .append(",today_received=").append(f.today.received).append('i')
          .append(",today_completed=").append(f.today.completed).append('i')
          .append(",today_early=").append(f.today.early).append('i')
          .append(",today_on_time=").append(f.today.onTime).append('i')
          .append(",today_late=").append(f.today.late).append('i')
          .append(",today_withdrawn=").append(f.today.withdrawn).append('i')
          .append(' ').append(o.asOf - Math.floorMod(o.asOf, 1000L));
    } else {
      DayCounters c = o.counters;
      b.append(series("unit_day", o.unitId)).append(' ')
          .append("received_online=").append(c.receivedOnline).append('i')
          .append(",received_in_person=").append(c.receivedInPerson).append('i')
          .append(",received_postal=").append(c.receivedPostal).append('i')
          .append(",completed_early=").append(c.completedEarly).append('i')
          .append(",completed_on_time=").append(c.completedOnTime).append('i')
          .append(",completed_late=").append(c.completedLate).append('i')
          .append(",withdrawn=").append(c.withdrawn).append('i')
          .append(",transferred_in=").append(c.transferredIn).append('i')
          .append(",transferred_out=").append(c.transferredOut).append('i')
          .append(",pending_end_in_time=").append(c.endInTime).append('i')
          .append(",pending_end_overdue=").append(c.endOverdue).append('i')
          .append(",pending_end_paused=").append(c.endPaused).append('i')
          .append(' ').append(dayStartMillis);
    }
    return b.toString();
  }

  public static KafkaOut alert(vn.sla.core.alerts.AlertEvent e) {
    return KafkaOut.text(e.ruleId + "|" + e.unitId, Json.write(e));
  }

  /** Alert history: one point per state change. */
  public static String influxAlert(vn.sla.core.alerts.AlertEvent e) {
    return "alert,rule=" + tag(e.ruleId) + ",unit=" + tag(e.unitId) + ",severity=" + tag(e.severity == null ? "NONE" : e.severity)
        + " state=\"" + e.state + "\",value=" + e.value + ",threshold=" + e.threshold + ",pending=" + e.pending + "i,alert_id=\""
        + stringField(e.alertId) + "\" " + e.atMillis;
  }

  /** The inside of a string field value: backslashes and double quotes escaped, line breaks as spaces. */
  static String stringField(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ');
  }

  public static String influxQuality(String reason, long count, long now) {
    return "pipeline_quality,reason=" + tag(reason) + " count=" + count + "i " + (now - Math.floorMod(now, 1000L));
  }

  /** unit_live,unit=X, or for a per-field key "X|F" unit_field_live,unit=X,field=F. */
  static String series(String measurement, String key) {
    int i = key.indexOf(vn.sla.jobs.unit.RollUp.FIELD_SEPARATOR);
    if (i < 0) return measurement + ",unit=" + tag(key);
    return measurement.replace("unit_", "unit_field_") + ",field=" + tag(key.substring(i + 1)) + ",unit=" + tag(key.substring(0, i));
  }

  /**
   * A tag value of the line protocol as InfluxDB 1.x reads it: commas, equals signs and spaces
   * escaped, backslashes left alone (1.x does not unescape them, "a\\b" would be stored with two).
   * What cannot be stored at all (empty, a line break, a trailing backslash) never gets here:
   * the event parser and the rule parser refuse it; should it ever, it is made harmless rather
   * than let one point stop every write.
   */
  static String tag(String v) {
    if (v == null || v.isEmpty()) return "_";
    StringBuilder b = new StringBuilder(v.length() + 8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ',' || c == '=' || c == ' ') b.append('\\').append(c);
      else if (Character.isISOControl(c)) b.append('_');
      else b.append(c);
    }
    if (b.charAt(b.length() - 1) == '\\') b.append('_');
    return b.toString();
  }
}
