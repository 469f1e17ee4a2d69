package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.Channel;
import vn.sla.core.event.EventType;
import vn.sla.jobs.records.Kind;

/** The dossier's state written by hand: every field back, copies independent, old layouts readable. */
class DossierStateSerializerTest {
  static final DossierStateSerializer S = new DossierStateSerializer();
  /** What the packed form caches about an event id (transient, not state): compared through the id itself. */
  static final String[] IGNORED = {".*idHashIsOwn", ".*idForm", ".*uuidMsb", ".*uuidLsb"};

  static String maybe(Random r, String s) {
    if (r.nextInt(4) == 0) return null;
    String tail = switch (r.nextInt(6)) {
      case 0, 1 -> " hồ sơ"; // UTF-8
      case 2 -> " \uD83D\uDE00"; // a surrogate pair: written as chars
      case 3 -> "\uDC00"; // a lone surrogate, as a JSON escape can make: kept as it is
      default -> "";
    };
    return s + r.nextInt(1000) + tail;
  }

  /** A time as state holds them: near today (format 3 writes differences), a sentinel, or anything. */
  static long time(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> Long.MIN_VALUE;
      case 1 -> Long.MAX_VALUE;
      case 2 -> r.nextLong();
      case 3 -> 0;
      default -> 1_760_000_000_000L + r.nextInt(1_000_000_000) * (r.nextBoolean() ? 1L : -1L);
    };
  }

  /** An event id: a UUID (format 3 writes it in 16 bytes) with or without a prefix, one that only looks like it, or any text. */
  static String eventId(Random r) {
    java.util.UUID u = new java.util.UUID(r.nextLong(), r.nextLong());
    return switch (r.nextInt(6)) {
      case 0 -> u.toString();
      case 1 -> "imp-" + u;
      case 2 -> u.toString().toUpperCase(java.util.Locale.ROOT);
      case 3 -> u.toString().replace('-', '_');
      default -> maybe(r, "ev-");
    };
  }

  static long[] longs(Random r) {
    if (r.nextInt(5) == 0) return null;
    long[] a = new long[r.nextInt(4)];
    for (int i = 0; i < a.length; i++) a[i] = r.nextLong();
    return a;
  }

  static StoredEvent[] events(Random r) {
    if (r.nextInt(8) == 0) return null;
    StoredEvent[] a = new StoredEvent[r.nextInt(5)];
    for (int i = 0; i < a.length; i++) {
      StoredEvent e = new StoredEvent();
      e.eventId = eventId(r);
      e.idHash = e.eventId != null && r.nextInt(4) > 0 ? EventIds.fingerprint(e.eventId) : r.nextLong();
      e.reason = maybe(r, "lý do ");
      e.rejectReason = maybe(r, "AFTER_");
      e.type = r.nextInt(6) == 0 ? null : EventType.values()[r.nextInt(EventType.values().length)];
      e.occurredAt = time(r);
      e.orderKey = r.nextBoolean() ? e.occurredAt : time(r);
      e.seq = r.nextInt();
      e.unitId = maybe(r, "xa-");
      e.toUnitId = maybe(r, "huyen-");
      e.field = maybe(r, "dat-dai");
      e.procedureCode = maybe(r, "1.00");
      e.channel = r.nextInt(3) == 0 ? null : Channel.values()[r.nextInt(Channel.values().length)];
      e.dueAt = r.nextBoolean() ? null : time(r);
      if (r.nextBoolean()) {
        e.raw = new byte[r.nextInt(40)];
        r.nextBytes(e.raw);
      }
      e.origin = maybe(r, "events/1/");
      a[i] = e;
    }
    return a;
  }

  static DossierState random(Random r) {
    DossierState s = new DossierState();
    s.events = events(r);
    if (r.nextInt(8) == 0) {
      s.facts = null;
    } else {
      s.facts = new Fact[r.nextInt(6)];
      for (int i = 0; i < s.facts.length; i++) {
        s.facts[i] = new Fact(Kind.values()[r.nextInt(Kind.values().length)], maybe(r, "xa-"), maybe(r, "huyen-"), r.nextInt(), r.nextInt(),
            maybe(r, "f"));
        if (r.nextBoolean()) s.facts[i].day = (int) (20_400 + r.nextInt(400) - 200L);
      }
    }
    s.nextSeq = r.nextInt();
    s.liveUnit = maybe(r, "xa-");
    s.liveField = maybe(r, "f");
    s.livePaused = r.nextBoolean();
    s.liveDue = time(r);
    s.liveApology = r.nextBoolean();
    s.statusPublished = r.nextBoolean();
    s.statusHash = r.nextInt(4) == 0 ? 0 : r.nextLong();
    s.rejectedEventHashes = longs(r);
    s.refused = events(r);
    s.timelinePublished = r.nextBoolean();
    s.timelineHash = r.nextInt(4) == 0 ? 0 : r.nextLong();
    s.timelineAddenda = longs(r);
    s.timer = time(r);
    s.arrivedAtProgress = time(r);
    s.closed = r.nextBoolean();
    s.closedStatus = maybe(r, "COMPLETED");
    s.closedEventHashes = longs(r);
    s.cleanupAt = time(r);
    s.lifecycle = r.nextInt(5) == 0 ? null : lifecycle(r);
    return s;
  }

  static DossierHistory.Lifecycle lifecycle(Random r) {
    DossierHistory.Lifecycle l = new DossierHistory.Lifecycle();
    l.status = DossierHistory.Status.values()[r.nextInt(DossierHistory.Status.values().length)];
    l.holder = maybe(r, "xa-");
    l.receivingUnit = maybe(r, "huyen-");
    l.field = maybe(r, "f");
    l.procedureCode = maybe(r, "p");
    l.channel = r.nextInt(4) == 0 ? null : vn.sla.core.event.Channel.values()[r.nextInt(vn.sla.core.event.Channel.values().length)];
    l.receivedAt = time(r);
    l.due = time(r);
    l.paused = r.nextBoolean();
    l.pausedAt = time(r);
    l.apology = r.nextBoolean();
    l.closedAt = time(r);
    l.closedOrderKey = time(r);
    l.outcome = r.nextInt(4) == 0 ? null : vn.sla.core.rules.Outcome.values()[r.nextInt(vn.sla.core.rules.Outcome.values().length)];
    l.segStart = time(r);
    l.last = time(r);
    return l;
  }

  static <T> T roundTrip(TypeSerializer<T> write, TypeSerializer<T> read, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    write.serialize(value, out);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    write.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = read.deserialize(in);
    assertThat(in.available()).as("read to the end").isZero();
    return back;
  }

  @Test
  void everyFieldComesBackAndCopiesAreIndependent() throws Exception {
    Random r = new Random(3);
    for (int i = 0; i < 3000; i++) {
      DossierState s = random(r);
      assertThat(roundTrip(S, S, s)).usingRecursiveComparison().ignoringFieldsMatchingRegexes(IGNORED).isEqualTo(s);
      DossierState c = S.copy(s);
      assertThat(c).usingRecursiveComparison().ignoringFieldsMatchingRegexes(IGNORED).isEqualTo(s);
      if (s.events != null && s.events.length > 0) {
        assertThat(c.events[0]).isNotSameAs(s.events[0]);
        c.events[0].forgetOriginal();
        assertThat(s.events[0].origin).isEqualTo(roundTrip(S, S, s).events[0].origin);
      }
      if (s.facts != null && s.facts.length > 0) assertThat(c.facts[0]).isNotSameAs(s.facts[0]);
      if (s.lifecycle != null) assertThat(c.lifecycle).isNotSameAs(s.lifecycle);
    }
  }

  /** Format 3 writes times as differences: one of exactly 2^63 (a date the parser accepts) once broke the body. */
  @Test
  void timesAtTheEdgesOfTheirDifferenceRoundTrip() throws Exception {
    long[] bases = {1, 0, -1, 1_765_000_000_000L, Long.MAX_VALUE - 5, Long.MIN_VALUE + 1};
    long[] offsets = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -(1L << 60), (1L << 60), -(1L << 60) + 1, (1L << 60) - 1};
    for (long base : bases) {
      for (long off : offsets) {
        long t = base + off;
        DossierState s = new DossierState();
        s.arrivedAtProgress = base;
        s.timer = t;
        s.liveDue = t;
        StoredEvent e = new StoredEvent();
        e.eventId = "x";
        e.idHash = EventIds.fingerprint("x");
        e.occurredAt = base;
        e.orderKey = t;
        e.dueAt = t;
        s.events = new StoredEvent[] {e};
        DossierState back = S.unpack(S.pack(s));
        assertThat(back.timer).as("base %d, offset %d", base, off).isEqualTo(t);
        assertThat(back.liveDue).isEqualTo(t);
        assertThat(back.events[0].orderKey).isEqualTo(t);
        assertThat(back.events[0].dueAt).isEqualTo(t);
        assertThat(back.arrivedAtProgress).isEqualTo(base);
      }
    }
  }

  @Test
  void aBodyCutShortFailsWithAnIoException() throws Exception {
    Random r = new Random(5);
    for (int i = 0; i < 300; i++) {
      byte[] body = S.pack(random(r));
      byte[] cut = java.util.Arrays.copyOf(body, r.nextInt(body.length));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> S.unpack(cut)).isInstanceOf(java.io.IOException.class);
      // A byte changed to a large count or length: an IOException too, not an array of that size.
      byte[] broken = body.clone();
      int at = 1 + r.nextInt(body.length - 1);
      broken[at] = (byte) 0xFF;
      try {
        S.unpack(broken);
      } catch (java.io.IOException expected) {
        // refused
      }
    }
  }

  @Test
  void theLayout3PojoStateIsMigratedAndItsOwnIsCompatibleAsIs() throws Exception {
    TypeSerializerSnapshot<DossierState> pojo =
        TypeInformation.of(DossierState.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    TypeSerializerSnapshot<DossierState> ours = S.snapshotConfiguration();
    assertThat(ours.resolveSchemaCompatibility(pojo).isCompatibleAfterMigration()).isTrue();

    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, ours);
    TypeSerializerSnapshot<DossierState> read =
        TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(ours.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    assertThat(read.restoreSerializer()).isEqualTo(S);
  }

  @Test
  void stateWrittenWithAnotherOrderOfConstantsIsReadByName() throws Exception {
    String[] reversed = new String[EventType.values().length];
    for (int i = 0; i < reversed.length; i++) reversed[i] = EventType.values()[reversed.length - 1 - i].name();
    String[] channels = java.util.Arrays.stream(Channel.values()).map(Enum::name).toArray(String[]::new);
    String[] kinds = java.util.Arrays.stream(Kind.values()).map(Enum::name).toArray(String[]::new);
    DossierStateSerializer.Snapshot old = new DossierStateSerializer.Snapshot(reversed, channels, kinds);
    assertThat(S.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration()).isTrue();

    DossierState s = new DossierState();
    StoredEvent e = new StoredEvent();
    e.type = EventType.values()[0]; // ordinal 0 as written: in the old order, the last constant
    s.events = new StoredEvent[] {e};
    DossierState back = roundTrip(S, old.restoreSerializer(), s);
    assertThat(back.events[0].type).isEqualTo(EventType.values()[EventType.values().length - 1]);
    // Written again by the serializer of the old order, it reads back the same constant in that order.
    assertThat(roundTrip(old.restoreSerializer(), old.restoreSerializer(), back).events[0].type).isEqualTo(back.events[0].type);
  }
}
