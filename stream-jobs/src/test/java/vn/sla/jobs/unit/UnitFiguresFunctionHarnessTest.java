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
import vn.sla.jobs.records.DayCounters;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.records.UnitChange;
import vn.sla.jobs.records.UnitOutput;

/**
 * The per-unit figures, with "now" as the watermark: absolute emissions, throttling, "today"
 * rolling over at midnight, buckets moving as time passes, history far behind now, and the
 * invariant check.
 */
class UnitFiguresFunctionHarnessTest {
  static final SlaRules RULES = SlaRules.defaults();
  static final long MORNING = t("2025-03-03T08:00:00+07:00");
  static final long MIDNIGHT = t("2025-03-04T00:00:00+07:00");

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  static UnitChange change(String unit) {
    return new UnitChange(unit, 4);
  }

  static StreamRecord<UnitChange> rec(UnitChange c) {
    return new StreamRecord<>(c.trimmed());
  }

  /** A dossier received on {@code day} by {@code unit}, due at {@code due}, still pending: its complete change. */
  static UnitChange received(String unit, int day, long due) {
    int dueDay = RULES.day(due);
    UnitChange c = change(unit).add(Kind.RECEIVED_ONLINE, day, 0, 1).add(Kind.LIVE_RUNNING, 0, due, 1);
    if (dueDay >= day) {
      c.add(Kind.PENDING_END_IN_TIME, day, 0, 1).add(Kind.PENDING_END_IN_TIME, dueDay + 1, 0, -1)
          .add(Kind.PENDING_END_OVERDUE, dueDay + 1, 0, 1);
    } else {
      c.add(Kind.PENDING_END_OVERDUE, day, 0, 1);
    }
    return c;
  }

