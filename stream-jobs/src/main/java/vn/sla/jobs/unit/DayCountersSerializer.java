package vn.sla.jobs.unit;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import vn.sla.jobs.records.DayCounters;

/**
 * A unit's day counters in its keyed state, written by hand. Flink's POJO serializer set the
 * sixteen fields by reflection, and on RocksDB every day counter touched is read and written
 * once per change: the POJO serializer was a fifth of the unit function's time there. State
 * written with the POJO serializer (up to state layout 4) is migrated on restore.
 */
public final class DayCountersSerializer extends TypeSerializerSingleton<DayCounters> {
  private static final long serialVersionUID = 1L;
  public static final DayCountersSerializer INSTANCE = new DayCountersSerializer();
  /** The fields below, in this order; a new field means a new format, read beside this one. */
  private static final int FORMAT = 1;
  private static final int LENGTH = 1 + 15 * Long.BYTES + 1;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public DayCounters createInstance() {
    return new DayCounters();
  }

  @Override
  public DayCounters copy(DayCounters from) {
    return from == null ? null : from.copy();
  }

  @Override
  public DayCounters copy(DayCounters from, DayCounters reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return LENGTH;
  }

  @Override
  public void serialize(DayCounters c, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    out.writeLong(c.receivedOnline);
    out.writeLong(c.receivedInPerson);
    out.writeLong(c.receivedPostal);
    out.writeLong(c.completedEarly);
    out.writeLong(c.completedOnTime);
    out.writeLong(c.completedLate);
    out.writeLong(c.withdrawn);
    out.writeLong(c.transferredIn);
    out.writeLong(c.transferredOut);
    out.writeLong(c.stepInTime);
    out.writeLong(c.stepOverdue);
    out.writeLong(c.stepPaused);
    out.writeLong(c.endInTime);
    out.writeLong(c.endOverdue);
    out.writeLong(c.endPaused);
    out.writeBoolean(c.emitted);
  }

  @Override
  public DayCounters deserialize(DataInputView in) throws IOException {
    int format = in.readByte();
    if (format != FORMAT) throw new IOException("Day counters of an unknown format " + format + " (this version writes " + FORMAT + ")");
    DayCounters c = new DayCounters();
    c.receivedOnline = in.readLong();
    c.receivedInPerson = in.readLong();
    c.receivedPostal = in.readLong();
    c.completedEarly = in.readLong();
    c.completedOnTime = in.readLong();
    c.completedLate = in.readLong();
    c.withdrawn = in.readLong();
    c.transferredIn = in.readLong();
    c.transferredOut = in.readLong();
    c.stepInTime = in.readLong();
    c.stepOverdue = in.readLong();
    c.stepPaused = in.readLong();
    c.endInTime = in.readLong();
    c.endOverdue = in.readLong();
    c.endPaused = in.readLong();
    c.emitted = in.readBoolean();
    return c;
  }

  @Override
  public DayCounters deserialize(DayCounters reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    byte[] b = new byte[LENGTH]; // DataOutputSerializer.write(DataInputView, n) does not grow its buffer
    in.readFully(b);
    out.write(b);
  }

  @Override
  public TypeSerializerSnapshot<DayCounters> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DayCounters> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<DayCounters> resolveSchemaCompatibility(TypeSerializerSnapshot<DayCounters> old) {
      // Up to state layout 4 the day counters were a Flink POJO: read with it once, written with this.
      if (old instanceof PojoSerializerSnapshot) return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      return super.resolveSchemaCompatibility(old);
    }
  }
}
