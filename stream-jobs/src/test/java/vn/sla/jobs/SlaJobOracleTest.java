package vn.sla.jobs;

import vn.sla.jobs.testing.FeedParse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.source.RecordParser;
import vn.sla.jobs.testing.CollectSink;
import vn.sla.jobs.testing.FeedSource;
import vn.sla.jobs.testing.InfluxLines;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.jobs.testing.Scenario;

/**
 * The whole job on a MiniCluster (parallelism 2) against the reference model: thousands of
 * dossiers with every event type, lifecycle noise, bad records, duplicates and arrival order
 * shuffled within the tolerance. Every unit's period reports for every day and for longer
 * periods, and its live figures, must equal the oracle's.
 *
 * <p>Fed the way users feed it: history before the job starts (a replay from empty state);
 * and with a live clock, the job started on an empty input and gone live before anything
 * arrives, then weeks of history, then events of today. The same with history two years
 * old, with one desk's backlog two days behind the others, and with a failure injected in
 * the middle of the history.
 */
class SlaJobOracleTest {
  @RegisterExtension
  static final MiniClusterExtension MINI = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final long TOLERANCE = Duration.ofMinutes(5).toMillis();
  static final long DAY = Duration.ofDays(1).toMillis();
  static final SlaRules RULES = SlaRules.defaults();

  record Run(List<KafkaOut> figures, List<KafkaOut> statuses, List<KafkaOut> deadLetters, List<String> influx) {}

  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AtomicLong SEEN = new AtomicLong();

  /** Throws once after {@code after} records, to prove recovery from a checkpoint. */
  static final class FailOnce implements MapFunction<ParsedRecord, ParsedRecord> {
    private final long after;

    FailOnce(long after) {
      this.after = after;
    }

    @Override
    public ParsedRecord map(ParsedRecord r) throws Exception {
      if (after >= 0 && SEEN.incrementAndGet() > after && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure");
      }
      if (after >= 0 && !FAILED.get()) Thread.sleep(0, 50_000); // let checkpoints complete mid-stream
      return r;
    }
  }

