package vn.sla.jobs.bootstrap;

import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.sla.core.kafka.KafkaClients;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.SlaJob;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.sink.InfluxSink;
import vn.sla.jobs.sink.KafkaOutSerializer;
import vn.sla.jobs.source.EventDeserializer;
import vn.sla.jobs.source.RecordParser;

/**
 * The job plugged into Kafka and InfluxDB. Every Kafka client starts from
 * {@link KafkaClients#base}, so a cluster's TLS or SASL settings reach the source and sinks too.
 */
public final class KafkaJob {
  private KafkaJob() {}

  /** Wires the job to Kafka and InfluxDB as configured; the wall clock is a parameter for tests. */
  public static void build(StreamExecutionEnvironment env, JobConfig config, UnitRegistry registry, WallClock clock) {
    KafkaSource<ParsedRecord> source = events(config, registry);
    SlaJob.Sinks sinks =
        new SlaJob.Sinks(
            sink(config, config.figuresTopic),
            sink(config, config.statusTopic, BULK_LINGER_MS),
            sink(config, config.dlqTopic, BULK_LINGER_MS),
            new InfluxSink(config.influxUrl, config.influxDb, 5000, 500));
    // One source reader: the watermark is "now" of the whole input, and lateness is measured
    // against the newest occurredAt of the whole input, as the contract says.
    SlaJob job = new SlaJob(config, registry,
        strategy -> env.fromSource(source, strategy, "Dossier events").uid("kafka-source").setParallelism(1),
        sinks, clock);
    if (config.alerts) {
      KafkaSource<String> rules = alertRules(config);
      job.withAlerts(strategy -> env.fromSource(rules, strategy, "Alert rules").uid("alert-rules-source").setParallelism(1),
          sink(config, config.alertStateTopic));
    }
    job.withTimeline(sink(config, config.timelineTopic, BULK_LINGER_MS));
    job.build(env);
  }

  /** The events topic from the beginning, parsed in the source (see {@link EventDeserializer}). */
  static KafkaSource<ParsedRecord> events(JobConfig config, UnitRegistry registry) {
    return KafkaSource.<ParsedRecord>builder()
        .setProperties(KafkaClients.base(config.bootstrap))
        .setTopics(config.eventsTopic)
        .setGroupId(config.groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new EventDeserializer(new RecordParser(registry), TopicSetup.endOffsets(config)))
        .setProperty("partition.discovery.interval.ms", "60000")
        .build();
  }

  /** The rule sets (JSON) of the alert-rules topic, from the beginning. */
  static KafkaSource<String> alertRules(JobConfig config) {
    return KafkaSource.<String>builder()
        .setProperties(KafkaClients.base(config.bootstrap))
        .setTopics(config.alertRulesTopic)
        .setGroupId(config.groupId + "-rules")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .build();
  }

  /** How long a record of the figures and alert topics may wait for its batch: they are what screens and alerts follow. */
  static final int LIVE_LINGER_MS = 5;
  /**
   * The same for the statuses, timelines and dead letters: one record per event, which a person
   * reads on demand (the chase list is pushed at most every 50 ms anyway). Fewer, fuller batches
   * of these: each new batch allocates two 64 KB buffers for its LZ4 frame and hashes its header
   * through JNI, on the dossier function's thread (the writers are chained to it).
   */
  static final int BULK_LINGER_MS = 50;

  static KafkaSink<KafkaOut> sink(JobConfig config, String topic) {
    return sink(config, topic, LIVE_LINGER_MS);
  }

  static KafkaSink<KafkaOut> sink(JobConfig config, String topic, int lingerMs) {
    Properties p = KafkaClients.base(config.bootstrap);
    p.setProperty("linger.ms", Integer.toString(lingerMs));
    p.setProperty("compression.type", "lz4");
    // Live, linger.ms sends a batch when it has waited that long, whatever its size. In a catch-up
    // the default 16 KB filled in a few records (a timeline is a dossier's whole history), and each
    // new batch opens an LZ4 frame whose header is hashed through JNI: a tenth of the job's samples
    // in a replay went there.
    p.setProperty("batch.size", Integer.toString(256 * 1024));
    return KafkaSink.<KafkaOut>builder()
        .setKafkaProducerConfig(p)
        .setRecordSerializer(new KafkaOutSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
