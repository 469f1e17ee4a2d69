package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void pushSettings() {
    ServerConfig d = ServerConfig.fromEnv(Map.of());
    assertThat(d.pushIntervalMillis).isEqualTo(50);
    assertThat(d.pushBudgetPerSecond).isEqualTo(40_000);
    ServerConfig c = ServerConfig.fromEnv(Map.of("SLA_PUSH_INTERVAL_MS", "250", "SLA_PUSH_BUDGET", "1000"));
    assertThat(c.pushIntervalMillis).isEqualTo(250);
    assertThat(c.pushBudgetPerSecond).isEqualTo(1000);
  }

  @Test
  void aBadValueStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_PUSH_INTERVAL_MS", "soon")))
        .hasMessage("SLA_PUSH_INTERVAL_MS=soon is not a number of milliseconds from 10 to 60000");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_PUSH_BUDGET", "5")))
        .hasMessageContaining("SLA_PUSH_BUDGET=5");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_HTTP_PORT", "99999"))).hasMessageContaining("SLA_HTTP_PORT=99999");
  }
}
