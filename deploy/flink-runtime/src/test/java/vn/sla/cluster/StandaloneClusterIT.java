package vn.sla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.testing.LocalInflux;
import vn.sla.jobs.testing.LocalKafka;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.jobs.testing.Scenario;

/**
 * The job's cluster jar on a standalone Flink cluster of separate processes (a JobManager and two
 * TaskManagers started by deploy/flink/flink-process with deploy/flink/config.yaml: RocksDB,
 * file checkpoints), submitted with Flink's client (flink run) at parallelism 4, fed through a
 * real Kafka broker: history before the start, more history while one TaskManager has been
 * killed (SIGKILL), then live events. Every unit's last figures on the unit-figures topic equal
 * the reference model's; again after a savepoint, a stop and a restore at parallelism 2 and
 * more events.
 */
class StandaloneClusterIT {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("sla.version", "0.1.0-SNAPSHOT");
  private static final long TOLERANCE = Duration.ofMinutes(5).toMillis();
  private static final SlaRules RULES = SlaRules.defaults();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private int rest;
  /** The job being watched: a timeout says why it failed (its exception history), not only the JobManager's last lines. */
  private String watched;

  @Test
  void killingATaskManagerMidStreamLosesNothing() throws Exception {
    long started = System.nanoTime();
    Path jar = ROOT.resolve("stream-jobs/target/stream-jobs-" + VERSION + "-cluster.jar");
    assertThat(jar).as("the cluster jar (mvn package of stream-jobs)").exists();
    UnitRegistry registry = Scenario.registry();
    Path units = Files.writeString(dir.resolve("units.csv"), Scenario.REGISTRY_CSV);
    // As SlaJobOracleTest: history 100 days old, past every retention (-Dsla.it.history-days-ago to vary it).
    int daysAgo = Integer.getInteger("sla.it.history-days-ago", 100);
    boolean kill = !Boolean.getBoolean("sla.it.no-kill");
    long historyStart = RULES.startOfDay(RULES.day(System.currentTimeMillis()) - daysAgo) + 7 * 3_600_000L;
    Scenario sc = new Scenario(61, historyStart, 1500, 40, TOLERANCE);
    // As SlaJobOracleTest: the scenario must be history (its last events reach ~60 days past its start).
    assertThat(sc.end + 2 * 86_400_000L).as("the scenario is history").isLessThan(System.currentTimeMillis() - 86_400_000L);
    List<String> history = sc.records;
    int half = history.size() / 2;

    try (LocalKafka kafka = new LocalKafka(); LocalInflux influx = new LocalInflux()) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
        admin.createTopics(List.of(new NewTopic(Topics.EVENTS, 4, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
        // Produced to before its partitions had a leader, the topic once lost a batch (NOT_LEADER, then
        // OutOfOrderSequence until the end): the job's figures trailed the model by those events.
        await("the events topic's partitions have a leader", 60, () -> admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get()
            .get(Topics.EVENTS).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      }
      kafka.produce(Topics.EVENTS, history.subList(0, half));

      Path conf = startCluster();
      String jobId = submit(conf, jar, kafka.bootstrap(), units, influx.url(), 4, null);
      watched = jobId;
      await("the job runs at parallelism 4 and has checkpointed", 180, () -> get("/jobs/" + jobId).contains("\"state\":\"RUNNING\"")
          && get("/jobs/" + jobId).contains("\"parallelism\":4") && count(get("/jobs/" + jobId + "/checkpoints"), "completed") >= 1);

      // Mid-stream: a TaskManager dies (SIGKILL), the rest of the history arrives meanwhile, a replacement registers.
      if (kill) processes.get(1).destroyForcibly().waitFor();
      kafka.produce(Topics.EVENTS, history.subList(half, history.size()));
      if (kill) {
        processes.add(start("flink-taskmanager-3", "taskmanager", conf));
        await("the job restarts from a checkpoint", 180, () -> get("/jobs/" + jobId).contains("\"state\":\"RUNNING\"")
            && count(get("/jobs/" + jobId + "/checkpoints"), "restored") >= 1);
      }

      long now = System.currentTimeMillis();
      List<String> live = new ArrayList<>(sc.liveRecords(now, 300));
      live.add("{\"eventId\":\"sentinel\",\"dossierId\":\"SENTINEL\",\"type\":\"PAUSED\",\"occurredAt\":\"" + Scenario.iso(now + 2 * TOLERANCE) + "\"}");
      kafka.produce(Topics.EVENTS, live);
      List<String> fed = new ArrayList<>(history);
      fed.addAll(live);
      long wall = System.currentTimeMillis();
      ReferenceModel oracle = new ReferenceModel(registry, RULES, TOLERANCE, Duration.ofDays(30).toMillis(), fed, i -> wall);

      await("the job's progress reaches the input's", 240, () -> {
        ClockTick t = tick(kafka);
        return t != null && t.progressMillis >= oracle.progress;
      });
      // Compared until equal (the figures of the last changes may still be on their way), then they must be.
      long deadline = System.currentTimeMillis() + 90_000;
      List<String> wrong;
      while (true) {
        wrong = compare(registry, oracle, figures(kafka));
        if (wrong.isEmpty() || System.currentTimeMillis() > deadline) break;
        Thread.sleep(1000);
      }
      assertThat(wrong).as("units whose figures differ from the reference model").isEmpty();
      assertThat(figures(kafka).get("tinh").pending.overdue).as("history still open is overdue now").isPositive();
      if (kill) assertThat(count(get("/jobs/" + jobId + "/checkpoints"), "restored")).as("restored from a checkpoint").isPositive();

      // A savepoint, the job stopped, restored at parallelism 2: the same figures, and new events count.
      String savepoint = stopWithSavepoint(jobId);
      String rescaled = submit(conf, jar, kafka.bootstrap(), units, influx.url(), 2, savepoint);
      watched = rescaled;
      await("the job runs again at parallelism 2, restored from the savepoint", 180, () -> get("/jobs/" + rescaled).contains("\"state\":\"RUNNING\"")
          && !get("/jobs/" + rescaled).contains("\"parallelism\":4") && count(get("/jobs/" + rescaled + "/checkpoints"), "restored") >= 1);
      long now2 = System.currentTimeMillis();
      List<String> more = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        more.add("{\"eventId\":\"after-savepoint-" + i + "\",\"dossierId\":\"S-" + i + "\",\"type\":\"RECEIVED\",\"occurredAt\":\""
            + Scenario.iso(now2 - 2000 - i * 100L) + "\",\"unitId\":\"" + Scenario.UNITS[i % Scenario.UNITS.length]
            + "\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\"" + Scenario.iso(now2 + 3 * 86_400_000L) + "\"}");
      }
      kafka.produce(Topics.EVENTS, more);
      fed.addAll(more);
      long wall2 = System.currentTimeMillis();
      ReferenceModel after = new ReferenceModel(registry, RULES, TOLERANCE, Duration.ofDays(30).toMillis(), fed, i -> wall2);
      deadline = System.currentTimeMillis() + 120_000;
      while (true) {
        wrong = compare(registry, after, figures(kafka));
        if (wrong.isEmpty() || System.currentTimeMillis() > deadline) break;
        Thread.sleep(1000);
      }
      assertThat(wrong).as("after the restore at parallelism 2: units whose figures differ from the reference model").isEmpty();
      System.out.printf("StandaloneClusterIT: %d events, one TaskManager killed, a savepoint restored at parallelism 2, figures of %d units equal the reference model; %.0f s%n",
          fed.size(), registry.all().size(), (System.nanoTime() - started) / 1e9);
    } finally {
      for (Process p : processes) p.destroyForcibly();
      for (Process p : processes) p.waitFor();
    }
  }

  /** Every unit's last published figures against the model's at their own asOf; what differs. */
  private static List<String> compare(UnitRegistry registry, ReferenceModel oracle, Map<String, UnitFigures> live) {
    List<String> wrong = new ArrayList<>();
    for (Unit u : registry.all()) {
      UnitFigures f = live.get(u.unitId());
      if (f == null) {
        long[] p = oracle.livePending(u.unitId(), System.currentTimeMillis());
        if (Arrays.stream(p).anyMatch(x -> x != 0)) wrong.add(u.unitId() + ": no figures, model " + Arrays.toString(p));
        continue;
      }
      long asOf = OffsetDateTime.parse(f.asOf).toInstant().toEpochMilli();
      long[] pending = {f.pending.total, f.pending.inTime, f.pending.dueSoon, f.pending.overdue, f.pending.paused, f.pending.overdueWithoutApology};
      long[] today = {f.today.received, f.today.completed, f.today.early, f.today.onTime, f.today.late, f.today.withdrawn};
      long[] p = oracle.livePending(u.unitId(), asOf);
      long[] t = oracle.today(u.unitId(), asOf);
      if (!Arrays.equals(pending, p) || !Arrays.equals(today, t)) {
        wrong.add(u.unitId() + " at " + f.asOf + ": job " + Arrays.toString(pending) + Arrays.toString(today)
            + ", model " + Arrays.toString(p) + Arrays.toString(t));
      }
    }
    return wrong;
  }

  private static Map<String, UnitFigures> figures(LocalKafka kafka) {
    Map<String, UnitFigures> live = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(Topics.UNIT_FIGURES)) {
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      if (!key.startsWith("~") && r.value() != null) live.put(key, Json.read(new String(r.value(), StandardCharsets.UTF_8), UnitFigures.class));
    }
    return live;
  }

