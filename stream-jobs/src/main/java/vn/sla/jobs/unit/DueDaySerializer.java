package vn.sla.jobs.unit;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A unit's {@link DueDay} in its keyed state, written by hand: read and written at every live
 * change of a running dossier, which on RocksDB made the POJO serializer's reflection a good
 * part of the unit function's time (see {@link DayCountersSerializer}). State written with the
 * POJO serializer (up to state layout 4) is migrated on restore.
 */
public final class DueDaySerializer extends TypeSerializerSingleton<DueDay> {
  private static final long serialVersionUID = 1L;
  public static final DueDaySerializer INSTANCE = new DueDaySerializer();
  private static final int FORMAT = 1;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public DueDay createInstance() {
    return new DueDay();
  }

  @Override
  public DueDay copy(DueDay from) {
    if (from == null) return null;
    DueDay d = new DueDay();
    d.dues = from.dues.clone();
    d.counts = from.counts.clone();
    d.withoutApology = from.withoutApology.clone();
    return d;
  }

  @Override
  public DueDay copy(DueDay from, DueDay reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(DueDay d, DataOutputView out) throws IOException {
    int n = d.dues.length;
    if (d.counts.length != n || d.withoutApology.length != n) {
      throw new IllegalStateException("A due day's arrays differ in length: " + n + ", " + d.counts.length + ", " + d.withoutApology.length);
    }
    out.writeByte(FORMAT);
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeLong(d.dues[i]);
      out.writeLong(d.counts[i]);
      out.writeLong(d.withoutApology[i]);
    }
  }

  @Override
  public DueDay deserialize(DataInputView in) throws IOException {
    int format = in.readByte();
    if (format != FORMAT) throw new IOException("A due day of an unknown format " + format + " (this version writes " + FORMAT + ")");
    int n = in.readInt();
    DueDay d = new DueDay();
    d.dues = new long[n];
    d.counts = new long[n];
    d.withoutApology = new long[n];
    for (int i = 0; i < n; i++) {
      d.dues[i] = in.readLong();
      d.counts[i] = in.readLong();
      d.withoutApology[i] = in.readLong();
    }
    return d;
  }

  @Override
  public DueDay deserialize(DueDay reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    byte format = in.readByte();
    int n = in.readInt();
    out.writeByte(format);
    out.writeInt(n);
    byte[] b = new byte[n * 3 * Long.BYTES]; // DataOutputSerializer.write(DataInputView, n) does not grow its buffer
    in.readFully(b);
    out.write(b);
  }

  @Override
  public TypeSerializerSnapshot<DueDay> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DueDay> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<DueDay> resolveSchemaCompatibility(TypeSerializerSnapshot<DueDay> old) {
      // Up to state layout 4 a due day was a Flink POJO: read with it once, written with this.
      if (old instanceof PojoSerializerSnapshot) return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      return super.resolveSchemaCompatibility(old);
    }
  }
}
