package vn.sla.jobs.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.source.RecordParser;
import vn.sla.jobs.testing.Scenario;

/**
 * The job's two clocks, one rule per test: the input's progress comes from the input alone
 * (going live never makes later history late), "now" follows the wall clock once caught up and
 * never runs ahead of it, a far-future record moves neither, and both restore from a checkpoint.
 */
class InputClockHarnessTest {
  static final SlaRules RULES = SlaRules.defaults();
  static final long TOL = Duration.ofMinutes(5).toMillis();
  static final long IDLE = 1000;
  static final UnitRegistry REGISTRY = Scenario.registry();
  /** The wall clock of the operator under test; tests move it. */
  static final AtomicLong WALL = new AtomicLong();
  static final long TODAY = t("2026-12-01T09:00:00+07:00");

  OneInputStreamOperatorTestHarness<ParsedRecord, InputEvent> h;
  long processing;

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  static OneInputStreamOperatorTestHarness<ParsedRecord, InputEvent> harness(OperatorSubtaskState restore) throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new InputClock(RULES, TOL, IDLE, Duration.ofHours(24).toMillis(), 20, 100, WALL::get));
    h.setProcessingTime(0);
    if (restore != null) h.initializeState(restore);
    h.open();
    return h;
  }

  @AfterEach
  void close() throws Exception {
    if (h != null) h.close();
  }

  static ParsedRecord record(String id, long at) {
    String json = "{\"eventId\":\"" + id + "\",\"dossierId\":\"D-" + id + "\",\"type\":\"RECEIVED\",\"occurredAt\":\"" + Scenario.iso(at)
        + "\",\"unitId\":\"xa-1a\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\"" + Scenario.iso(at + 86_400_000L) + "\"}";
    return new RecordParser(REGISTRY).parse(null, json.getBytes(StandardCharsets.UTF_8), "t/0/" + id);
  }

  void feed(ParsedRecord r) throws Exception {
    h.processElement(new StreamRecord<>(r));
  }

  /** Lets processing time pass (the clocks move on their timers). */
  void pass(long millis) throws Exception {
    for (long t = 0; t < millis; t += 20) {
      processing += 20;
      WALL.addAndGet(20);
      h.setProcessingTime(processing);
    }
  }

  long progressWatermark() {
    long wm = Long.MIN_VALUE;
    for (Object o : h.getOutput()) if (o instanceof Watermark w) wm = Math.max(wm, w.getTimestamp());
    return wm;
  }

  long now() {
    var q = h.getSideOutput(InputClock.NOW);
    return q == null ? Long.MIN_VALUE : q.stream().mapToLong(r -> r.getValue()).max().orElse(Long.MIN_VALUE);
  }

  List<InputEvent> events() {
    return h.extractOutputValues();
  }

  @Test
  void goingLiveOnAnEmptyInputNeverMakesLaterHistoryLate() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    pass(IDLE + 100);
    assertThat(now()).as("quiet input: now follows the wall clock").isEqualTo(WALL.get());
    // Last year's history arrives: in order, never late, and the progress follows it, not the wall clock.
    long history = t("2025-05-10T08:00:00+07:00");
    for (int i = 0; i < 50; i++) feed(record("h" + i, history + i * 3_600_000L));
    pass(200);
    assertThat(events()).noneMatch(e -> e.late);
    assertThat(progressWatermark()).isEqualTo(history + 49 * 3_600_000L - TOL);
    assertThat(now()).as("now never goes back").isGreaterThanOrEqualTo(TODAY);
    feed(record("next", history + 50 * 3_600_000L));
    assertThat(events().get(events().size() - 1).progress).as("stamped with the progress it arrived at").isEqualTo(progressWatermark());
  }

  @Test
  void lateIsMeasuredAgainstTheNewestOfTheWholeInput() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    long at = t("2026-11-20T08:00:00+07:00");
    feed(record("a", at));
    feed(record("b", at - TOL + 1)); // within the tolerance
    feed(record("c", at - TOL - 1)); // beyond it
    List<InputEvent> e = events();
    assertThat(e).extracting(x -> x.late).containsExactly(false, false, true);
  }

  @Test
  void aReaderAheadOnOnePartitionMakesNoEventOfAnotherLate() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    long at = t("2025-05-10T08:00:00+07:00");
    // The reader happens to read two days of partition 1 before partition 0's records of the same days.
    for (int i = 0; i < 48; i++) feed(onPartition(record("b" + i, at + i * 3_600_000L), 1, true));
    for (int i = 0; i < 48; i++) feed(onPartition(record("a" + i, at + i * 3_600_000L + 60_000), 0, true));
    assertThat(events()).noneMatch(e -> e.late);
    pass(200);
    // Nothing settles before both partitions have passed it: the progress is the least of theirs.
    assertThat(progressWatermark()).isEqualTo(at + 47 * 3_600_000L - TOL);
    // Within its own partition an event older than the tolerance is late, whatever the other partition does.
    feed(onPartition(record("late", at + 40 * 3_600_000L), 0, true));
    assertThat(events().get(events().size() - 1).late).isTrue();
  }

  @Test
  void aQuietPartitionDoesNotHoldTheProgressBack() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    long at = t("2025-05-10T08:00:00+07:00");
    feed(onPartition(record("b", at), 1, false)); // caught up, then nothing more on partition 1
    pass(IDLE + 100);
    for (int i = 1; i <= 5; i++) feed(onPartition(record("a" + i, at + i * 3_600_000L), 0, false));
    pass(100);
    assertThat(progressWatermark()).isEqualTo(at + 5 * 3_600_000L - TOL);
  }

  static ParsedRecord onPartition(ParsedRecord r, int partition, boolean backlog) {
    r.partition = partition;
    r.backlog = backlog;
    return r;
  }

  @Test
  void aFarFutureRecordIsABadRecordAndMovesNeitherClock() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    feed(record("a", TODAY - 60_000));
    feed(record("future", TODAY + Duration.ofHours(25).toMillis()));
    pass(200);
    assertThat(events()).hasSize(1);
    assertThat(h.getSideOutput(InputClock.DEAD_LETTERS)).extracting(r -> r.getValue().reason).containsExactly("IN_FUTURE");
    assertThat(progressWatermark()).isEqualTo(TODAY - 60_000 - TOL);
    assertThat(now()).isEqualTo(WALL.get());
  }

  @Test
  void nowNeverRunsAheadOfTheWallClock() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    feed(record("soon", TODAY + Duration.ofHours(2).toMillis())); // a desk whose clock is two hours fast: valid
    pass(200);
    assertThat(events()).hasSize(1);
    assertThat(progressWatermark()).isEqualTo(TODAY + Duration.ofHours(2).toMillis() - TOL);
    assertThat(now()).isEqualTo(WALL.get()).isLessThan(progressWatermark());
  }

  @Test
  void whileCatchingUpNowIsTheProgress() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    long history = t("2025-05-10T08:00:00+07:00");
    ParsedRecord r = record("a", history);
    r.backlog = true; // part of the topic's backlog at start: a pause in it is a stall, not a quiet input
    feed(r);
    pass(IDLE * 3);
    assertThat(now()).isEqualTo(history - TOL);
    assertThat(h.getSideOutput(InputClock.TICKS).stream().reduce((a, b) -> b).orElseThrow().getValue().catchingUp).isTrue();
  }

  ClockTick lastTick() {
    return h.getSideOutput(InputClock.TICKS).stream().reduce((a, b) -> b).orElseThrow().getValue();
  }

  @Test
  void historyArrivingAfterGoingLiveIsCatchingUpSaidAtOnceUntilIdleAfterIt() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    pass(IDLE + 100); // live on an empty input
    assertThat(lastTick().catchingUp).isFalse();
    feed(record("live", WALL.get() - 1000)); // a live event: not history
    pass(100);
    assertThat(lastTick().catchingUp).isFalse();
    int ticks = h.getSideOutput(InputClock.TICKS).size();
    feed(record("old", t("2025-05-10T08:00:00+07:00"))); // last year's, after going live: an import
    // Said with the event, before any timer: the alerts hear it ahead of the event's figures.
    assertThat(h.getSideOutput(InputClock.TICKS)).hasSize(ticks + 1);
    assertThat(lastTick().catchingUp).isTrue();
    assertThat(now()).as("now stays the wall clock").isGreaterThanOrEqualTo(TODAY);
    pass(IDLE / 2);
    feed(record("older", t("2025-05-11T08:00:00+07:00")));
    pass(IDLE - 100);
    assertThat(lastTick().catchingUp).as("within idle of the last old event").isTrue();
    pass(IDLE);
    assertThat(lastTick().catchingUp).as("idle after the last old event: caught up").isFalse();
  }

  @Test
  void bothClocksAndLatenessRestoreFromACheckpoint() throws Exception {
    WALL.set(TODAY);
    h = harness(null);
    pass(IDLE + 100); // live
    long history = t("2025-05-10T08:00:00+07:00");
    feed(record("a", history));
    pass(40);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    h = harness(snapshot);
    // After the restart an event older than the restored progress is late, as it was before.
    feed(record("b", history - TOL - 1));
    assertThat(events()).extracting(e -> e.late).containsExactly(true);
    pass(40);
    assertThat(now()).as("now restored, not back at the history").isGreaterThanOrEqualTo(TODAY);
  }
}
