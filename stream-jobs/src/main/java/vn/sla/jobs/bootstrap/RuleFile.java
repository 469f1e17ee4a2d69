package vn.sla.jobs.bootstrap;

import vn.sla.core.alerts.RuleSetRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.alerts.AlertRules;
import vn.sla.core.kafka.KafkaClients;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.JobConfig;

/** The alert rule file named by --alert-rules: validated at start and published to the rules topic. */
public final class RuleFile {
  private static final Logger LOG = LoggerFactory.getLogger(RuleFile.class);

  private RuleFile() {}

  /**
   * The rule file's text, validated against the registry; null when none is named.
   *
   * @throws IllegalArgumentException naming the file, when it cannot be read or is not a valid rule set
   */
  public static String read(JobConfig c, UnitRegistry registry) {
    if (c.alertRules == null) return null;
    try {
      String json = Files.readString(Path.of(c.alertRules));
      AlertRules.parse(json, registry);
      return json;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(c.alertRules + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes a validated rule set from a file; the job applies the newest one on the topic.
   * Rules edited in the dashboard carry the checksum of the file they replaced: when the file
   * is unchanged since, it is not published again, so the newer edit (the dashboard's) wins;
   * an edited file wins over older dashboard edits.
   */
  public static void publish(JobConfig c, String json) {
    String sha = sha256(json);
    String current = latestFileSha(c);
    if (sha.equals(current)) {
      LOG.info("The alert rules of {} are unchanged since published; the rules on {} stay in force", c.alertRules, c.alertRulesTopic);
      return;
    }
    Properties p = KafkaClients.base(c.bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (var producer = new KafkaProducer<String, String>(p)) {
      RuleSetRecord rules = new RuleSetRecord(json, "file " + (c.alertRules == null ? "" : c.alertRules), sha, 0);
      var rec = new ProducerRecord<String, String>(c.alertRulesTopic, RuleSetRecord.KEY, rules.json());
      rules.headers().forEach((name, value) -> rec.headers().add(name, value));
      producer.send(rec);
      producer.flush();
    }
    LOG.info("Published the alert rules of {} to {}", c.alertRules, c.alertRulesTopic);
  }

  /** The file checksum on the newest rule set of the topic, or null (no topic, no set, no checksum). */
  static String latestFileSha(JobConfig c) {
    Properties p = KafkaClients.base(c.bootstrap);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    try (var consumer = new KafkaConsumer<String, String>(p)) {
      var info = consumer.partitionsFor(c.alertRulesTopic, Duration.ofSeconds(10));
      if (info == null || info.isEmpty()) return null;
      var parts = info.stream().map(i -> new TopicPartition(c.alertRulesTopic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      String sha = null;
      long newest = Long.MIN_VALUE;
      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          RuleSetRecord rules = RuleSetRecord.read(r.key(), r.value(), name -> {
            var h = r.headers().lastHeader(name);
            return h == null ? null : h.value();
          }, r.timestamp());
          if (rules == null || r.timestamp() < newest) continue;
          newest = r.timestamp();
          sha = rules.fileSha256();
        }
      }
      return sha;
    } catch (RuntimeException e) {
      LOG.warn("Could not read {} ({}); publishing the rule file", c.alertRulesTopic, e.toString());
      return null;
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
