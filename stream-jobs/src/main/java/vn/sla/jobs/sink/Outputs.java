package vn.sla.jobs.sink;

import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.InfluxSchema;
import vn.sla.core.figures.InfluxSchema.Alert;
import vn.sla.core.figures.InfluxSchema.Day;
import vn.sla.core.figures.InfluxSchema.Live;
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

  /** The fields' InfluxDB names, lower-cased once: every point of every unit writes them. */
  private static final String[] LIVE_FIELDS = names(Live.values()), DAY_FIELDS = names(Day.values());

  private Outputs() {}

  private static String[] names(InfluxSchema.Field[] fields) {
    String[] n = new String[fields.length];
    for (int i = 0; i < fields.length; i++) n[i] = fields[i].field();
    return n;
  }

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

  /** InfluxDB line protocol, millisecond precision; names from {@link InfluxSchema}, which the server reads back by. */
  public static String influx(UnitOutput o, long dayStartMillis) {
    StringBuilder b = new StringBuilder(256);
    if (o.isLive()) {
      var p = o.live.pending;
      var t = o.live.today;
      b.append(series(InfluxSchema.UNIT_LIVE, o.unitId));
      fields(b, LIVE_FIELDS, p.total, p.inTime, p.dueSoon, p.overdue, p.paused, p.overdueWithoutApology,
          t.received, t.completed, t.early, t.onTime, t.late, t.withdrawn);
      b.append(' ').append(o.asOf - Math.floorMod(o.asOf, 1000L));
    } else {
      DayCounters c = o.counters;
      b.append(series(InfluxSchema.UNIT_DAY, o.unitId));
      fields(b, DAY_FIELDS, c.receivedOnline, c.receivedInPerson, c.receivedPostal, c.completedEarly, c.completedOnTime,
          c.completedLate, c.withdrawn, c.transferredIn, c.transferredOut, c.endInTime, c.endOverdue, c.endPaused);
      b.append(' ').append(dayStartMillis);
    }
    return b.toString();
  }

  /** " name=1i,name=2i": integer fields, the values in the order of the names. */
  private static void fields(StringBuilder b, String[] names, long... values) {
    if (names.length != values.length) throw new IllegalStateException(names.length + " field names, " + values.length + " values");
    for (int i = 0; i < names.length; i++) b.append(i == 0 ? ' ' : ',').append(names[i]).append('=').append(values[i]).append('i');
  }

  public static KafkaOut alert(vn.sla.core.alerts.AlertEvent e) {
    return KafkaOut.text(e.ruleId + "|" + e.unitId, Json.write(e));
  }

  /** Alert history: one point per state change. */
  public static String influxAlert(vn.sla.core.alerts.AlertEvent e) {
    return InfluxSchema.ALERT + "," + InfluxSchema.TAG_RULE + "=" + tag(e.ruleId) + "," + InfluxSchema.TAG_UNIT + "=" + tag(e.unitId)
        + "," + InfluxSchema.TAG_SEVERITY + "=" + tag(e.severity == null ? "NONE" : e.severity)
        + " " + Alert.STATE.field() + "=\"" + e.state + "\"," + Alert.VALUE.field() + "=" + e.value + "," + Alert.THRESHOLD.field() + "="
        + e.threshold + "," + Alert.PENDING.field() + "=" + e.pending + "i," + Alert.ALERT_ID.field() + "=\"" + stringField(e.alertId) + "\","
        + Alert.DURING_CATCH_UP.field() + "=" + e.duringCatchUp + " " + e.atMillis;
  }

  /** The inside of a string field value: backslashes and double quotes escaped, line breaks as spaces. */
  static String stringField(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ');
  }

  public static String influxQuality(String reason, long count, long now) {
    return InfluxSchema.QUALITY + "," + InfluxSchema.TAG_REASON + "=" + tag(reason) + " " + InfluxSchema.QUALITY_COUNT + "=" + count + "i "
        + (now - Math.floorMod(now, 1000L));
  }

  /** unit_live,unit=X, or for a per-field key "X|F" unit_field_live,unit=X,field=F. */
  static String series(String measurement, String key) {
    int i = key.indexOf(vn.sla.jobs.unit.RollUp.FIELD_SEPARATOR);
    if (i < 0) return measurement + "," + InfluxSchema.TAG_UNIT + "=" + tag(key);
    return InfluxSchema.perField(measurement) + "," + InfluxSchema.TAG_FIELD + "=" + tag(key.substring(i + 1)) + "," + InfluxSchema.TAG_UNIT + "="
        + tag(key.substring(0, i));
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
