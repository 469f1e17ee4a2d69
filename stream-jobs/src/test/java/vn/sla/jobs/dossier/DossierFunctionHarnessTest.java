package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.output.DeadLetter;
import vn.sla.jobs.output.QualityMark;
import vn.sla.jobs.source.InputEvent;

/** The dossier lifecycle function alone: its timers fire at the right instants and its state is cleared. */
class DossierFunctionHarnessTest {
  static final SlaRules RULES = SlaRules.defaults();
  static final long TOL = Duration.ofMinutes(5).toMillis();
  static final long RETENTION = Duration.ofDays(30).toMillis();
  static final EventParser PARSER = new EventParser(u -> true);

  // Named instants of the scenario.
  static final long RECEIVED = t("2025-03-03T08:00:00+07:00");
  static final long DUE = t("2025-03-05T16:00:00+07:00");
  static final long DUE_SOON = t("2025-03-04T16:00:00+07:00");
  static final long MIDNIGHT_AFTER_DUE = t("2025-03-06T00:00:00+07:00");

  KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta> h;

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  static InputEvent event(String id, String type, long at, String extra) {
    String json = "{\"eventId\":\"" + id + "\",\"dossierId\":\"D1\",\"type\":\"" + type + "\",\"occurredAt\":\""
        + OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(at), java.time.ZoneOffset.ofHours(7)) + "\"" + extra + "}";
    DossierEvent e = PARSER.parse(json).event();
    return new InputEvent(e, json.getBytes(StandardCharsets.UTF_8), "test/0/" + id, false);
  }

  static InputEvent received() {
    return event("r", "RECEIVED", RECEIVED, ",\"unitId\":\"xa-a\",\"field\":\"dat-dai\",\"channel\":\"ONLINE\",\"dueAt\":\"2025-03-05T16:00:00+07:00\"");
  }

  @BeforeEach
  void setUp() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DossierFunction(RULES, TOL, RETENTION), e -> e.event.dossierId, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  /** Net live counts by kind from everything emitted so far. */
  Map<Kind, Long> live() {
    Map<Kind, Long> m = new HashMap<>();
    for (UnitDelta d : h.extractOutputValues()) if (d.kind.scope == Kind.Scope.LIVE) m.merge(d.kind, d.count, Long::sum);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  @Test
  void becomesDueSoonThenOverdueWithoutAnyNewEvent() throws Exception {
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_IN_TIME, 1L));
    assertThat(h.numEventTimeTimers()).isEqualTo(1);

    h.processWatermark(new Watermark(DUE_SOON - 1));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_IN_TIME, 1L));
    h.processWatermark(new Watermark(DUE_SOON));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_DUE_SOON, 1L));
    h.processWatermark(new Watermark(MIDNIGHT_AFTER_DUE - 1));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_DUE_SOON, 1L));
    h.processWatermark(new Watermark(MIDNIGHT_AFTER_DUE));
    assertThat(live()).containsOnlyKeys(Kind.LIVE_OVERDUE, Kind.LIVE_OVERDUE_WITHOUT_APOLOGY);
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.getSideOutput(DossierFunction.STATUS)).hasSize(3); // in time, due soon, overdue
  }

  @Test
  void futureEventsWaitForTheirMomentDuringReplay() throws Exception {
    h.processWatermark(new Watermark(RECEIVED - Duration.ofHours(1).toMillis()));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    assertThat(h.extractOutputValues()).isEmpty(); // happens an hour after "now"
    h.processWatermark(new Watermark(RECEIVED));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_IN_TIME, 1L));
  }

  @Test
  void stateIsClearedAfterCloseOnceSettledAndRetentionPassed() throws Exception {
    long done = t("2025-03-04T10:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(done));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    assertThat(live()).isEmpty();
    assertThat(h.getSideOutput(DossierFunction.STATUS).stream().reduce((a, b) -> b).orElseThrow().getValue().json).isNull();
    h.processWatermark(new Watermark(done + TOL));
    assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the tombstone
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    // a RETURNED later is accepted by the tombstone, a duplicate of COMPLETED is ignored
    h.processElement(new StreamRecord<>(event("ret", "RETURNED", done + Duration.ofDays(1).toMillis(), ""), done));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    h.processWatermark(new Watermark(done + RETENTION));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void outOfOrderWithinToleranceGivesTheInOrderResult() throws Exception {
    long pause = t("2025-03-03T09:00:00+07:00");
    long resume = t("2025-03-03T09:03:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(resume));
    // RESUMED arrives before PAUSED: it is not applied (RESUMED while running), but not refused yet.
    h.processElement(new StreamRecord<>(event("res", "RESUMED", resume, ""), resume));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, ""), pause));
    h.processWatermark(new Watermark(resume + TOL));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_IN_TIME, 1L));
    String status = h.getSideOutput(DossierFunction.STATUS).stream().reduce((a, b) -> b).orElseThrow().getValue().json;
    assertThat(status).contains("\"dueAt\":\"2025-03-05T16:03:00+07:00\""); // shifted by the 3-minute pause
  }

  @Test
  void aRuleBreakingEventGoesToTheDeadLettersWithItsPayloadOnceSettled() throws Exception {
    long resume = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(resume));
    InputEvent bad = event("res", "RESUMED", resume, "");
    h.processElement(new StreamRecord<>(bad, resume));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    h.processWatermark(new Watermark(resume + TOL));
    List<DeadLetter> dead = h.getSideOutput(DossierFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).reason).isEqualTo("RESUMED_WHILE_RUNNING");
    assertThat(dead.get(0).value).isEqualTo(bad.raw);
  }

  @Test
  void eventsOfANeverReceivedDossierKeepOnlyTheirIdsUntilTheRetentionThenNoState() throws Exception {
    long at = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(at));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", at, ""), at));
    h.processWatermark(new Watermark(at + TOL));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).hasSize(1);
    // The same event again, after its rejection settled: a duplicate, not a second dead letter.
    h.processElement(new StreamRecord<>(event("p", "PAUSED", at, ""), at));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).hasSize(1);
    assertThat(h.getSideOutput(DossierFunction.QUALITY)).extracting(r -> r.getValue().reason).contains(QualityMark.DUPLICATE);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(new Watermark(at + TOL + RETENTION));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }
}
