package vn.sla.core.event;

import java.util.Objects;

/**
 * One validated input event. A Flink POJO (public fields, no-arg constructor) so it never
 * falls back to Kryo. Times are epoch milliseconds; {@code dueAt} is null when absent.
 */
public class DossierEvent {
  public String eventId;
  public String dossierId;
  public EventType type;
  public long occurredAt;
  public String unitId;
  public String toUnitId;
  public String field;
  public String procedureCode;
  public Channel channel;
  public Long dueAt;
  public String reason;

  public DossierEvent() {}

  public static DossierEvent of(
      String eventId, String dossierId, EventType type, long occurredAt) {
    DossierEvent e = new DossierEvent();
    e.eventId = eventId;
    e.dossierId = dossierId;
    e.type = type;
    e.occurredAt = occurredAt;
    return e;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DossierEvent e)) return false;
    return occurredAt == e.occurredAt
        && Objects.equals(eventId, e.eventId)
        && Objects.equals(dossierId, e.dossierId)
        && type == e.type
        && Objects.equals(unitId, e.unitId)
        && Objects.equals(toUnitId, e.toUnitId)
        && Objects.equals(field, e.field)
        && Objects.equals(procedureCode, e.procedureCode)
        && channel == e.channel
        && Objects.equals(dueAt, e.dueAt)
        && Objects.equals(reason, e.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, dossierId, type, occurredAt);
  }

  @Override
  public String toString() {
    return type + "(" + eventId + " " + dossierId + " @" + occurredAt + ")";
  }
}
