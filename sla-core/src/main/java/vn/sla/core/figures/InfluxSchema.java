package vn.sla.core.figures;

import java.util.List;
import java.util.Locale;

/**
 * InfluxDB's measurements, tags and fields, named once: the job writes with these names and
 * the dashboard server reads back by them (docs/influxdb-schema.md describes each). A field's
 * name is its constant's, in lower case ({@code Day.RECEIVED_ONLINE} is {@code received_online}).
 */
public final class InfluxSchema {
  private InfluxSchema() {}

  /**
   * Measurements: a unit's live figures (a point per change, second precision); a unit's day
   * (the day's flows and the pending at its end, a point per local day at its start); the same
   * per unit and field (lĩnh vực); alert history (a point per state change); running totals of
   * refused records by reason.
   */
  public static final String UNIT_LIVE = "unit_live", UNIT_DAY = "unit_day", UNIT_FIELD_LIVE = "unit_field_live",
      UNIT_FIELD_DAY = "unit_field_day", ALERT = "alert", QUALITY = "pipeline_quality";

  public static final String TAG_UNIT = "unit", TAG_FIELD = "field", TAG_RULE = "rule", TAG_SEVERITY = "severity", TAG_REASON = "reason";

  /** The field of {@link #QUALITY}. */
  public static final String QUALITY_COUNT = "count";

  /** The per-field measurement of a per-unit one (unit_live → unit_field_live). */
  public static String perField(String measurement) {
    return measurement.replace("unit_", "unit_field_");
  }

  /** A field of a measurement. */
  public interface Field {
    String name();

    /** Its name in InfluxDB. */
    default String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Fields of {@link #UNIT_LIVE} (and {@link #UNIT_FIELD_LIVE}), in the order the job writes them. */
  public enum Live implements Field {
    PENDING_TOTAL, IN_TIME, DUE_SOON, OVERDUE, PAUSED, OVERDUE_WITHOUT_APOLOGY,
    TODAY_RECEIVED, TODAY_COMPLETED, TODAY_EARLY, TODAY_ON_TIME, TODAY_LATE, TODAY_WITHDRAWN
  }

  /** Fields of {@link #UNIT_DAY} (and {@link #UNIT_FIELD_DAY}), in the order the job writes them. */
  public enum Day implements Field {
    RECEIVED_ONLINE, RECEIVED_IN_PERSON, RECEIVED_POSTAL, COMPLETED_EARLY, COMPLETED_ON_TIME, COMPLETED_LATE, WITHDRAWN,
    TRANSFERRED_IN, TRANSFERRED_OUT, PENDING_END_IN_TIME, PENDING_END_OVERDUE, PENDING_END_PAUSED;

    /** The day's flows, which a period sums. */
    public static final List<Day> FLOWS = List.of(RECEIVED_ONLINE, RECEIVED_IN_PERSON, RECEIVED_POSTAL, COMPLETED_EARLY,
        COMPLETED_ON_TIME, COMPLETED_LATE, WITHDRAWN, TRANSFERRED_IN, TRANSFERRED_OUT);
    /** The absolute pending at the day's end. */
    public static final List<Day> PENDING_END = List.of(PENDING_END_IN_TIME, PENDING_END_OVERDUE, PENDING_END_PAUSED);
  }

  /** Fields of {@link #ALERT}. */
  public enum Alert implements Field {
    STATE, VALUE, THRESHOLD, PENDING, ALERT_ID,
    /** Found while the job was catching up with its input: history, never delivered. */
    DURING_CATCH_UP
  }

  /** The fields' names, quoted and comma-separated, for a SELECT. */
  public static String names(List<? extends Field> fields) {
    return String.join(",", fields.stream().map(f -> "\"" + f.field() + "\"").toList());
  }
}