  private static ClockTick tick(LocalKafka kafka) {
    ClockTick last = null;
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(Topics.UNIT_FIGURES)) {
      if (r.key() != null && Topics.CLOCK_KEY.equals(new String(r.key(), StandardCharsets.UTF_8))) {
        last = Json.read(new String(r.value(), StandardCharsets.UTF_8), ClockTick.class);
      }
    }
    return last;
  }

  // --- the cluster's processes ---------------------------------------------------------------

  /** deploy/flink/config.yaml on free ports and folders of this test; the JobManager and two TaskManagers. */
  private Path startCluster() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("flink-conf"));
    rest = LocalInflux.freePort();
    int rpc = LocalInflux.freePort();
    int blob = LocalInflux.freePort();
    int tm = LocalInflux.freePort();
    String yaml = Files.readString(ROOT.resolve("deploy/flink/config.yaml"))
        .replace("@STATE@", dir.toString()).replace("@JM_RPC_PORT@", String.valueOf(rpc)).replace("@BLOB_PORT@", String.valueOf(blob))
        .replace("@FLINK_UI_PORT@", String.valueOf(rest)).replace("@TM_PORTS@", "0")
        .replace("@METRICS_PORTS@", tm + "-" + (tm + 3))
        // A lost TaskManager's slots are not waited for past this: the test's replacement takes over.
        + "\nslot.request.timeout: 120000\n";
    Files.writeString(conf.resolve("config.yaml"), yaml);
    processes.add(start("flink-jobmanager", "jobmanager", conf));
    await("the JobManager answers", 120, () -> get("/overview").contains("slots-total"));
    processes.add(start("flink-taskmanager-1", "taskmanager", conf));
    processes.add(start("flink-taskmanager-2", "taskmanager", conf));
    await("two TaskManagers with 4 slots", 120, () -> get("/overview").contains("\"slots-total\":4"));
    return conf;
  }

  private Process start(String name, String kind, Path conf) throws IOException {
    return new ProcessBuilder(ROOT.resolve("deploy/flink/flink-process").toString(), kind, conf.toString(),
            "-Dlog4j2.configurationFile=" + ROOT.resolve("deploy/log4j2.xml"))
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  /** flink run -d -p N [-s savepoint] with the cluster jar, as ./sla up --cluster does; the job's id. */
  private String submit(Path conf, Path jar, String bootstrap, Path units, String influx, int parallelism, String savepoint) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "@" + ROOT.resolve("deploy/flink/jvm.options"), "-Xmx512m",
        "-Dlog4j2.configurationFile=" + ROOT.resolve("deploy/log4j2.xml"), "-cp", ROOT.resolve("deploy/flink-runtime/target/lib") + "/*",
        "org.apache.flink.client.cli.CliFrontend", "run", "-d", "-p", String.valueOf(parallelism)));
    if (savepoint != null) command.addAll(List.of("-s", savepoint));
    command.addAll(List.of("-c", "vn.sla.jobs.SlaJobMain", jar.toString(),
        "--bootstrap=" + bootstrap, "--units=" + units, "--influx-url=" + influx, "--event-partitions=4", "--idle=PT1S"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("submit.log").toFile());
    pb.environment().put("FLINK_CONF_DIR", conf.toString());
    Process p = pb.start();
    assertThat(p.waitFor()).as("flink run: " + tail(dir.resolve("submit.log"))).isZero();
    Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(Files.readString(dir.resolve("submit.log")));
    assertThat(m.find()).as("the job id in " + tail(dir.resolve("submit.log"))).isTrue();
    return m.group(1);
  }

  /** Stop-with-savepoint through the REST API (POST /jobs/:id/stop); the savepoint's location. */
  private String stopWithSavepoint(String jobId) throws Exception {
    String body = "{\"drain\":false,\"targetDirectory\":\"" + dir.resolve("savepoints").toUri() + "\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/jobs/" + jobId + "/stop"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher id = Pattern.compile("\"request-id\":\"([^\"]+)\"").matcher(r.body());
    assertThat(id.find()).as("stop-with-savepoint accepted: " + r.body()).isTrue();
    String[] location = {null};
    await("the savepoint is complete", 180, () -> {
      Matcher m = Pattern.compile("\"location\":\"([^\"]+)\"").matcher(get("/jobs/" + jobId + "/savepoints/" + id.group(1)));
      if (m.find()) location[0] = m.group(1);
      return location[0] != null;
    });
    await("the job has stopped", 120, () -> get("/jobs/" + jobId).contains("\"state\":\"FINISHED\""));
    return location[0];
  }

  private String get(String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A number in a REST answer: {"name":N}. */
  private static long count(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * Why the watched job last failed, from its exception history (REST), and each TaskManager's
   * last errors: a restart loop shows only cancellations in the JobManager's tail.
   */
  private String failures() {
    StringBuilder out = new StringBuilder();
    if (watched != null) {
      String json = get("/jobs/" + watched + "/exceptions?maxExceptions=3");
      out.append("\n--- the job's last exceptions (newest first):\n");
      // Read by hand: a regular expression over a long escaped string overflows the stack.
      int at = 0;
      for (int i = 0; i < 4 && (at = json.indexOf("\"stacktrace\":\"", at)) >= 0; i++) {
        StringBuilder t = new StringBuilder();
        for (at += "\"stacktrace\":\"".length(); at < json.length() && json.charAt(at) != '"'; at++) {
          char c = json.charAt(at);
          if (c == '\\' && at + 1 < json.length()) {
            char e = json.charAt(++at);
            t.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
          } else {
            t.append(c);
          }
        }
        String trace = t.toString();
        String[] lines = trace.split("\n");
        StringBuilder kept = new StringBuilder();
        // The exception, its causes and the first frames of each: enough to name the failure.
        int frames = 0;
        for (String line : lines) {
          boolean frame = line.trim().startsWith("at ");
          frames = frame ? frames + 1 : 0;
          if (!frame || frames <= 4) kept.append(line).append('\n');
        }
        out.append(kept);
      }
    }
    try {
      // The same from the JobManager's log, in case its REST API does not answer: each failure and its cause.
      List<String> jm = Files.readAllLines(dir.resolve("flink-jobmanager.log"));
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < jm.size(); i++) {
        if (jm.get(i).contains(" to FAILED")) failed.add(String.join("\n", jm.subList(i, Math.min(jm.size(), i + 3))));
      }
      out.append("\n--- the JobManager's last failures (").append(failed.size()).append(" in all):\n")
          .append(String.join("\n", failed.subList(Math.max(0, failed.size() - 3), failed.size())));
    } catch (IOException e) {
      out.append("\n(the JobManager's log: ").append(e.getMessage()).append(')');
    }
    try (var files = Files.list(dir)) {
      for (Path log : files.filter(f -> f.getFileName().toString().startsWith("flink-taskmanager")).sorted().toList()) {
        List<String> errors = Files.readAllLines(log).stream().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
        out.append("\n--- ").append(log.getFileName()).append(", last warnings and errors:\n")
            .append(String.join("\n", errors.subList(Math.max(0, errors.size() - 10), errors.size())));
      }
    } catch (IOException e) {
      out.append("\n(the TaskManagers' logs: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private void await(String what, int seconds, Check c) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!c.ok()) {
      for (Process p : processes.subList(0, Math.min(1, processes.size()))) {
        if (!p.isAlive()) throw new AssertionError("the JobManager stopped while waiting until " + what + ":\n" + tail(dir.resolve("flink-jobmanager.log")));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what + "\n" + tail(dir.resolve("flink-jobmanager.log")) + failures());
      }
      Thread.sleep(250);
    }
  }
}
