package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
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

/** The dossier as one array on the heap: the same dossier back, the same bytes on the wire, earlier layouts accepted. */
class PackedDossierSerializerTest {
  static final PackedDossierSerializer P = new PackedDossierSerializer();

  static byte[] wire(TypeSerializer<?> s, Object v) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    @SuppressWarnings("unchecked")
    TypeSerializer<Object> o = (TypeSerializer<Object>) s;
    o.serialize(v, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void aPackedDossierUnpacksToTheSameAndIsWrittenAsTheDossierSerializerWritesIt() throws Exception {
    Random r = new Random(11);
    for (int i = 0; i < 3000; i++) {
      DossierState s = DossierStateSerializerTest.random(r);
      Object packed = P.pack(s);
      assertThat(packed).isInstanceOf(byte[].class);
      assertThat(P.unpack(packed)).usingRecursiveComparison().ignoringFieldsMatchingRegexes(DossierStateSerializerTest.IGNORED).isEqualTo(s);
      byte[] bytes = wire(P, packed);
      assertThat(bytes).isEqualTo(wire(DossierStateSerializerTest.S, s)).isEqualTo(wire(P, s));
      Object back = P.deserialize(new DataInputDeserializer(bytes));
      assertThat((byte[]) back).isEqualTo((byte[]) packed);
      assertThat(P.copy(packed)).isSameAs(packed); // never written into
      // A dossier restored as objects: unpacked to a copy, so a change is not stored until saved.
      DossierState unpacked = P.unpack(s);
      assertThat(unpacked).usingRecursiveComparison().ignoringFieldsMatchingRegexes(DossierStateSerializerTest.IGNORED).isEqualTo(s);
      assertThat(unpacked).isNotSameAs(s);
    }
  }

  @Test
  void earlierLayoutsMigrateAndItsOwnIsCompatibleAsIs() throws Exception {
    TypeSerializerSnapshot<Object> ours = P.snapshotConfiguration();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Object> layout5 = (TypeSerializerSnapshot) DossierStateSerializerTest.S.snapshotConfiguration();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Object> layout3 =
        (TypeSerializerSnapshot) TypeInformation.of(DossierState.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    assertThat(ours.resolveSchemaCompatibility(layout5).isCompatibleAfterMigration()).isTrue();
    assertThat(ours.resolveSchemaCompatibility(layout3).isCompatibleAfterMigration()).isTrue();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Object> anotherPojo =
        (TypeSerializerSnapshot) TypeInformation.of(Fact.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    assertThat(ours.resolveSchemaCompatibility(anotherPojo).isIncompatible()).isTrue();

    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, ours);
    TypeSerializerSnapshot<Object> read =
        TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(ours.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    assertThat(read.restoreSerializer()).isEqualTo(P);
  }

  @Test
  void bodiesWrittenWithAnotherOrderOfConstantsAreReadByName() throws Exception {
    String[] reversed = new String[EventType.values().length];
    for (int i = 0; i < reversed.length; i++) reversed[i] = EventType.values()[reversed.length - 1 - i].name();
    String[] channels = java.util.Arrays.stream(Channel.values()).map(Enum::name).toArray(String[]::new);
    String[] kinds = java.util.Arrays.stream(Kind.values()).map(Enum::name).toArray(String[]::new);
    PackedDossierSerializer.Snapshot old = new PackedDossierSerializer.Snapshot(new DossierStateSerializer.Snapshot(reversed, channels, kinds));
    assertThat(P.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration()).isTrue();

    DossierState s = new DossierState();
    StoredEvent e = new StoredEvent();
    e.type = EventType.values()[0]; // code 1 as written: in the old order, the last constant
    s.events = new StoredEvent[] {e};
    Object back = old.restoreSerializer().deserialize(new DataInputDeserializer(wire(P, P.pack(s))));
    assertThat(back).isInstanceOf(DossierState.class); // unpacked by name; packed again in this build's order when written
    assertThat(((DossierState) back).events[0].type).isEqualTo(EventType.values()[EventType.values().length - 1]);
  }

  /** An open dossier as the simulator makes them: received and transferred once, four facts. */
  static DossierState typicalOpenDossier() {
    long t = 1_765_000_000_000L;
    DossierState s = new DossierState();
    StoredEvent received = event(EventType.RECEIVED, t, 0);
    received.unitId = "000.00.01.H12";
    received.field = "Đất đai";
    received.procedureCode = "1.001234";
    received.channel = Channel.ONLINE;
    received.dueAt = t + 10 * 86_400_000L;
    StoredEvent transferred = event(EventType.TRANSFERRED, t + 3_600_000L, 1);
    transferred.toUnitId = "000.00.02.H12";
    s.events = new StoredEvent[] {received, transferred};
    s.facts = new Fact[] {
      new Fact(Kind.RECEIVED_ONLINE, "000.00.01.H12", null, 20_432, 1, "Đất đai"),
      new Fact(Kind.TRANSFERRED_OUT, "000.00.01.H12", "000.00.02.H12", 20_432, 1, "Đất đai"),
      new Fact(Kind.TRANSFERRED_IN, "000.00.02.H12", "000.00.01.H12", 20_432, 1, "Đất đai"),
      new Fact(Kind.PENDING_END_IN_TIME, "000.00.01.H12", null, 20_432, 1, "Đất đai"),
    };
    s.nextSeq = 2;
    s.liveUnit = "000.00.02.H12";
    s.liveField = "Đất đai";
    s.liveDue = received.dueAt;
    s.statusPublished = true;
    s.statusHash = 0x1234_5678_9abc_def0L;
    s.timer = t + 3_600_000L;
    s.arrivedAtProgress = t + 3_600_000L;
    DossierHistory.Lifecycle l = new DossierHistory.Lifecycle();
    l.status = DossierHistory.Status.OPEN;
    l.holder = "000.00.02.H12";
    l.receivingUnit = "000.00.01.H12";
    l.field = "Đất đai";
    l.procedureCode = "1.001234";
    l.channel = Channel.ONLINE;
    l.receivedAt = t;
    l.due = received.dueAt;
    l.segStart = t + 3_600_000L;
    l.last = t + 3_600_000L;
    s.lifecycle = l;
    return s;
  }

  static StoredEvent event(EventType type, long at, int seq) {
    StoredEvent e = new StoredEvent();
    e.eventId = new UUID(at * 31 + seq, at ^ seq).toString();
    e.idHash = EventIds.fingerprint(e.eventId);
    e.type = type;
    e.occurredAt = at;
    e.orderKey = at;
    e.seq = seq;
    return e;
  }

  @Test
  void aTypicalOpenDossierTakesUnder220Bytes() throws Exception {
    DossierState s = typicalOpenDossier();
    byte[] packed = (byte[]) P.pack(s);
    assertThat(P.unpack(packed)).usingRecursiveComparison().ignoringFieldsMatchingRegexes(DossierStateSerializerTest.IGNORED).isEqualTo(s);
    // 202 bytes in format 3; format 2 wrote this dossier in 593.
    assertThat(packed.length).isLessThan(220);
  }
}
