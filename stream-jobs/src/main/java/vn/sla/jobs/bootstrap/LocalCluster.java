package vn.sla.jobs.bootstrap;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.jobs.JobConfig;

/**
 * The Flink side of a plain {@code java} start: the local MiniCluster's configuration
 * (checkpoints, the newest one to resume from, the REST port, the metrics reporter). Submitted to a Flink cluster,
 * the cluster's own configuration applies instead.
 */
public final class LocalCluster {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  private LocalCluster() {}

  public static StreamExecutionEnvironment environment(JobConfig config) throws IOException {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(config));
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setParallelism(config.parallelism);
    return env;
  }

  /**
   * Checkpoints (retained, under the state layout's folder; the newest is resumed from), the
   * REST port, and Flink's Prometheus reporter (--metrics-port; docs/job-metrics.md).
   */
  public static Configuration configuration(JobConfig config) throws IOException {
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
    Path checkpoints = Checkpoints.of(config);
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toAbsolutePath().toUri().toString());
    flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    if (config.restPort > 0) {
      flink.set(RestOptions.PORT, config.restPort);
      flink.set(RestOptions.BIND_PORT, String.valueOf(config.restPort));
      flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    }
    if (config.metricsPort > 0) {
      // Flink's own reporter: every Flink and job metric (records in/out, checkpoints, our counters) at /metrics.
      flink.set(stringOption("metrics.reporter.prom.factory.class"), "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      flink.set(stringOption("metrics.reporter.prom.port"), String.valueOf(config.metricsPort));
    }
    Checkpoints.latest(checkpoints).ifPresent(p -> {
      LOG.info("Resuming from checkpoint {}", p);
      flink.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
    });
    return flink;
  }

  private static ConfigOption<String> stringOption(String key) {
    return ConfigOptions.key(key).stringType().noDefaultValue();
  }
}
