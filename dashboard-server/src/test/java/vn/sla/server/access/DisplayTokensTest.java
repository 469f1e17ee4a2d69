package vn.sla.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayTokensTest {
  @Test
  void aTokenOpensItsDisplayUntilRevokedOrUntilItsExpiry() {
    DisplayTokens t = new DisplayTokens(null);
    var forever = t.create("Phòng họp", List.of("tinh"), "admin");
    var month = t.create("Sảnh", List.of("tinh"), "admin", Instant.now().plusSeconds(30L * 86400));
    var past = t.create("Cũ", List.of("tinh"), "admin", Instant.now().minusSeconds(1));
    assertThat(t.byToken(forever.token())).isNotNull();
    assertThat(t.byToken(month.token())).isNotNull();
    assertThat(t.byToken(month.token()).expiresAt).isNotNull();
    assertThat(t.byToken(past.token())).as("expired").isNull();
    assertThat(t.byId(past.display().id)).as("expired").isNull();
    assertThat(t.revoke(forever.display().id)).isTrue();
    assertThat(t.byToken(forever.token())).as("revoked").isNull();
  }
}
