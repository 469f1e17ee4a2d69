package vn.sla.jobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.jobs.JobConfig;

/** The job takes state backend, checkpoint storage and restarts from Flink's configuration; ./sla's defaults stay for a plain start. */
class LocalClusterTest {
  @TempDir Path dir;

  private JobConfig config(String... args) {
    return JobConfig.parse(args);
  }

  @Test
  void aPlainStartKeepsTheLocalDefaults() throws Exception {
    Configuration c = LocalCluster.configuration(config("--checkpoint-dir=" + dir.resolve("ckpt"), "--metrics-port=0"));
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(dir.resolve("ckpt").resolve(Checkpoints.STATE_LAYOUT).toUri().toString());
    assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
    // Snapshots of a big heap state must not run back to back while a history is digested.
    assertThat(c.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
  }

  @Test
  void aPlainStartResumesFromTheNewestCheckpoint() throws Exception {
    Path chk = Files.createDirectories(dir.resolve("ckpt").resolve(Checkpoints.STATE_LAYOUT).resolve("0123456789abcdef0123456789abcdef").resolve("chk-7"));
    Files.writeString(chk.resolve("_metadata"), "x");
    Configuration c = LocalCluster.configuration(config("--checkpoint-dir=" + dir.resolve("ckpt"), "--metrics-port=0"));
    assertThat(c.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(chk.toUri().toString());
  }

  @Test
  void withoutACheckpointOfItsOwnTheNewestOfThePreviousLayoutIsResumed() throws Exception {
    Path old = Files.createDirectories(dir.resolve("ckpt").resolve(Checkpoints.PREVIOUS_LAYOUT).resolve("0123456789abcdef0123456789abcdef").resolve("chk-3"));
    Files.writeString(old.resolve("_metadata"), "x");
    Configuration c = LocalCluster.configuration(config("--checkpoint-dir=" + dir.resolve("ckpt"), "--metrics-port=0"));
    assertThat(c.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(old.toUri().toString());
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).as("new checkpoints go to the new layout's folder")
        .isEqualTo(dir.resolve("ckpt").resolve(Checkpoints.STATE_LAYOUT).toUri().toString());

    Path own = Files.createDirectories(dir.resolve("ckpt").resolve(Checkpoints.STATE_LAYOUT).resolve("fedcba9876543210fedcba9876543210").resolve("chk-1"));
    Files.writeString(own.resolve("_metadata"), "x");
    c = LocalCluster.configuration(config("--checkpoint-dir=" + dir.resolve("ckpt"), "--metrics-port=0"));
    assertThat(c.get(StateRecoveryOptions.SAVEPOINT_PATH)).as("its own, once there is one").isEqualTo(own.toUri().toString());
  }

  @Test
  void anObjectStoreUriIsPassedOnAsItIsNotTurnedIntoALocalPath() throws Exception {
    Configuration c = LocalCluster.configuration(config("--checkpoint-dir=s3://bucket/ckpt/", "--metrics-port=0"));
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/ckpt/" + Checkpoints.STATE_LAYOUT);
    // No S3 file system on this class path: nothing to resume from, said in the log, and the start goes on.
    assertThat(c.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    assertThat(Checkpoints.isRemote("s3://b/c")).isTrue();
    assertThat(Checkpoints.isRemote("file:///tmp/c")).isFalse();
    assertThat(Checkpoints.isRemote(".state/checkpoints")).isFalse();
    assertThatThrownBy(() -> Checkpoints.of(config("--checkpoint-dir=s3://bucket/ckpt"))).hasMessageContaining("--checkpoint-dir=s3://bucket/ckpt");
  }

  @Test
  void aFlinkConfigurationFileWinsOverThePlainDefaults() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), """
        state.backend.type: rocksdb
        execution.checkpointing.dir: s3://bucket/from-flink
        execution.checkpointing.interval: 30s
        restart-strategy.type: fixed-delay
        restart-strategy.fixed-delay.attempts: 7
        """);
    Configuration c = LocalCluster.configuration(config("--metrics-port=0"), dir);
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/from-flink");
    assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(7);
    // Given explicitly, --checkpoint-dir is the operator's word for this start.
    Configuration given = LocalCluster.configuration(config("--metrics-port=0", "--checkpoint-dir=s3://other/c"), dir);
    assertThat(given.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://other/c/" + Checkpoints.STATE_LAYOUT);
  }

  @Test
  void onAClusterTheJobAddsOnlyWhatTheClusterLeftUnset() {
    Configuration cluster = Configuration.fromMap(Map.of(
        "state.backend.type", "rocksdb",
        "execution.checkpointing.dir", "s3://bucket/ckpt",
        "execution.checkpointing.interval", "1 min",
        "execution.checkpointing.externalized-checkpoint-retention", "DELETE_ON_CANCELLATION",
        "restart-strategy.type", "exponential-delay"));
    Configuration fill = LocalCluster.onCluster(cluster, config("--checkpoint-dir=/somewhere/else", "--checkpoint-interval=PT5S"));
    assertThat(fill.toMap()).isEmpty();

    Configuration bare = LocalCluster.onCluster(new Configuration(), config());
    assertThat(bare.toMap()).containsOnlyKeys("execution.checkpointing.interval", "execution.checkpointing.externalized-checkpoint-retention");
    assertThat(bare.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));

    Configuration withDir = LocalCluster.onCluster(new Configuration(), config("--checkpoint-dir=s3://bucket/x"));
    assertThat(withDir.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/x");
  }

  @Test
  void submittedToAClusterTheClustersParallelismAndStateBackendStay() throws Exception {
    MiniCluster mini = new MiniCluster(new MiniClusterConfiguration.Builder().setNumTaskManagers(1).setNumSlotsPerTaskManager(3).build());
    TestStreamEnvironment.setAsContext(mini, 3);
    try {
      StreamExecutionEnvironment env = LocalCluster.environment(config());
      assertThat(env.getParallelism()).isEqualTo(3);
      assertThat(env.getConfiguration().getOptional(StateBackendOptions.STATE_BACKEND)).isNotEqualTo(java.util.Optional.of("hashmap"));
      assertThat(env.getCheckpointInterval()).isEqualTo(10_000L);
      assertThat(LocalCluster.environment(config("--parallelism=1")).getParallelism()).isEqualTo(1);
    } finally {
      TestStreamEnvironment.unsetAsContext();
    }
  }
}
