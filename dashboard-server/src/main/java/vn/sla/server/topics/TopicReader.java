package vn.sla.server.topics;

import vn.sla.core.kafka.KafkaClients;

import vn.sla.core.alerts.RuleSetRecord;

import vn.sla.server.ServerConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.DossierStatus;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.core.figures.UnitFigures;

/**
 * Reads the job's compacted topics from the beginning on its own thread (no consumer group:
 * every server instance holds everything), and marks the store ready once it has caught up
 * with the end offsets it saw at start. A broker outage of any length does not end it: it
 * keeps the figures it has (their asOf says how old), says so once in the log and in
 * /health, and reads on from where it was once the broker answers.
 */
public final class TopicReader implements Runnable, AutoCloseable, Liveness {
  /** Its name in /health and /metrics. */
  public static final String NAME = "topicReader";
  private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

  private final ServerConfig config;
  private final FiguresStore store;
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private final LoopWatch loop;

  public TopicReader(ServerConfig config, FiguresStore store) {
    this.config = config;
    this.store = store;
    Properties p = KafkaClients.base(config.bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // During an outage, a reconnection try every 10 s at most: a quieter log, the same recovery.
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    // Looking for a topic must never create it (with the broker's defaults, not compacted).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
    this.thread = new Thread(this, "topic-reader");
    this.loop = new LoopWatch(thread, NAME, "topic reader",
        "the figures shown stay as they are (their asOf tells how old) until it does");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Records of the output topics not read yet, measured every few seconds. */
  @Override
  public long lag() {
    return loop.unread();
  }

  @Override
  public LoopWatch loop() {
    return loop;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> parts = null;
      Map<TopicPartition, Long> end = null;
      while (running) {
        try {
          if (parts == null) {
            List<TopicPartition> found = waitForPartitions();
            consumer.assign(found);
            consumer.seekToBeginning(found);
            parts = found;
          }
          if (end == null) {
            end = new HashMap<>(consumer.endOffsets(parts, Duration.ofSeconds(10)));
            LOG.info("Rebuilding from {} up to {}", parts, end);
          }
          if (!store.isReady()) checkCaughtUp(end);
          var records = consumer.poll(Duration.ofMillis(200));
          loop.looped();
          for (ConsumerRecord<String, String> r : records) apply(r);
          loop.measureLag(consumer, parts);
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          unreachable(e);
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      LOG.error("Topic reader failed", e);
    } finally {
      consumer.close();
    }
  }

  /** The broker does not answer: keep what we have, say so once, try again in a second. */
  private void unreachable(KafkaException e) {
    loop.unreachable(e);
    try {
      Thread.sleep(1000);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void checkCaughtUp(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) return;
    }
    if (!store.isReady()) {
      LOG.info("Caught up: {} open dossiers", store.openDossiers());
      store.markReady();
    }
  }

  private List<TopicPartition> waitForPartitions() {
    List<TopicPartition> parts = new ArrayList<>();
    // The alert topic is optional (a job without alerting does not create it).
    List<PartitionInfo> alertParts = consumer.partitionsFor(config.alertTopic, Duration.ofSeconds(5));
    if (alertParts != null) for (PartitionInfo pi : alertParts) parts.add(new TopicPartition(config.alertTopic, pi.partition()));
    List<PartitionInfo> ruleParts = consumer.partitionsFor(config.alertRulesTopic, Duration.ofSeconds(5));
    if (ruleParts != null) for (PartitionInfo pi : ruleParts) parts.add(new TopicPartition(config.alertRulesTopic, pi.partition()));
    List<String> required = List.of(config.figuresTopic, config.statusTopic);
    for (String topic : required) {
      while (running) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (info != null && !info.isEmpty()) {
          for (PartitionInfo pi : info) parts.add(new TopicPartition(topic, pi.partition()));
          break;
        }
        LOG.info("Waiting for topic {}", topic);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return parts;
        }
      }
    }
    // The timeline topic is created with the others, just after them; a job of an older version has none (no
    // dossier is then findable): a few seconds for it, no more.
    for (int attempt = 0; attempt < 10 && running; attempt++) {
      List<PartitionInfo> timelineParts = consumer.partitionsFor(config.timelineTopic, Duration.ofSeconds(5));
      if (timelineParts != null && !timelineParts.isEmpty()) {
        for (PartitionInfo pi : timelineParts) parts.add(new TopicPartition(config.timelineTopic, pi.partition()));
        break;
      }
      if (attempt == 9) LOG.warn("No topic {}: dossiers cannot be looked up (a job of an earlier version?)", config.timelineTopic);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return parts;
      }
    }
    return parts;
  }

  private void apply(ConsumerRecord<String, String> r) {
    try {
      if (r.topic().equals(config.figuresTopic)) {
        if (r.value() == null) return;
        if (Topics.CLOCK_KEY.equals(r.key())) {
          ClockTick t = Json.read(r.value(), ClockTick.class);
          store.putClock(t);
        } else {
          store.putFigures(Json.read(r.value(), UnitFigures.class));
        }
      } else if (r.topic().equals(config.alertRulesTopic)) {
        RuleSetRecord rules = RuleSetRecord.read(r.key(), r.value(), name -> {
          var h = r.headers().lastHeader(name);
          return h == null ? null : h.value();
        }, r.timestamp());
        if (rules != null) store.putAlertRules(rules);
      } else if (r.topic().equals(config.timelineTopic)) {
        store.putTimeline(r.key(), r.value());
      } else if (r.topic().equals(config.alertTopic)) {
        store.putAlert(r.key(), r.value() == null ? null : Json.read(r.value(), vn.sla.core.alerts.AlertEvent.class));
      } else {
        store.putDossier(r.key(), r.value() == null ? null : Json.read(r.value(), DossierStatus.class));
      }
    } catch (RuntimeException e) {
      LOG.warn("Skipping unreadable record {}/{}/{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }


  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
