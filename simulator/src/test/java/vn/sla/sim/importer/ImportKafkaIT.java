package vn.sla.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.kafka.KafkaClients;
import vn.sla.core.registry.UnitRegistry;

/**
 * The command against a real broker: the sample register twice (the same event ids again, so
 * the job's de-duplication by eventId adds nothing), then a newer export (only the new event).
 */
class ImportKafkaIT {
  static final String TOPIC = "dossier-events";
  static final Path SAMPLE = Path.of("..", "deploy", "import-sample.csv");
  static final Path UNITS = Path.of("..", "deploy", "units-sample.csv");
  static KafkaClusterTestKit cluster;

  @BeforeAll
  static void broker() throws Exception {
    cluster = new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    try (Admin admin = Admin.create(KafkaClients.base(cluster.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) cluster.close();
  }

  static int importFile(Path file, ByteArrayOutputStream bytes, String... more) {
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of(file.toString(), "--bootstrap=" + cluster.bootstrapServers(), "--units=" + UNITS));
    args.addAll(List.of(more));
    return ImportMain.run(args.toArray(String[]::new), out, false);
  }

  static List<ConsumerRecord<String, String>> readAll() {
    return readAll(TOPIC);
  }

  static List<ConsumerRecord<String, String>> readAll(String topic) {
    Properties p = KafkaClients.base(cluster.bootstrapServers());
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) c.poll(Duration.ofMillis(200)).forEach(out::add);
      return out;
    }
  }

  @Test
  void twiceTheSameEventsThenOnlyWhatANewerExportAdds(@TempDir Path dir) throws Exception {
    EventParser parser = new EventParser(UnitRegistry.load(UNITS)::contains);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    assertThat(importFile(SAMPLE, first)).isEqualTo(Importer.EXIT_SOME_REFUSED);
    assertThat(first.toString(StandardCharsets.UTF_8))
        .contains("summary: rows read 16, rows imported 10, events sent 24, rows refused 6");
    List<ConsumerRecord<String, String>> once = readAll();
    assertThat(once).hasSize(24);
    Map<String, List<EventType>> typesByDossier = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<String, String> r : once) {
      var parsed = parser.parse(r.value());
      assertThat(parsed.isOk()).as(r.value()).isTrue();
      DossierEvent e = parsed.event();
      assertThat(r.key()).isEqualTo(e.dossierId);
      assertThat(ids.add(e.eventId)).isTrue();
      typesByDossier.computeIfAbsent(e.dossierId, k -> new ArrayList<>()).add(e.type);
    }
    // Keyed by dossier: one partition each, so its events arrive in lifecycle order.
    assertThat(typesByDossier.get("000.00.22.H01-261001-0002"))
        .containsExactly(EventType.RECEIVED, EventType.APOLOGY_ISSUED, EventType.COMPLETED, EventType.RETURNED);
    assertThat(typesByDossier).hasSize(10);

    assertThat(importFile(SAMPLE, new ByteArrayOutputStream())).isEqualTo(Importer.EXIT_SOME_REFUSED);
    List<ConsumerRecord<String, String>> twice = readAll();
    assertThat(twice).hasSize(48);
    Set<String> idsAfterSecond = new HashSet<>();
    for (ConsumerRecord<String, String> r : twice) idsAfterSecond.add(parser.parse(r.value()).event().eventId);
    assertThat(idsAfterSecond).isEqualTo(ids);

    // A newer export: the open dossier 0003 has since been completed.
    String newer = Files.readString(SAMPLE, StandardCharsets.UTF_8).replace(
        "20/11/2026 14:00;04/12/2026;;;;;;;", "20/11/2026 14:00;04/12/2026;;;01/12/2026 10:00;;;;");
    assertThat(newer).isNotEqualTo(Files.readString(SAMPLE, StandardCharsets.UTF_8));
    Path newerFile = dir.resolve("newer.csv");
    Files.writeString(newerFile, newer, StandardCharsets.UTF_8);
    assertThat(importFile(newerFile, new ByteArrayOutputStream())).isEqualTo(Importer.EXIT_SOME_REFUSED);
    List<DossierEvent> fresh = new ArrayList<>();
    for (ConsumerRecord<String, String> r : readAll()) {
      DossierEvent e = parser.parse(r.value()).event();
      if (!ids.contains(e.eventId)) fresh.add(e);
    }
    assertThat(fresh).hasSize(1);
    assertThat(fresh.get(0).dossierId).isEqualTo("000.00.01.H01-261120-0003");
    assertThat(fresh.get(0).type).isEqualTo(EventType.COMPLETED);
  }

  /**
   * With the ledger (as ./sla import runs it), a second import sends nothing and a newer export
   * only its new event, whatever the job still remembers; a topic created again starts afresh.
   */
  @Test
  void theLedgerSendsOnlyWhatNoEarlierImportDelivered(@TempDir Path dir) throws Exception {
    String topic = "ledger-events";
    try (Admin admin = Admin.create(KafkaClients.base(cluster.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    Path ledgers = dir.resolve("import");
    String[] args = {"--topic=" + topic, "--ledger-dir=" + ledgers};
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    assertThat(importFile(SAMPLE, first, args)).isEqualTo(Importer.EXIT_SOME_REFUSED);
    assertThat(first.toString(StandardCharsets.UTF_8)).contains("events sent 24,").doesNotContain("not sent again");
    assertThat(readAll(topic)).hasSize(24);

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    assertThat(importFile(SAMPLE, second, args)).isEqualTo(Importer.EXIT_SOME_REFUSED);
    assertThat(second.toString(StandardCharsets.UTF_8))
        .contains("earlier imports to this topic delivered events of 10 dossiers")
        .contains("rows imported 10, events sent 0,")
        .contains("not sent again: 24 events");
    assertThat(readAll(topic)).hasSize(24);

    String newer = Files.readString(SAMPLE, StandardCharsets.UTF_8).replace(
        "20/11/2026 14:00;04/12/2026;;;;;;;", "20/11/2026 14:00;04/12/2026;;;01/12/2026 10:00;;;;");
    Path newerFile = dir.resolve("newer.csv");
    Files.writeString(newerFile, newer, StandardCharsets.UTF_8);
    ByteArrayOutputStream third = new ByteArrayOutputStream();
    importFile(newerFile, third, args);
    assertThat(third.toString(StandardCharsets.UTF_8)).contains("events sent 1,").contains("not sent again: 24 events");
    List<ConsumerRecord<String, String>> all = readAll(topic);
    assertThat(all).hasSize(25);
    assertThat(all.stream().filter(r -> r.value().contains("\"COMPLETED\"") && r.key().equals("000.00.01.H01-261120-0003")))
        .hasSize(1);

    // The topic deleted and created again (./sla reset does this with the whole Kafka log): another topic id, no ledger.
    try (Admin admin = Admin.create(KafkaClients.base(cluster.bootstrapServers()))) {
      admin.deleteTopics(List.of(topic)).all().get();
      long deadline = System.currentTimeMillis() + 60_000;
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          // the deletion is still under way
          if (System.currentTimeMillis() > deadline) throw e;
          Thread.sleep(200);
        }
      }
    }
    ByteArrayOutputStream fourth = new ByteArrayOutputStream();
    importFile(newerFile, fourth, args);
    assertThat(fourth.toString(StandardCharsets.UTF_8)).contains("events sent 25,").doesNotContain("not sent again");
  }
}
