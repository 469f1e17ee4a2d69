package vn.sla.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.testing.FeedParse;
import vn.sla.jobs.testing.FeedSource;
import vn.sla.jobs.testing.InfluxLines;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.jobs.testing.Scenario;

/**
 * State written by an earlier version of the job restores into this one. The fixture under
 * {@code src/test/resources/state/} is a real savepoint (canonical format) of the job as of
 * commit 13bd5b7 (state layout 3: every keyed state a Flink POJO), taken after it had gone live
 * and digested the first half of a history, with what it had written by then (InfluxDB lines,
 * figures, statuses). This version restores it, reads the second half and events of today, and
 * everything together must equal the reference model of the whole input, as if one job had read
 * it all.
 *
 * <p>To write a fixture for a new state layout (with that version's code, before changing the
 * state): {@code mvn -pl stream-jobs test -Dtest=StateFromThePreviousVersionTest
 * -Dsla.writeStateFixture=true -Dsla.stateFixture=src/test/resources/state/layout-N-COMMIT}, then commit
 * the folder and add tests that restore it.
 */
class StateFromThePreviousVersionTest {
  @RegisterExtension
  static final MiniClusterExtension MINI = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** Layout 3 (every keyed state a Flink POJO), from 13bd5b7. */
  static final Path FIXTURE = Path.of("src/test/resources/state/layout-3-13bd5b7");
  /** Layout 4 (the dossier state and the day counters written by hand), from 76ccd25. */
  static final Path FIXTURE_4 = Path.of("src/test/resources/state/layout-4-76ccd25");
  /** Layout 5 (each dossier keeps where its lifecycle stands: format 2 of the dossier state), from 95cee15. */
  static final Path FIXTURE_5 = Path.of("src/test/resources/state/layout-5-95cee15");
  /** Where {@link #writeTheFixture} writes: {@code -Dsla.stateFixture=<folder>}. */
  static final Path NEW_FIXTURE = Path.of(System.getProperty("sla.stateFixture", "src/test/resources/state/new"));
  /** The feed's id is in the savepoint (the source's split): the restored job reads on from it. */
  static final String FEED = "state-fixture-feed";

  static Scenario scenario() {
    return new Scenario(53, SlaJobOracleTest.t("2025-03-03T07:00:00+07:00"), 800, 40, SlaJobOracleTest.TOLERANCE);
  }

  static StreamExecutionEnvironment env(String restoreFrom) {
    return env(restoreFrom, "hashmap");
  }

  static StreamExecutionEnvironment env(String restoreFrom, String backend) {
    Configuration conf = new Configuration();
    conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, backend);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    if (restoreFrom != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    return env;
  }

  /** The job as the live oracle tests run it; the source and its parser carry uids, so their state is found again. */
  static JobClient start(StreamExecutionEnvironment env, UnitRegistry registry, SlaJobOracleTest.Outputs o) throws Exception {
    JobConfig config = new JobConfig();
    config.idle = Duration.ofSeconds(1);
    new SlaJob(config, registry, strategy -> {
          DataStream<ParsedRecord> s = env.fromSource(new FeedSource(FEED), WatermarkStrategy.<String>noWatermarks(), "feed", Types.STRING)
              .uid("state-fixture-feed").setParallelism(1)
              .map(new FeedParse(registry)).uid("state-fixture-parse").setParallelism(1);
          return s;
        }, o.sinks(), WallClock.SYSTEM).build(env);
    return env.executeAsync("state-fixture");
  }

