package vn.sla.core.alerts;

/**
 * A change of an alert's state, as the job publishes it (compacted topic alert-state, keyed
 * by {@code ruleId|unitId}; the last record is the alert's current state).
 */
public class AlertEvent {
  /** ruleId|unitId|firedAt: the same firing keeps its id until it resolves. */
  public String alertId;
  public String ruleId;
  public String ruleName;
  public String unitId;
  public String severity;
  public String metric;
  /** FIRING or RESOLVED. */
  public String state;
  public double value;
  public double threshold;
  public long pending;
  /** When it fired (job clock, ISO date-time). */
  public String firedAt;
  public long firedAtMillis;
  /** When this state began. */
  public String at;
  public long atMillis;
  /**
   * Found while the job was catching up with its input (history: an import, a replay, a
   * backlog): recorded in the alert history, never delivered. An alert still firing once the
   * job has caught up is published again, not flagged, with its true start in firedAt.
   */
  public boolean duringCatchUp;
}
