package vn.sla.jobs.dossier;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import vn.sla.core.event.Channel;
import vn.sla.core.event.EventType;
import vn.sla.core.rules.Outcome;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.WireSerializer;

/**
 * The keyed state of a dossier, written by hand (state layout 4). Flink's POJO serializer wrote
 * it field by field by reflection, each field through the checkpoint stream's layers: in a
 * replay the asynchronous heap snapshot was a fifth of the job's samples, and the copies Flink
 * makes of state touched during a snapshot a good part of the dossier function's. Here a
 * dossier is one length-prefixed block, written to the stream at once.
 *
 * <p>Enums are written as ordinals; the snapshot of this serializer keeps the constants' names,
 * so a state written before a constant was added or moved is read by name. State of layout 3
 * (the POJO serializer) is migrated: Flink reads it with the old serializer and writes it with
 * this one ({@code StateFromThePreviousVersionTest} restores a real savepoint of layout 3).
 */
public final class DossierStateSerializer extends TypeSerializer<DossierState> {
  private static final long serialVersionUID = 1L;
  /*
   * Formats of the body: 1, as in layout 4; 2 (layout 5), the lifecycle's standing
   * ({@link DossierState#lifecycle}) at the end; 3 (layout 6, the one written), the same fields
   * written small ({@link CompactDossierFormat}). All are read. Format 2's timeline fingerprint is
   * {@link EventIds#textHash}: a format-1 dossier's fingerprint never matches it, so its
   * unchanged timeline may be published once more.
   */
  /** Codes of the lifecycle's enums, fixed here (not their ordinals): the index is the code written. */
  private static final DossierHistory.Status[] STATUSES = {
    DossierHistory.Status.NONE, DossierHistory.Status.OPEN, DossierHistory.Status.COMPLETED, DossierHistory.Status.RETURNED,
    DossierHistory.Status.WITHDRAWN
  };
  private static final Outcome[] OUTCOMES = {null, Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE};

  /** Old ordinal → current constant, as the state being read was written. */
  private final EventType[] types;
  private final Channel[] channels;
  private final Kind[] kinds;

  public DossierStateSerializer() {
    this(EventType.values(), Channel.values(), Kind.values());
  }

  private DossierStateSerializer(EventType[] types, Channel[] channels, Kind[] kinds) {
    this.types = types;
    this.channels = channels;
    this.kinds = kinds;
    this.typeCodes = codes(types, EventType.values().length);
    this.channelCodes = codes(channels, Channel.values().length);
    this.kindCodes = codes(kinds, Kind.values().length);
    this.compact = new CompactDossierFormat(types, channels, kinds, typeCodes, channelCodes, kindCodes, STATUSES, OUTCOMES);
  }

  /** Writes format 3, and reads it. */
  private final CompactDossierFormat compact;

  /** Current ordinal → the code written (1 + the index in this serializer's order; 0 is null, -1 not in it). */
  private final int[] typeCodes;
  private final int[] channelCodes;
  private final int[] kindCodes;

  private static int[] codes(Enum<?>[] order, int constants) {
    int[] c = new int[constants];
    java.util.Arrays.fill(c, -1);
    for (int i = 0; i < order.length; i++) c[order[i].ordinal()] = i + 1;
    return c;
  }


  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<DossierState> duplicate() {
    return this; // immutable, and its buffer is per thread
  }

  @Override
  public DossierState createInstance() {
    return new DossierState();
  }

  @Override
  public DossierState copy(DossierState from) {
    if (from == null) return null;
    DossierState c = new DossierState();
    c.events = copy(from.events);
    c.facts = copy(from.facts);
    c.nextSeq = from.nextSeq;
    c.liveUnit = from.liveUnit;
    c.liveField = from.liveField;
    c.livePaused = from.livePaused;
    c.liveDue = from.liveDue;
    c.liveApology = from.liveApology;
    c.statusPublished = from.statusPublished;
    c.statusHash = from.statusHash;
    c.rejectedEventHashes = copy(from.rejectedEventHashes);
    c.refused = copy(from.refused);
    c.timelinePublished = from.timelinePublished;
    c.timelineHash = from.timelineHash;
    c.timelineAddenda = copy(from.timelineAddenda);
    c.timer = from.timer;
    c.arrivedAtProgress = from.arrivedAtProgress;
    c.closed = from.closed;
    c.closedStatus = from.closedStatus;
    c.closedEventHashes = copy(from.closedEventHashes);
    c.cleanupAt = from.cleanupAt;
    c.lifecycle = from.lifecycle == null ? null : from.lifecycle.copy();
    return c;
  }

  private static long[] copy(long[] a) {
    return a == null ? null : a.length == 0 ? DossierState.NO_LONGS : a.clone();
  }

