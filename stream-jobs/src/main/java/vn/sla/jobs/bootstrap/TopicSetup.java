package vn.sla.jobs.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.Topics;
import vn.sla.core.kafka.KafkaClients;
import vn.sla.jobs.JobConfig;

/** The job's topics: created when missing, checked when they exist, and the events topic's end at start. */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /** Creates the input, dead-letter and output topics when missing. */
  public static void ensure(JobConfig c) throws InterruptedException {
    try (Admin admin = Admin.create(KafkaClients.base(c.bootstrap))) {
      Map<String, String> compacted = Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000",
          TopicConfig.SEGMENT_MS_CONFIG, "3600000");
      List<NewTopic> wanted = wanted(c, compacted);
      Set<String> existing;
      try {
        existing = admin.listTopics().names().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot reach Kafka at " + c.bootstrap + ": " + e.getCause().getMessage(), e);
      }
      checkExisting(admin, wanted, existing);
      Set<String> appeared = new java.util.HashSet<>();
      for (NewTopic t : wanted) {
        if (existing.contains(t.name())) continue;
        try {
          admin.createTopics(List.of(t)).all().get();
          LOG.info("Created topic {}", t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
          }
          appeared.add(t.name()); // created meanwhile (another start, or not yet listed): its settings count too
        }
      }
      checkExisting(admin, wanted, appeared);
    }
  }

  /** The topics the job creates when missing, with --event-partitions and --replication. */
  static List<NewTopic> wanted(JobConfig c, Map<String, String> compacted) {
    short r = c.replication;
    List<NewTopic> wanted = new ArrayList<>();
    wanted.add(replicated(new NewTopic(c.eventsTopic, c.eventPartitions, r), r, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    wanted.add(replicated(new NewTopic(c.dlqTopic, 1, r), r, Map.of()));
    wanted.add(replicated(new NewTopic(c.figuresTopic, 1, r), r, compacted));
    wanted.add(replicated(new NewTopic(c.statusTopic, 2, r), r, compacted));
    wanted.add(replicated(new NewTopic(c.timelineTopic, 2, r), r, compacted));
    wanted.add(replicated(new NewTopic(c.alertRulesTopic, 1, r), r, compacted));
    wanted.add(replicated(new NewTopic(c.alertStateTopic, 1, r), r, compacted));
    // What the dashboards' alert delivery has sent (it never sends the same change twice); a month is plenty.
    wanted.add(replicated(new NewTopic(Topics.ALERT_DELIVERIES, 1, r), r, Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(30).toMillis()))));
    return wanted;
  }

  /** With more than one replica, a write waits for two of them (one broker may be down, none is lost). */
  private static NewTopic replicated(NewTopic t, short replication, Map<String, String> configs) {
    Map<String, String> all = new HashMap<>(configs);
    if (replication > 1) all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    return all.isEmpty() ? t : t.configs(all);
  }

  /**
   * A topic that exists already must have the settings the job relies on: the outputs read from
   * the beginning by every dashboard server compacted (else they grow forever and a server's
   * start-up with them), the events topic not compacted (compaction would keep one event per
   * dossier). A wrong one stops start-up, named, rather than run on it.
   */
  static void checkExisting(Admin admin, List<NewTopic> wanted, Set<String> existing) throws InterruptedException {
    List<ConfigResource> resources = new ArrayList<>();
    for (NewTopic t : wanted) {
      if (existing.contains(t.name())) resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
    }
    if (resources.isEmpty()) return;
    Map<ConfigResource, Config> configs;
    try {
      configs = admin.describeConfigs(resources).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the settings of the existing topics: " + e.getCause().getMessage(), e);
    }
    for (NewTopic t : wanted) {
      var config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
      if (config == null) continue;
      var entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      String policy = entry == null ? "delete" : entry.value();
      String wantedPolicy = t.configs() == null ? null : t.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
      boolean wantCompact = wantedPolicy != null && wantedPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
      boolean isCompact = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
      if (wantCompact && !isCompact) {
        throw new IllegalStateException("topic " + t.name() + " exists with cleanup.policy=" + policy + ", but it must be compacted "
            + "(cleanup.policy=compact): the dashboard servers read it from the beginning. Change it (kafka-configs.sh --alter "
            + "--entity-type topics --entity-name " + t.name() + " --add-config cleanup.policy=compact) or delete the topic");
      }
      if (!wantCompact && isCompact) {
        throw new IllegalStateException("topic " + t.name() + " exists with cleanup.policy=" + policy + ", but it must not be "
            + "compacted: compaction keeps only the last record of each key and would lose events");
      }
    }
  }

  /** The events topic's end offset per partition now; empty (no backlog known) when Kafka cannot say. */
  public static Map<Integer, Long> endOffsets(JobConfig c) {
    try (Admin admin = Admin.create(KafkaClients.base(c.bootstrap))) {
      var partitions = admin.describeTopics(List.of(c.eventsTopic)).allTopicNames().get().get(c.eventsTopic).partitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (var info : partitions) latest.put(new TopicPartition(c.eventsTopic, info.partition()), OffsetSpec.latest());
      Map<Integer, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, r) -> end.put(tp.partition(), r.offset()));
      LOG.info("The events topic ends at {} (records before that are the backlog to catch up on)", end);
      return end;
    } catch (ExecutionException e) {
      LOG.warn("Could not read the end offsets of {}: {}; a pause in the input will count as caught up", c.eventsTopic,
          e.getCause().getMessage());
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }
}
