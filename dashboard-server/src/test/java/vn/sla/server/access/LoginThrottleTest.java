package vn.sla.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final AtomicLong now = new AtomicLong(1_000_000);
  final LoginThrottle t = new LoginThrottle(now::get);

  @Test
  void aBurstCannotSlipPastTheCountWhileThePasswordsAreBeingHashed() {
    int passed = 0;
    for (int i = 0; i < 50; i++) if (t.reserve("chief", "10.0.0.1") == 0) passed++; // all in flight at once
    assertThat(passed).isEqualTo(LoginThrottle.PAIR_LIMIT);
  }

  @Test
  void failuresLockTheAccountFromThatAddressWithABackoffNotTheOffice() {
    for (int i = 0; i < LoginThrottle.PAIR_LIMIT; i++) {
      assertThat(t.reserve("chief", "10.0.0.1")).isZero();
      t.settle("chief", "10.0.0.1", false);
    }
    long wait = t.reserve("chief", "10.0.0.1");
    assertThat(wait).isBetween(55L, 60L);
    // A colleague behind the same address logs in.
    assertThat(t.reserve("lanhdao", "10.0.0.1")).isZero();
    t.settle("lanhdao", "10.0.0.1", true);
    // After the lock, one more failure locks for twice as long.
    now.addAndGet(61_000);
    assertThat(t.reserve("chief", "10.0.0.1")).isZero();
    t.settle("chief", "10.0.0.1", false);
    assertThat(t.reserve("chief", "10.0.0.1")).isBetween(115L, 120L);
  }

  @Test
  void oneAddressTryingManyAccountsIsLockedAndManyAddressesOneAccountToo() {
    for (int i = 0; i < LoginThrottle.ADDRESS_LIMIT; i++) {
      assertThat(t.reserve("user" + i, "10.0.0.9")).isZero();
      t.settle("user" + i, "10.0.0.9", false);
    }
    assertThat(t.reserve("someone-else", "10.0.0.9")).isPositive();
    for (int i = 0; i < LoginThrottle.ACCOUNT_LIMIT; i++) {
      assertThat(t.reserve("admin", "172.16.0." + i)).isZero();
      t.settle("admin", "172.16.0." + i, false);
    }
    assertThat(t.reserve("admin", "172.16.9.9")).isPositive();
  }

  @Test
  void theRightPasswordClearsTheAccountsCountAndAQuietHourForgetsAll() {
    for (int i = 0; i < 3; i++) {
      t.reserve("chief", "10.0.0.1");
      t.settle("chief", "10.0.0.1", false);
    }
    t.reserve("chief", "10.0.0.1");
    t.settle("chief", "10.0.0.1", true);
    for (int i = 0; i < LoginThrottle.PAIR_LIMIT - 1; i++) {
      assertThat(t.reserve("chief", "10.0.0.1")).isZero();
      t.settle("chief", "10.0.0.1", false);
    }
    now.addAndGet(3_700_000);
    t.reserve("x", "10.0.0.2");
    assertThat(t.size()).isEqualTo(3);
  }
}