  private static StoredEvent[] copy(StoredEvent[] a) {
    if (a == null) return null;
    if (a.length == 0) return DossierState.NO_EVENTS;
    StoredEvent[] c = new StoredEvent[a.length];
    for (int i = 0; i < a.length; i++) {
      StoredEvent s = a[i];
      if (s == null) continue;
      StoredEvent t = new StoredEvent();
      t.idHash = s.idHash;
      t.eventId = s.eventId;
      t.reason = s.reason;
      t.rejectReason = s.rejectReason;
      t.type = s.type;
      t.occurredAt = s.occurredAt;
      t.orderKey = s.orderKey;
      t.seq = s.seq;
      t.unitId = s.unitId;
      t.toUnitId = s.toUnitId;
      t.field = s.field;
      t.procedureCode = s.procedureCode;
      t.channel = s.channel;
      t.dueAt = s.dueAt;
      t.raw = s.raw; // never changed in place, only dropped
      t.origin = s.origin;
      c[i] = t;
    }
    return c;
  }

  private static Fact[] copy(Fact[] a) {
    if (a == null) return null;
    if (a.length == 0) return DossierState.NO_FACTS;
    Fact[] c = new Fact[a.length];
    for (int i = 0; i < a.length; i++) {
      Fact f = a[i];
      c[i] = f == null ? null : new Fact(f.kind, f.unitId, f.otherUnitId, f.day, f.count, f.field);
    }
    return c;
  }

  @Override
  public DossierState copy(DossierState from, DossierState reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(DossierState s, DataOutputView target) throws IOException {
    CompactDossierFormat.Out out = body(s);
    target.writeInt(out.n);
    target.write(out.b, 0, out.n);
    release(out);
  }

  @Override
  public DossierState deserialize(DataInputView source) throws IOException {
    byte[] b = new byte[source.readInt()];
    source.readFully(b);
    return unpack(b);
  }

  @Override
  public DossierState deserialize(DossierState reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] b = new byte[source.readInt()];
    source.readFully(b);
    target.writeInt(b.length);
    target.write(b);
  }

  private static final ThreadLocal<CompactDossierFormat.Out> BUFFER = ThreadLocal.withInitial(() -> new CompactDossierFormat.Out(1024));

  /** The body in this thread's buffer: {@link #release} it after use. */
  private CompactDossierFormat.Out body(DossierState s) throws IOException {
    CompactDossierFormat.Out out = BUFFER.get();
    out.n = 0;
    compact.write(s, out);
    return out;
  }

  private static void release(CompactDossierFormat.Out out) {
    if (out.b.length > 1 << 20) BUFFER.remove(); // do not keep one huge dossier's buffer
  }

  /** The dossier as one array of this serializer's body ({@link PackedDossierSerializer} keeps these on the heap). */
  byte[] pack(DossierState s) throws IOException {
    CompactDossierFormat.Out out = body(s);
    byte[] b = Arrays.copyOf(out.b, out.n);
    release(out);
    return b;
  }

  /** A dossier from a body of any format this serializer reads ({@link #pack}'s included). */
  DossierState unpack(byte[] body) throws IOException {
    if (body.length > 0 && body[0] == CompactDossierFormat.FORMAT) {
      CompactDossierFormat.In in = new CompactDossierFormat.In(body, 1);
      DossierState s = compact.read(in);
      if (!in.atEnd()) throw new IOException("the dossier state has bytes after its end");
      return s;
    }
    return readOlderBody(new DataInputDeserializer(body));
  }

  private DossierHistory.Lifecycle readLifecycle(DataInputView in) throws IOException {
    int status = in.readByte();
    if (status == -1) return null;
    DossierHistory.Lifecycle l = new DossierHistory.Lifecycle();
    l.status = CompactDossierFormat.constant(STATUSES, status);
    l.holder = SharedStrings.of(StringValue.readString(in));
    l.receivingUnit = SharedStrings.of(StringValue.readString(in));
    l.field = SharedStrings.of(StringValue.readString(in));
    l.procedureCode = SharedStrings.of(StringValue.readString(in));
    l.channel = WireSerializer.readEnum(channels, in);
    l.receivedAt = in.readLong();
    l.due = in.readLong();
    l.paused = in.readBoolean();
    l.pausedAt = in.readLong();
    l.apology = in.readBoolean();
    l.closedAt = in.readLong();
    l.closedOrderKey = in.readLong();
    l.outcome = CompactDossierFormat.constant(OUTCOMES, in.readByte());
    l.segStart = in.readLong();
    l.last = in.readLong();
    return l;
  }

