package vn.sla.jobs.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.Channel;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventType;

/** The records between operators survive their own serializers field for field, nulls included. */
class WireSerializerTest {
  static <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(value, out);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  static String maybe(Random r, String s) {
    return r.nextInt(4) == 0 ? null : s + r.nextInt(1000) + (r.nextBoolean() ? "Hồ sơ đất đai" : "");
  }

  @Test
  void theFlinkTypeOfEachRecordIsItsOwnSerializer() {
    assertThat(TypeInformation.of(InputEvent.class).createSerializer(new SerializerConfigImpl())).isSameAs(InputEventSerializer.INSTANCE);
    assertThat(TypeInformation.of(UnitChange.class).createSerializer(new SerializerConfigImpl())).isSameAs(UnitChangeSerializer.INSTANCE);
  }

  @Test
  void inputEventsRoundTrip() throws Exception {
    Random r = new Random(5);
    for (int i = 0; i < 2000; i++) {
      InputEvent in = new InputEvent();
      if (r.nextInt(10) > 0) {
        DossierEvent e = new DossierEvent();
        e.eventId = maybe(r, "e");
        e.dossierId = maybe(r, "d");
        e.type = r.nextInt(5) == 0 ? null : EventType.values()[r.nextInt(EventType.values().length)];
        e.occurredAt = r.nextLong();
        e.unitId = maybe(r, "u");
        e.toUnitId = maybe(r, "t");
        e.field = maybe(r, "f");
        e.procedureCode = maybe(r, "p");
        e.channel = r.nextInt(3) == 0 ? null : Channel.values()[r.nextInt(Channel.values().length)];
        e.dueAt = r.nextBoolean() ? null : r.nextLong();
        e.reason = maybe(r, "r");
        in.event = e;
      }
      if (r.nextBoolean()) {
        in.raw = new byte[r.nextInt(50)];
        r.nextBytes(in.raw);
      }
      in.origin = maybe(r, "events/0/");
      in.late = r.nextBoolean();
      in.progress = r.nextLong();
      in.now = r.nextLong();
      InputEvent out = roundTrip(InputEventSerializer.INSTANCE, in);
      assertThat(out).usingRecursiveComparison().isEqualTo(in);
      assertThat(InputEventSerializer.INSTANCE.copy(in)).usingRecursiveComparison().isEqualTo(in).isNotSameAs(in);
    }
  }

  @Test
  void unitChangesRoundTrip() throws Exception {
    Random r = new Random(6);
    for (int i = 0; i < 2000; i++) {
      UnitChange c = new UnitChange("xa-" + i + (i % 2 == 0 ? "|đất-đai" : ""), 1 + r.nextInt(3));
      int n = r.nextInt(12);
      for (int k = 0; k < n; k++) c.add(Kind.values()[r.nextInt(Kind.values().length)], r.nextInt(), r.nextLong(), r.nextLong());
      c.trimmed();
      UnitChange out = roundTrip(UnitChangeSerializer.INSTANCE, c);
      assertThat(out.toString()).isEqualTo(c.toString());
      assertThat(out.kinds).isEqualTo(c.kinds);
      assertThat(out.days).isEqualTo(c.days);
      assertThat(out.dues).isEqualTo(c.dues);
      assertThat(out.counts).isEqualTo(c.counts);
    }
  }
}
