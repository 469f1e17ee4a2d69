package vn.sla.jobs.dossier;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The dossier state as the heap holds it (state layout 6): each dossier one byte array, the
 * body {@link DossierStateSerializer} writes, unpacked when its key is processed and packed
 * again after. As objects a dossier took about a kilobyte of heap (the state, its events, facts
 * and standing, each with its header and references; docs/benchmarks.md); as an array it
 * takes its serialized size. On the wire it is what {@link DossierStateSerializer} writes (a
 * length, then the body), so a snapshot writes the array as it is, and a copy the heap backend
 * makes during a snapshot is the same array (never written into: a change packs a new one).
 *
 * <p>A value is a {@code byte[]} or, restored from an earlier layout on the heap and not touched
 * since, a {@link DossierState}: the heap backend keeps the objects the earlier serializer read
 * (layout 5 and 4: {@link DossierStateSerializer}; layout 3: Flink's POJO serializer) and this
 * one writes them in the new form. {@link DossierFunction} reads either.
 */
public final class PackedDossierSerializer extends TypeSerializer<Object> {
  private static final long serialVersionUID = 1L;

  /** The enum orders the bodies are in. */
  private final DossierStateSerializer codec;
  /** Whether those are this build's: bodies read are then kept as they are, else unpacked to objects and packed anew when written. */
  private final boolean current;

  public PackedDossierSerializer() {
    this(new DossierStateSerializer(), true);
  }

  private PackedDossierSerializer(DossierStateSerializer codec, boolean current) {
    this.codec = codec;
    this.current = current;
  }

  /** The value as a dossier (a new object: changing it changes nothing stored). */
  DossierState unpack(Object value) throws IOException {
    if (value == null) return null;
    if (value instanceof byte[] b) return codec.unpack(b);
    return codec.copy((DossierState) value);
  }

  /** The dossier as the value to store. */
  Object pack(DossierState s) throws IOException {
    return codec.pack(s);
  }

  @Override
  public boolean isImmutableType() {
    return false; // a restored DossierState is not
  }

  @Override
  public TypeSerializer<Object> duplicate() {
    return this; // stateless; the codec's buffer is per thread
  }

  @Override
  public Object createInstance() {
    return new DossierState();
  }

  @Override
  public Object copy(Object from) {
    if (from == null || from instanceof byte[]) return from; // arrays are never written into
    return codec.copy((DossierState) from);
  }

  @Override
  public Object copy(Object from, Object reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Object value, DataOutputView target) throws IOException {
    if (value instanceof byte[] b) {
      target.writeInt(b.length);
      target.write(b);
    } else {
      codec.serialize((DossierState) value, target);
    }
  }

  @Override
  public Object deserialize(DataInputView source) throws IOException {
    byte[] b = new byte[source.readInt()];
    source.readFully(b);
    return current ? b : codec.unpack(b);
  }

  @Override
  public Object deserialize(Object reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    codec.copy(source, target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedDossierSerializer p && p.codec.equals(codec) && p.current == current;
  }

  @Override
  public int hashCode() {
    return codec.hashCode() * 31 + (current ? 1 : 0);
  }

  @Override
  public TypeSerializerSnapshot<Object> snapshotConfiguration() {
    return new Snapshot((DossierStateSerializer.Snapshot) codec.snapshotConfiguration());
  }

  /** The enum constants' names the bodies were written with, as {@link DossierStateSerializer.Snapshot} keeps them. */
  public static final class Snapshot implements TypeSerializerSnapshot<Object> {
    private DossierStateSerializer.Snapshot names;

    public Snapshot() {
      this.names = new DossierStateSerializer.Snapshot();
    }

    Snapshot(DossierStateSerializer.Snapshot names) {
      this.names = names;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      names.writeSnapshot(out);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      names.readSnapshot(names.getCurrentVersion(), in, classLoader);
    }

    /** Whether a POJO snapshot is of the dossier state (layout 3), not of some other class. */
    private static boolean restoresDossiers(PojoSerializerSnapshot<?> pojo) {
      try {
        return pojo.restoreSerializer().createInstance() instanceof DossierState;
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public TypeSerializer<Object> restoreSerializer() {
      DossierStateSerializer codec = (DossierStateSerializer) names.restoreSerializer();
      return new PackedDossierSerializer(codec, codec.equals(new DossierStateSerializer()));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public TypeSerializerSchemaCompatibility<Object> resolveSchemaCompatibility(TypeSerializerSnapshot<Object> old) {
      Object o = old;
      if (o instanceof Snapshot s) {
        return s.names.sameConstants(names) ? TypeSerializerSchemaCompatibility.compatibleAsIs()
            : TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // read by name, written in this build's order
      }
      // Layouts 5 and 4 (the dossier as objects, written by DossierStateSerializer) and 3 (Flink's
      // POJO serializer): read with their serializer, written packed. On the heap the objects read
      // stay until their dossier is next processed.
      if (o instanceof DossierStateSerializer.Snapshot || o instanceof PojoSerializerSnapshot<?> pojo && restoresDossiers(pojo)) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
