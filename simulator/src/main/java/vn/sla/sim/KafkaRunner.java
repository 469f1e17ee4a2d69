package vn.sla.sim;

import vn.sla.core.kafka.KafkaClients;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;

/**
 * Sends the simulated province to Kafka: a backfill of history into an empty topic as fast
 * as the broker takes it, then live, each record when the simulated clock reaches it.
 *
 * <p>When the topic already has data the backfill is skipped. If that data was written by
 * this simulator with the same seed and registry (its first receipt is one this generator
 * produces), the run picks up where the topic stops: open dossiers go on and the time the
 * simulator was down is caught up, so a stop and start of the demo leaves no dossier stuck
 * half-way. Otherwise only new dossiers are simulated, from now.
 *
 * <p>With {@code --live-every-day}, dossiers received from the start instant on are live
 * ({@link LiveWindows}): intake every day 06:00-22:00. The backfill is the same as without
 * the flag. The live spans go with every record as a header, so a later run continues the
 * same dossiers; a run that neither has the flag nor finds such a header sends exactly what
 * it sent before the flag existed, without a header.
 */
public final class KafkaRunner {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRunner.class);
  private static final ZoneId ZONE = SlaRules.DEFAULT_ZONE;
  private static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for a broker that is still starting. */
  private static final Duration BROKER_WAIT = Duration.ofMinutes(3);

  private final SimOptions options;
  private final UnitRegistry registry;
  private final Clock clock;
  private final RecordCounter sent = new RecordCounter();
  private final AtomicLong failed = new AtomicLong();
  private KafkaProducer<String, String> producer;
  /** The live spans of this run, and the header that carries them (none without spans). */
  private LiveWindows live = LiveWindows.NONE;
  private List<Header> headers = List.of();

  KafkaRunner(SimOptions options, UnitRegistry registry, Clock clock) {
    this.options = options;
    this.registry = registry;
    this.clock = clock;
  }

  /** Runs until {@code stop} is counted down; returns the exit code. */
  int run(CountDownLatch stop) throws InterruptedException {
    TopicProbe.State topic = probe(stop);
    if (topic == null) return stop.getCount() == 0 ? 0 : 1;
    producer = new KafkaProducer<>(producerConfig());
    try {
      long now = clock.millis();
      EventGenerator gen;
      if (topic.empty()) {
        long from = now - Duration.ofDays(options.backfillDays()).toMillis();
        gen = forEmptyTopic(options, registry, now);
        useLive(gen.live());
        if (options.backfillDays() > 0) {
          if (!backfill(gen, from, now, stop)) return 0;
        } else {
          LOG.info("topic '{}' is empty; --backfill-days=0, starting live from now", options.topic());
        }
      } else {
        gen = resume(topic, now, stop);
        if (gen == null) return 0;
      }
      live(gen, now, stop);
      return 0;
    } finally {
      LOG.info("flushing and closing the producer");
      producer.flush();
      producer.close(Duration.ofSeconds(10));
      LOG.info("stopped: sent {} records in all ({}), {} failed", sent.total(), sent.describe(), failed.get());
    }
  }

  /**
   * The generator for an empty topic: history from {@code --backfill-days} before
   * {@code now}; with {@code --live-every-day}, dossiers received from {@code now} on are live.
   */
  static EventGenerator forEmptyTopic(SimOptions options, UnitRegistry registry, long now) {
    long from = now - Duration.ofDays(options.backfillDays()).toMillis();
    LiveWindows live = options.liveEveryDay() ? LiveWindows.from(now) : LiveWindows.NONE;
    return new EventGenerator(registry, options.generatorSettings(), from, Long.MAX_VALUE, from, live);
  }

  private Properties producerConfig() {
    return producerConfig(options.bootstrap(), "sla-simulator");
  }

  /** Producer settings of the simulator and the import: the shared client settings, batching, no loss nor doubling by the client. */
  public static Properties producerConfig(String bootstrap, String clientId) {
    Properties p = KafkaClients.base(bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // Nothing may be lost or doubled by the client itself: the only duplicates are the ones
    // the simulator sends on purpose.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Batching for the backfill; live records are a few per second, 20 ms delay is unseen.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    return p;
  }

  /** Waits for the broker; null when it never answered or we were stopped. */
  private TopicProbe.State probe(CountDownLatch stop) throws InterruptedException {
    long deadline = System.nanoTime() + BROKER_WAIT.toNanos();
    while (true) {
      try {
        return TopicProbe.inspect(options.bootstrap(), options.topic(), PROBE_TIMEOUT);
      } catch (KafkaException e) {
        if (System.nanoTime() > deadline) {
          LOG.error("Kafka at {} did not answer for {} s: {}; giving up", options.bootstrap(), BROKER_WAIT.toSeconds(), e.toString());
          return null;
        }
        LOG.warn("waiting for Kafka at {}: {}", options.bootstrap(), e.toString());
        if (stop.await(2, TimeUnit.SECONDS)) return null;
      }
    }
  }

  /** Writes history from {@code from} to {@code now}; false when stopped half-way. */
  private boolean backfill(EventGenerator gen, long from, long now, CountDownLatch stop) throws InterruptedException {
    LOG.info("topic '{}' is empty: backfilling {} days of history, {} to {}", options.topic(), options.backfillDays(),
        EventJson.dateTime(from, ZONE), EventJson.dateTime(now, ZONE));
    long t0 = System.nanoTime();
    long nextLog = t0 + PROGRESS_EVERY.toNanos();
    // Hour by hour, so a stop request and the progress log are never far away.
    for (long t = from; t < now; ) {
      t = Math.min(now, t + Duration.ofHours(1).toMillis());
      gen.drainTo(t, this::send);
      if (stop.getCount() == 0) {
        LOG.info("stopped during the backfill at {}", EventJson.dateTime(t, ZONE));
        return false;
      }
      if (System.nanoTime() >= nextLog) {
        nextLog += PROGRESS_EVERY.toNanos();
        LOG.info("backfill {}%: up to {}, {} records, {} records/s", (int) (100.0 * (t - from) / (now - from)),
            EventJson.dateTime(t, ZONE), sent.total(), rate(sent.total(), t0));
      }
    }
    producer.flush();
    LOG.info("backfill done: {} records ({}) in {} s, {} records/s; {} send failures; the dossiers still open go on live",
        sent.total(), sent.describe(), String.format("%.1f", (System.nanoTime() - t0) / 1e9), rate(sent.total(), t0),
        failed.get());
    return true;
  }

  /** The generator for a topic that already has data (see the class comment). */
  private EventGenerator resume(TopicProbe.State topic, long now, CountDownLatch stop) {
    GeneratorSettings s = options.generatorSettings();
    Resumption r = Resumption.of(topic.firstValues(), topic.lastValues(), topic.liveHeader(), options.liveEveryDay(),
        registry, s, now);
    useLive(r.live());
    if (!r.ours()) {
      LOG.info("topic '{}' already has {} records, not recognisably written by this simulator with seed {} and this "
          + "registry: skipping the backfill, simulating new dossiers from now", options.topic(), topic.records(), s.seed());
      return new EventGenerator(registry, s, now, Long.MAX_VALUE, now, live);
    }
    long lastAt = r.emitFrom();
    LOG.info("topic '{}' already has {} records written by this simulator (seed {}), the last at {}: skipping the backfill; "
        + "its open dossiers go on{}", options.topic(), topic.records(), s.seed(), EventJson.dateTime(lastAt, ZONE),
        lastAt < now ? ", catching up from then to now" : ", nothing is sent before the simulated clock passes it");
    // Records at exactly lastAt are sent again: some may not have been sent, and the others
    // are exact re-sends, which the pipeline ignores.
    EventGenerator gen = new EventGenerator(registry, s, r.receivedFrom(), Long.MAX_VALUE, lastAt, live);
    long t0 = System.nanoTime();
    long before = sent.total();
    for (long t = Math.min(lastAt, now); t < now && stop.getCount() > 0; ) {
      t = Math.min(now, t + Duration.ofHours(1).toMillis());
      gen.drainTo(t, this::send);
    }
    if (stop.getCount() == 0) return null;
    // Plans the open dossiers up to now (sends nothing more when lastAt is ahead of now).
    gen.drainTo(now, this::send);
    producer.flush();
    if (lastAt < now) {
      LOG.info("caught up: {} records in {} s", sent.total() - before, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    return gen;
  }

  /**
   * Live: the simulated clock runs at {@code speed} from {@code start}; every record whose
   * send time the clock has reached goes out, never one ahead of it.
   */
  private void live(EventGenerator gen, long start, CountDownLatch stop) throws InterruptedException {
    // The clock started at `start`, before any backfill: the time the backfill took is
    // simulated too (caught up at once), as "simulated now = start + (wall - start) x speed".
    double speed = options.speed();
    LOG.info("live from {} at speed {}; {} dossiers in progress", EventJson.dateTime(start, ZONE), speed, gen.openDossiers());
    if (!live.isEmpty()) {
      LOG.info("live every day: dossiers received in {} come in every day, holidays included, {} to {} local",
          describe(live), LocalTime.ofSecondOfDay(LiveHours.OPEN), LocalTime.ofSecondOfDay(LiveHours.CLOSE));
    }
    long nextSummary = start + SUMMARY_EVERY.toMillis();
    RecordCounter atLastSummary = sent.copy();
    while (stop.getCount() > 0) {
      long wall = clock.millis();
      long simNow = simulatedNow(start, wall, speed);
      gen.drainTo(simNow, this::send);
      if (wall >= nextSummary) {
        nextSummary += SUMMARY_EVERY.toMillis();
        RecordCounter interval = sent.minus(atLastSummary);
        LOG.info("live at {}: last {} s sent {} records ({}); {} dossiers in progress; {} send failures in all",
            EventJson.dateTime(simNow, ZONE), SUMMARY_EVERY.toSeconds(), interval.total(), interval.describe(),
            gen.openDossiers(), failed.get());
        atLastSummary = sent.copy();
      }
      // Sleep until the next record is due in wall time, but wake at least every second for
      // the summary; a stop request wakes us at once.
      long next = gen.nextEmitAt();
      long waitMs = next == Long.MAX_VALUE ? 1000 : (long) Math.ceil((next - simNow) / speed);
      stop.await(Math.max(5, Math.min(1000, Math.min(waitMs, nextSummary - wall))), TimeUnit.MILLISECONDS);
    }
    LOG.info("stop requested at simulated {}", EventJson.dateTime(simulatedNow(start, clock.millis(), speed), ZONE));
  }

  static long simulatedNow(long start, long wall, double speed) {
    return start + (long) ((wall - start) * speed);
  }

  private void useLive(LiveWindows w) {
    live = w;
    headers = w.isEmpty() ? List.of()
        : List.of(new RecordHeader(LiveWindows.HEADER, w.format().getBytes(StandardCharsets.UTF_8)));
  }

  private static String describe(LiveWindows w) {
    StringBuilder b = new StringBuilder();
    for (LiveWindows.Span s : w.spans()) {
      if (b.length() > 0) b.append(", ");
      b.append(EventJson.dateTime(s.from(), ZONE)).append(" to ")
          .append(s.until() == Long.MAX_VALUE ? "the end" : EventJson.dateTime(s.until(), ZONE));
    }
    return b.toString();
  }

  private void send(SimRecord r) {
    // The record timestamp stays the send time: stamping backfilled records with their
    // occurredAt would let the broker's time-based retention delete them at once.
    try {
      ProducerRecord<String, String> record = headers.isEmpty()
          ? new ProducerRecord<>(options.topic(), r.key(), r.value())
          : new ProducerRecord<>(options.topic(), null, r.key(), r.value(), headers);
      producer.send(record, (meta, e) -> {
        if (e != null) failed(e);
      });
      sent.count(r);
    } catch (KafkaException e) {
      // The broker has been away longer than max.block.ms: the record is lost, the
      // simulation goes on (a demo should survive a broker restart).
      failed(e);
    }
  }

  private void failed(Exception e) {
    long n = failed.incrementAndGet();
    if (n == 1 || n % 1000 == 0) LOG.error("sending to '{}' failed ({} so far): {}", options.topic(), n, e.toString());
  }

  private static String rate(long n, long t0) {
    return String.format("%.0f", n / Math.max(1e-9, (System.nanoTime() - t0) / 1e9));
  }
}