  static StreamExecutionEnvironment env() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    return env;
  }

  static final class Outputs {
    final String id = "run-" + System.nanoTime();
    final CollectSink<KafkaOut> figures = new CollectSink<>(id + "-figures");
    final CollectSink<KafkaOut> statuses = new CollectSink<>(id + "-status");
    final CollectSink<KafkaOut> dlq = new CollectSink<>(id + "-dlq");
    final CollectSink<String> influx = new CollectSink<>(id + "-influx");

    SlaJob.Sinks sinks() {
      return new SlaJob.Sinks(figures, statuses, dlq, influx);
    }

    Run run() {
      return new Run(figures.values(), statuses.values(), dlq.values(), influx.values());
    }

    /** How many records the sinks hold, clock ticks aside (they come every second whatever happens). */
    long settledSize() {
      return figures.values().stream().filter(k -> !Topics.CLOCK_KEY.equals(k.keyText())).count()
          + statuses.values().size() + dlq.values().size() + influx.values().size();
    }

    ClockTick lastTick() {
      ClockTick last = null;
      for (KafkaOut k : figures.values()) if (Topics.CLOCK_KEY.equals(k.keyText())) last = Json.read(k.valueText(), ClockTick.class);
      return last;
    }
  }

  /** A bounded replay from empty state: history before the job starts; at its end "now" is the end of time. */
  static Run bounded(Scenario sc, UnitRegistry registry, long failAfter) throws Exception {
    StreamExecutionEnvironment env = env();
    RecordParser parser = new RecordParser(registry);
    List<ParsedRecord> input = new ArrayList<>();
    for (String r : sc.records) input.add(parser.parse(null, r.getBytes(StandardCharsets.UTF_8), null));
    Outputs o = new Outputs();
    long wall = sc.end + Duration.ofDays(30).toMillis(); // a fixed wall clock after the history
    FAILED.set(false);
    SEEN.set(0);
    new SlaJob(new JobConfig(), registry,
            strategy -> env.fromData(input, TypeInformation.of(ParsedRecord.class)).setParallelism(1)
                .map(new FailOnce(failAfter)).setParallelism(1),
            o.sinks(), () -> wall)
        .build(env);
    env.execute("oracle-test");
    return o.run();
  }

  static long t(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  @Test
  void reportsAndLiveFiguresEqualTheOracle() throws Exception {
    UnitRegistry registry = Scenario.registry();
    Scenario sc = new Scenario(11, t("2025-03-03T07:00:00+07:00"), 3000, 40, TOLERANCE);
    ReferenceModel oracle = new ReferenceModel(registry, RULES, TOLERANCE, sc.records);
    Run run = bounded(sc, registry, -1);
    checkReports(registry, oracle, new InfluxLines(run.influx()), RULES.day(sc.start), RULES.day(sc.end));
    checkLiveAtEndOfTime(registry, oracle, run);
    assertThat(run.deadLetters()).hasSize(oracle.badRecords + oracle.lifecycleRejections);
    assertThat(oracle.lifecycleRejections).isPositive();
    assertThat(oracle.duplicates).isPositive();
  }

  @Test
  void sameFiguresAfterAFailureMidStream() throws Exception {
    UnitRegistry registry = Scenario.registry();
    Scenario sc = new Scenario(23, t("2025-03-03T07:00:00+07:00"), 1500, 40, TOLERANCE);
    ReferenceModel oracle = new ReferenceModel(registry, RULES, TOLERANCE, sc.records);
    Run run = bounded(sc, registry, 4000);
    assertThat(FAILED.get()).as("the failure was injected").isTrue();
    checkReports(registry, oracle, new InfluxLines(run.influx()), RULES.day(sc.start), RULES.day(sc.end));
    checkLiveAtEndOfTime(registry, oracle, run);
  }

  // --- live first, history after ---------------------------------------------------------------

  /** How a live run feeds its history. */
  record LiveCase(long seed, long historyStart, int dossiers, String delayedUnit, long failAfter) {}

  /**
   * Starts the job on an empty feed with the real wall clock, waits until it has gone live,
   * then feeds the history, then events of today, and compares everything with the oracle.
   */
  static void live(LiveCase c) throws Exception {
    UnitRegistry registry = Scenario.registry();
    Scenario sc = new Scenario(c.seed(), c.historyStart(), c.dossiers(), 40, TOLERANCE);
    assertThat(sc.end + 2 * DAY).as("the scenario is history").isLessThan(System.currentTimeMillis() - DAY);
    List<String> history = c.delayedUnit() == null ? sc.records : sc.withDelayed(c.delayedUnit(), 2 * DAY);

    StreamExecutionEnvironment env = env();
    Outputs o = new Outputs();
    String feedId = o.id + "-feed";
    FeedSource.Feed feed = FeedSource.create(feedId);
    FAILED.set(false);
    SEEN.set(0);
    JobConfig config = new JobConfig();
    config.idle = Duration.ofSeconds(1);
    new SlaJob(config, registry, strategy -> {
          DataStream<ParsedRecord> s = env.fromSource(new FeedSource(feedId), org.apache.flink.api.common.eventtime.WatermarkStrategy.<String>noWatermarks(), "feed", org.apache.flink.api.common.typeinfo.Types.STRING).setParallelism(1)
              .map(new FeedParse(registry)).setParallelism(1);
          return c.failAfter() < 0 ? s : s.map(new FailOnce(c.failAfter())).setParallelism(1);
        }, o.sinks(), WallClock.SYSTEM).build(env);
    JobClient job = env.executeAsync("oracle-live-test");
    try {
      await("the job goes live on an empty input", 60, () -> o.lastTick() != null && !o.lastTick().catchingUp);

      feed.add(history);
      List<String> fed = new ArrayList<>(history);
      awaitDigested(o, registry, fed);
      if (c.failAfter() >= 0) assertThat(FAILED.get()).as("the failure was injected").isTrue();

      long now = System.currentTimeMillis();
      List<String> today = new ArrayList<>(sc.liveRecords(now, 300));
      // Refusals become final once the input's progress has passed them, and a quiet input does not
      // move it: one more record a little later (a refused PAUSED, no figure changes) carries it past.
      today.add("{\"eventId\":\"sentinel\",\"dossierId\":\"SENTINEL\",\"type\":\"PAUSED\",\"occurredAt\":\""
          + Scenario.iso(now + 2 * TOLERANCE) + "\"}");
      feed.add(today);
      fed.addAll(today);
      ReferenceModel oracle = awaitDigested(o, registry, fed);

      // Compared until equal (a loaded machine may pause the job after the outputs looked settled), then once more strictly.
      int first = RULES.day(sc.start);
      int last = RULES.day(System.currentTimeMillis()) - 1;
      Runnable compare = () -> {
        Run run = o.run();
        checkReports(registry, oracle, new InfluxLines(run.influx()), first, Math.min(last, RULES.day(sc.end) + 3));
        checkOpenDossiers(oracle, run);
        checkLiveFigures(registry, oracle, run);
        assertThat(new InfluxLines(run.influx()).series("pipeline_quality,reason=invariant_breach")).as("invariant breaches").isEmpty();
        if (c.failAfter() < 0) {
          assertThat(run.deadLetters()).as("dead letters, but the sentinel's, which no progress has passed yet")
              .hasSize(oracle.badRecords + oracle.lifecycleRejections - 1);
        }
      };
      AssertionError[] lastFailure = {null};
      long deadline = System.currentTimeMillis() + 60_000;
      while (true) {
        try {
          compare.run();
          break;
        } catch (AssertionError e) {
          lastFailure[0] = e;
          if (System.currentTimeMillis() > deadline) throw e;
          Thread.sleep(1000);
        }
      }
      assertThat(oracle.inFuture).as("the far-future record is refused").isEqualTo(1);
      if (c.delayedUnit() != null) assertThat(oracle.late).as("the delayed desk's events are late").isGreaterThan(100);
    } finally {
      // A job that failed says why (its restarts exhausted); a running one is cancelled.
      if (job.getJobStatus().get().isGloballyTerminalState()) job.getJobExecutionResult().get();
      else job.cancel().get();
    }
  }

  /** Waits until the job has read every fed record and its outputs have stopped changing; the oracle of what was fed. */
  static ReferenceModel awaitDigested(Outputs o, UnitRegistry registry, List<String> fed) throws Exception {
    long wall = System.currentTimeMillis();
    ReferenceModel oracle = new ReferenceModel(registry, RULES, TOLERANCE, Duration.ofDays(30).toMillis(), fed, i -> wall);
    await("the job's progress reaches the input's", 120, () -> o.lastTick() != null && o.lastTick().progressMillis >= oracle.progress,
        () -> "progress " + (o.lastTick() == null ? null : o.lastTick().progress) + ", expected " + Scenario.iso(oracle.progress));
    long[] last = {-1};
    long[] since = {System.currentTimeMillis()};
    await("the outputs settle", 120, () -> {
      long n = o.settledSize();
      if (n != last[0]) {
        last[0] = n;
        since[0] = System.currentTimeMillis();
      }
      return System.currentTimeMillis() - since[0] > 2500;
    });
    return oracle;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(String what, int seconds, Check c) throws Exception {
    await(what, seconds, c, () -> "");
  }

  static void await(String what, int seconds, Check c, java.util.function.Supplier<String> state) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!c.ok()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting until " + what + " " + state.get());
      Thread.sleep(100);
    }
  }

  /** 07:00 local, so many days ago: the same history all day long (a failure reproduces). */
  static long historyDaysAgo(int days) {
    return RULES.startOfDay(RULES.day(System.currentTimeMillis()) - days) + 7 * 3_600_000L;
  }

  @Test
  void historyArrivingAfterTheJobWentLiveGivesTheReplaysFigures() throws Exception {
    live(new LiveCase(31, historyDaysAgo(100), 2000, null, -1));
  }

  @Test
  void historyTwoYearsOldArrivingTodayGivesItsOwnPeriodsReports() throws Exception {
    live(new LiveCase(37, RULES.startOfDay(RULES.day(System.currentTimeMillis()) - 2 * 365) + 7 * 3_600_000L, 1500, null, -1));
  }

  @Test
  void oneDeskTwoDaysBehindTheOthers() throws Exception {
    live(new LiveCase(41, historyDaysAgo(100), 2000, "xa-2a", -1));
  }

  @Test
  void aFailureInTheMiddleOfHistoryThatArrivedLive() throws Exception {
    live(new LiveCase(43, historyDaysAgo(100), 1500, null, 5000));
  }

  // --- comparisons ---------------------------------------------------------------------------

  static void checkReports(UnitRegistry registry, ReferenceModel oracle, InfluxLines lines, int first, int last) {
    int compared = 0;
    for (Unit u : registry.all()) {
      for (int d = first; d <= last; d++) {
        assertThat(lines.report(RULES, u.unitId(), d, d)).as("report of %s for day %s", u.unitId(), d)
            .isEqualTo(oracle.report(u.unitId(), d, d));
        compared++;
      }
      for (int[] p : new int[][] {{first, last}, {first + 3, first + 17}, {first + 10, last - 5}}) {
        Map<String, Long> r = lines.report(RULES, u.unitId(), p[0], p[1]);
        assertThat(r).as("report of %s for days %s..%s", u.unitId(), p[0], p[1]).isEqualTo(oracle.report(u.unitId(), p[0], p[1]));
        long in = r.get("carriedOver") + r.get("received.online") + r.get("received.inPerson") + r.get("received.postal") + r.get("transferredIn");
        long out = r.get("completed.early") + r.get("completed.onTime") + r.get("completed.late") + r.get("withdrawn")
            + r.get("transferredOut") + r.get("pendingAtEnd.inTime") + r.get("pendingAtEnd.overdue") + r.get("pendingAtEnd.paused");
        assertThat(in).as("invariant for %s", u.unitId()).isEqualTo(out);
      }
    }
    assertThat(compared).isGreaterThan(300);
    for (String unit : List.of("tinh", "huyen-1", "xa-2a")) {
      for (String field : Scenario.FIELDS) {
        for (int[] p : new int[][] {{first, last}, {first + 4, first + 4}, {first + 10, first + 20}}) {
          assertThat(lines.fieldReport(RULES, unit, field, p[0], p[1])).as("report of %s, field %s, days %s..%s", unit, field, p[0], p[1])
              .isEqualTo(oracle.report(unit, p[0], p[1], field));
        }
      }
    }
  }

  static Map<String, UnitFigures> lastFigures(Run run) {
    Map<String, UnitFigures> live = new HashMap<>();
    for (KafkaOut k : run.figures()) {
      if (!k.keyText().startsWith("~")) live.put(k.keyText(), Json.read(k.valueText(), UnitFigures.class));
    }
    return live;
  }

  /** Each unit's last published figures equal the oracle's at their own asOf. */
  static void checkLiveFigures(UnitRegistry registry, ReferenceModel oracle, Run run) {
    Map<String, UnitFigures> live = lastFigures(run);
    List<String> wrong = new ArrayList<>();
    for (Unit u : registry.all()) {
      UnitFigures f = live.get(u.unitId());
      if (f == null) continue;
      long asOf = OffsetDateTime.parse(f.asOf).toInstant().toEpochMilli();
      long[] p = oracle.livePending(u.unitId(), asOf);
      long[] a = {f.pending.total, f.pending.inTime, f.pending.dueSoon, f.pending.overdue, f.pending.paused, f.pending.overdueWithoutApology};
      if (!java.util.Arrays.equals(a, p)) {
        // What the status topic says, placed in buckets at the same asOf: tells a wrong dossier from a wrong count.
        long[] fromStatus = new long[6];
        Map<String, String> latest = new HashMap<>();
        for (KafkaOut k : run.statuses()) latest.put(k.keyText(), k.valueText());
        for (String v : latest.values()) {
          if (v == null) continue;
          var st = Json.read(v, vn.sla.core.figures.DossierStatus.class);
          if (!registry.isWithin(st.unitId, u.unitId())) continue;
          var b = RULES.bucket(asOf, st.dueAtMillis, st.paused);
          fromStatus[0]++;
          fromStatus[1 + b.ordinal()]++;
          if (b == vn.sla.core.rules.Bucket.OVERDUE && !st.apologyIssued) fromStatus[5]++;
        }
        wrong.add(u.unitId() + " job " + java.util.Arrays.toString(a) + " oracle " + java.util.Arrays.toString(p) + " statuses "
            + java.util.Arrays.toString(fromStatus));
      }
    }
    assertThat(wrong).as("units whose live figures differ").isEmpty();
    for (Unit u : registry.all()) {
      UnitFigures f = live.get(u.unitId());
      if (f == null) { // a unit that never had a dossier has published nothing: all zeros
        assertThat(oracle.livePending(u.unitId(), System.currentTimeMillis())).as("figures of %s", u.unitId()).containsOnly(0L);
        continue;
      }
      long asOf = OffsetDateTime.parse(f.asOf).toInstant().toEpochMilli();
      long[] p = oracle.livePending(u.unitId(), asOf);
      assertThat(new long[] {f.pending.total, f.pending.inTime, f.pending.dueSoon, f.pending.overdue, f.pending.paused,
          f.pending.overdueWithoutApology}).as("live figures of %s at %s", u.unitId(), f.asOf).containsExactly(p);
      long[] t = oracle.today(u.unitId(), asOf);
      assertThat(new long[] {f.today.received, f.today.completed, f.today.early, f.today.onTime, f.today.late, f.today.withdrawn})
          .as("today of %s at %s", u.unitId(), f.asOf).containsExactly(t);
      checkMonth(oracle, u, f);
    }
    assertThat(live.get("tinh").pending.overdue).as("history still open is overdue now").isPositive();
  }

  static void checkMonth(ReferenceModel oracle, Unit u, UnitFigures f) {
    if (f.date == null) return;
    java.time.LocalDate day = java.time.LocalDate.parse(f.date);
    Map<String, Long> month = oracle.report(u.unitId(), (int) day.withDayOfMonth(1).toEpochDay(), (int) day.toEpochDay());
    assertThat(new long[] {f.monthToDate.early, f.monthToDate.onTime, f.monthToDate.late}).as("month to date of %s", u.unitId())
        .containsExactly(month.get("completed.early"), month.get("completed.onTime"), month.get("completed.late"));
    assertThat(f.monthToDate.from).isEqualTo(day.withDayOfMonth(1).toString());
    assertThat(f.monthToDate.progressScore766).isEqualTo(vn.sla.core.rules.ProgressScore.of(f.monthToDate.early,
        f.monthToDate.onTime, f.pending.inTime + f.pending.dueSoon, f.pending.paused, f.monthToDate.completed, f.pending.total));
  }

  /** At the end of a bounded input "now" is the end of time: every running dossier is overdue. */
  static void checkLiveAtEndOfTime(UnitRegistry registry, ReferenceModel oracle, Run run) {
    Map<String, UnitFigures> live = lastFigures(run);
    for (Unit u : registry.all()) {
      long[] p = oracle.livePending(u.unitId(), Long.MAX_VALUE - 1);
      UnitFigures f = live.getOrDefault(u.unitId(), new UnitFigures());
      assertThat(new long[] {f.pending.total, f.pending.inTime, f.pending.dueSoon, f.pending.overdue, f.pending.paused,
          f.pending.overdueWithoutApology}).as("live figures of %s", u.unitId()).containsExactly(p);
      checkMonth(oracle, u, f);
    }
    assertThat(live.get("tinh").pending.total).isPositive();
  }

  /** The dossier-status topic holds exactly the open dossiers. */
  static void checkOpenDossiers(ReferenceModel oracle, Run run) {
    Map<String, String> latest = new HashMap<>();
    for (KafkaOut k : run.statuses()) latest.put(k.keyText(), k.valueText());
    long open = latest.values().stream().filter(v -> v != null).count();
    Map<String, String> job = new java.util.TreeMap<>();
    latest.forEach((id, v) -> {
      if (v != null) job.put(id, Json.read(v, vn.sla.core.figures.DossierStatus.class).unitId);
    });
    Map<String, String> model = oracle.openDossiers();
    Map<String, String> diff = new java.util.TreeMap<>();
    for (var e : model.entrySet()) if (!e.getValue().equals(job.get(e.getKey()))) diff.put(e.getKey(), "oracle " + e.getValue() + ", job " + job.get(e.getKey()));
    for (var e : job.entrySet()) if (!model.containsKey(e.getKey())) diff.put(e.getKey(), "job only " + e.getValue());
    assertThat(diff).as("open dossiers that differ").isEmpty();
    assertThat(open).as("open dossiers on the status topic")
        .isEqualTo(oracle.livePending("tinh", Long.MAX_VALUE - 1)[0] + oracle.livePending("tinh-b", Long.MAX_VALUE - 1)[0]);
  }
}
