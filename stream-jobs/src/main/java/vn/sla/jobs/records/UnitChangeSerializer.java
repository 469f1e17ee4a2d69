package vn.sla.jobs.records;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link UnitChange} between the roll-up and the unit function: its parallel arrays in one pass. */
public final class UnitChangeSerializer extends WireSerializer<UnitChange> {
  private static final long serialVersionUID = 1L;
  public static final UnitChangeSerializer INSTANCE = new UnitChangeSerializer();

  @Override
  protected UnitChange create() {
    return new UnitChange();
  }

  @Override
  public void serialize(UnitChange c, DataOutputView out) throws IOException {
    writeString(c.unitId, out);
    int n = c.kinds == null ? -1 : c.kinds.length;
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeByte(c.kinds[i]);
      out.writeInt(c.days[i]);
      out.writeLong(c.dues[i]);
      out.writeLong(c.counts[i]);
    }
  }

  @Override
  public UnitChange deserialize(DataInputView in) throws IOException {
    UnitChange c = new UnitChange();
    c.unitId = readString(in);
    int n = in.readInt();
    if (n < 0) return c;
    c.kinds = new byte[n];
    c.days = new int[n];
    c.dues = new long[n];
    c.counts = new long[n];
    for (int i = 0; i < n; i++) {
      c.kinds[i] = in.readByte();
      c.days[i] = in.readInt();
      c.dues[i] = in.readLong();
      c.counts[i] = in.readLong();
    }
    return c;
  }

  @Override
  public TypeSerializerSnapshot<UnitChange> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot<UnitChange> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  public static final class TypeFactory extends WireSerializer.Factory<UnitChange> {
    public TypeFactory() {
      super(UnitChange.class, INSTANCE);
    }
  }
}
