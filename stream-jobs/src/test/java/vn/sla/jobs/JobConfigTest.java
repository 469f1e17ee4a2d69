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
}
