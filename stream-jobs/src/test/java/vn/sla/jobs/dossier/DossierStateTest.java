package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Event-id fingerprints, and a state written by an earlier version read into today's form. */
class DossierStateTest {
  @Test
  void fingerprintsAreStableAndDoNotCollideOnManyIds() {
    assertThat(EventIds.fingerprint("e-1")).isEqualTo(EventIds.fingerprint(new String("e-1".toCharArray())));
    assertThat(EventIds.fingerprint("e-1")).isNotEqualTo(EventIds.fingerprint("e-2"));
    Set<Long> seen = new HashSet<>();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 200_000; i++) seen.add(EventIds.fingerprint(new UUID(r.nextLong(), r.nextLong()).toString()));
    for (int i = 0; i < 200_000; i++) seen.add(EventIds.fingerprint("HS-2026-" + i + "-r"));
    assertThat(seen).hasSize(400_000);
    long[] a = EventIds.append(null, EventIds.fingerprint("x"));
    a = EventIds.append(a, EventIds.fingerprint("y"));
    assertThat(EventIds.contains(a, EventIds.fingerprint("y"))).isTrue();
    assertThat(EventIds.contains(a, EventIds.fingerprint("z"))).isFalse();
    assertThat(EventIds.contains(null, EventIds.fingerprint("z"))).isFalse();
  }

  @Test
  void aStateFromAnEarlierVersionIsUpgradedOnce() {
    DossierState old = new DossierState();
    StoredEvent e = new StoredEvent();
    e.eventId = "e-1";
    old.events = new StoredEvent[] {e};
    old.rejectedEventIds = new String[] {"e-bad"};
    old.rejectedEventHashes = null;
    old.closedEventIds = new String[] {"e-0"};
    old.statusKey = "xa|IN_TIME|...";

    DossierState st = old.upgraded();
    assertThat(st.events[0].idHash).isEqualTo(EventIds.fingerprint("e-1"));
    assertThat(st.events[0].eventId).isNull();
    assertThat(st.rejectedEventHashes).containsExactly(EventIds.fingerprint("e-bad"));
    assertThat(st.rejectedEventIds).isNull();
    assertThat(EventIds.contains(st.closedEventHashes, EventIds.fingerprint("e-0"))).isTrue();
    assertThat(st.closedEventIds).isNull();
    // the status was published: it is sent again once (absolute, so harmless), and withdrawn when the dossier closes
    assertThat(st.statusPublished).isTrue();
    assertThat(st.statusKey).isNull();
    assertThat(st.upgraded().rejectedEventHashes).hasSize(1);
  }
}
