package vn.sla.jobs.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.dossier.Kind;
import vn.sla.jobs.dossier.UnitDelta;

/** The per-unit figures: absolute emissions, throttling, and "today" rolling over at midnight. */
class UnitFiguresFunctionHarnessTest {
  static final SlaRules RULES = SlaRules.defaults();
  static final long MORNING = t("2025-03-03T08:00:00+07:00");
  static final long MIDNIGHT = t("2025-03-04T00:00:00+07:00");

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  @Test
  void emitsAbsoluteFiguresAndRollsTodayOverAtMidnight() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.RECEIVED_ONLINE, day, 1, null), MORNING));
    h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.PENDING_END_IN_TIME, day, 1, null), MORNING));
    h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.LIVE_IN_TIME, 0, 1, null), MORNING));
    // first change emits at once; the next ones wait for the emission interval
    List<UnitOutput> out = h.extractOutputValues();
    UnitOutput firstLive = out.stream().filter(UnitOutput::isLive).findFirst().orElseThrow();
    assertThat(firstLive.live.today.received).isEqualTo(1);
    h.processWatermark(new Watermark(MORNING + 1000));
    UnitOutput live = lastLive(h.extractOutputValues());
    assertThat(live.live.pending.inTime).isEqualTo(1);
    assertThat(live.live.pending.total).isEqualTo(1);
    assertThat(live.live.today.received).isEqualTo(1);

    h.processWatermark(new Watermark(MIDNIGHT));
    UnitOutput next = lastLive(h.extractOutputValues());
    assertThat(next.live.date).isEqualTo("2025-03-04");
    assertThat(next.live.today.received).isZero();
    assertThat(next.live.pending.inTime).isEqualTo(1);
    UnitOutput newDay = h.extractOutputValues().stream().filter(o -> !o.isLive() && o.day == day + 1).reduce((a, b) -> b).orElseThrow();
    assertThat(newDay.counters.endInTime).isEqualTo(1); // still pending at the end of the new day
    assertThat(newDay.counters.received()).isZero();
    assertThat(h.numEventTimeTimers()).isEqualTo(1); // the next midnight
    h.close();
  }

  @Test
  void aLateStepCorrectsEveryLaterDay() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.PENDING_END_PAUSED, day, 1, null), MORNING));
    h.processWatermark(new Watermark(MIDNIGHT + 5000));
    // a dossier received yesterday, known only now: pending at the end of yesterday and today
    h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.PENDING_END_OVERDUE, day, 1, null), MIDNIGHT));
    h.processWatermark(new Watermark(MIDNIGHT + 10_000));
    List<UnitOutput> days = h.extractOutputValues().stream().filter(o -> !o.isLive()).toList();
    UnitOutput yesterday = days.stream().filter(o -> o.day == day).reduce((a, b) -> b).orElseThrow();
    UnitOutput today = days.stream().filter(o -> o.day == day + 1).reduce((a, b) -> b).orElseThrow();
    assertThat(yesterday.counters.endTotal()).isEqualTo(2);
    assertThat(today.counters.endTotal()).isEqualTo(2);
    h.close();
  }

  @Test
  void aUnitsFieldKeyEmitsLessOftenThanTheUnit() throws Exception {
    var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 50, 1000, 400), d -> d.unitId,
        Types.STRING);
    int day = RULES.day(MORNING);
    String fieldKey = "xa" + RollUp.FIELD_SEPARATOR + "ho-tich";
    for (int i = 0; i < 20; i++) { // a change every 50 ms for one second, to the unit and to its field key
      long at = MORNING + i * 50L;
      h.processWatermark(new Watermark(at));
      h.processElement(new StreamRecord<>(new UnitDelta("xa", Kind.RECEIVED_ONLINE, day, 1, null), at));
      h.processElement(new StreamRecord<>(new UnitDelta(fieldKey, Kind.RECEIVED_ONLINE, day, 1, null), at));
    }
    h.processWatermark(new Watermark(MORNING + 2000));
    List<UnitOutput> live = h.extractOutputValues().stream().filter(UnitOutput::isLive).toList();
    List<UnitOutput> unit = live.stream().filter(o -> o.unitId.equals("xa")).toList();
    List<UnitOutput> field = live.stream().filter(o -> o.unitId.equals(fieldKey)).toList();
    assertThat(unit).hasSize(20);
    assertThat(field).hasSize(2); // at once, then the rest summed at the end of its 1 s interval
    assertThat(field.get(1).live.today.received).isEqualTo(20); // absolute: nothing lost by emitting less
    assertThat(unit.get(19).live.today.received).isEqualTo(20);
    h.close();
  }

  private static UnitOutput lastLive(List<UnitOutput> out) {
    return out.stream().filter(UnitOutput::isLive).reduce((a, b) -> b).orElseThrow();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, UnitDelta, UnitOutput> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 1000, 400), d -> d.unitId, Types.STRING);
  }
}
