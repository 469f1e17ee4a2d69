package vn.sla.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.AlertControl;
import vn.sla.jobs.testing.Scenario;

/** Alert rules on live figures: fire, hold, hysteresis, minimum count, rule changes, refusals. */
class AlertFunctionHarnessTest {
  static final long T0 = 1_780_000_000_000L;
  static final long MIN = 60_000L;
  KeyedBroadcastOperatorTestHarness<String, UnitFigures, AlertControl, AlertEvent> h;

  static AlertControl rules(String... rules) {
    return AlertControl.rules("{\"rules\":[" + String.join(",", rules) + "]}");
  }

  static final String OVERDUE_10 = "{\"id\":\"o10\",\"level\":\"COMMUNE\",\"metric\":\"OVERDUE_COUNT\",\"fire\":10,\"clear\":5,"
      + "\"minPending\":20,\"holdFor\":\"PT10M\",\"severity\":\"WARNING\"}";
  static final String NOW_3 = "{\"id\":\"n3\",\"unit\":\"xa-1a\",\"metric\":\"OVERDUE_COUNT\",\"fire\":3,\"clear\":1,\"severity\":\"CRITICAL\"}";

  @BeforeEach
  void setUp() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new AlertFunction(Scenario.registry(), SlaRules.defaults()), f -> f.unitId, Types.STRING, AlertFunction.RULES);
    // As in the job: the rule stream never holds the watermark back.
    h.processBroadcastWatermark(Long.MAX_VALUE);
  }

  static UnitFigures figures(String unit, long pending, long overdue) {
    UnitFigures f = new UnitFigures();
    f.unitId = unit;
    f.pending.total = pending;
    f.pending.overdue = overdue;
    f.pending.inTime = pending - overdue;
    return f;
  }

  void at(long t, UnitFigures f) throws Exception {
    h.processWatermark(new Watermark(t));
    h.processElement(new StreamRecord<>(f, t));
  }

  List<String> states() {
    return h.extractOutputValues().stream().map(e -> e.ruleId + ":" + e.unitId + ":" + e.state).toList();
  }

  @Test
  void firesOnlyAfterTheConditionHeldForItsDurationAndClearsWithHysteresis() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(OVERDUE_10)));
    at(T0, figures("xa-1a", 30, 12));
    assertThat(states()).isEmpty();
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(new Watermark(T0 + 10 * MIN - 1));
    assertThat(states()).isEmpty();
    h.processWatermark(new Watermark(T0 + 10 * MIN)); // fires by time alone, no new figures
    assertThat(states()).containsExactly("o10:xa-1a:FIRING");
    at(T0 + 11 * MIN, figures("xa-1a", 30, 7)); // below fire, above clear: still firing
    assertThat(states()).hasSize(1);
    at(T0 + 12 * MIN, figures("xa-1a", 30, 5)); // at clear
    assertThat(states()).containsExactly("o10:xa-1a:FIRING", "o10:xa-1a:RESOLVED");
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aProgressScoreFiresWhenItFallsToItsThresholdAndClearsWhenBackAbove() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules("{\"id\":\"p16\",\"unit\":\"xa-1a\",\"metric\":\"PROGRESS_SCORE_MTD\","
        + "\"fire\":16,\"clear\":18,\"severity\":\"WARNING\"}")));
    UnitFigures f = figures("xa-1a", 30, 2);
    f.monthToDate.progressScore766 = 19.5;
    at(T0, f);
    assertThat(states()).isEmpty();
    f = figures("xa-1a", 30, 9);
    f.monthToDate.progressScore766 = 16; // at the threshold: fires (lower is worse)
    at(T0 + MIN, f);
    assertThat(states()).containsExactly("p16:xa-1a:FIRING");
    f.monthToDate.progressScore766 = 17.2; // above fire, below clear: still firing
    at(T0 + 2 * MIN, f);
    assertThat(states()).hasSize(1);
    f.monthToDate.progressScore766 = 18;
    at(T0 + 3 * MIN, f);
    assertThat(states()).containsExactly("p16:xa-1a:FIRING", "p16:xa-1a:RESOLVED");
  }

  @Test
  void aConditionThatDoesNotHoldLongEnoughNeverFires() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(OVERDUE_10)));
    at(T0, figures("xa-1a", 30, 12));
    at(T0 + 5 * MIN, figures("xa-1a", 30, 9));
    h.processWatermark(new Watermark(T0 + 20 * MIN));
    assertThat(states()).isEmpty();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aUnitWithFewPendingDossiersStaysSilent() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(OVERDUE_10)));
    at(T0, figures("xa-1a", 19, 15)); // 15 overdue, but fewer than 20 pending
    h.processWatermark(new Watermark(T0 + 30 * MIN));
    assertThat(states()).isEmpty();
  }

  @Test
  void rulesApplyToTheirScopeOnly() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(OVERDUE_10, NOW_3)));
    at(T0, figures("huyen-1", 100, 50)); // a district: neither rule
    at(T0, figures("xa-1b", 4, 4)); // a commune, too few pending for o10; n3 is for xa-1a only
    h.processWatermark(new Watermark(T0 + 30 * MIN));
    assertThat(states()).isEmpty();
    at(T0 + 31 * MIN, figures("xa-1a", 4, 3));
    assertThat(states()).containsExactly("n3:xa-1a:FIRING");
  }

  @Test
  void aBadRuleSetIsRefusedAndTheRunningRulesStay() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(NOW_3)));
    h.processBroadcastElement(new StreamRecord<>(rules("{\"id\":\"bad\",\"unit\":\"nowhere\",\"metric\":\"OVERDUE_COUNT\",\"fire\":1}")));
    assertThat(h.getSideOutput(AlertFunction.REFUSED)).hasSize(1);
    assertThat(h.getSideOutput(AlertFunction.REFUSED).peek().getValue()).contains("'bad'").contains("nowhere");
    at(T0, figures("xa-1a", 5, 3));
    assertThat(states()).containsExactly("n3:xa-1a:FIRING");
  }

  @Test
  void removingARuleAtRuntimeResolvesWhatItFired() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(NOW_3)));
    at(T0, figures("xa-1a", 5, 3));
    h.processBroadcastElement(new StreamRecord<>(rules()));
    at(T0 + MIN, figures("xa-1a", 5, 3));
    assertThat(states()).containsExactly("n3:xa-1a:FIRING", "n3:xa-1a:RESOLVED");
  }

  @Test
  void whileCatchingUpNothingIsNewsAndWhatStillFiresAfterIsPublishedOnceWithItsTrueStart() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(NOW_3)));
    // History (the job has not said it caught up): xa-1a fires and clears, fires again; xa-1b fires and clears.
    at(T0, figures("xa-1a", 5, 3));
    at(T0 + MIN, figures("xa-1b", 5, 0));
    at(T0 + 2 * MIN, figures("xa-1a", 5, 1));
    at(T0 + 3 * MIN, figures("xa-1a", 6, 4));
    assertThat(states()).containsExactly("n3:xa-1a:FIRING", "n3:xa-1a:RESOLVED", "n3:xa-1a:FIRING");
    assertThat(h.extractOutputValues()).allMatch(e -> e.duringCatchUp);

    // Caught up: what fires now comes again, unmarked, with its true start; nothing else.
    h.processBroadcastElement(new StreamRecord<>(AlertControl.clock(false, T0 + 60 * MIN)));
    List<AlertEvent> out = h.extractOutputValues();
    assertThat(out).hasSize(4);
    AlertEvent again = out.get(3);
    assertThat(again.state).isEqualTo("FIRING");
    assertThat(again.duringCatchUp).isFalse();
    assertThat(again.firedAtMillis).isEqualTo(T0 + 3 * MIN);
    assertThat(again.alertId).isEqualTo(out.get(2).alertId); // the same firing: delivered once, whoever saw which
    assertThat(again.atMillis).isEqualTo(T0 + 60 * MIN);

    // A second "caught up" adds nothing; live changes are news.
    h.processBroadcastElement(new StreamRecord<>(AlertControl.clock(false, T0 + 61 * MIN)));
    assertThat(h.extractOutputValues()).hasSize(4);
    at(T0 + 62 * MIN, figures("xa-1a", 6, 0));
    assertThat(states()).last().isEqualTo("n3:xa-1a:RESOLVED");
    assertThat(h.extractOutputValues().get(4).duringCatchUp).isFalse();
  }

  @Test
  void aCatchUpAfterGoingLiveMarksWhatItFinds() throws Exception {
    h.processBroadcastElement(new StreamRecord<>(rules(NOW_3)));
    h.processBroadcastElement(new StreamRecord<>(AlertControl.clock(false, T0)));
    at(T0, figures("xa-1a", 5, 3));
    h.processBroadcastElement(new StreamRecord<>(AlertControl.clock(true, T0 + MIN)));
    at(T0 + 2 * MIN, figures("xa-1a", 5, 0));
    assertThat(states()).containsExactly("n3:xa-1a:FIRING", "n3:xa-1a:RESOLVED");
    assertThat(h.extractOutputValues().get(0).duringCatchUp).isFalse();
    assertThat(h.extractOutputValues().get(1).duringCatchUp).isTrue();
  }
}
