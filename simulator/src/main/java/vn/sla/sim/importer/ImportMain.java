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
      + "[--units=units.csv] [--zone=Asia/Ho_Chi_Minh] [--dry-run]";

  private ImportMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.console() != null));
  }

  static int run(String[] args, PrintStream out, boolean terminal) {
    String file = null;
    String bootstrap = "localhost:9092";
    String topic = "dossier-events";
    String units = "deploy/units-sample.csv";
    String zoneName = SlaRules.DEFAULT_ZONE.getId();
    boolean dryRun = false;
    for (String a : args) {
      if (a.startsWith("--bootstrap=")) bootstrap = a.substring(12);
      else if (a.startsWith("--topic=")) topic = a.substring(8);
      else if (a.startsWith("--units=")) units = a.substring(8);
      else if (a.startsWith("--zone=")) zoneName = a.substring(7);
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
    out.println("importing " + file + " (" + size + " bytes)" + (dryRun ? "" : " to " + topic + " at " + bootstrap));
    Importer importer = new Importer(registry, zone, Clock.systemUTC(), out, terminal, terminal ? 500 : 5000);
    try (InputStream in = Files.newInputStream(path)) {
      Importer.Summary s = importer.run(in, size, () -> new KafkaSink(bs, tp), dryRun);
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
    return p;
  }

  /** Events keyed by dossierId, so that a dossier's events stay in one partition and in order. */
  static final class KafkaSink implements Importer.Sink {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    KafkaSink(String bootstrap, String topic) {
      this.producer = new KafkaProducer<>(producerConfig(bootstrap));
      this.topic = topic;
      // Fails within max.block.ms when the broker cannot be reached, before any row is read.
      try {
        producer.partitionsFor(topic);
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw e;
      }
    }

    @Override
    public void send(RegisterMapper.Event e) {
      producer.send(new ProducerRecord<>(topic, e.dossierId(), e.json()), (md, ex) -> {
        if (ex != null) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, ex.toString());
        }
      });
    }

    @Override
    public Importer.Failures finish() {
      producer.flush();
      return new Importer.Failures(failed.get(), firstError.get());
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(30));
    }
  }
}
