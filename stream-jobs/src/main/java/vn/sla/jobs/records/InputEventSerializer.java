package vn.sla.jobs.records;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import vn.sla.core.event.Channel;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventType;

/** {@link InputEvent} between the input's clocks and the dossier function, field by field. */
public final class InputEventSerializer extends WireSerializer<InputEvent> {
  private static final long serialVersionUID = 1L;
  public static final InputEventSerializer INSTANCE = new InputEventSerializer();
  private static final EventType[] TYPES = EventType.values();
  private static final Channel[] CHANNELS = Channel.values();

  @Override
  protected InputEvent create() {
    return new InputEvent();
  }

  @Override
  public void serialize(InputEvent r, DataOutputView out) throws IOException {
    DossierEvent e = r.event;
    out.writeBoolean(e != null);
    if (e != null) {
      writeString(e.eventId, out);
      writeString(e.dossierId, out);
      writeEnum(e.type, out);
      out.writeLong(e.occurredAt);
      writeString(e.unitId, out);
      writeString(e.toUnitId, out);
      writeString(e.field, out);
      writeString(e.procedureCode, out);
      writeEnum(e.channel, out);
      out.writeBoolean(e.dueAt != null);
      if (e.dueAt != null) out.writeLong(e.dueAt);
      writeString(e.reason, out);
    }
    writeBytes(r.raw, out);
    writeString(r.origin, out);
    out.writeBoolean(r.late);
    out.writeLong(r.progress);
    out.writeLong(r.now);
  }

  @Override
  public InputEvent deserialize(DataInputView in) throws IOException {
    InputEvent r = new InputEvent();
    if (in.readBoolean()) {
      DossierEvent e = new DossierEvent();
      e.eventId = readString(in);
      e.dossierId = readString(in);
      e.type = readEnum(TYPES, in);
      e.occurredAt = in.readLong();
      e.unitId = readString(in);
      e.toUnitId = readString(in);
      e.field = readString(in);
      e.procedureCode = readString(in);
      e.channel = readEnum(CHANNELS, in);
      e.dueAt = in.readBoolean() ? in.readLong() : null;
      e.reason = readString(in);
      r.event = e;
    }
    r.raw = readBytes(in);
    r.origin = readString(in);
    r.late = in.readBoolean();
    r.progress = in.readLong();
    r.now = in.readLong();
    return r;
  }

  @Override
  public TypeSerializerSnapshot<InputEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot<InputEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  public static final class TypeFactory extends WireSerializer.Factory<InputEvent> {
    public TypeFactory() {
      super(InputEvent.class, INSTANCE);
    }
  }
}
