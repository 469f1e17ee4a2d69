package vn.sla.jobs.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.dossier.Kind;
import vn.sla.jobs.dossier.UnitDelta;
import vn.sla.jobs.testing.Scenario;

/** The summed roll-up: the same sums as the plain roll-up, and nothing held past a watermark, a checkpoint or the end. */
class DeltaCombinerHarnessTest {
  static final UnitRegistry REGISTRY = Scenario.registry();
  static final int DAY = 20_150;

  static OneInputStreamOperatorTestHarness<UnitDelta, UnitDelta> harness(long delayMillis) throws Exception {
    return harness(delayMillis, 1000);
  }

  static OneInputStreamOperatorTestHarness<UnitDelta, UnitDelta> harness(long delayMillis, int maxKeys) throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new DeltaCombiner(REGISTRY, true, delayMillis, maxKeys));
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  /** Sums per (unit key, kind, day), the way the figures function adds them up. */
  static Map<String, Long> sums(List<UnitDelta> deltas) {
    Map<String, Long> m = new TreeMap<>();
    for (UnitDelta d : deltas) m.merge(d.unitId + " " + d.kind + " " + d.day, d.count, Long::sum);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  @Test
  void sumsEqualThoseOfThePlainRollUp() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    Kind[] kinds = {Kind.RECEIVED_ONLINE, Kind.COMPLETED_LATE, Kind.PENDING_END_IN_TIME, Kind.LIVE_OVERDUE, Kind.TRANSFER, Kind.WITHDRAWN};
    List<UnitDelta> in = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Kind k = kinds[r.nextInt(kinds.length)];
      String unit = Scenario.UNITS[r.nextInt(Scenario.UNITS.length)];
      String other = k == Kind.TRANSFER ? Scenario.UNITS[r.nextInt(Scenario.UNITS.length)] : null;
      String field = r.nextInt(5) == 0 ? null : Scenario.FIELDS[r.nextInt(Scenario.FIELDS.length)];
      int day = k.scope == Kind.Scope.LIVE ? 0 : DAY + r.nextInt(6) - 3;
      in.add(new UnitDelta(unit, k, day, r.nextBoolean() ? 1 : -1, other, field));
    }
    in.add(new UnitDelta("no-such-unit", Kind.RECEIVED_ONLINE, DAY, 1, null, "ho-tich")); // dropped, as by the roll-up
    in.add(new UnitDelta("xa-1a", Kind.RECEIVED_ONLINE, 40_000_000, 1, null, "ho-tich")); // a day no key can hold: unsummed

    List<UnitDelta> expected = new ArrayList<>();
    RollUp plain = new RollUp(REGISTRY, true);
    for (UnitDelta d : in) plain.flatMap(d, new org.apache.flink.api.common.functions.util.ListCollector<>(expected));

    var h = harness(10, 100_000);
    for (UnitDelta d : in) h.processElement(new StreamRecord<>(d));
    h.processWatermark(new Watermark(1));
    List<UnitDelta> out = h.extractOutputValues();
    assertThat(sums(out)).isEqualTo(sums(expected));
    assertThat(out.size()).isLessThan(expected.size() / 5); // summed: far fewer records
    h.close();

    // A small buffer is sent whenever it is full: more records, the same sums.
    var small = harness(10, 50);
    for (UnitDelta d : in) small.processElement(new StreamRecord<>(d));
    small.processWatermark(new Watermark(1));
    assertThat(sums(small.extractOutputValues())).isEqualTo(sums(expected));
    small.close();
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
    h.processElement(new StreamRecord<>(new UnitDelta("xa-2a", Kind.LIVE_IN_TIME, 0, 1, null, null)));
    h.setProcessingTime(9);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(10);
    assertThat(sums(h.extractOutputValues())).containsEntry("xa-2a LIVE_IN_TIME 0", 1L).containsEntry("tinh LIVE_IN_TIME 0", 1L);

    h.getOutput().clear();
    h.processElement(new StreamRecord<>(new UnitDelta("xa-2a", Kind.LIVE_IN_TIME, 0, -1, null, null)));
    h.prepareSnapshotPreBarrier(1);
    assertThat(sums(h.extractOutputValues())).containsEntry("huyen-2 LIVE_IN_TIME 0", -1L);

    h.getOutput().clear();
    h.processElement(new StreamRecord<>(new UnitDelta("so-tp", Kind.WITHDRAWN, DAY, 1, null, null)));
    h.endInput();
    h.getOneInputOperator().finish();
    assertThat(sums(h.extractOutputValues())).containsEntry("so-tp WITHDRAWN " + DAY, 1L);
    h.close();
  }

  @Test
  void aSumOfZeroIsStillSentAndATransferCountsOnlyAcrossBoundaries() throws Exception {
    var h = harness(0); // no delay: each delta goes at once, rolled up
    h.processElement(new StreamRecord<>(new UnitDelta("xa-1a", Kind.TRANSFER, DAY, 1, "xa-1b", null)));
    List<UnitDelta> out = h.extractOutputValues();
    assertThat(sums(out)).isEqualTo(Map.of("xa-1a TRANSFERRED_OUT " + DAY, 1L, "xa-1b TRANSFERRED_IN " + DAY, 1L));

    h.getOutput().clear();
    var g = harness(1_000);
    g.processElement(new StreamRecord<>(new UnitDelta("xa-1a", Kind.LIVE_DUE_SOON, 0, 1, null, null)));
    g.processElement(new StreamRecord<>(new UnitDelta("xa-1a", Kind.LIVE_DUE_SOON, 0, -1, null, null)));
    g.processWatermark(new Watermark(1));
    assertThat(g.extractOutputValues()).extracting(d -> d.unitId + " " + d.count).containsExactly("xa-1a 0", "huyen-1 0", "tinh 0");
    h.close();
    g.close();
  }
}
