package vn.sla.jobs.dossier;

import vn.sla.core.event.Channel;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventType;

/**
 * An event kept in a dossier's state until the dossier closes. {@code orderKey} is the
 * position in the lifecycle: occurredAt, or for an event later than the tolerance its
 * arrival position (after everything already there), as the contract demands. Once the
 * input's progress has passed its orderKey no event can come before it any more: it is final.
 */
public class StoredEvent {
  /** The event id's fingerprint ({@link EventIds}): duplicates are found by it. */
  public long idHash;
  /** The event id itself and its free-text reason, for the dossier's timeline (dropped with the events when it closes). */
  public String eventId;
  public String reason;
  /** Why it is refused at the last evaluation (a reason code), null when applied: the timeline shows it. */
  public String rejectReason;
  public EventType type;
  public long occurredAt;
  public long orderKey;
  public int seq;
  public String unitId;
  public String toUnitId;
  public String field;
  public String procedureCode;
  public Channel channel;
  public Long dueAt;
  /** The original record value, kept only while the event may still be rejected. */
  public byte[] raw;
  /** topic/partition/offset of the original record, for the dead-letter headers. */
  public String origin;

  /**
   * What the packed form knows of the id, found once (on arrival, or read from the packed
   * form) instead of at every packing: whether {@link #idHash} is the id's own fingerprint, and
   * the UUID the id ends with (idForm 1; 2: none; 0: not known, worked out when written). Set
   * only where the event is made, never while it is written (snapshot threads write too).
   * Not state: transient.
   */
  transient boolean idHashIsOwn;
  transient byte idForm;
  transient long uuidMsb;
  transient long uuidLsb;

  public StoredEvent() {}

  /** Once final (applied or sent to the dead letters), the original record is no longer needed. */
  void forgetOriginal() {
    raw = null;
    origin = null;
  }

  public static StoredEvent of(DossierEvent e, int seq, long orderKey, byte[] raw, String origin) {
    StoredEvent s = new StoredEvent();
    s.idHash = EventIds.fingerprint(e.eventId);
    s.idHashIsOwn = true;
    java.util.UUID uuid = CompactDossierFormat.uuidSuffix(e.eventId);
    s.idForm = (byte) (uuid == null ? 2 : 1);
    if (uuid != null) {
      s.uuidMsb = uuid.getMostSignificantBits();
      s.uuidLsb = uuid.getLeastSignificantBits();
    }
    s.eventId = e.eventId;
    s.reason = e.reason;
    s.type = e.type;
    s.occurredAt = e.occurredAt;
    s.orderKey = orderKey;
    s.seq = seq;
    s.unitId = SharedStrings.of(e.unitId);
    s.toUnitId = SharedStrings.of(e.toUnitId);
    s.field = SharedStrings.of(e.field);
    s.procedureCode = SharedStrings.of(e.procedureCode);
    s.channel = e.channel;
    s.dueAt = e.dueAt;
    s.raw = raw;
    s.origin = origin;
    return s;
  }
}