  /** Formats 1 and 2. */
  private DossierState readOlderBody(DataInputView in) throws IOException {
    int format = in.readUnsignedByte();
    if (format != 1 && format != 2) throw new IOException("unknown dossier state format " + format);
    DossierState s = new DossierState();
    s.events = readEvents(in);
    int n = in.readInt();
    if (n < 0) {
      s.facts = null;
    } else {
      s.facts = n == 0 ? DossierState.NO_FACTS : new Fact[n];
      for (int i = 0; i < n; i++) {
        Fact f = new Fact();
        f.kind = WireSerializer.readEnum(kinds, in);
        f.unitId = SharedStrings.of(StringValue.readString(in));
        f.otherUnitId = SharedStrings.of(StringValue.readString(in));
        f.day = in.readInt();
        f.count = in.readInt();
        f.field = SharedStrings.of(StringValue.readString(in));
        s.facts[i] = f;
      }
    }
    s.nextSeq = in.readInt();
    s.liveUnit = SharedStrings.of(StringValue.readString(in));
    s.liveField = SharedStrings.of(StringValue.readString(in));
    s.livePaused = in.readBoolean();
    s.liveDue = in.readLong();
    s.liveApology = in.readBoolean();
    s.statusPublished = in.readBoolean();
    s.statusHash = in.readLong();
    s.rejectedEventHashes = readLongs(in);
    s.refused = readEvents(in);
    s.timelinePublished = in.readBoolean();
    s.timelineHash = in.readLong();
    s.timelineAddenda = readLongs(in);
    s.timer = in.readLong();
    s.arrivedAtProgress = in.readLong();
    s.closed = in.readBoolean();
    s.closedStatus = SharedStrings.of(StringValue.readString(in));
    s.closedEventHashes = readLongs(in);
    s.cleanupAt = in.readLong();
    // Format 1 knew no lifecycle: the dossier's next arrival replays its events and keeps it.
    s.lifecycle = format == 1 ? null : readLifecycle(in);
    return s;
  }

  private StoredEvent[] readEvents(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    if (n == 0) return DossierState.NO_EVENTS;
    StoredEvent[] a = new StoredEvent[n];
    for (int i = 0; i < n; i++) {
      StoredEvent e = new StoredEvent();
      e.idHash = in.readLong();
      e.eventId = StringValue.readString(in);
      e.reason = StringValue.readString(in);
      e.rejectReason = SharedStrings.of(StringValue.readString(in));
      e.type = WireSerializer.readEnum(types, in);
      e.occurredAt = in.readLong();
      e.orderKey = in.readLong();
      e.seq = in.readInt();
      e.unitId = SharedStrings.of(StringValue.readString(in));
      e.toUnitId = SharedStrings.of(StringValue.readString(in));
      e.field = SharedStrings.of(StringValue.readString(in));
      e.procedureCode = SharedStrings.of(StringValue.readString(in));
      e.channel = WireSerializer.readEnum(channels, in);
      e.dueAt = in.readBoolean() ? in.readLong() : null;
      e.raw = WireSerializer.readBytes(in);
      e.origin = StringValue.readString(in);
      a[i] = e;
    }
    return a;
  }

  private static long[] readLongs(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    if (n == 0) return DossierState.NO_LONGS;
    long[] a = new long[n];
    for (int i = 0; i < n; i++) a[i] = in.readLong();
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DossierStateSerializer d && Arrays.equals(types, d.types) && Arrays.equals(channels, d.channels)
        && Arrays.equals(kinds, d.kinds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(types) * 31 + Arrays.hashCode(kinds);
  }

  @Override
  public TypeSerializerSnapshot<DossierState> snapshotConfiguration() {
    return new Snapshot(names(types), names(channels), names(kinds));
  }

  private static String[] names(Enum<?>[] values) {
    String[] n = new String[values.length];
    for (int i = 0; i < values.length; i++) n[i] = values[i].name();
    return n;
  }

  /** The enum constants' names in the order the state was written with. */
  public static final class Snapshot implements TypeSerializerSnapshot<DossierState> {
    private String[] types;
    private String[] channels;
    private String[] kinds;

    public Snapshot() {}

    Snapshot(String[] types, String[] channels, String[] kinds) {
      this.types = types;
      this.channels = channels;
      this.kinds = kinds;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      for (String[] a : new String[][] {types, channels, kinds}) {
        out.writeInt(a.length);
        for (String s : a) out.writeUTF(s);
      }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      String[][] all = new String[3][];
      for (int k = 0; k < 3; k++) {
        all[k] = new String[in.readInt()];
        for (int i = 0; i < all[k].length; i++) all[k][i] = in.readUTF();
      }
      types = all[0];
      channels = all[1];
      kinds = all[2];
    }

    @Override
    public TypeSerializer<DossierState> restoreSerializer() {
      return new DossierStateSerializer(byName(EventType.class, types), byName(Channel.class, channels), byName(Kind.class, kinds));
    }

    private static <E extends Enum<E>> E[] byName(Class<E> type, String[] names) {
      @SuppressWarnings("unchecked")
      E[] a = (E[]) java.lang.reflect.Array.newInstance(type, names.length);
      for (int i = 0; i < names.length; i++) a[i] = Enum.valueOf(type, names[i]); // a removed constant fails here, loudly
      return a;
    }

    /** Whether the state was written with the same enum constants in the same order. */
    boolean sameConstants(Snapshot o) {
      return Arrays.equals(o.types, types) && Arrays.equals(o.channels, channels) && Arrays.equals(o.kinds, kinds);
    }

    @Override
    public TypeSerializerSchemaCompatibility<DossierState> resolveSchemaCompatibility(TypeSerializerSnapshot<DossierState> old) {
      if (old instanceof PojoSerializerSnapshot) return TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // layout 3
      if (!(old instanceof Snapshot o)) return TypeSerializerSchemaCompatibility.incompatible();
      if (Arrays.equals(o.types, types) && Arrays.equals(o.channels, channels) && Arrays.equals(o.kinds, kinds)) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      // Constants added or moved: read with the old order (by name), written with the new.
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
