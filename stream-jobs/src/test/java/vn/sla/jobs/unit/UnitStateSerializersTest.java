package vn.sla.jobs.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.records.DayCounters;

/**
 * The hand-written serializers of the unit function's map values: what they write reads back
 * field for field, a raw copy equals a rewrite, and state the POJO serializer wrote is migrated
 * (Flink reads it with the old serializer and writes it with these), not refused.
 */
class UnitStateSerializersTest {
  final Random random = new Random(14);

  DayCounters someCounters() {
    DayCounters c = new DayCounters();
    c.receivedOnline = random.nextLong();
    c.receivedInPerson = random.nextInt(1000);
    c.receivedPostal = -random.nextInt(1000);
    c.completedEarly = random.nextLong();
    c.completedOnTime = random.nextInt();
    c.completedLate = random.nextInt();
    c.withdrawn = random.nextInt();
    c.transferredIn = random.nextInt();
    c.transferredOut = random.nextInt();
    c.stepInTime = random.nextInt();
    c.stepOverdue = random.nextInt();
    c.stepPaused = random.nextInt();
    c.endInTime = random.nextInt();
    c.endOverdue = random.nextInt();
    c.endPaused = random.nextInt();
    c.emitted = random.nextBoolean();
    return c;
  }

  DueDay someDueDay() {
    DueDay d = new DueDay();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) d.add(random.nextInt(86_400) * 1000L, 1 + random.nextInt(5), random.nextInt(2));
    return d;
  }

  static <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(value, out);
    byte[] written = out.getCopyOfBuffer();
    if (s.getLength() >= 0) assertThat(written).hasSize(s.getLength());
    // The raw copy (used when Flink moves serialized state) gives the same bytes.
    DataOutputSerializer copied = new DataOutputSerializer(64);
    s.copy(new DataInputDeserializer(written), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(written);
    DataInputDeserializer in = new DataInputDeserializer(written);
    T back = s.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  @Test
  void dayCountersReadBackFieldForField() throws Exception {
    for (int i = 0; i < 200; i++) {
      DayCounters c = someCounters();
      assertThat(roundTrip(DayCountersSerializer.INSTANCE, c)).usingRecursiveComparison().isEqualTo(c);
      assertThat(DayCountersSerializer.INSTANCE.copy(c)).usingRecursiveComparison().isEqualTo(c).isNotSameAs(c);
    }
  }

  @Test
  void dueDaysReadBackFieldForField() throws Exception {
    for (int i = 0; i < 200; i++) {
      DueDay d = someDueDay();
      DueDay back = roundTrip(DueDaySerializer.INSTANCE, d);
      assertThat(back.dues).isEqualTo(d.dues);
      assertThat(back.counts).isEqualTo(d.counts);
      assertThat(back.withoutApology).isEqualTo(d.withoutApology);
      DueDay copy = DueDaySerializer.INSTANCE.copy(d);
      copy.add(1L, 1, 1);
      assertThat(d.countAt(1L)).as("a copy shares no array").isEqualTo(back.countAt(1L));
    }
  }

  @Test
  void statePojoSerializerWroteIsMigratedAndWhatTheseWroteIsReadAsIs() {
    var pojoDays = TypeInformation.of(DayCounters.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    var pojoDue = TypeInformation.of(DueDay.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    assertThat(DayCountersSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(pojoDays).isCompatibleAfterMigration()).isTrue();
    assertThat(DueDaySerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(pojoDue).isCompatibleAfterMigration()).isTrue();
    assertThat(DayCountersSerializer.INSTANCE.snapshotConfiguration()
        .resolveSchemaCompatibility(DayCountersSerializer.INSTANCE.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
    assertThat(DueDaySerializer.INSTANCE.snapshotConfiguration()
        .resolveSchemaCompatibility(DueDaySerializer.INSTANCE.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
  }
}
