package vn.sla.jobs.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.jobs.JobConfig;

/**
 * Where the job runs and with which Flink settings. Two cases:
 *
 * <ul>
 *   <li>Submitted to a Flink cluster (flink run, the REST API, application mode, the Kubernetes
 *       operator): Flink's configuration decides like for any job: state backend, checkpoint
 *       storage, restart strategy, parallelism, reporters. The job only fills in what the job
 *       needs and the cluster left unset: a checkpoint interval (it relies on checkpoints), their
 *       retention on cancel, and, when given, --checkpoint-dir and --parallelism.
 *   <li>Started with plain {@code java} (./sla up): a local MiniCluster with ./sla's defaults
 *       (heap state, retained checkpoints under the state layout's folder, the newest resumed
 *       from, the REST port, the Prometheus reporter). A Flink {@code config.yaml} in
 *       {@code $FLINK_CONF_DIR} is read first and wins over those defaults (e.g.
 *       {@code state.backend.type: rocksdb}).
 * </ul>
 */
public final class LocalCluster {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  private LocalCluster() {}

  public static StreamExecutionEnvironment environment(JobConfig config) throws IOException {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    boolean local = env instanceof LocalStreamEnvironment;
    if (local) {
      env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(config, flinkConfDir()));
    } else {
      Configuration fill = onCluster(env.getConfiguration(), config);
      LOG.info("Submitted to a Flink cluster: its configuration applies; the job adds only {}", fill.toMap());
      env.configure(fill);
    }
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    if (local || config.given("--parallelism")) env.setParallelism(config.parallelism);
    return env;
  }

  /**
   * What the job sets on a Flink cluster whose effective configuration is {@code cluster}: only
   * what it lacks. Never the state backend, the restart strategy, or a checkpoint storage the
   * cluster names.
   */
  public static Configuration onCluster(ReadableConfig cluster, JobConfig config) {
    Configuration fill = new Configuration();
    if (cluster.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
      fill.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
    }
    if (cluster.getOptional(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).isEmpty()) {
      fill.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
    if (cluster.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty() && config.given("--checkpoint-dir")) {
      fill.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Checkpoints.isRemote(config.checkpointDir)
          ? config.checkpointDir : Path.of(config.checkpointDir).toAbsolutePath().toUri().toString());
    }
    return fill;
  }

  /** The MiniCluster's configuration with no Flink configuration file. */
  public static Configuration configuration(JobConfig config) throws IOException {
    return configuration(config, null);
  }

  /**
   * The MiniCluster's configuration: {@code config.yaml} of {@code flinkConfDir} when given, then
   * the defaults of a plain start for what it leaves unset: checkpoints (retained, under the
   * state layout's folder; the newest is resumed from), heap state; and always the REST port and
   * Flink's Prometheus reporter (--rest-port, --metrics-port; docs/job-metrics.md).
   */
  public static Configuration configuration(JobConfig config, Path flinkConfDir) throws IOException {
    Configuration flink = flinkConfDir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(flinkConfDir.toString());
    if (flinkConfDir != null) LOG.info("Flink configuration from {}", flinkConfDir);
    setIfAbsent(flink, CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
    // A heap snapshot writes all the state; while a history is digested (hundreds of thousands
    // of open dossiers) one takes longer than the interval, and without a pause they ran back to
    // back and took a core from the job. The pause keeps checkpointing under half the time.
    setIfAbsent(flink, CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, config.checkpointInterval);
    String location = flink.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).orElse(null);
    if (location == null || config.given("--checkpoint-dir")) {
      location = Checkpoints.location(config);
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, location);
    }
    setIfAbsent(flink, CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    setIfAbsent(flink, CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    setIfAbsent(flink, StateBackendOptions.STATE_BACKEND, "hashmap");
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
    if (flink.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isEmpty()) {
      Optional<String> own = latest(location);
      Optional<String> resume = own.isPresent() ? own : latest(Checkpoints.previousLayout(location));
      resume.ifPresent(p -> {
        LOG.info("Resuming from checkpoint {}{}", p, own.isPresent() ? "" : " (the previous state layout's, migrated)");
        flink.set(StateRecoveryOptions.SAVEPOINT_PATH, p);
      });
    }
    return flink;
  }

  /** The newest retained checkpoint under {@code location} (a file: URI or one of another of Flink's file systems). */
  static Optional<String> latest(String location) throws IOException {
    if (location.startsWith("file:")) {
      return Checkpoints.latest(Path.of(java.net.URI.create(location))).map(p -> p.toUri().toString());
    }
    return Checkpoints.latestRemote(location);
  }

  /** {@code $FLINK_CONF_DIR} when it names a folder with a config.yaml; a missing file there stops start-up. */
  static Path flinkConfDir() {
    String dir = System.getenv("FLINK_CONF_DIR");
    if (dir == null || dir.isBlank()) return null;
    Path p = Path.of(dir);
    if (!Files.isRegularFile(p.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
      throw new IllegalArgumentException("FLINK_CONF_DIR=" + dir + " has no " + GlobalConfiguration.FLINK_CONF_FILENAME);
    }
    return p;
  }

  private static <T> void setIfAbsent(Configuration flink, ConfigOption<T> option, T value) {
    if (flink.getOptional(option).isEmpty()) flink.set(option, value);
  }

  private static ConfigOption<String> stringOption(String key) {
    return ConfigOptions.key(key).stringType().noDefaultValue();
  }
}
