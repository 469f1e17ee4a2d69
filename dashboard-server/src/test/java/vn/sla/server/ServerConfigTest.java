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

  @Test
  void behindATlsProxyCookiesAreSecureAndItsOriginAccepted() {
    assertThat(ServerConfig.fromEnv(Map.of()).secure()).isFalse();
    ServerConfig c = ServerConfig.fromEnv(Map.of("SLA_PUBLIC_URL", "https://sla.tinh.gov.vn/"));
    assertThat(c.secure()).isTrue();
    assertThat(c.publicUrl).isEqualTo("https://sla.tinh.gov.vn");
    assertThat(ServerConfig.fromEnv(Map.of("SLA_PUBLIC_URL", "http://10.0.0.5:8080")).secure()).isFalse();
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_PUBLIC_URL", "sla.tinh.gov.vn"))).hasMessageContaining("SLA_PUBLIC_URL");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_TLS_CERT", "/nowhere.pem"))).hasMessageContaining("SLA_TLS_KEY");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLA_TLS_CERT", "/nowhere.pem", "SLA_TLS_KEY", "/nowhere.key")))
        .hasMessageContaining("/nowhere.pem");
  }
}
