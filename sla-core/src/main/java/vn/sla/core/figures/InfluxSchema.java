package vn.sla.core.figures;

import java.util.List;

/**
 * InfluxDB's measurements, tags and fields, named once: the job writes with these names and
 * the dashboard server reads back by them (docs/influxdb-schema.md describes each).
 */
public final class InfluxSchema {
  private InfluxSchema() {}

  /** A unit's live figures, a point per change (second precision). */
  public static final String UNIT_LIVE = "unit_live";
  /** A unit's day: the day's flows and the pending at its end, a point per local day at its start. */
  public static final String UNIT_DAY = "unit_day";
  /** The same per unit and field (lĩnh vực). */
  public static final String UNIT_FIELD_LIVE = "unit_field_live";
  public static final String UNIT_FIELD_DAY = "unit_field_day";
  /** Alert history: a point per state change of an alert. */
  public static final String ALERT = "alert";
  /** Running totals of refused records by reason, duplicates and late events. */
  public static final String QUALITY = "pipeline_quality";

  public static final String TAG_UNIT = "unit";
  public static final String TAG_FIELD = "field";
  public static final String TAG_RULE = "rule";
  public static final String TAG_SEVERITY = "severity";
  public static final String TAG_REASON = "reason";

  /** The per-field measurement of a per-unit one (unit_live → unit_field_live). */
  public static String perField(String measurement) {
    return measurement.replace("unit_", "unit_field_");
  }

  /** Fields of {@link #UNIT_LIVE} (and {@link #UNIT_FIELD_LIVE}). */
  public static final class Live {
    public static final String PENDING_TOTAL = "pending_total";
    public static final String IN_TIME = "in_time";
    public static final String DUE_SOON = "due_soon";
    public static final String OVERDUE = "overdue";
    public static final String PAUSED = "paused";
    public static final String OVERDUE_WITHOUT_APOLOGY = "overdue_without_apology";
    public static final String TODAY_RECEIVED = "today_received";
    public static final String TODAY_COMPLETED = "today_completed";
    public static final String TODAY_EARLY = "today_early";
    public static final String TODAY_ON_TIME = "today_on_time";
    public static final String TODAY_LATE = "today_late";
    public static final String TODAY_WITHDRAWN = "today_withdrawn";
    public static final List<String> ALL = List.of(PENDING_TOTAL, IN_TIME, DUE_SOON, OVERDUE, PAUSED, OVERDUE_WITHOUT_APOLOGY,
        TODAY_RECEIVED, TODAY_COMPLETED, TODAY_EARLY, TODAY_ON_TIME, TODAY_LATE, TODAY_WITHDRAWN);

    private Live() {}
  }

  /** Fields of {@link #UNIT_DAY} (and {@link #UNIT_FIELD_DAY}). */
  public static final class Day {
    public static final String RECEIVED_ONLINE = "received_online";
    public static final String RECEIVED_IN_PERSON = "received_in_person";
    public static final String RECEIVED_POSTAL = "received_postal";
    public static final String COMPLETED_EARLY = "completed_early";
    public static final String COMPLETED_ON_TIME = "completed_on_time";
    public static final String COMPLETED_LATE = "completed_late";
    public static final String WITHDRAWN = "withdrawn";
    public static final String TRANSFERRED_IN = "transferred_in";
    public static final String TRANSFERRED_OUT = "transferred_out";
    public static final String PENDING_END_IN_TIME = "pending_end_in_time";
    public static final String PENDING_END_OVERDUE = "pending_end_overdue";
    public static final String PENDING_END_PAUSED = "pending_end_paused";
    /** The day's flows, which a period sums. */
    public static final List<String> FLOWS = List.of(RECEIVED_ONLINE, RECEIVED_IN_PERSON, RECEIVED_POSTAL, COMPLETED_EARLY,
        COMPLETED_ON_TIME, COMPLETED_LATE, WITHDRAWN, TRANSFERRED_IN, TRANSFERRED_OUT);
    /** The absolute pending at the day's end. */
    public static final List<String> PENDING_END = List.of(PENDING_END_IN_TIME, PENDING_END_OVERDUE, PENDING_END_PAUSED);

    private Day() {}
  }

  /** Fields of {@link #ALERT}. */
  public static final class Alert {
    public static final String STATE = "state";
    public static final String VALUE = "value";
    public static final String THRESHOLD = "threshold";
    public static final String PENDING = "pending";
    public static final String ALERT_ID = "alert_id";

    private Alert() {}
  }

  /** The field of {@link #QUALITY}. */
  public static final String QUALITY_COUNT = "count";
}
