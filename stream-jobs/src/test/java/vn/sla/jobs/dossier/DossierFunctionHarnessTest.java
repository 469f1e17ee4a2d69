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
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.records.UnitDelta;

/**
 * The dossier lifecycle function alone, on the input's progress: refusals and closures settle
 * when the progress has passed them (never on a clock), retention counts in input time, and
 * state is cleared on every exit path.
 */
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
    return event(id, type, at, extra, Long.MIN_VALUE, false);
  }

  /** An event as the input clock passes it on: with the input's progress it arrived at, and late or not. */
  static InputEvent event(String id, String type, long at, String extra, long progress, boolean late) {
    String json = "{\"eventId\":\"" + id + "\",\"dossierId\":\"D1\",\"type\":\"" + type + "\",\"occurredAt\":\""
        + OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(at), java.time.ZoneOffset.ofHours(7)) + "\"" + extra + "}";
    DossierEvent e = PARSER.parse(json).event();
    InputEvent in = new InputEvent(e, json.getBytes(StandardCharsets.UTF_8), "test/0/" + id, late);
    in.progress = progress;
    return in;
  }

  static final String RECEIVED_FIELDS = ",\"unitId\":\"xa-a\",\"field\":\"dat-dai\",\"channel\":\"ONLINE\",\"dueAt\":\"2025-03-05T16:00:00+07:00\"";

  static InputEvent received() {
    return event("r", "RECEIVED", RECEIVED, RECEIVED_FIELDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DossierFunction(RULES, RETENTION), e -> e.event.dossierId, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  /** Net live counts by kind and due time ("KIND@due") from everything emitted so far. */
  Map<String, Long> live() {
    Map<String, Long> m = new HashMap<>();
    for (UnitDelta d : h.extractOutputValues()) if (d.kind.scope == Kind.Scope.LIVE) m.merge(d.kind + "@" + d.due, d.count, Long::sum);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  List<String> deadReasons() {
    var dead = h.getSideOutput(DossierFunction.DEAD_LETTERS);
    return dead == null ? List.of() : dead.stream().map(r -> r.getValue().reason).toList();
  }

  @Test
  void anOpenDossierCountsAsRunningWithItsDueTimeAndNeedsNoTimerForTime() throws Exception {
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_RUNNING + "@" + DUE, 1L));
    // Final at once (the progress is at its time), so nothing waits: buckets move in the unit figures.
    assertThat(h.numEventTimeTimers()).isZero();
    String status = h.getSideOutput(DossierFunction.STATUS).stream().reduce((a, b) -> b).orElseThrow().getValue().json;
    assertThat(status).contains("\"dueAtMillis\":" + DUE).contains("\"paused\":false").doesNotContain("\"bucket\":\"");
    h.processWatermark(new Watermark(MIDNIGHT_AFTER_DUE + 1));
    assertThat(h.getSideOutput(DossierFunction.STATUS)).hasSize(1); // time alone publishes nothing
  }

  @Test
  void aPausedDossierCountsAsPausedAndAnApologyAsSuch() throws Exception {
    long pause = t("2025-03-03T09:00:00+07:00");
    long apology = t("2025-03-03T10:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, ""), pause));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_PAUSED + "@0", 1L));
    h.processElement(new StreamRecord<>(event("res", "RESUMED", apology - 1000, ""), apology));
    h.processElement(new StreamRecord<>(event("a", "APOLOGY_ISSUED", apology, ""), apology));
    long shifted = DUE + (apology - 1000 - pause);
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_RUNNING_APOLOGY + "@" + shifted, 1L));
  }

  @Test
  void aRefusalWaitsForTheInputsProgressNotForAnyClock() throws Exception {
    // The job may follow the wall clock of 2026 while this history of 2025 arrives: what counts is the progress.
    long pause = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(pause - TOL));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, "", pause - TOL, false), pause));
    assertThat(deadReasons()).isEmpty(); // PAUSED before its RECEIVED has arrived: not refused yet
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    // The RECEIVED, dated before it, arrives within the tolerance: the PAUSED is valid after all.
    h.processElement(new StreamRecord<>(event("r", "RECEIVED", pause - 60_000, RECEIVED_FIELDS, pause - TOL, false), pause));
    h.processWatermark(new Watermark(pause + 1));
    assertThat(deadReasons()).isEmpty();
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_PAUSED + "@0", 1L));
  }

  @Test
  void aRefusalBecomesFinalOnceTheProgressHasPassedIt() throws Exception {
    long pause = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(pause - TOL));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, ""), pause));
    h.processWatermark(new Watermark(pause));
    assertThat(deadReasons()).containsExactly("NOT_RECEIVED");
    // A RECEIVED dated before it now is late: applied after it, so the PAUSED stays refused.
    h.processElement(new StreamRecord<>(event("r", "RECEIVED", RECEIVED, RECEIVED_FIELDS, pause, true), pause));
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_RUNNING + "@" + DUE, 1L));
    assertThat(deadReasons()).containsExactly("NOT_RECEIVED");
  }

  @Test
  void aLateEventIsAppliedInArrivalOrderAndNeverBackInTime() throws Exception {
    long transfer = t("2025-03-04T09:00:00+07:00");
    long done = t("2025-03-04T10:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processElement(new StreamRecord<>(event("t", "TRANSFERRED", transfer, ",\"toUnitId\":\"xa-b\""), transfer));
    // A COMPLETED dated before the transfer arrives hours late: it comes after the transfer, at the transfer's time.
    h.processWatermark(new Watermark(done));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", transfer - 3_600_000L, "", done, true), done));
    List<UnitDelta> out = h.extractOutputValues();
    assertThat(out).anyMatch(d -> d.kind == Kind.TRANSFER && d.unitId.equals("xa-a") && d.otherUnitId.equals("xa-b"));
    assertThat(out).anyMatch(d -> d.kind == Kind.COMPLETED_EARLY && d.unitId.equals("xa-b") && d.day == RULES.day(transfer));
    assertThat(live()).isEmpty();
  }

  @Test
  void aClosedDossierWaitsForTheProgressBeforeItShrinksToATombstone() throws Exception {
    long done = t("2025-03-04T10:00:00+07:00");
    long transfer = t("2025-03-04T09:58:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(done - TOL));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    // A transfer dated two minutes earlier arrives after the completion, within the tolerance: applied before it.
    h.processElement(new StreamRecord<>(event("t", "TRANSFERRED", transfer, ",\"toUnitId\":\"xa-b\""), done));
    assertThat(deadReasons()).isEmpty();
    assertThat(h.extractOutputValues()).anyMatch(d -> d.kind == Kind.COMPLETED_EARLY && d.unitId.equals("xa-b"));
    h.processWatermark(new Watermark(done));
    assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the tombstone
    h.processElement(new StreamRecord<>(event("x", "PAUSED", done + 1000, ""), done + 1000));
    assertThat(deadReasons()).containsExactly("AFTER_COMPLETED");
  }

  @Test
  void aClosedDossierWithARefusalStillPendingWaitsForItWithoutSpinning() throws Exception {
    long done = t("2025-03-04T10:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(done - TOL));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    h.processElement(new StreamRecord<>(event("x", "PAUSED", done + 60_000, ""), done)); // refused once final
    h.processWatermark(new Watermark(done)); // past the completion, not yet past the PAUSED
    assertThat(deadReasons()).isEmpty();
    assertThat(h.numEventTimeTimers()).as("one timer, at the PAUSED, not one at the completion firing again and again").isEqualTo(1);
    h.processWatermark(new Watermark(done + 60_000));
    assertThat(deadReasons()).containsExactly("AFTER_COMPLETED");
    assertThat(h.numKeyedStateEntries()).isEqualTo(1); // now a tombstone
  }

  @Test
  void aTombstoneOutlivesAnyClockUntilTheProgressHasPassedTheRetention() throws Exception {
    long done = t("2025-03-04T10:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    h.processWatermark(new Watermark(done + 1));
    // Three weeks of input later the RECEIVED comes again: a duplicate, not a second dossier.
    long later = done + Duration.ofDays(21).toMillis();
    h.processWatermark(new Watermark(later));
    h.processElement(new StreamRecord<>(event("r", "RECEIVED", RECEIVED, RECEIVED_FIELDS, later, true), later));
    assertThat(h.getSideOutput(DossierFunction.QUALITY)).extracting(r -> r.getValue().reason).contains(QualityMark.DUPLICATE);
    assertThat(live()).isEmpty();
    h.processWatermark(new Watermark(later + RETENTION));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aDossierImportedLongAfterItClosedIsRememberedFromItsArrival() throws Exception {
    long now2026 = t("2026-12-01T09:00:00+07:00");
    long done = t("2025-03-04T10:00:00+07:00");
    h.processWatermark(new Watermark(now2026));
    // Last year's register, imported into a job whose input is already at 2026: every event late.
    h.processElement(new StreamRecord<>(event("r", "RECEIVED", RECEIVED, RECEIVED_FIELDS, now2026, true), now2026));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, "", now2026, true), now2026));
    assertThat(h.extractOutputValues()).anyMatch(d -> d.kind == Kind.COMPLETED_EARLY && d.day == RULES.day(done));
    assertThat(h.numKeyedStateEntries()).isEqualTo(1); // a tombstone at once: nothing can come before it
    // The same export imported again a week later: nothing new.
    long weekLater = now2026 + Duration.ofDays(7).toMillis();
    h.processWatermark(new Watermark(weekLater));
    int before = h.extractOutputValues().size();
    h.processElement(new StreamRecord<>(event("r", "RECEIVED", RECEIVED, RECEIVED_FIELDS, weekLater, true), weekLater));
    assertThat(h.extractOutputValues()).hasSize(before);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
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
    h.processWatermark(new Watermark(done));
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
    h.processWatermark(new Watermark(resume - TOL));
    // RESUMED arrives before PAUSED: it is not applied (RESUMED while running), but not refused yet.
    h.processElement(new StreamRecord<>(event("res", "RESUMED", resume, ""), resume));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, ""), pause));
    h.processWatermark(new Watermark(resume + TOL));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    assertThat(live()).containsExactlyEntriesOf(Map.of(Kind.LIVE_RUNNING + "@" + (DUE + resume - pause), 1L));
    String status = h.getSideOutput(DossierFunction.STATUS).stream().reduce((a, b) -> b).orElseThrow().getValue().json;
    assertThat(status).contains("\"dueAt\":\"2025-03-05T16:03:00+07:00\""); // shifted by the 3-minute pause
  }

  @Test
  void aRuleBreakingEventGoesToTheDeadLettersWithItsPayloadOnceSettled() throws Exception {
    long resume = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processWatermark(new Watermark(resume - TOL));
    InputEvent bad = event("res", "RESUMED", resume, "");
    h.processElement(new StreamRecord<>(bad, resume));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    h.processWatermark(new Watermark(resume));
    List<DeadLetter> dead = h.getSideOutput(DossierFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).reason).isEqualTo("RESUMED_WHILE_RUNNING");
    assertThat(dead.get(0).value).isEqualTo(bad.raw);
  }

  @Test
  void eventsOfANeverReceivedDossierKeepOnlyTheirIdsUntilTheRetentionThenNoState() throws Exception {
    long at = t("2025-03-03T09:00:00+07:00");
    h.processWatermark(new Watermark(at));
    h.processWatermark(new Watermark(at - 1));
    h.processElement(new StreamRecord<>(event("p", "PAUSED", at, ""), at));
    h.processWatermark(new Watermark(at));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).hasSize(1);
    // The same event again, after its rejection settled: a duplicate, not a second dead letter.
    h.processElement(new StreamRecord<>(event("p", "PAUSED", at, ""), at));
    assertThat(h.getSideOutput(DossierFunction.DEAD_LETTERS)).hasSize(1);
    assertThat(h.getSideOutput(DossierFunction.QUALITY)).extracting(r -> r.getValue().reason).contains(QualityMark.DUPLICATE);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(new Watermark(at + RETENTION));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  /** An event of dossier {@code dossier}, as the input clock passes it on in order. */
  static InputEvent eventOf(String dossier, String id, String type, long at, String extra) {
    String json = "{\"eventId\":\"" + id + "\",\"dossierId\":\"" + dossier + "\",\"type\":\"" + type + "\",\"occurredAt\":\""
        + OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(at), java.time.ZoneOffset.ofHours(7)) + "\"" + extra + "}";
    return new InputEvent(PARSER.parse(json).event(), json.getBytes(StandardCharsets.UTF_8), "test/0/" + dossier + id, false);
  }

  @Test
  void theBytesOfEventsStillOpenToRefusalSurviveARestartOnTwiceTheSubtasks() throws Exception {
    // Pending originals are the function's own (not keyed) state: after a rescale each subtask
    // must still find the bytes of its dossiers' events when their refusal settles.
    long resume = t("2025-03-03T09:00:00+07:00");
    var one = new KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta>(
        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new DossierFunction(RULES, RETENTION)), e -> e.event.dossierId,
        Types.STRING, 128, 1, 0);
    one.open();
    one.processWatermark(new Watermark(RECEIVED));
    Map<String, byte[]> bad = new HashMap<>();
    for (int d = 0; d < 40; d++) {
      one.processElement(new StreamRecord<>(eventOf("D" + d, "r", "RECEIVED", RECEIVED, RECEIVED_FIELDS)));
      InputEvent resumed = eventOf("D" + d, "res", "RESUMED", resume, ""); // RESUMED while running: refused once settled
      bad.put("D" + d, resumed.raw.clone());
      one.processElement(new StreamRecord<>(resumed));
    }
    one.processWatermark(new Watermark(resume - TOL));
    assertThat(one.getSideOutput(DossierFunction.DEAD_LETTERS)).isNull();
    var snapshot = one.snapshot(1, 1);
    one.close();

    Map<String, Integer> subtaskOf = new HashMap<>();
    int held = 0;
    for (int i = 0; i < 2; i++) {
      DossierFunction f = new DossierFunction(RULES, RETENTION);
      var part = new KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta>(
          new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(f), e -> e.event.dossierId, Types.STRING, 128, 2, i);
      part.initializeState(KeyedOneInputStreamOperatorTestHarness.repartitionOperatorState(snapshot, 128, 1, 2, i));
      part.open();
      held += f.originalsHeld(); // each subtask keeps its own dossiers' bytes only
      part.processWatermark(new Watermark(resume));
      var dead = part.getSideOutput(DossierFunction.DEAD_LETTERS);
      if (dead != null) {
        for (var r : dead) {
          DeadLetter l = r.getValue();
          String dossier = new String(l.key, StandardCharsets.UTF_8);
          assertThat(l.reason).isEqualTo("RESUMED_WHILE_RUNNING");
          assertThat(l.value).as("the payload of %s", dossier).isEqualTo(bad.get(dossier));
          assertThat(l.origin).isEqualTo("test/0/" + dossier + "res");
          assertThat(subtaskOf.put(dossier, i)).as("%s refused once", dossier).isNull();
        }
      }
      part.close();
    }
    assertThat(held).isEqualTo(40);
    assertThat(subtaskOf).hasSize(40);
    assertThat(subtaskOf.values()).contains(0, 1);
  }

  /** The latest timeline record per key (null: a tombstone), in the order the keys were first published. */
  Map<String, String> timeline() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    var out = h.getSideOutput(DossierFunction.TIMELINE);
    if (out != null) for (var r : out) m.put(r.getValue().dossierId, r.getValue().json);
    return m;
  }

  @Test
  void theTimelineCarriesEveryEventInOrderWithRefusalsAndIsForgottenWithTheDossier() throws Exception {
    long pause = t("2025-03-03T09:00:00+07:00");
    long pauseAgain = t("2025-03-03T10:00:00+07:00");
    long resume = t("2025-03-04T09:00:00+07:00");
    long done = t("2025-03-05T10:00:00+07:00");
    long afterDone = t("2025-03-05T11:00:00+07:00");
    h.processWatermark(new Watermark(RECEIVED - TOL));
    // out of order within the tolerance: the PAUSED arrives before the RECEIVED
    h.processElement(new StreamRecord<>(event("p", "PAUSED", pause, ",\"reason\":\"Bổ sung giấy tờ\""), pause));
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    h.processElement(new StreamRecord<>(event("p2", "PAUSED", pauseAgain, ""), pauseAgain));
    h.processWatermark(new Watermark(pauseAgain)); // the second PAUSED's refusal is final now
    h.processElement(new StreamRecord<>(event("s", "RESUMED", resume, ""), resume));
    h.processElement(new StreamRecord<>(event("x", "TRANSFERRED", resume + 1000, ",\"toUnitId\":\"xa-b\""), resume));
    vn.sla.core.figures.DossierTimeline open = vn.sla.core.figures.Json.read(timeline().get("D1"), vn.sla.core.figures.DossierTimeline.class);
    assertThat(open.status).isEqualTo("OPEN");
    assertThat(open.unitId).isEqualTo("xa-b");
    assertThat(open.receivingUnitId).isEqualTo("xa-a");
    assertThat(open.paused).isFalse();
    assertThat(java.util.Arrays.stream(open.events).map(e -> e.eventId + ":" + e.type + ":" + e.applied + ":" + e.rejectReason))
        .containsExactly("r:RECEIVED:true:null", "p:PAUSED:true:null", "p2:PAUSED:false:PAUSED_WHILE_PAUSED", "s:RESUMED:true:null",
            "x:TRANSFERRED:true:null");
    assertThat(open.events[1].reason).isEqualTo("Bổ sung giấy tờ");
    assertThat(open.events[4].toUnitId).isEqualTo("xa-b");

    h.processWatermark(new Watermark(done));
    h.processElement(new StreamRecord<>(event("c", "COMPLETED", done, ""), done));
    h.processWatermark(new Watermark(afterDone)); // closed and settled: the events leave the state, the timeline stays on the topic
    h.processElement(new StreamRecord<>(event("w", "WITHDRAWN", afterDone, ""), afterDone));
    h.processElement(new StreamRecord<>(event("ret", "RETURNED", afterDone + 1000, ""), afterDone));
    Map<String, String> t = timeline();
    vn.sla.core.figures.DossierTimeline closed = vn.sla.core.figures.Json.read(t.get("D1"), vn.sla.core.figures.DossierTimeline.class);
    assertThat(closed.status).isEqualTo("COMPLETED");
    // due 05/03 16:00, shifted by the pause of a day to 06/03: completed on the 5th is early
    assertThat(closed.dueAt).isEqualTo("2025-03-06T16:00:00+07:00");
    assertThat(closed.outcome).isEqualTo("early");
    assertThat(closed.events).hasSize(6);
    assertThat(closed.events[5].type).isEqualTo("COMPLETED");
    List<String> addenda = t.keySet().stream().filter(k -> !k.equals("D1")).toList();
    assertThat(addenda).hasSize(2);
    assertThat(addenda.stream().map(k -> vn.sla.core.figures.Json.read(t.get(k), vn.sla.core.figures.DossierTimeline.Event.class))
        .map(e -> e.eventId + ":" + e.applied + ":" + e.rejectReason))
        .containsExactly("w:false:AFTER_COMPLETED", "ret:true:null");

    h.processWatermark(new Watermark(afterDone + RETENTION));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(timeline().values()).containsOnlyNulls();
  }

  @Test
  void anEventRefusedBeforeTheDossierWasReceivedStaysInItsTimeline() throws Exception {
    long yearBefore = RECEIVED - Duration.ofDays(400).toMillis();
    // the first record of the input: no progress yet
    h.processElement(new StreamRecord<>(event("c0", "COMPLETED", yearBefore, "", RECEIVED - TOL, true), yearBefore));
    h.processWatermark(new Watermark(RECEIVED - TOL));
    assertThat(deadReasons()).containsExactly("NOT_RECEIVED");
    assertThat(timeline()).isEmpty(); // nothing to find yet
    h.processElement(new StreamRecord<>(received(), RECEIVED));
    vn.sla.core.figures.DossierTimeline t = vn.sla.core.figures.Json.read(timeline().get("D1"), vn.sla.core.figures.DossierTimeline.class);
    assertThat(java.util.Arrays.stream(t.events).map(e -> e.eventId + ":" + e.applied + ":" + e.rejectReason))
        .containsExactly("c0:false:NOT_RECEIVED", "r:true:null");
  }
}
