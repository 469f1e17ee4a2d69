package vn.sla.sim.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.sla.core.registry.RegistryException;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;

/**
 * {@code ./sla import FILE.csv}: a register export (import-csv.md) to dossier events on
 * Kafka. Exit 0 every row imported, 1 some refused, 2 the file (or the command line) cannot
 * be used at all, 3 events could not be delivered to Kafka.
 */
public final class ImportMain {
  static final String USAGE = "usage: import FILE.csv [--bootstrap=HOST:PORT] [--topic=dossier-events] "
      + "[--units=units.csv] [--zone=Asia/Ho_Chi_Minh] [--ledger-dir=DIR] [--dry-run]";

  private ImportMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.console() != null));
  }

  public static int run(String[] args, PrintStream out, boolean terminal) {
    String file = null;
    String bootstrap = "localhost:9092";
    String topic = "dossier-events";
    String units = "deploy/units-sample.csv";
    String zoneName = SlaRules.DEFAULT_ZONE.getId();
    boolean dryRun = false;
    Path ledgerDir = null;
    for (String a : args) {
      if (a.startsWith("--bootstrap=")) bootstrap = a.substring(12);
      else if (a.startsWith("--topic=")) topic = a.substring(8);
      else if (a.startsWith("--units=")) units = a.substring(8);
      else if (a.startsWith("--zone=")) zoneName = a.substring(7);
      else if (a.startsWith("--ledger-dir=")) ledgerDir = Path.of(a.substring(13));
      else if (a.equals("--dry-run")) dryRun = true;
      else if (a.startsWith("--") || file != null) {
        out.println("unknown argument '" + a + "'\n" + USAGE);
        return Importer.EXIT_UNREADABLE;
      } else file = a;
    }
    if (file == null) {
      out.println(USAGE);
      return Importer.EXIT_UNREADABLE;
    }
    ZoneId zone;
    UnitRegistry registry;
    try {
      zone = ZoneId.of(zoneName);
      registry = UnitRegistry.load(Path.of(units));
    } catch (java.time.DateTimeException e) {
      out.println("--zone: '" + zoneName + "' is not a time zone");
      return Importer.EXIT_UNREADABLE;
    } catch (RegistryException e) {
      out.println("the unit registry cannot be used: " + e.getMessage());
      return Importer.EXIT_UNREADABLE;
    }
    Path path = Path.of(file);
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      out.println("the file cannot be read: " + file + ": " + (Files.exists(path) ? e.getMessage() : "no such file"));
      return Importer.EXIT_UNREADABLE;
    }
    String bs = bootstrap;
    String tp = topic;
    Path ld = ledgerDir;
    out.println("importing " + file + " (" + size + " bytes)" + (dryRun ? "" : " to " + topic + " at " + bootstrap));
    Importer importer = new Importer(registry, zone, Clock.systemUTC(), out, terminal, terminal ? 500 : 5000);
    try (InputStream in = Files.newInputStream(path)) {
      Importer.Summary s = importer.run(in, size, () -> new KafkaSink(bs, tp, ld, out), dryRun);
      return s.exitCode();
    } catch (IOException e) {
      out.println("the file cannot be read: " + e.getMessage());
      return Importer.EXIT_UNREADABLE;
    } catch (Exception e) {
      out.println("not sent: Kafka at " + bootstrap + ": " + e);
      return Importer.EXIT_NOT_SENT;
    }
  }

  /** Producer settings: the shared client settings, no loss nor doubling by the client itself. */
  static Properties producerConfig(String bootstrap) {
    Properties p = vn.sla.sim.KafkaRunner.producerConfig(bootstrap, "sla-import");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    // A register is hundreds of thousands of similar JSON texts: compressed batches are about a
    // fifth of the bytes for the broker to take in, write and hand to the job, on the cores the
    // job digesting the same events needs.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
    return p;
  }

  /**
   * Events keyed by dossierId, so that a dossier's events stay in one partition and in order.
   * With a ledger directory, the events earlier imports delivered to this topic are not sent
   * again, and the ones the broker acknowledges are added to it (also when the import is
   * interrupted: the shutdown hook flushes and saves).
   */
  static final class KafkaSink implements Importer.Sink {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final ImportLedger ledger;
    private final Thread onExit;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    KafkaSink(String bootstrap, String topic, Path ledgerDir, PrintStream out) throws Exception {
      this.producer = new KafkaProducer<>(producerConfig(bootstrap));
      this.topic = topic;
      try {
        // Fails within max.block.ms when the broker cannot be reached, before any row is read.
        producer.partitionsFor(topic);
        ledger = ledgerDir == null ? null : ImportLedger.open(ledgerDir, topic, topicId(bootstrap, topic));
      } catch (Exception e) {
        producer.close(Duration.ZERO);
        throw e;
      }
      if (ledger != null && ledger.dossiers() > 0) {
        out.println("earlier imports to this topic delivered events of " + ledger.dossiers() + " dossiers (" + ledger.file()
            + "); those are not sent again");
      }
      onExit = new Thread(() -> {
        producer.flush();
        if (ledger != null) ledger.save();
      }, "import-ledger");
      Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** The topic's id: a topic deleted and created again is another topic, with an empty ledger. */
    private static String topicId(String bootstrap, String topic) throws Exception {
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
          vn.sla.core.kafka.KafkaClients.base(bootstrap))) {
        return admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, java.util.concurrent.TimeUnit.SECONDS)
            .get(topic).topicId().toString();
      }
    }

    @Override
    public boolean delivered(RegisterMapper.Event e) {
      return ledger != null && ledger.has(e.dossierId(), e.type());
    }

    @Override
    public void send(RegisterMapper.Event e) {
      producer.send(new ProducerRecord<>(topic, e.dossierId(), e.json()), (md, ex) -> {
        if (ex != null) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, ex.toString());
        } else if (ledger != null) {
          ledger.delivered(e.dossierId(), e.type());
        }
      });
    }

    @Override
    public Importer.Failures finish() {
      producer.flush();
      if (ledger != null) ledger.save();
      return new Importer.Failures(failed.get(), firstError.get());
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        return; // shutting down: the hook flushes and saves; closing here would race it
      }
      producer.close(Duration.ofSeconds(30));
    }
  }
}
