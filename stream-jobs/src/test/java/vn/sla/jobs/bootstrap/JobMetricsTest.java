package vn.sla.jobs.bootstrap;

import vn.sla.jobs.testing.FeedParse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.SlaJob;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.sink.InfluxSink;
import vn.sla.jobs.source.RecordParser;
import vn.sla.jobs.testing.CollectSink;
import vn.sla.jobs.testing.FeedSource;
import vn.sla.jobs.testing.Scenario;

/**
 * The local MiniCluster as SlaJobMain configures it (--metrics-port) serves Flink's metrics and
 * the job's own counters in Prometheus' format. The names asserted here are those
 * docs/job-metrics.md lists.
 */
class JobMetricsTest {
  static final Pattern NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

  /**
   * deploy/grafana/sla-dashboard.json queries only job metrics this scrape shows (a name ending
   * in "_" is a prefix, as in {@code rejected_.+}), except the Kafka source's and sinks', which a
   * job fed from memory has not: those were seen on a real run (docs/job-metrics.md).
   */
  static void grafanaNamesExist(Set<String> names) throws Exception {
    Set<String> kafkaOnly = Set.of("flink_taskmanager_job_task_operator_pendingRecords");
    String dashboard = Files.readString(Path.of("../deploy/grafana/sla-dashboard.json"));
    Matcher m = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)").matcher(dashboard);
    Set<String> wanted = new TreeSet<>();
    while (m.find()) wanted.add(m.group(1));
    assertThat(wanted).as("job metrics in the Grafana dashboard").hasSizeGreaterThan(10);
    for (String w : wanted) {
      if (kafkaOnly.contains(w)) continue;
      boolean found = w.endsWith("_") ? names.stream().anyMatch(n -> n.startsWith(w)) : names.contains(w);
      assertThat(found).as("the Grafana dashboard's " + w + " on a real scrape of the job").isTrue();
    }
  }

  @Test
  void flinksAndTheJobsMetricsAreServedForPrometheus(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    JobConfig config = JobConfig.parse(new String[] {
        "--metrics-port=" + port, "--checkpoint-dir=" + dir.resolve("checkpoints"), "--parallelism=1", "--idle=PT1S"});
    StreamExecutionEnvironment env = LocalCluster.environment(config);

    UnitRegistry registry = Scenario.registry();
    String feedId = "metrics-" + System.nanoTime();
    FeedSource.Feed feed = FeedSource.create(feedId);
    int noInflux;
    try (ServerSocket s = new ServerSocket(0)) {
      noInflux = s.getLocalPort();
    }
    // The real InfluxDB sink, on a port nothing listens on: its write failures are counted, the job goes on.
    SlaJob.Sinks sinks = new SlaJob.Sinks(new CollectSink<KafkaOut>(feedId + "-f"), new CollectSink<KafkaOut>(feedId + "-s"),
        new CollectSink<KafkaOut>(feedId + "-d"), new InfluxSink("http://127.0.0.1:" + noInflux, "sla", 5000, 500));
    new SlaJob(config, registry,
        strategy -> env.fromSource(new FeedSource(feedId), WatermarkStrategy.<String>noWatermarks(), "feed", Types.STRING)
            .setParallelism(1).map(new FeedParse(registry)).setParallelism(1),
        sinks, WallClock.SYSTEM).build(env);
    Scenario sc = new Scenario(5, OffsetDateTime.parse("2025-03-03T07:00:00+07:00").toInstant().toEpochMilli(), 200, 10,
        Duration.ofMinutes(5).toMillis());
    feed.add(sc.records);

    JobClient job = env.executeAsync("metrics-test");
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build();
      Set<String> names = new TreeSet<>();
      String body = "";
      long deadline = System.currentTimeMillis() + 90_000;
      while (System.currentTimeMillis() < deadline) {
        try {
          body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
          names.clear();
          Matcher m = NAME.matcher(body);
          while (m.find()) names.add(m.group(1));
          if (hasValue(body, "flink_taskmanager_job_task_operator_numRecordsIn", "Unit_figures")
              && hasValue(body, "flink_taskmanager_job_task_operator_rejected_", "Input_clocks")
              && hasValue(body, "flink_taskmanager_job_task_operator_duplicates", "Dossier_lifecycle")
              && hasValue(body, "flink_taskmanager_job_task_operator_writeFailures", "InfluxDB")) {
            break;
          }
        } catch (java.io.IOException notYet) {
          // the reporter starts with the cluster
        }
        Thread.sleep(500);
      }
      Files.writeString(Path.of("target", "job-metrics-seen.txt"), String.join("\n", names) + "\n");
      Files.writeString(Path.of("target", "job-metrics-scrape.txt"), body);
      assertThat(names).contains(
          // Flink's own: records in and out per operator and per task, backpressure, checkpoints.
          "flink_taskmanager_job_task_operator_numRecordsIn",
          "flink_taskmanager_job_task_operator_numRecordsOut",
          "flink_taskmanager_job_task_numRecordsIn",
          "flink_taskmanager_job_task_numRecordsOut",
          "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
          "flink_jobmanager_job_lastCheckpointDuration",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          "flink_jobmanager_job_numRestarts",
          // Ours (getMetricGroup() in InputClock, DossierFunction, UnitFiguresFunction).
          "flink_taskmanager_job_task_operator_invariantBreaches",
          "flink_taskmanager_job_task_operator_changesBeyondRetention",
          "flink_taskmanager_job_task_operator_duplicates",
          "flink_taskmanager_job_task_operator_lateEvents");
      assertThat(names).contains(
          // The InfluxDB sink's (InfluxWriter).
          "flink_taskmanager_job_task_operator_writeFailures",
          "flink_taskmanager_job_task_operator_droppedPoints",
          "flink_taskmanager_job_task_operator_droppedLivePoints",
          "flink_taskmanager_job_task_operator_rejectedLines",
          "flink_taskmanager_job_task_operator_bufferedLines",
          // The input clock's gauges.
          "flink_taskmanager_job_task_operator_catchingUp",
          "flink_taskmanager_job_task_operator_progressLagSeconds");
      assertThat(names).contains("flink_taskmanager_job_task_operator_rejected_invalid_json",
          "flink_taskmanager_job_task_operator_rejected_unknown_unit");
      // Counting, not only registered: records reached the unit figures, bad records and duplicates were counted.
      assertThat(hasValue(body, "flink_taskmanager_job_task_operator_numRecordsIn", "Unit_figures")).as("records in").isTrue();
      assertThat(hasValue(body, "flink_taskmanager_job_task_operator_rejected_", "Input_clocks")).as("rejected").isTrue();
      assertThat(hasValue(body, "flink_taskmanager_job_task_operator_duplicates", "Dossier_lifecycle")).as("duplicates").isTrue();
      assertThat(hasValue(body, "flink_taskmanager_job_task_operator_writeFailures", "InfluxDB")).as("write failures").isTrue();
      grafanaNamesExist(names);
    } finally {
      job.cancel().get();
    }
  }

  /** Whether some series of a metric (or of metrics by that prefix) of an operator has a value above zero. */
  static boolean hasValue(String body, String metricPrefix, String operatorNamePrefix) {
    for (String line : body.split("\n")) {
      if (line.startsWith(metricPrefix) && line.contains("operator_name=\"" + operatorNamePrefix)
          && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
        return true;
      }
    }
    return false;
  }
}
