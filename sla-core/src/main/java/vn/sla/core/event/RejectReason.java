package vn.sla.core.event;

/**
 * Why a record went to the dead-letter topic. The code is stable (operators count by it);
 * the detail in a {@link Rejection} says what exactly was wrong.
 */
public enum RejectReason {
  INVALID_JSON,
  NOT_AN_OBJECT,
  MISSING_FIELD,
  INVALID_VALUE,
  /** occurredAt further ahead of the wall clock than the configured limit (24 h): a wrong clock. */
  IN_FUTURE,
  UNKNOWN_UNIT,
  NOT_RECEIVED,
  BEFORE_RECEIVED,
  SECOND_RECEIVED,
  PAUSED_WHILE_PAUSED,
  RESUMED_WHILE_RUNNING,
  AFTER_WITHDRAWN,
  AFTER_COMPLETED,
  RETURNED_BEFORE_COMPLETED;

  /** The metric / tag name, e.g. {@code missing_field}. */
  public String metricName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
