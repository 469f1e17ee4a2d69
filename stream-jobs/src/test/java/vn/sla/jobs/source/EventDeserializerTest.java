package vn.sla.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.testing.Scenario;

class EventDeserializerTest {
  static final byte[] EVENT = ("{\"eventId\":\"e1\",\"dossierId\":\"d1\",\"type\":\"RECEIVED\",\"occurredAt\":\"2026-11-30T08:00:00+07:00\","
      + "\"unitId\":\"xa-1a\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\"2026-12-03T17:00:00+07:00\"}")
      .getBytes(StandardCharsets.UTF_8);

  static ParsedRecord read(EventDeserializer d, int partition, long offset, byte[] value) throws Exception {
    List<ParsedRecord> out = new ArrayList<>();
    d.deserialize(new ConsumerRecord<>("dossier-events", partition, offset, "d1".getBytes(StandardCharsets.UTF_8), value),
        new Collector<>() {
          @Override
          public void collect(ParsedRecord r) {
            out.add(r);
          }

          @Override
          public void close() {}
        });
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void recordsBeforeTheStartupEndAreTheBacklog() throws Exception {
    // partition 0 had 10 records at start (offsets 0-9), partition 1 none
    EventDeserializer d = new EventDeserializer(new RecordParser(Scenario.registry()), Map.of(0, 10L, 1, 0L));
    ParsedRecord first = read(d, 0, 0, EVENT);
    assertThat(first.ok).isNotNull();
    assertThat(first.backlog).isTrue();
    assertThat(read(d, 0, 8, EVENT).backlog).isTrue();
    assertThat(read(d, 0, 9, EVENT).backlog).as("the last record of the backlog: caught up").isFalse();
    assertThat(read(d, 0, 10, EVENT).backlog).isFalse();
    assertThat(read(d, 1, 0, EVENT).backlog).isFalse();
    assertThat(read(d, 2, 0, EVENT).backlog).as("a partition added later").isFalse();
    ParsedRecord bad = read(d, 0, 3, "not json".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.bad).isNotNull();
    assertThat(bad.backlog).as("a bad record in the backlog still says where the input is").isTrue();
  }
}
