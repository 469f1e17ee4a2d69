package vn.sla.sim;

import vn.sla.core.event.EventType;

/**
 * One record the simulator sends: the Kafka key (the dossier id), the JSON value, and for
 * tests and logs what it is meant to be. {@code emitAt} is the simulated instant it is sent
 * at: {@code occurredAt} for a lifecycle event, later for a re-sent duplicate.
 *
 * @param type the lifecycle type of the event (of the template, for a bad record)
 */
public record SimRecord(long emitAt, long occurredAt, String key, String value, Kind kind, EventType type) {
  public enum Kind {
    /** A valid lifecycle event, sent once. */
    EVENT,
    /** An exact re-send of an EVENT already sent (same eventId, same bytes). */
    DUPLICATE,
    /** A record the pipeline must reject: invalid JSON, a missing required field, an unknown unit. */
    BAD
  }
}
