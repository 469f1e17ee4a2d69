package vn.sla.jobs;

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
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.output.KafkaOut;
import vn.sla.jobs.source.ParsedRecord;
import vn.sla.jobs.source.RecordParser;
import vn.sla.jobs.testing.CollectSink;
import vn.sla.jobs.testing.InfluxLines;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.jobs.testing.Scenario;

/**
 * The whole job on a MiniCluster (parallelism 2) against the reference model: thousands of
 * dossiers with every event type, lifecycle noise, bad records, duplicates and arrival order
 * shuffled within the tolerance. Every unit's period reports for every day and for longer
 * periods, and its final live buckets, must equal the oracle's, also after a failure.
 */
class SlaJobOracleTest {
  @RegisterExtension
  static final MiniClusterExtension MINI = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final long TOLERANCE = Duration.ofMinutes(5).toMillis();
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

  static Run run(Scenario sc, UnitRegistry registry, long failAfter) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);

    RecordParser parser = new RecordParser(registry);
    List<ParsedRecord> input = new ArrayList<>();
    for (String r : sc.records) input.add(parser.parse(null, r.getBytes(StandardCharsets.UTF_8), null));

    String id = "run-" + System.nanoTime();
    CollectSink<KafkaOut> figures = new CollectSink<>(id + "-figures");
    CollectSink<KafkaOut> statuses = new CollectSink<>(id + "-status");
    CollectSink<KafkaOut> dlq = new CollectSink<>(id + "-dlq");
    CollectSink<String> influx = new CollectSink<>(id + "-influx");
    JobConfig config = new JobConfig();
    long wall = sc.end + Duration.ofDays(30).toMillis(); // a fixed wall clock: the input never counts as live
    FAILED.set(false);
    SEEN.set(0);
    new SlaJob(config, registry,
            strategy -> env.fromData(input, TypeInformation.of(ParsedRecord.class)).setParallelism(1)
                .map(new FailOnce(failAfter)).setParallelism(1)
                .assignTimestampsAndWatermarks(strategy).setParallelism(1),
            new SlaJob.Sinks(figures, statuses, dlq, influx), () -> wall)
        .build(env);
    env.execute("oracle-test");
    return new Run(figures.values(), statuses.values(), dlq.values(), influx.values());
  }

  static long t(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  @Test
  void reportsAndLiveFiguresEqualTheOracle() throws Exception {
    check(11, 3000, -1);
  }

  @Test
  void sameFiguresAfterAFailureMidStream() throws Exception {
    check(23, 1500, 4000);
    assertThat(FAILED.get()).as("the failure was injected").isTrue();
  }

  private void check(long seed, int dossiers, long failAfter) throws Exception {
    UnitRegistry registry = Scenario.registry();
    Scenario sc = new Scenario(seed, t("2025-03-03T07:00:00+07:00"), dossiers, 40, TOLERANCE);
    ReferenceModel oracle = new ReferenceModel(registry, RULES, TOLERANCE, sc.records);
    Run run = run(sc, registry, failAfter);
    InfluxLines lines = new InfluxLines(run.influx());

    int first = RULES.day(sc.start);
    int last = RULES.day(sc.end);
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

    // At the end of a bounded input "now" is the end of time: every running dossier is overdue.
    Map<String, UnitFigures> live = new HashMap<>();
    for (KafkaOut k : run.figures()) {
      if (!k.keyText().startsWith("~")) live.put(k.keyText(), Json.read(k.valueText(), UnitFigures.class));
    }
    for (Unit u : registry.all()) {
      long[] p = oracle.livePending(u.unitId(), Long.MAX_VALUE - 1);
      UnitFigures f = live.getOrDefault(u.unitId(), new UnitFigures());
      assertThat(new long[] {f.pending.total, f.pending.inTime, f.pending.dueSoon, f.pending.overdue, f.pending.paused,
          f.pending.overdueWithoutApology}).as("live figures of %s", u.unitId()).containsExactly(p);
      if (f.date != null) {
        // The month so far, as the oracle's report from the 1st to the figures' day; the score from the same counts.
        java.time.LocalDate day = java.time.LocalDate.parse(f.date);
        Map<String, Long> month = oracle.report(u.unitId(), (int) day.withDayOfMonth(1).toEpochDay(), (int) day.toEpochDay());
        assertThat(new long[] {f.monthToDate.early, f.monthToDate.onTime, f.monthToDate.late}).as("month to date of %s", u.unitId())
            .containsExactly(month.get("completed.early"), month.get("completed.onTime"), month.get("completed.late"));
        assertThat(f.monthToDate.from).isEqualTo(day.withDayOfMonth(1).toString());
        assertThat(f.monthToDate.progressScore766).isEqualTo(vn.sla.core.rules.ProgressScore.of(f.monthToDate.early,
            f.monthToDate.onTime, f.pending.inTime + f.pending.dueSoon, f.pending.paused, f.monthToDate.completed, f.pending.total));
      }
    }
    assertThat(live.get("tinh").pending.total).isPositive();

    if (failAfter < 0) {
      assertThat(run.deadLetters()).hasSize(oracle.badRecords + oracle.lifecycleRejections);
      assertThat(oracle.lifecycleRejections).isPositive();
      assertThat(oracle.duplicates).isPositive();
    }
  }
}
