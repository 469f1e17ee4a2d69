package vn.sla.jobs.records;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A hand-written serializer for a record that travels between operators (never kept in keyed
 * state): Flink's POJO serializer reads and writes each field by reflection, which in a replay
 * was a sixth of the dossier function's thread and an eighth of the source's and the unit
 * function's. Stateless, so one instance serves every thread. Records in flight are only
 * persisted by unaligned checkpoints, which the job does not use; a change of a format bumps
 * the snapshot's version all the same.
 */
public abstract class WireSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  protected abstract T create();

  @Override
  public final boolean isImmutableType() {
    return false;
  }

  @Override
  public final TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public final T createInstance() {
    return create();
  }

  /** A deep copy through the wire format: rare with object reuse on, and right by construction. */
  @Override
  public final T copy(T from) {
    if (from == null) return null;
    try {
      DataOutputSerializer out = new DataOutputSerializer(128);
      serialize(from, out);
      return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy " + from, e);
    }
  }

  @Override
  public final T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public final T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  // --- helpers for the formats -------------------------------------------------------------

  protected static void writeString(String s, DataOutputView out) throws IOException {
    StringValue.writeString(s, out); // null-safe
  }

  protected static String readString(DataInputView in) throws IOException {
    return StringValue.readString(in);
  }

  public static void writeBytes(byte[] b, DataOutputView out) throws IOException {
    if (b == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(b.length);
    out.write(b);
  }

  public static byte[] readBytes(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** An enum as its ordinal + 1 (0: null). */
  protected static void writeEnum(Enum<?> e, DataOutputView out) throws IOException {
    out.writeByte(e == null ? 0 : e.ordinal() + 1);
  }

  public static <E> E readEnum(E[] values, DataInputView in) throws IOException {
    int i = in.readUnsignedByte();
    if (i > values.length) throw new IOException("no constant with ordinal " + (i - 1) + " among " + java.util.Arrays.toString(values));
    return i == 0 ? null : values[i - 1];
  }

  /** The type information that gives a {@link WireSerializer}. */
  public static class Info<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final WireSerializer<T> serializer;

    public Info(Class<T> type, WireSerializer<T> serializer) {
      this.type = type;
      this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<T> getTypeClass() {
      return type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return serializer;
    }

    @Override
    public String toString() {
      return type.getSimpleName() + " (" + serializer.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Info<?> i && i.type == type && i.serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, serializer.getClass());
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof Info;
    }
  }

  /** For {@code @TypeInfo}: a factory per record class. */
  public abstract static class Factory<T> extends TypeInfoFactory<T> {
    private final Info<T> info;

    protected Factory(Class<T> type, WireSerializer<T> serializer) {
      this.info = new Info<>(type, serializer);
    }

    @Override
    public TypeInformation<T> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return info;
    }
  }
}
