package vn.sla.jobs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.alerts.AlertRules;
import vn.sla.core.figures.Topics;
import vn.sla.core.registry.RegistryException;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.sink.InfluxSink;
import vn.sla.jobs.sink.KafkaOutSerializer;
import vn.sla.jobs.source.EventDeserializer;
import vn.sla.jobs.source.RecordParser;

/**
 * Runs the SLA job on Kafka and InfluxDB. Started with plain {@code java} it runs in a local
 * MiniCluster and resumes from the newest retained checkpoint under --checkpoint-dir; the
 * same jar (the "cluster" classifier) can be submitted to a Flink cluster unchanged.
 */
public final class SlaJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(SlaJobMain.class);

  public static void main(String[] args) throws Exception {
    JobConfig config;
    UnitRegistry registry;
    try {
      config = JobConfig.parse(args);
      registry = UnitRegistry.load(Path.of(config.units));
    } catch (IllegalArgumentException | RegistryException e) {
      System.err.println("sla-job: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Unit registry {}: {} units, roots {}", config.units, registry.size(), registry.roots());
    String ruleFile = null;
    if (config.alertRules != null) {
      try {
        ruleFile = Files.readString(Path.of(config.alertRules));
        AlertRules.parse(ruleFile, registry);
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("sla-job: " + config.alertRules + ": " + e.getMessage());
        System.exit(2);
        return;
      }
    }
    try {
      ensureTopics(config);
      if (ruleFile != null) publishRules(config, ruleFile);
      ensureDatabase(config);
    } catch (IllegalStateException e) {
      System.err.println("sla-job: " + e.getMessage());
      System.exit(2);
      return;
    }

    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
    Path checkpoints = checkpointsOf(config);
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toAbsolutePath().toUri().toString());
    flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    if (config.restPort > 0) {
      flink.set(RestOptions.PORT, config.restPort);
      flink.set(RestOptions.BIND_PORT, String.valueOf(config.restPort));
      flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    }
    latestCheckpoint(checkpoints).ifPresent(p -> {
      LOG.info("Resuming from checkpoint {}", p);
      flink.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
    });

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setParallelism(config.parallelism);

    buildOnKafka(env, config, registry, WallClock.SYSTEM);
    env.execute("sla-job");
  }

  /** Wires the job to Kafka and InfluxDB as configured; the wall clock is a parameter for tests. */
  public static void buildOnKafka(StreamExecutionEnvironment env, JobConfig config, UnitRegistry registry, WallClock clock) {
    KafkaSource<vn.sla.jobs.records.ParsedRecord> source =
        KafkaSource.<vn.sla.jobs.records.ParsedRecord>builder()
            .setBootstrapServers(config.bootstrap)
            .setTopics(config.eventsTopic)
            .setGroupId(config.groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new EventDeserializer(new RecordParser(registry), endOffsets(config)))
            .setProperty("partition.discovery.interval.ms", "60000")
            .build();
    SlaJob.Sinks sinks =
        new SlaJob.Sinks(
            kafkaSink(config, config.figuresTopic),
            kafkaSink(config, config.statusTopic),
            kafkaSink(config, config.dlqTopic),
            new InfluxSink(config.influxUrl, config.influxDb, 5000, 500));
    // One source reader: the watermark is "now" of the whole input, and lateness is measured
    // against the newest occurredAt of the whole input, as the contract says.
    SlaJob job = new SlaJob(config, registry,
        strategy -> env.fromSource(source, strategy, "Dossier events").uid("kafka-source").setParallelism(1),
        sinks, clock);
    if (config.alerts) {
      KafkaSource<String> rules = KafkaSource.<String>builder()
          .setBootstrapServers(config.bootstrap)
          .setTopics(config.alertRulesTopic)
          .setGroupId(config.groupId + "-rules")
          .setStartingOffsets(OffsetsInitializer.earliest())
          .setValueOnlyDeserializer(new org.apache.flink.api.common.serialization.SimpleStringSchema())
          .build();
      job.withAlerts(strategy -> env.fromSource(rules, strategy, "Alert rules").uid("alert-rules-source").setParallelism(1),
          kafkaSink(config, config.alertStateTopic));
    }
    job.build(env);
  }

  /**
   * Publishes a validated rule set from a file; the job applies the newest one on the topic.
   * Rules edited in the dashboard carry the checksum of the file they replaced: when the file
   * is unchanged since, it is not published again, so the newer edit (the dashboard's) wins;
   * an edited file wins over older dashboard edits.
   */
  public static void publishRules(JobConfig c, String json) {
    String sha = sha256(json);
    String current = latestRulesFileSha(c);
    if (sha.equals(current)) {
      LOG.info("The alert rules of {} are unchanged since published; the rules on {} stay in force", c.alertRules, c.alertRulesTopic);
      return;
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", c.bootstrap);
    p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    p.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
      var rec = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(c.alertRulesTopic, Topics.RULES_KEY, json);
      rec.headers().add(Topics.RULES_BY, ("file " + (c.alertRules == null ? "" : c.alertRules)).getBytes(StandardCharsets.UTF_8));
      rec.headers().add(Topics.RULES_FILE_SHA, sha.getBytes(StandardCharsets.UTF_8));
      producer.send(rec);
      producer.flush();
    }
    LOG.info("Published the alert rules of {} to {}", c.alertRules, c.alertRulesTopic);
  }

  /** The file checksum on the newest rule set of the topic, or null (no topic, no set, no checksum). */
  static String latestRulesFileSha(JobConfig c) {
    Properties p = new Properties();
    p.put("bootstrap.servers", c.bootstrap);
    p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    p.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p)) {
      var info = consumer.partitionsFor(c.alertRulesTopic, java.time.Duration.ofSeconds(10));
      if (info == null || info.isEmpty()) return null;
      var parts = info.stream().map(i -> new org.apache.kafka.common.TopicPartition(c.alertRulesTopic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      String sha = null;
      long newest = Long.MIN_VALUE;
      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
          if (!Topics.RULES_KEY.equals(r.key()) || r.timestamp() < newest) continue;
          newest = r.timestamp();
          var h = r.headers().lastHeader(Topics.RULES_FILE_SHA);
          sha = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KafkaSink<KafkaOut> kafkaSink(JobConfig config, String topic) {
    Properties p = new Properties();
    p.setProperty("linger.ms", "5");
    p.setProperty("compression.type", "lz4");
    return KafkaSink.<KafkaOut>builder()
        .setBootstrapServers(config.bootstrap)
        .setRecordSerializer(new KafkaOutSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(p)
        .build();
  }

  /** The events topic's end offset per partition now; empty (no backlog known) when Kafka cannot say. */
  static Map<Integer, Long> endOffsets(JobConfig c) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap);
    try (Admin admin = Admin.create(p)) {
      var partitions = admin.describeTopics(List.of(c.eventsTopic)).allTopicNames().get().get(c.eventsTopic).partitions();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
      for (var info : partitions) {
        latest.put(new org.apache.kafka.common.TopicPartition(c.eventsTopic, info.partition()),
            org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      Map<Integer, Long> end = new java.util.HashMap<>();
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

  /** Creates the input, dead-letter and output topics when missing. */
  public static void ensureTopics(JobConfig c) throws InterruptedException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap);
    try (Admin admin = Admin.create(p)) {
      Map<String, String> compacted = Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000",
          TopicConfig.SEGMENT_MS_CONFIG, "3600000");
      List<NewTopic> wanted = new ArrayList<>();
      wanted.add(new NewTopic(c.eventsTopic, c.eventPartitions, (short) 1)
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
      wanted.add(new NewTopic(c.dlqTopic, 1, (short) 1));
      wanted.add(new NewTopic(c.figuresTopic, 1, (short) 1).configs(compacted));
      wanted.add(new NewTopic(c.statusTopic, 2, (short) 1).configs(compacted));
      wanted.add(new NewTopic(c.alertRulesTopic, 1, (short) 1).configs(compacted));
      wanted.add(new NewTopic(c.alertStateTopic, 1, (short) 1).configs(compacted));
      // What the dashboards' alert delivery has sent (it never sends the same change twice); a month is plenty.
      wanted.add(new NewTopic(Topics.ALERT_DELIVERIES, 1, (short) 1).configs(Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, String.valueOf(java.time.Duration.ofDays(30).toMillis()))));
      Set<String> existing;
      try {
        existing = admin.listTopics().names().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot reach Kafka at " + c.bootstrap + ": " + e.getCause().getMessage(), e);
      }
      checkExisting(admin, wanted, existing);
      for (NewTopic t : wanted) {
        if (existing.contains(t.name())) continue;
        try {
          admin.createTopics(List.of(t)).all().get();
          LOG.info("Created topic {}", t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    }
  }

  /**
   * A topic that exists already must have the settings the job relies on: the outputs read from
   * the beginning by every dashboard server compacted (else they grow forever and a server's
   * start-up with them), the events topic not compacted (compaction would keep one event per
   * dossier). A wrong one stops start-up, named, rather than run on it.
   */
  static void checkExisting(Admin admin, List<NewTopic> wanted, Set<String> existing) throws InterruptedException {
    List<org.apache.kafka.common.config.ConfigResource> resources = new ArrayList<>();
    for (NewTopic t : wanted) {
      if (existing.contains(t.name())) {
        resources.add(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t.name()));
      }
    }
    if (resources.isEmpty()) return;
    Map<org.apache.kafka.common.config.ConfigResource, org.apache.kafka.clients.admin.Config> configs;
    try {
      configs = admin.describeConfigs(resources).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the settings of the existing topics: " + e.getCause().getMessage(), e);
    }
    for (NewTopic t : wanted) {
      var config = configs.get(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t.name()));
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

  public static void ensureDatabase(JobConfig c) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String q = URLEncoder.encode("CREATE DATABASE \"" + c.influxDb + "\"", StandardCharsets.UTF_8);
    HttpRequest req = HttpRequest.newBuilder(URI.create(c.influxUrl + "/query?q=" + q))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot create InfluxDB database " + c.influxDb + ": " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * The state's layout: checkpoints of another layout cannot be restored, so each layout has
   * its own folder. Starting without a checkpoint is safe: the events topic keeps every record,
   * so the job replays it from the start and writes the same absolute figures again.
   * layout-3: {@code Kind} and {@code DayCounters}, kept in the dossier and unit state, moved
   * to the records package (their serializers name the class).
   */
  static final String STATE_LAYOUT = "layout-3";

  /** Where this version's checkpoints are; says so when an older layout's are left beside them. */
  static Path checkpointsOf(JobConfig config) throws IOException {
    Path dir = Path.of(config.checkpointDir);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.anyMatch(p -> p.getFileName().toString().length() == 32 || p.getFileName().toString().startsWith("layout-")
            && !p.getFileName().toString().equals(STATE_LAYOUT))) {
          LOG.warn("Checkpoints of an earlier state layout under {} are not restored; the job replays the events topic from the start", dir);
        }
      }
    }
    return dir.resolve(STATE_LAYOUT);
  }

  /** The newest complete retained checkpoint (a chk-N folder with its _metadata). */
  static Optional<Path> latestCheckpoint(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return Optional.empty();
    try (Stream<Path> s = Files.walk(dir, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparing(SlaJobMain::modified))
          .map(Path::getParent);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
