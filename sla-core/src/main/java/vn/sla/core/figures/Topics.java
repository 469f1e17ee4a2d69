package vn.sla.core.figures;

/** Default Kafka topic names; each is configurable. */
public final class Topics {
  public static final String EVENTS = "dossier-events";
  public static final String DLQ = "dossier-events-dlq";
  /** Compacted: latest {@link UnitFigures} per unit, plus the job clock under {@link #CLOCK_KEY}. */
  public static final String UNIT_FIGURES = "unit-figures";
  /** Compacted: {@link DossierStatus} per open dossier, a tombstone when it closes. */
  public static final String DOSSIER_STATUS = "dossier-status";
  /** Key of the job's clock record on the unit-figures topic ('~' is not allowed in a unitId). */
  public static final String CLOCK_KEY = "~clock";
  /** Compacted: the alert rule set in force (its protocol: {@link vn.sla.core.alerts.RuleSetRecord}); the job publishes its file, the server edits. */
  public static final String ALERT_RULES = "alert-rules";
  /** Compacted: the latest state of each alert, keyed {@code ruleId|unitId}. */
  public static final String ALERT_STATE = "alert-state";
  /**
   * Compacted, 30 days: one record per alert change delivered to a destination (key
   * {@code destination|alertId|state}), written by the dashboard servers' alert delivery, so no
   * server sends it again after a restart or when another server takes over.
   */
  public static final String ALERT_DELIVERIES = "alert-deliveries";
  /**
   * Compacted: {@link DossierTimeline} per dossier the job remembers (open, and closed for the
   * closed-dossier retention), a tombstone when it forgets it.
   */
  public static final String DOSSIER_TIMELINE = "dossier-timeline";

  private Topics() {}
}
