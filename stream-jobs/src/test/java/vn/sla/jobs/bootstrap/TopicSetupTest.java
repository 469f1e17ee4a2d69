package vn.sla.jobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.JobConfig;

class TopicSetupTest {
  @Test
  void partitionsAndReplicationAreTheSettings() {
    var one = TopicSetup.wanted(JobConfig.parse(new String[0]), Map.of("cleanup.policy", "compact"));
    assertThat(one).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 1));
    assertThat(one).allSatisfy(t -> assertThat(t.configs() == null ? Map.of() : t.configs()).doesNotContainKey("min.insync.replicas"));

    var cluster = TopicSetup.wanted(JobConfig.parse(new String[] {"--event-partitions=4", "--replication=3"}), Map.of("cleanup.policy", "compact"));
    NewTopic events = cluster.stream().filter(t -> t.name().equals("dossier-events")).findFirst().orElseThrow();
    assertThat(events.numPartitions()).isEqualTo(4);
    assertThat(events.configs()).containsEntry("retention.ms", "-1").containsEntry("min.insync.replicas", "2");
    assertThat(cluster).allSatisfy(t -> {
      assertThat(t.replicationFactor()).isEqualTo((short) 3);
      assertThat(t.configs()).containsEntry("min.insync.replicas", "2");
    });
  }
}
