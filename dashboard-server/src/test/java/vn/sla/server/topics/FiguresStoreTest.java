package vn.sla.server.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.DossierStatus;
import vn.sla.jobs.testing.Scenario;

class FiguresStoreTest {
  static ClockTick tick(long now, String zone) {
    ClockTick t = new ClockTick();
    t.asOfMillis = now;
    t.asOf = "x";
    t.zone = zone;
    t.dueSoonMillis = 86_400_000L;
    return t;
  }

  @Test
  void aJobInAnotherTimeZoneIsNamedWithTheServers() {
    FiguresStore store = new FiguresStore(Scenario.registry(), ZoneId.of("Asia/Ho_Chi_Minh"));
    store.putClock(tick(1, "Asia/Ho_Chi_Minh"));
    assertThat(store.zoneMismatch()).isNull();
    store.putClock(tick(2, "Asia/Tokyo"));
    assertThat(store.zoneMismatch()).contains("Asia/Tokyo").contains("Asia/Ho_Chi_Minh");
  }

  @Test
  void dossiersAreListedInTheBucketOfTheJobsNow() {
    FiguresStore store = new FiguresStore(Scenario.registry(), ZoneId.of("Asia/Ho_Chi_Minh"));
    long now = 1_764_554_400_000L; // 2025-12-01T09:00+07:00
    store.putClock(tick(now, "Asia/Ho_Chi_Minh"));
    store.putDossier("a", status("a", now + 3 * 86_400_000L, false));
    store.putDossier("b", status("b", now + 3_600_000L, false));
    store.putDossier("c", status("c", now - 2 * 86_400_000L, false));
    store.putDossier("d", status("d", now - 2 * 86_400_000L, true));
    assertThat(store.dossiers("xa-1a", "inTime", 10, 0).items()).extracting(s -> s.dossierId).containsExactly("a");
    assertThat(store.dossiers("xa-1a", "dueSoon", 10, 0).items()).extracting(s -> s.dossierId).containsExactly("b");
    assertThat(store.dossiers("xa-1a", "overdue", 10, 0).items()).extracting(s -> s.dossierId, s -> s.bucket)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "overdue"));
    assertThat(store.dossiers("xa-1a", "paused", 10, 0).items()).extracting(s -> s.dossierId).containsExactly("d");
    // Time passes: b is overdue after the midnight after its due date, without any new status.
    store.putClock(tick(now + 86_400_000L, "Asia/Ho_Chi_Minh"));
    assertThat(store.dossiers("xa-1a", "overdue", 10, 0).items()).extracting(s -> s.dossierId).containsExactly("c", "b");
  }

  @Test
  void aSubtreesPageIsTheMergeOfItsUnitsInDueOrder() {
    FiguresStore store = new FiguresStore(Scenario.registry(), ZoneId.of("Asia/Ho_Chi_Minh"));
    long now = 1_764_554_400_000L;
    store.putClock(tick(now, "Asia/Ho_Chi_Minh"));
    java.util.List<String> expected = new java.util.ArrayList<>();
    String[] units = {"xa-1a", "xa-1b", "huyen-1", "xa-2a"};
    for (int i = 0; i < 200; i++) {
      DossierStatus st = status(String.format("D%03d", i), now + (i % 37) * 3_600_000L * 30, false);
      st.unitId = units[i % units.length];
      store.putDossier(st.dossierId, st);
      if (!st.unitId.equals("xa-2a")) expected.add(st.dossierId);
    }
    store.putDossier("D005", null); // closed
    expected.remove("D005");
    // Moved from one unit to another: found once, under the new one.
    DossierStatus moved = status("D004", now + 10 * 3_600_000L * 30, false);
    moved.unitId = "xa-1b";
    store.putDossier("D004", moved);
    java.util.Map<String, Long> dues = new java.util.HashMap<>();
    for (String id : expected) dues.put(id, id.equals("D004") ? moved.dueAtMillis : now + (Integer.parseInt(id.substring(1)) % 37) * 3_600_000L * 30);
    expected.sort(java.util.Comparator.<String>comparingLong(dues::get).thenComparing(x -> x));
    var all = store.dossiers("huyen-1", null, 1000, 0);
    assertThat(all.total()).isEqualTo(expected.size());
    assertThat(all.items()).extracting(x -> x.dossierId).containsExactlyElementsOf(expected);
    var page = store.dossiers("huyen-1", null, 10, 20);
    assertThat(page.items()).extracting(x -> x.dossierId).containsExactlyElementsOf(expected.subList(20, 30));
    long buckets = 0;
    for (String b : new String[] {"inTime", "dueSoon", "overdue", "paused"}) buckets += store.dossiers("huyen-1", b, 1, 0).total();
    assertThat(buckets).isEqualTo(expected.size());
  }

  static DossierStatus status(String id, long due, boolean paused) {
    DossierStatus s = new DossierStatus();
    s.dossierId = id;
    s.unitId = "xa-1a";
    s.dueAtMillis = due;
    s.paused = paused;
    return s;
  }

  @Test
  void aTimelinesHolderAndReceiverAreReadWithoutItsEvents() {
    java.util.Random r = new java.util.Random(7);
    String[] units = {null, "xa-1a", "Xã \"Bình\", An", "huyen\\2", ""};
    for (int i = 0; i < 2000; i++) {
      vn.sla.core.figures.DossierTimeline t = new vn.sla.core.figures.DossierTimeline();
      t.dossierId = "H33-" + i;
      t.status = "OPEN";
      t.unitId = units[r.nextInt(units.length)];
      t.receivingUnitId = units[r.nextInt(units.length)];
      t.field = r.nextBoolean() ? null : "Đất đai";
      vn.sla.core.figures.DossierTimeline.Event e = new vn.sla.core.figures.DossierTimeline.Event();
      e.eventId = "e-" + i;
      e.type = "RECEIVED";
      e.unitId = "xa-9";
      t.events = new vn.sla.core.figures.DossierTimeline.Event[] {e};
      // Both writers of the project: the job's by hand and Jackson's.
      String json = r.nextBoolean() ? vn.sla.core.figures.JsonText.timeline(t) : vn.sla.core.figures.Json.write(t);
      vn.sla.core.figures.DossierTimeline bound = vn.sla.core.figures.Json.read(json, vn.sla.core.figures.DossierTimeline.class);
      assertThat(FiguresStore.holderAndReceiver(json)).containsExactly(bound.unitId, bound.receivingUnitId);
    }
  }
}