  @Test
  void emitsAbsoluteFiguresAndRollsTodayOverAtMidnight() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(received("xa", day, MORNING + 3 * 86_400_000L)));
    UnitOutput firstLive = h.extractOutputValues().stream().filter(UnitOutput::isLive).findFirst().orElseThrow();
    assertThat(firstLive.live.today.received).isEqualTo(1);
    assertThat(firstLive.live.pending.inTime).isEqualTo(1);
    assertThat(firstLive.live.pending.total).isEqualTo(1);

    h.processWatermark(new Watermark(MIDNIGHT));
    UnitOutput next = lastLive(h.extractOutputValues());
    assertThat(next.live.date).isEqualTo("2025-03-04");
    assertThat(next.live.today.received).isZero();
    assertThat(next.live.pending.inTime).isEqualTo(1);
    UnitOutput newDay = h.extractOutputValues().stream().filter(o -> !o.isLive() && o.day == day + 1).reduce((a, b) -> b).orElseThrow();
    assertThat(newDay.counters.endInTime).isEqualTo(1); // still pending at the end of the new day
    assertThat(newDay.counters.received()).isZero();
    h.close();
  }

  /** The midnight timer is registered once a day, not per change: every day still rolls over, across a restore too. */
  @Test
  void everyMidnightRollsTodayOverWhileSomethingIsPendingAcrossARestore() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(received("xa", day, MORNING + 20 * 86_400_000L)));
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = null;
    for (int d = 1; d <= 6; d++) {
      long morning = MORNING + d * 86_400_000L;
      if (d == 3) {
        snapshot = h.snapshot(1, morning - 3_600_000L);
        h.close();
        h = new KeyedOneInputStreamOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new UnitFiguresFunction(RULES, 1000, 400)), c -> c.unitId, Types.STRING);
        h.initializeState(snapshot);
        h.open();
      }
      h.processWatermark(new Watermark(morning - 8 * 3_600_000L)); // the midnight
      assertThat(lastLive(h.extractOutputValues()).live.date).as("day %d", d).isEqualTo(java.time.LocalDate.ofEpochDay(day + d).toString());
      assertThat(lastLive(h.extractOutputValues()).live.pending.inTime).isEqualTo(1);
      h.processWatermark(new Watermark(morning));
      h.processElement(rec(change("xa").add(Kind.RECEIVED_IN_PERSON, day + d, 0, 1)));
      h.processElement(rec(change("xa").add(Kind.RECEIVED_IN_PERSON, day + d, 0, -1)));
    }
    h.close();
  }

  @Test
  void aDossierBecomesDueSoonThenOverdueWithoutAnyNewEvent() throws Exception {
    var h = harness();
    long due = t("2025-03-05T16:00:00+07:00");
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(received("xa", RULES.day(MORNING), due)));
    assertThat(lastLive(h.extractOutputValues()).live.pending.inTime).isEqualTo(1);

    h.processWatermark(new Watermark(t("2025-03-04T15:59:59+07:00")));
    assertThat(lastLive(h.extractOutputValues()).live.pending.inTime).isEqualTo(1);
    h.processWatermark(new Watermark(t("2025-03-04T16:00:00+07:00")));
    var live = lastLive(h.extractOutputValues()).live;
    assertThat(live.pending.dueSoon).as("24 hours before its due time").isEqualTo(1);
    assertThat(live.pending.inTime).isZero();

    h.processWatermark(new Watermark(t("2025-03-05T23:59:59+07:00")));
    assertThat(lastLive(h.extractOutputValues()).live.pending.dueSoon).as("due earlier today is still due soon").isEqualTo(1);
    h.processWatermark(new Watermark(t("2025-03-06T00:00:00+07:00")));
    live = lastLive(h.extractOutputValues()).live;
    assertThat(live.pending.overdue).as("at the midnight after its due date").isEqualTo(1);
    assertThat(live.pending.overdueWithoutApology).isEqualTo(1);
    assertThat(live.pending.dueSoon).isZero();

    // It completes: the removal finds it where time has put it.
    h.processElement(rec(change("xa").add(Kind.LIVE_RUNNING, 0, due, -1)));
    h.processWatermark(new Watermark(t("2025-03-06T00:00:01+07:00")));
    live = lastLive(h.extractOutputValues()).live;
    assertThat(live.pending.total).isZero();
    assertThat(live.pending.overdue).isZero();
    assertThat(live.pending.overdueWithoutApology).isZero();
    h.close();
  }

  @Test
  void aDossierDueBeforeItWasReceivedIsOverdueFromTheStart() throws Exception {
    var h = harness();
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(received("xa", RULES.day(MORNING), MORNING - 2 * 86_400_000L)));
    var live = lastLive(h.extractOutputValues()).live;
    assertThat(live.pending.overdue).isEqualTo(1);
    assertThat(live.pending.total).isEqualTo(1);
    assertThat(h.getSideOutput(UnitFiguresFunction.QUALITY)).isNull();
    h.close();
  }

  @Test
  void historyYearsBehindNowWritesItsOwnDaysOnly() throws Exception {
    var h = harness();
    long now = t("2026-12-01T09:00:00+07:00");
    h.processWatermark(new Watermark(now));
    int old = RULES.day(t("2023-05-10T09:00:00+07:00"));
    // last year's dossier, still pending today: received in 2023, due a week later
    h.processElement(rec(received("xa", old, t("2023-05-17T16:00:00+07:00"))));
    h.processWatermark(new Watermark(now + 1000));
    List<UnitOutput> days = h.extractOutputValues().stream().filter(o -> !o.isLive()).toList();
    // the day it was received, the day its step from in time to overdue falls on, and today: not the 1,300 days between
    assertThat(days).extracting(o -> o.day).containsOnly(old, RULES.day(t("2023-05-18T00:00:00+07:00")), RULES.day(now));
    UnitOutput receivedDay = days.stream().filter(o -> o.day == old).reduce((a, b) -> b).orElseThrow();
    assertThat(receivedDay.counters.received()).isEqualTo(1);
    assertThat(receivedDay.counters.endInTime).isEqualTo(1);
    UnitOutput overdueDay = days.stream().filter(o -> o.day == RULES.day(t("2023-05-18T00:00:00+07:00"))).reduce((a, b) -> b).orElseThrow();
    assertThat(overdueDay.counters.endOverdue).isEqualTo(1);
    assertThat(overdueDay.counters.endInTime).isZero();
    var live = lastLive(h.extractOutputValues()).live;
    assertThat(live.pending.overdue).as("pending since 2023: overdue now").isEqualTo(1);
    assertThat(live.today.received).as("received in 2023, not today").isZero();
    assertThat(live.date).isEqualTo("2026-12-01");
    h.close();
  }

  @Test
  void aLateStepCorrectsEveryLaterDay() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(change("xa").add(Kind.RECEIVED_ONLINE, day, 0, 1).add(Kind.PENDING_END_PAUSED, day, 0, 1)
        .add(Kind.LIVE_PAUSED, 0, 0, 1)));
    h.processWatermark(new Watermark(MIDNIGHT + 5000));
    // a dossier received yesterday, known only now: pending at the end of yesterday and today
    h.processElement(rec(change("xa").add(Kind.RECEIVED_IN_PERSON, day, 0, 1).add(Kind.PENDING_END_OVERDUE, day, 0, 1)
        .add(Kind.LIVE_RUNNING, 0, MORNING - 86_400_000L, 1)));
    h.processWatermark(new Watermark(MIDNIGHT + 10_000));
    List<UnitOutput> days = h.extractOutputValues().stream().filter(o -> !o.isLive()).toList();
    UnitOutput yesterday = days.stream().filter(o -> o.day == day).reduce((a, b) -> b).orElseThrow();
    UnitOutput today = days.stream().filter(o -> o.day == day + 1).reduce((a, b) -> b).orElseThrow();
    assertThat(yesterday.counters.endTotal()).isEqualTo(2);
    assertThat(today.counters.endTotal()).isEqualTo(2);
    assertThat(h.getSideOutput(UnitFiguresFunction.QUALITY)).isNull();
    h.close();
  }

  @Test
  void aBrokenFigureIsCaughtByTheInvariantCheck() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    // received, but never counted as pending: the day does not reconcile
    h.processElement(rec(change("xa").add(Kind.RECEIVED_ONLINE, day, 0, 1)));
    // and a dossier removed that was never there: a negative bucket
    h.processElement(rec(change("xa").add(Kind.LIVE_PAUSED, 0, 0, -1)));
    h.processWatermark(new Watermark(MORNING + 5000));
    assertThat(h.getSideOutput(UnitFiguresFunction.QUALITY)).extracting(r -> r.getValue().reason)
        .contains(QualityMark.INVARIANT_BREACH);
    h.close();
  }

  @Test
  void daysBeyondTheRetentionAreDroppedButStillCarryTheirPending() throws Exception {
    var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 1000, 10), c -> c.unitId, Types.STRING);
    int day = RULES.day(MORNING);
    h.processWatermark(new Watermark(MORNING));
    h.processElement(rec(received("xa", day, MORNING + 100 * 86_400_000L)));
    long later = RULES.startOfDay(day + 30) + 3_600_000L;
    h.processWatermark(new Watermark(later));
    h.processElement(rec(change("xa").add(Kind.RECEIVED_POSTAL, day + 30, 0, 1).add(Kind.PENDING_END_PAUSED, day + 30, 0, 1)
        .add(Kind.LIVE_PAUSED, 0, 0, 1)));
    h.processWatermark(new Watermark(RULES.startOfDay(day + 31))); // rolls over: days before day + 20 go
    // a late change for the first day: its flow cannot be written any more, its pending still counts
    h.processElement(rec(change("xa").add(Kind.RECEIVED_ONLINE, day, 0, 1).add(Kind.PENDING_END_IN_TIME, day, 0, 1)
        .add(Kind.LIVE_RUNNING, 0, MORNING + 100 * 86_400_000L, 1)));
    h.processWatermark(new Watermark(RULES.startOfDay(day + 31) + 5000));
    assertThat(h.getSideOutput(UnitFiguresFunction.QUALITY)).extracting(r -> r.getValue().reason)
        .containsOnly(QualityMark.BEYOND_RETENTION);
    UnitOutput last = h.extractOutputValues().stream().filter(o -> !o.isLive() && o.day == day + 31).reduce((a, b) -> b).orElseThrow();
    assertThat(last.counters.endTotal()).isEqualTo(3);
    h.close();
  }

  @Test
  void aUnitsFieldKeyEmitsLessOftenThanTheUnit() throws Exception {
    var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 50, 1000, 400), c -> c.unitId,
        Types.STRING);
    int day = RULES.day(MORNING);
    String fieldKey = "xa" + RollUp.FIELD_SEPARATOR + "ho-tich";
    for (int i = 0; i < 20; i++) { // a change every 50 ms for one second, to the unit and to its field key
      long at = MORNING + i * 50L;
      h.processWatermark(new Watermark(at));
      h.processElement(rec(change("xa").add(Kind.RECEIVED_ONLINE, day, 0, 1).add(Kind.PENDING_END_PAUSED, day, 0, 1)));
      h.processElement(rec(change(fieldKey).add(Kind.RECEIVED_ONLINE, day, 0, 1).add(Kind.PENDING_END_PAUSED, day, 0, 1)));
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

  /**
   * History arriving into a live job: every change to an old day rewrites that day and every
   * held day after it up to today. The days go out once per day interval, the live figures at
   * their own pace; the last points written are the exact absolutes, as with no throttle.
   */
  @Test
  void daysGoOutAtTheirOwnIntervalAndTheLastPointsAreExact() throws Exception {
    var throttled = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 50, 1000, 1000, 400), c -> c.unitId,
        Types.STRING);
    var every = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 50, 1000, 50, 400), c -> c.unitId,
        Types.STRING);
    int today = RULES.day(MORNING);
    java.util.Random rnd = new java.util.Random(9);
    for (var h : List.of(throttled, every)) h.processWatermark(new Watermark(MORNING));
    for (int i = 0; i < 200; i++) { // a change every 10 ms for two seconds, to days of the last month
      long at = MORNING + i * 10L;
      int day = today - 30 + rnd.nextInt(31);
      UnitChange c = received("xa", day, RULES.startOfDay(day) + (1 + rnd.nextInt(10)) * 86_400_000L);
      for (var h : List.of(throttled, every)) {
        h.processWatermark(new Watermark(at));
        h.processElement(rec(c));
      }
    }
    for (var h : List.of(throttled, every)) h.processWatermark(new Watermark(MORNING + 5_000));
    List<UnitOutput> slow = throttled.extractOutputValues();
    List<UnitOutput> fast = every.extractOutputValues();
    long slowDays = slow.stream().filter(o -> !o.isLive()).count();
    long fastDays = fast.stream().filter(o -> !o.isLive()).count();
    assertThat(slowDays).as("day points with a 1 s interval against 50 ms").isLessThan(fastDays / 5);
    assertThat(slow.stream().filter(UnitOutput::isLive).count()).isEqualTo(fast.stream().filter(UnitOutput::isLive).count());
    assertThat(lastPerDay(slow)).isEqualTo(lastPerDay(fast));
    assertThat(lastPerDay(slow)).hasSizeGreaterThan(25);
    assertThat(lastLive(slow).live.pending.total).isEqualTo(200);
    throttled.close();
    every.close();
  }

  /** The last point written for each day: what InfluxDB keeps. */
  private static java.util.Map<Integer, String> lastPerDay(List<UnitOutput> out) {
    java.util.Map<Integer, String> m = new java.util.TreeMap<>();
    for (UnitOutput o : out) {
      if (!o.isLive()) {
        DayCounters c = o.counters;
        m.put(o.day, c.received() + "/" + c.completed() + "/" + c.endInTime + "/" + c.endOverdue + "/" + c.endPaused);
      }
    }
    return m;
  }

  @Test
  void changesBeforeTheFirstNowAreEmittedWhenItComes() throws Exception {
    var h = harness();
    int day = RULES.day(MORNING);
    h.processElement(rec(received("xa", day, MORNING + 86_400_000L * 5)));
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(new Watermark(MORNING));
    assertThat(lastLive(h.extractOutputValues()).live.pending.inTime).isEqualTo(1);
    assertThat(h.extractOutputValues().stream().filter(o -> !o.isLive() && o.day == day)).hasSize(1);
    h.close();
  }

  /** A dossier received and completed on {@code day}, as its change: nothing pending before or after. */
  static UnitChange completedSameDay(String unit, int day, Kind how) {
    return change(unit).add(Kind.RECEIVED_ONLINE, day, 0, 1).add(how, day, 0, 1);
  }

  @Test
  void theMonthSoFarCountsThisMonthsCompletionsInWhateverOrderTheyArrive() throws Exception {
    var h = harness();
    int mar1 = (int) java.time.LocalDate.parse("2025-03-01").toEpochDay();
    long now = MORNING; // 2025-03-03
    h.processWatermark(new Watermark(now));
    // Today's, history of this month, history of last month, and one dated ahead of now.
    h.processElement(rec(completedSameDay("xa", mar1 + 2, Kind.COMPLETED_LATE)));
    h.processElement(rec(completedSameDay("xa", mar1, Kind.COMPLETED_ON_TIME)));
    h.processElement(rec(completedSameDay("xa", mar1 - 1, Kind.COMPLETED_EARLY)));
    h.processElement(rec(completedSameDay("xa", mar1 + 4, Kind.COMPLETED_EARLY)));
    h.processWatermark(new Watermark(now += 2_000));
    var m = lastLive(h.extractOutputValues()).live.monthToDate;
    assertThat(new long[] {m.early, m.onTime, m.late, m.completed}).containsExactly(0, 1, 1, 2);

    // State kept across a restore, then more of this month's history.
    var snapshot = h.snapshot(1L, now);
    h.close();
    h = new KeyedOneInputStreamOperatorTestHarness<>(
        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new UnitFiguresFunction(RULES, 1000, 400)), c -> c.unitId,
        Types.STRING);
    h.initializeState(snapshot);
    h.open();
    h.processWatermark(new Watermark(now += 2_000));
    h.processElement(rec(completedSameDay("xa", mar1 + 1, Kind.COMPLETED_ON_TIME)));
    h.processWatermark(new Watermark(now += 2_000));
    m = lastLive(h.extractOutputValues()).live.monthToDate;
    assertThat(new long[] {m.early, m.onTime, m.late}).containsExactly(0, 2, 1);

    // Now reaches the day dated ahead: it counts from then on.
    h.processWatermark(new Watermark(t("2025-03-05T09:00:00+07:00")));
    m = lastLive(h.extractOutputValues()).live.monthToDate;
    assertThat(new long[] {m.early, m.onTime, m.late}).containsExactly(1, 2, 1);

    // A new month starts from nothing; March's late history does not count in April.
    h.processWatermark(new Watermark(now = t("2025-04-01T08:00:00+07:00")));
    h.processElement(rec(completedSameDay("xa", mar1 + 30, Kind.COMPLETED_ON_TIME)));
    h.processElement(rec(completedSameDay("xa", mar1 + 31, Kind.COMPLETED_LATE)));
    h.processWatermark(new Watermark(now + 2_000));
    var live = lastLive(h.extractOutputValues()).live;
    assertThat(live.monthToDate.from).isEqualTo("2025-04-01");
    assertThat(new long[] {live.monthToDate.early, live.monthToDate.onTime, live.monthToDate.late}).containsExactly(0, 0, 1);
    assertThat(h.getSideOutput(UnitFiguresFunction.QUALITY)).as("no invariant breach").isNullOrEmpty();
    h.close();
  }

  private static UnitOutput lastLive(List<UnitOutput> out) {
    return out.stream().filter(UnitOutput::isLive).reduce((a, b) -> b).orElseThrow();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, UnitChange, UnitOutput> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new UnitFiguresFunction(RULES, 1000, 400), c -> c.unitId, Types.STRING);
  }
}
