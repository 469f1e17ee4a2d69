package vn.sla.jobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.testing.LocalKafka;

/** The job refuses to run on a topic that exists with the wrong settings, and names it. */
class TopicSettingsIT {
  @Test
  void aWrongTopicStopsStartUpNamingIt() throws Exception {
    try (LocalKafka kafka = new LocalKafka()) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
      JobConfig c = new JobConfig();
      c.bootstrap = kafka.bootstrap();
      try (Admin admin = Admin.create(p)) {
        // Someone created the figures topic by hand, not compacted.
        admin.createTopics(List.of(new NewTopic(c.figuresTopic, 1, (short) 1))).all().get();
        assertThatThrownBy(() -> TopicSetup.ensure(c)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(c.figuresTopic).hasMessageContaining("cleanup.policy=compact");
        admin.deleteTopics(List.of(c.figuresTopic)).all().get();

        // And the events topic compacted: it would lose events.
        JobConfig d = new JobConfig();
        d.bootstrap = kafka.bootstrap();
        d.eventsTopic = "events-compacted";
        admin.createTopics(List.of(new NewTopic(d.eventsTopic, 1, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        assertThatThrownBy(() -> TopicSetup.ensure(d)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("events-compacted").hasMessageContaining("must not be compacted");

        // Topics the job created itself pass, the second time too.
        JobConfig e = new JobConfig();
        e.bootstrap = kafka.bootstrap();
        e.eventsTopic = "events-fine";
        e.figuresTopic = "figures-fine";
        TopicSetup.ensure(e);
        TopicSetup.ensure(e);
        assertThat(admin.listTopics().names().get()).contains("events-fine", "figures-fine");
      }
    }
  }
}