  @Test
  @EnabledIfSystemProperty(named = "sla.writeStateFixture", matches = "true")
  void writeTheFixture(@TempDir Path tmp) throws Exception {
    UnitRegistry registry = Scenario.registry();
    List<String> history = scenario().records;
    List<String> firstHalf = history.subList(0, history.size() / 2);
    SlaJobOracleTest.Outputs o = new SlaJobOracleTest.Outputs();
    FeedSource.Feed feed = FeedSource.create(FEED);
    JobClient job = start(env(null), registry, o);
    SlaJobOracleTest.await("the job goes live on an empty input", 60, () -> o.lastTick() != null && !o.lastTick().catchingUp);
    feed.add(firstHalf);
    SlaJobOracleTest.awaitDigested(o, registry, new ArrayList<>(firstHalf));
    String savepoint = job.stopWithSavepoint(false, tmp.toUri().toString(), SavepointFormatType.CANONICAL).get();

    Path target = NEW_FIXTURE.toAbsolutePath();
    if (Files.exists(target)) {
      try (Stream<Path> all = Files.walk(target)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Path sp = Path.of(java.net.URI.create(savepoint.startsWith("file:") ? savepoint : "file:" + savepoint));
    copyTree(sp, target.resolve("savepoint"));
    List<String> out = new ArrayList<>();
    out.add("# fed " + firstHalf.size() + " of " + history.size() + " records");
    // Only what a compacted topic and InfluxDB keep: the last record per key, the last line per point.
    java.util.Map<String, String> last = new java.util.LinkedHashMap<>();
    for (KafkaOut k : o.figures.values()) put(last, "figures\t" + b64(k.key), "\t" + b64(k.value));
    for (KafkaOut k : o.statuses.values()) put(last, "statuses\t" + b64(k.key), "\t" + b64(k.value));
    for (KafkaOut k : o.dlq.values()) out.add("deadLetters\t" + b64(k.key) + "\t" + b64(k.value));
    for (String l : o.influx.values()) put(last, "influx\t" + l.substring(0, l.indexOf(' ')) + l.substring(l.lastIndexOf(' ')), "\t" + l);
    last.forEach((k, v) -> out.add(k.startsWith("influx\t") ? "influx" + v : k + v));
    Files.write(target.resolve("outputs.txt"), out, StandardCharsets.UTF_8);
  }

  @Test
  void aSavepointOfTheStateLayout3JobRestores() throws Exception {
    restoresAndReadsOn(FIXTURE, "hashmap");
  }

  @Test
  void aSavepointOfTheStateLayout3JobRestoresIntoRocksDb() throws Exception {
    restoresAndReadsOn(FIXTURE, "rocksdb");
  }

  @Test
  void aSavepointOfTheStateLayout4JobRestores() throws Exception {
    restoresAndReadsOn(FIXTURE_4, "hashmap");
  }

  @Test
  void aSavepointOfTheStateLayout4JobRestoresIntoRocksDb() throws Exception {
    restoresAndReadsOn(FIXTURE_4, "rocksdb");
  }

  @Test
  void aSavepointOfTheStateLayout5JobRestores() throws Exception {
    restoresAndReadsOn(FIXTURE_5, "hashmap");
  }

  @Test
  void aSavepointOfTheStateLayout5JobRestoresIntoRocksDb() throws Exception {
    restoresAndReadsOn(FIXTURE_5, "rocksdb");
  }

  static void restoresAndReadsOn(Path fixture, String backend) throws Exception {
    assertThat(fixture.resolve("savepoint/_metadata")).as("the fixture").exists();
    UnitRegistry registry = Scenario.registry();
    Scenario sc = scenario();
    List<String> history = sc.records;

    // What the old job had written by its savepoint.
    List<KafkaOut> figures = new ArrayList<>();
    List<KafkaOut> statuses = new ArrayList<>();
    List<KafkaOut> deadLetters = new ArrayList<>();
    List<String> influx = new ArrayList<>();
    int fed = -1;
    for (String line : Files.readAllLines(fixture.resolve("outputs.txt"), StandardCharsets.UTF_8)) {
      if (line.startsWith("# fed ")) fed = Integer.parseInt(line.split(" ")[2]);
      String[] p = line.split("\t", 3);
      switch (p[0]) {
        case "figures" -> figures.add(new KafkaOut(unb64(p[1]), unb64(p[2])));
        case "statuses" -> statuses.add(new KafkaOut(unb64(p[1]), unb64(p[2])));
        case "deadLetters" -> deadLetters.add(new KafkaOut(unb64(p[1]), unb64(p[2])));
        case "influx" -> influx.add(p[1]);
        default -> {}
      }
    }
    assertThat(fed).as("the old job read half of the history").isEqualTo(history.size() / 2);
    assertThat(influx).as("and wrote figures").isNotEmpty();

    SlaJobOracleTest.Outputs o = new SlaJobOracleTest.Outputs();
    FeedSource.Feed feed = FeedSource.create(FEED);
    feed.add(history); // the restored source reads on from its position in the savepoint
    JobClient job = start(env(fixture.resolve("savepoint").toAbsolutePath().toUri().toString(), backend), registry, o);
    try {
      List<String> all = new ArrayList<>(history);
      SlaJobOracleTest.awaitDigested(o, registry, all);
      assertThat(feed.startedFrom()).as("the source read on from the savepoint's position").containsExactly((long) fed);
      long now = System.currentTimeMillis();
      List<String> today = new ArrayList<>(sc.liveRecords(now, 300));
      today.add("{\"eventId\":\"sentinel\",\"dossierId\":\"SENTINEL\",\"type\":\"PAUSED\",\"occurredAt\":\""
          + Scenario.iso(now + 2 * SlaJobOracleTest.TOLERANCE) + "\"}");
      feed.add(today);
      all.addAll(today);
      ReferenceModel oracle = SlaJobOracleTest.awaitDigested(o, registry, all);

      int first = SlaJobOracleTest.RULES.day(sc.start);
      int last = Math.min(SlaJobOracleTest.RULES.day(System.currentTimeMillis()) - 1, SlaJobOracleTest.RULES.day(sc.end) + 3);
      long deadline = System.currentTimeMillis() + 60_000;
      while (true) {
        SlaJobOracleTest.Run run = new SlaJobOracleTest.Run(concat(figures, o.figures.values()), concat(statuses, o.statuses.values()),
            concat(deadLetters, o.dlq.values()), concat(influx, o.influx.values()));
        try {
          SlaJobOracleTest.checkReports(registry, oracle, new InfluxLines(run.influx()), first, last);
          SlaJobOracleTest.checkOpenDossiers(oracle, run);
          SlaJobOracleTest.checkLiveFigures(registry, oracle, run);
          assertThat(run.deadLetters()).as("dead letters, but the sentinel's, which no progress has passed yet")
              .hasSize(oracle.badRecords + oracle.lifecycleRejections - 1);
          break;
        } catch (AssertionError e) {
          if (System.currentTimeMillis() > deadline) throw e;
          Thread.sleep(1000);
        }
      }
    } finally {
      if (job.getJobStatus().get().isGloballyTerminalState()) job.getJobExecutionResult().get();
      else job.cancel().get();
    }
  }

  static void put(java.util.Map<String, String> m, String key, String value) {
    m.remove(key);
    m.put(key, value);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  static String b64(byte[] b) {
    return b == null ? "-" : Base64.getEncoder().encodeToString(b);
  }

  static byte[] unb64(String s) {
    return "-".equals(s) ? null : Base64.getDecoder().decode(s);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
