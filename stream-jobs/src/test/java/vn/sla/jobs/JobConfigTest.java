package vn.sla.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobConfigTest {
  @Test
  void defaultsAndSettings() {
    JobConfig d = JobConfig.parse(new String[0]);
    assertThat(d.emitInterval).isEqualTo(Duration.ofMillis(50));
    assertThat(d.watermarkInterval).isEqualTo(Duration.ofMillis(20));
    assertThat(d.tolerance).isEqualTo(Duration.ofMinutes(5));

    JobConfig c = JobConfig.parse(new String[] {"--emit-interval=PT0.25S", "--watermark-interval=PT0.1S", "--parallelism=1"});
    assertThat(c.emitInterval).isEqualTo(Duration.ofMillis(250));
    assertThat(c.watermarkInterval).isEqualTo(Duration.ofMillis(100));
    assertThat(c.parallelism).isEqualTo(1);
    assertThat(c.given("--parallelism")).isTrue();
    assertThat(c.given("--checkpoint-dir")).isFalse();
    assertThat(d.replication).isEqualTo((short) 1);
    assertThat(JobConfig.parse(new String[] {"--replication=3"}).replication).isEqualTo((short) 3);
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--replication=0"})).hasMessageContaining("--replication=0");
  }

  @Test
  void aBadSettingIsNamedWithItsValue() {
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--watermark-interval=fast"}))
        .hasMessageContaining("--watermark-interval=fast").hasMessageContaining("not valid");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--watermark-interval=PT0S"}))
        .hasMessageContaining("--watermark-interval must be positive");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--colour=blue"})).hasMessageContaining("--colour=blue").hasMessageContaining("unknown");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"tolerance"})).hasMessageContaining("'tolerance'");
  }

  @Test
  void helpListsEverySettingWithItsDefault() {
    assertThat(JobConfig.parse(new String[] {"--help"}).help).isTrue();
    String usage = JobConfig.usage();
    assertThat(usage).contains("--emit-interval=<emitInterval>", "Default: PT0.05S", "--bootstrap=<bootstrap>", "Default: localhost:9092",
        "--per-field=<perField>", "--help");
    for (String name : new String[] {"--bootstrap", "--events-topic", "--dlq-topic", "--figures-topic", "--status-topic", "--event-partitions", "--replication",
        "--units", "--influx-url", "--influx-db", "--zone", "--due-soon", "--tolerance", "--idle", "--future-limit", "--emit-interval",
        "--field-emit-interval", "--day-emit-interval", "--watermark-interval", "--catch-up-watermark-interval", "--buffer-timeout", "--combine-delay",
        "--day-retention", "--closed-retention", "--checkpoint-dir", "--checkpoint-interval", "--parallelism", "--rest-port", "--metrics-port", "--group-id",
        "--per-field", "--alert-rules-topic", "--alert-state-topic", "--alert-rules", "--alerts"}) {
      assertThat(usage).contains(name + "=");
    }
    assertThat(JobConfig.parse(new String[0]).help).isFalse();
  }

  @Test
  void anUnknownSettingListsTheValidOnes() {
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--colour=blue"}))
        .hasMessageContaining("--bootstrap, --events-topic").hasMessageContaining("--help");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--per-field=yes"})).hasMessageContaining("--per-field=yes")
        .hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--parallelism=0"})).hasMessageContaining("--parallelism=0")
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--bootstrap="})).hasMessageContaining("--bootstrap=")
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--metrics-port=70000"})).hasMessageContaining("--metrics-port=70000")
        .hasMessageContaining("must be a port");
    assertThat(JobConfig.parse(new String[0]).metricsPort).isEqualTo(9249);
    assertThat(JobConfig.parse(new String[] {"--metrics-port=0"}).metricsPort).isZero();
    // As before: a repeated setting, the last one wins.
    assertThat(JobConfig.parse(new String[] {"--parallelism=3", "--parallelism=1"}).parallelism).isEqualTo(1);
    assertThat(JobConfig.parse(new String[] {"--per-field=false", "--alerts=false"}).perField).isFalse();
  }
}
