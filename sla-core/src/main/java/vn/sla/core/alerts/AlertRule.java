package vn.sla.core.alerts;

/**
 * One alert rule: where it applies (a unit, a subtree, or every unit of a level), what it
 * measures, when it fires and when it clears again (hysteresis), below how many pending
 * dossiers it stays silent, and how long the condition must hold before it fires.
 */
public class AlertRule {
  public String id;
  public String name;
  /** Exactly one of unit, subtree, level. */
  public String unit;
  public String subtree;
  public String level;
  public Metric metric;
  /** Fires when the metric reaches this value (at or above; at or below for progress). */
  public double fire;
  /** Clears when the metric is back at or below this value (at or above for progress). */
  public double clear;
  /** Silent while the unit has fewer pending dossiers than this. */
  public long minPending;
  /** ISO-8601 duration the condition must hold before firing, e.g. PT10M; default PT0S. */
  public String holdFor = "PT0S";
  public Severity severity = Severity.WARNING;

  public enum Severity {
    WARNING,
    CRITICAL
  }

  /** What a rule measures on a unit's live figures. */
  public enum Metric {
    OVERDUE_COUNT,
    /** overdue / pending, a fraction 0..1 */
    OVERDUE_SHARE,
    DUE_SOON_COUNT,
    OVERDUE_WITHOUT_APOLOGY,
    LATE_TODAY,
    /** The month-to-date progress score (0..20, sla-rules.md); fires at or BELOW fire, clears at or above clear. */
    PROGRESS_SCORE_MTD;

    /** Whether lower values are worse (the rule fires below its threshold). */
    public boolean lowerIsWorse() {
      return this == PROGRESS_SCORE_MTD;
    }
  }
}
