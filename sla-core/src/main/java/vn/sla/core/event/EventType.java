package vn.sla.core.event;

/** The lifecycle event types of the input contract (dossier-events.md). */
public enum EventType {
  RECEIVED,
  PAUSED,
  RESUMED,
  TRANSFERRED,
  APOLOGY_ISSUED,
  COMPLETED,
  RETURNED,
  WITHDRAWN
}
