package vn.sla.jobs.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.UnitChange;
import vn.sla.jobs.records.UnitDelta;
import vn.sla.jobs.testing.Scenario;

/**
 * The summed roll-up: the same sums as the plain roll-up, one change per unit key per flush,
 * and nothing held past a watermark, a checkpoint or the end.
 */
class DeltaCombinerHarnessTest {
  static final UnitRegistry REGISTRY = Scenario.registry();
  static final int DAY = 20_150;
  static final long DUE = 1_741_000_000_000L;

  static OneInputStreamOperatorTestHarness<UnitDelta, UnitChange> harness(long delayMillis) throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new DeltaCombiner(REGISTRY, true, delayMillis));
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  /** Sums per (unit key, kind, day or due), the way the figures function adds them up. */
  static Map<String, Long> sums(List<UnitChange> changes) {
    Map<String, Long> m = new TreeMap<>();
    for (UnitChange c : changes) {
      for (int i = 0; i < c.size(); i++) {
        Kind k = c.kind(i);
        m.merge(c.unitId + " " + k + " " + (k.scope == Kind.Scope.LIVE ? "@" + c.dues[i] : c.days[i]), c.counts[i], Long::sum);
      }
    }
    m.values().removeIf(v -> v == 0);
    return m;
  }

  static Map<String, Long> sumsOf(List<UnitDelta> deltas) {
    Map<String, Long> m = new TreeMap<>();
    for (UnitDelta d : deltas) m.merge(d.unitId + " " + d.kind + " " + (d.kind.scope == Kind.Scope.LIVE ? "@" + d.due : d.day), d.count, Long::sum);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  @Test
  void sumsEqualThoseOfThePlainRollUpOneChangePerUnitKey() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    Kind[] kinds = {Kind.RECEIVED_ONLINE, Kind.COMPLETED_LATE, Kind.PENDING_END_IN_TIME, Kind.LIVE_RUNNING, Kind.LIVE_PAUSED,
        Kind.TRANSFER, Kind.WITHDRAWN};
    List<UnitDelta> in = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Kind k = kinds[r.nextInt(kinds.length)];
      String unit = Scenario.UNITS[r.nextInt(Scenario.UNITS.length)];
      String other = k == Kind.TRANSFER ? Scenario.UNITS[r.nextInt(Scenario.UNITS.length)] : null;
      String field = r.nextInt(5) == 0 ? null : Scenario.FIELDS[r.nextInt(Scenario.FIELDS.length)];
      long count = r.nextBoolean() ? 1 : -1;
      if (k.scope == Kind.Scope.LIVE) {
        in.add(UnitDelta.live(unit, k, k == Kind.LIVE_PAUSED ? 0 : DUE + r.nextInt(20) * 3_600_000L, count, field));
      } else {
        in.add(new UnitDelta(unit, k, DAY + r.nextInt(6) - 3, count, other, field));
      }
    }
    in.add(new UnitDelta("no-such-unit", Kind.RECEIVED_ONLINE, DAY, 1, null, "ho-tich")); // dropped, as by the roll-up
    in.add(new UnitDelta("xa-1a", Kind.RECEIVED_ONLINE, 40_000_000, 1, null, "ho-tich")); // a day no key can hold: unsummed

    List<UnitDelta> expected = new ArrayList<>();
    RollUp plain = new RollUp(REGISTRY, true);
    for (UnitDelta d : in) plain.flatMap(d, new org.apache.flink.api.common.functions.util.ListCollector<>(expected));

    var h = harness(10);
    for (UnitDelta d : in) h.processElement(new StreamRecord<>(d));
    h.processWatermark(new Watermark(1));
    List<UnitChange> out = h.extractOutputValues();
    assertThat(sums(out)).isEqualTo(sumsOf(expected));
    // Summed and grouped: one change per unit key, but for the one day no key holds.
    Set<String> keys = new HashSet<>();
    for (UnitChange c : out) if (c.days.length == 0 || c.days[0] != 40_000_000) assertThat(keys.add(c.unitId)).as(c.unitId).isTrue();
    assertThat(out.size()).isLessThan(60);
    h.close();
  }

  @Test
  void aWatermarkGoesOnOnlyAfterEverythingBeforeIt() throws Exception {
    var h = harness(1_000_000);
    h.processElement(new StreamRecord<>(new UnitDelta("xa-1a", Kind.RECEIVED_ONLINE, DAY, 1, null, "ho-tich")));
    h.processElement(new StreamRecord<>(new UnitDelta("xa-1b", Kind.RECEIVED_ONLINE, DAY, 1, null, "ho-tich")));
    assertThat(h.getOutput()).isEmpty();
    h.processWatermark(new Watermark(5));
    List<Object> out = new ArrayList<>(h.getOutput());
    assertThat(out.get(out.size() - 1)).isEqualTo(new Watermark(5));
    Map<String, Long> sums = sums(h.extractOutputValues());
    assertThat(sums).containsEntry("tinh RECEIVED_ONLINE " + DAY, 2L).containsEntry("huyen-1 RECEIVED_ONLINE " + DAY, 2L)
        .containsEntry("xa-1a RECEIVED_ONLINE " + DAY, 1L).containsEntry("tinh|ho-tich RECEIVED_ONLINE " + DAY, 2L);
    h.close();
  }

  @Test
  void aDeltaWaitsAtMostTheDelayAndNothingIsHeldOverACheckpointOrTheEnd() throws Exception {
    var h = harness(10);
    h.processElement(new StreamRecord<>(UnitDelta.live("xa-2a", Kind.LIVE_RUNNING, DUE, 1, null)));
    h.setProcessingTime(9);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(10);
    assertThat(sums(h.extractOutputValues())).containsEntry("xa-2a LIVE_RUNNING @" + DUE, 1L).containsEntry("tinh LIVE_RUNNING @" + DUE, 1L);

    h.getOutput().clear();
    h.processElement(new StreamRecord<>(UnitDelta.live("xa-2a", Kind.LIVE_RUNNING, DUE, -1, null)));
    h.prepareSnapshotPreBarrier(1);
    assertThat(sums(h.extractOutputValues())).containsEntry("huyen-2 LIVE_RUNNING @" + DUE, -1L);

    h.getOutput().clear();
    h.processElement(new StreamRecord<>(new UnitDelta("so-tp", Kind.WITHDRAWN, DAY, 1, null, null)));
    h.endInput();
    h.getOneInputOperator().finish();
    assertThat(sums(h.extractOutputValues())).containsEntry("so-tp WITHDRAWN " + DAY, 1L);
    h.close();
  }

  @Test
  void aSumOfZeroIsDroppedAndATransferCountsOnlyAcrossBoundaries() throws Exception {
    var h = harness(0); // no delay: sent after each evaluation, rolled up
    h.processElement(new StreamRecord<>(new UnitDelta("xa-1a", Kind.TRANSFER, DAY, 1, "xa-1b", null)));
    h.setProcessingTime(0);
    List<UnitChange> out = h.extractOutputValues();
    assertThat(sums(out)).isEqualTo(Map.of("xa-1a TRANSFERRED_OUT " + DAY, 1L, "xa-1b TRANSFERRED_IN " + DAY, 1L));

    var g = harness(1_000);
    g.processElement(new StreamRecord<>(UnitDelta.live("xa-1a", Kind.LIVE_RUNNING, DUE, 1, null)));
    g.processElement(new StreamRecord<>(UnitDelta.live("xa-1a", Kind.LIVE_RUNNING, DUE, -1, null)));
    g.processWatermark(new Watermark(1));
    assertThat(g.extractOutputValues()).isEmpty();
    h.close();
    g.close();
  }
}
