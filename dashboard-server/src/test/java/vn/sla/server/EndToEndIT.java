package vn.sla.server;

import vn.sla.server.access.Callers;
import vn.sla.jobs.bootstrap.RuleFile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.Unit;
import vn.sla.jobs.testing.Scenario;

/**
 * Events into a real Kafka broker, through the SLA job, out through the dashboard's API and
 * into a real InfluxDB: every figure is asserted exactly against the reference model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
@ExtendWith(StackExtension.class)
class EndToEndIT {
  static Stack stack;

  @BeforeAll
  static void start(Stack s) throws Exception {
    stack = s;
    await("the server serves live figures", 120, () -> Http.get(stack.base() + "/health", null).status() == 200);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(String what, int seconds, Check c) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!c.ok()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(250);
    }
  }

  static JsonObject live(String unit) throws Exception {
    Http.Answer a = Http.get(stack.base() + "/api/units/" + unit + "/live", Stack.TOKEN);
    assertThat(a.status()).isEqualTo(200);
    return new JsonObject(a.body());
  }

  /** The figures of the API as the oracle's arrays, at the API's own asOf. */
  static boolean matchesOracle(String unit, List<String> mismatches) throws Exception {
    JsonObject f = live(unit);
    long asOf = OffsetDateTime.parse(f.getString("asOf")).toInstant().toEpochMilli();
    JsonObject p = f.getJsonObject("pending");
    JsonObject t = f.getJsonObject("today");
    long[] api = {p.getLong("total"), p.getLong("inTime"), p.getLong("dueSoon"), p.getLong("overdue"), p.getLong("paused"),
        p.getLong("overdueWithoutApology"), t.getLong("received"), t.getLong("completed"), t.getLong("early"),
        t.getLong("onTime"), t.getLong("late"), t.getLong("withdrawn")};
    long[] lp = stack.oracle.livePending(unit, asOf);
    long[] td = stack.oracle.today(unit, asOf);
    long[] expected = new long[12];
    System.arraycopy(lp, 0, expected, 0, 6);
    System.arraycopy(td, 0, expected, 6, 6);
    // The month so far: the oracle's report from the 1st to today, and its progress score with pending as of now.
    JsonObject m = f.getJsonObject("monthToDate");
    int today = Stack.RULES.day(asOf);
    Map<String, Long> month = stack.oracle.report(unit, (int) java.time.LocalDate.ofEpochDay(today).withDayOfMonth(1).toEpochDay(), today);
    api = java.util.Arrays.copyOf(api, 15);
    expected = java.util.Arrays.copyOf(expected, 15);
    api[12] = m.getLong("early");
    api[13] = m.getLong("onTime");
    api[14] = m.getLong("late");
    expected[12] = month.get("completed.early");
    expected[13] = month.get("completed.onTime");
    expected[14] = month.get("completed.late");
    double score = vn.sla.core.rules.ProgressScore.of(expected[12], expected[13], lp[1] + lp[2], lp[4],
        expected[12] + expected[13] + expected[14], lp[0]);
    if (java.util.Arrays.equals(api, expected) && m.getDouble("progressScore766") == score) return true;
    mismatches.add(unit + " month " + m.encode() + " expected score " + score);
    mismatches.add(unit + " at " + f.getString("asOf") + ": api " + java.util.Arrays.toString(api)
        + " oracle " + java.util.Arrays.toString(expected));
    return false;
  }

  @Test
  void liveFiguresOfEveryUnitEqualTheOracle() throws Exception {
    List<String> last = new ArrayList<>();
    try {
      await("every unit's live figures equal the oracle's", 120, () -> {
        last.clear();
        boolean all = true;
        for (Unit u : stack.registry.all()) all &= matchesOracle(u.unitId(), last);
        return all;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + last);
    }
    assertThat(live("tinh").getJsonObject("pending").getLong("total")).isPositive();
  }

  @Test
  void periodReportsFromInfluxDbEqualTheOracle() throws Exception {
    await("the job's clock has reached the wall clock", 120,
        () -> live("tinh").getString("asOf") != null
            && OffsetDateTime.parse(live("tinh").getString("asOf")).toInstant().toEpochMilli() >= stack.clockStart);
    int first = Stack.RULES.day(stack.scenario.start);
    int last = Stack.RULES.day(stack.clockStart) - 1;
    List<int[]> periods = List.of(new int[] {first, last}, new int[] {first + 2, first + 2}, new int[] {first + 5, first + 12},
        new int[] {last - 3, last});
    // The points reach InfluxDB a moment after the figures (its writer is asynchronous): compared until equal.
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        compareReports(periods);
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) throw e;
        Thread.sleep(500);
      }
    }
  }

  private void compareReports(List<int[]> periods) throws Exception {
    ReportCheck.equalsModel(stack.base(), stack.oracle, stack.registry, periods);
  }


  @Test
  void influxDbHoldsTheLiveHistoryAndTheDays() throws Exception {
    await("live points in InfluxDB", 60, () -> stack.influx.query("sla_it",
        "SELECT count(pending_total) FROM unit_live WHERE unit = 'tinh' AND time > now() - 3650d").contains("\"count\""));
    String days = stack.influx.query("sla_it", "SELECT sum(received_online) + sum(received_in_person) + sum(received_postal) "
        + "FROM unit_day WHERE unit = 'tinh' AND time > now() - 3650d");
    assertThat(days).contains("\"series\"");
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirReason() throws Exception {
    int expected = stack.oracle.badRecords + stack.oracle.lifecycleRejections;
    List<ConsumerRecord<byte[], byte[]>> dlq = new ArrayList<>();
    await("all dead letters", 60, () -> {
      dlq.clear();
      dlq.addAll(stack.kafka.readAll(stack.jobConfig.dlqTopic));
      return dlq.size() >= expected;
    });
    assertThat(dlq).hasSize(expected);
    for (ConsumerRecord<byte[], byte[]> r : dlq) assertThat(r.headers().lastHeader("sla-reason")).isNotNull();
    assertThat(dlq).anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("not json"));
  }

  @Test
  void anAlertFiresFromTheLiveFiguresAndIsPublishedAndKeptInInfluxDb() throws Exception {
    await("the alert on the alert-state topic", 60, () -> stack.kafka.readAll(stack.jobConfig.alertStateTopic).stream()
        .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"state\":\"FIRING\"")));
    var last = stack.kafka.readAll(stack.jobConfig.alertStateTopic).stream()
        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("any-overdue|tinh")).reduce((a, b) -> b).orElseThrow();
    JsonObject alert = new JsonObject(new String(last.value(), StandardCharsets.UTF_8));
    assertThat(alert.getString("state")).isEqualTo("FIRING");
    assertThat(alert.getString("severity")).isEqualTo("CRITICAL");
    assertThat(alert.getDouble("value")).isPositive();
    await("the alert listed by the API", 30, () -> Http.get(stack.base() + "/api/alerts", Stack.TOKEN).body().contains("any-overdue"));
    await("the alert history in InfluxDB", 30, () -> stack.influx.query("sla_it",
        "SELECT count(\"value\") FROM alert WHERE \"rule\" = 'any-overdue' AND time > now() - 3650d").contains("\"count\""));
  }

  @Test
  void alertsCanBeAcknowledgedSilencedAndLookedUpInTheHistory() throws Exception {
    await("an active alert", 60, () -> Http.get(stack.base() + "/api/alerts", Stack.TOKEN).body().contains("any-overdue"));
    JsonObject active = new JsonObject(Http.get(stack.base() + "/api/alerts", Stack.TOKEN).body()).getJsonArray("active").getJsonObject(0);
    String id = active.getString("alertId");
    HttpClient c = HttpClient.newHttpClient();
    HttpResponse<String> ack = c.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/ack"))
        .header("Authorization", "Bearer " + Stack.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).isEqualTo(200);
    HttpResponse<String> silence = c.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/alerts/silences"))
        .header("Authorization", "Bearer " + Stack.TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitId\":\"tinh\",\"minutes\":60,\"reason\":\"bảo trì\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(silence.statusCode()).isEqualTo(201);
    JsonObject after = new JsonObject(Http.get(stack.base() + "/api/alerts", Stack.TOKEN).body()).getJsonArray("active").getJsonObject(0);
    assertThat(after.getJsonObject("acknowledged").getString("by")).isEqualTo("api");
    assertThat(after.getJsonObject("silenced").getString("reason")).isEqualTo("bảo trì");
    String from = LocalDate.ofEpochDay(Stack.RULES.day(stack.scenario.start)).toString();
    String to = LocalDate.ofEpochDay(Stack.RULES.day(stack.clockStart)).toString();
    await("the alert in the history", 30, () -> Http.get(stack.base() + "/api/alerts/history?from=" + from + "&to=" + to, Stack.TOKEN)
        .body().contains("any-overdue"));
    HttpResponse<String> badSilence = c.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/alerts/silences"))
        .header("Authorization", "Bearer " + Stack.TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitId\":\"tinh\",\"minutes\":0}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badSilence.statusCode()).isEqualTo(400);
  }

  /**
   * The dossier-timeline topic through the server: every dossier of the history is findable
   * (none has passed the closed retention), with exactly its events (once each, duplicates not
   * repeated) in occurredAt order, and its refused events marked as such: the same ones the job
   * sent to the dead letters.
   */
  @Test
  void everyDossierOfTheHistoryIsFoundWithItsEventsInOrderAndItsRefusals() throws Exception {
    Map<String, java.util.Set<String>> events = new java.util.HashMap<>();
    Map<String, Boolean> received = new java.util.HashMap<>();
    Map<String, Long> closedAt = new java.util.HashMap<>();
    Map<String, Long> receivedAt = new java.util.HashMap<>();
    Map<String, Long> occurredAt = new java.util.HashMap<>();
    for (String r : stack.scenario.records) {
      JsonObject e;
      try {
        e = new JsonObject(r);
      } catch (RuntimeException notAnObject) {
        continue;
      }
      String id = e.getString("dossierId");
      if (id == null || !id.startsWith("D-")) continue;
      events.computeIfAbsent(id, k -> new java.util.TreeSet<>()).add(e.getString("eventId"));
      long at = OffsetDateTime.parse(e.getString("occurredAt")).toInstant().toEpochMilli();
      occurredAt.put(e.getString("eventId"), at);
      if ("RECEIVED".equals(e.getString("type"))) {
        received.put(id, true);
        receivedAt.merge(id, at, Math::min);
      }
      if ("COMPLETED".equals(e.getString("type")) || "WITHDRAWN".equals(e.getString("type"))) {
        closedAt.merge(id, OffsetDateTime.parse(e.getString("occurredAt")).toInstant().toEpochMilli(), Math::min);
      }
    }
    Map<String, java.util.Set<String>> deadLetters = new java.util.HashMap<>();
    int expected = stack.oracle.badRecords + stack.oracle.lifecycleRejections;
    List<ConsumerRecord<byte[], byte[]>> dlq = new ArrayList<>();
    await("all dead letters", 60, () -> {
      dlq.clear();
      dlq.addAll(stack.kafka.readAll(stack.jobConfig.dlqTopic));
      return dlq.size() >= expected;
    });
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      if (r.key() == null) continue;
      try {
        JsonObject e = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
        deadLetters.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new java.util.TreeSet<>()).add(e.getString("eventId"));
      } catch (RuntimeException notJson) {
        // a bad record of no dossier
      }
    }
    int found = 0;
    int forgotten = 0;
    int refused = 0;
    for (var d : events.entrySet()) {
      Http.Answer a = Http.get(stack.base() + "/api/dossiers/" + d.getKey(), Stack.TOKEN);
      if (!received.containsKey(d.getKey())) {
        assertThat(a.status()).as(d.getKey() + " was never received").isEqualTo(404);
        continue;
      }
      // Closed more than the retention before the input's end: the job has forgotten it (docs/architecture.md).
      long forgetFrom = stack.jobConfig.closedRetention.toMillis() - java.time.Duration.ofDays(1).toMillis();
      if (a.status() == 404 && closedAt.containsKey(d.getKey()) && closedAt.get(d.getKey()) + forgetFrom < stack.oracle.progress) {
        forgotten++;
        continue;
      }
      assertThat(a.status()).as(d.getKey()).isEqualTo(200);
      found++;
      JsonArray list = new JsonObject(a.body()).getJsonArray("events");
      List<String> ids = new ArrayList<>();
      java.util.Set<String> notApplied = new java.util.TreeSet<>();
      OffsetDateTime previous = null;
      for (int i = 0; i < list.size(); i++) {
        JsonObject e = list.getJsonObject(i);
        if (!e.getString("eventId").startsWith("ev-")) continue; // moved on by another test's live events
        ids.add(e.getString("eventId"));
        if (!e.getBoolean("applied")) {
          notApplied.add(e.getString("eventId"));
          assertThat(e.getString("rejectReason")).isNotBlank();
        }
        OffsetDateTime at = OffsetDateTime.parse(e.getString("occurredAt"));
        if (previous != null) assertThat(at).as(d.getKey() + " in occurredAt order").isAfterOrEqualTo(previous);
        previous = at;
      }
      assertThat(ids).as(d.getKey() + " once each").doesNotHaveDuplicates();
      // An event dated more than the retention before the dossier's RECEIVED (the scenario's COMPLETED of 400 days
      // before) came first, was refused as "never received", and may be forgotten by then: the job measures its
      // retention from its date when the input had no progress yet as it arrived.
      long retention = stack.jobConfig.closedRetention.toMillis();
      java.util.Set<String> required = new java.util.TreeSet<>(d.getValue());
      required.removeIf(x -> occurredAt.get(x) + retention < receivedAt.get(d.getKey()) && !ids.contains(x));
      assertThat(new java.util.TreeSet<>(ids)).as(d.getKey()).isEqualTo(required);
      java.util.Set<String> dead = new java.util.TreeSet<>(deadLetters.getOrDefault(d.getKey(), java.util.Set.of()));
      dead.removeIf(x -> !x.startsWith("ev-") || !required.contains(x));
      assertThat(notApplied).as(d.getKey() + " refused as in the dead letters").isEqualTo(dead);
      refused += notApplied.size();
    }
    // The history spans seven weeks: about half its dossiers closed more than the retention before its end.
    assertThat(found).as(forgotten + " forgotten").isGreaterThan(200);
    assertThat(refused).isPositive();
  }

  @Test
  void theListOfDossiersToChaseMatchesTheFigures() throws Exception {
    await("live figures", 60, () -> matchesOracle("huyen-1", new ArrayList<>()));
    long overdue = live("huyen-1").getJsonObject("pending").getLong("overdue");
    JsonObject page = new JsonObject(Http.get(stack.base() + "/api/units/huyen-1/dossiers?bucket=overdue&limit=1000", Stack.TOKEN).body());
    assertThat(page.getLong("total")).isEqualTo(overdue);
    JsonArray items = page.getJsonArray("items");
    for (int i = 1; i < items.size(); i++) {
      assertThat(OffsetDateTime.parse(items.getJsonObject(i - 1).getString("dueAt")))
          .isBeforeOrEqualTo(OffsetDateTime.parse(items.getJsonObject(i).getString("dueAt")));
      assertThat(stack.registry.isWithin(items.getJsonObject(i).getString("unitId"), "huyen-1")).isTrue();
    }
  }

  @Test
  void clientsGetClearErrorsNeverStackTraces() throws Exception {
    assertThat(Http.get(stack.base() + "/api/units", null).status()).isEqualTo(401);
    assertThat(Http.get(stack.base() + "/api/units", "wrong-token").status()).isEqualTo(401);
    Http.Answer unknown = Http.get(stack.base() + "/api/units/khong-co/live", Stack.TOKEN);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("error")).contains("khong-co");
    Http.Answer bad = Http.get(stack.base() + "/api/units/tinh/report?from=2025-13-01&to=2025-01-31", Stack.TOKEN);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("from").doesNotContain("Exception");
    assertThat(Http.get(stack.base() + "/api/units/tinh/report?from=2025-02-01&to=2025-01-31", Stack.TOKEN).status()).isEqualTo(400);
    assertThat(Http.get(stack.base() + "/api/units/tinh/dossiers?bucket=late", Stack.TOKEN).status()).isEqualTo(400);
    assertThat(Http.get(stack.base() + "/api/units/tinh/dossiers?limit=5000", Stack.TOKEN).status()).isEqualTo(400);
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndAnAnonymousOneNoSession() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/", "/health", "/api/units")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("content-security-policy").orElse("")).as(path).contains("frame-ancestors 'none'")
          .contains("default-src 'self'");
      assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("referrer-policy")).as(path).hasValue("same-origin");
      assertThat(r.headers().allValues("set-cookie")).as("no session for an anonymous %s", path).isEmpty();
    }
    // A multipart upload is not kept anywhere: the body handler takes no files.
    HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(stack.base() + "/login"))
        .header("Content-Type", "multipart/form-data; boundary=b").header("Origin", stack.base())
        .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n"
            + "x".repeat(2000) + "\r\n--b--\r\n")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isIn(303, 400, 413);
    java.nio.file.Path uploads = java.nio.file.Path.of("file-uploads");
    if (java.nio.file.Files.isDirectory(uploads)) {
      try (var files = java.nio.file.Files.list(uploads)) {
        assertThat(files.count()).as("no uploaded file kept").isZero();
      }
    }
  }

  @Test
  void aChiefSeesOnlyTheirOwnUnit() throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
    String form = "username=chief&password=" + URLEncoder.encode(Stack.CHIEF_PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(stack.base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("set-cookie").orElse("")).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    for (String path : List.of("/live", "/dossiers", "/report?from=2026-10-01&to=2026-10-02",
        "/report.csv?from=2026-10-01&to=2026-10-02", "/history?from=2026-10-01&to=2026-10-02")) {
      HttpResponse<String> own = client.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/xa-1a" + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(own.statusCode()).as(path).isEqualTo(200);
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/xa-1b" + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).as(path).isEqualTo(403);
    }
    HttpResponse<String> units = client.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonArray(units.body()).stream().map(o -> ((JsonObject) o).getString("unitId")).toList()).containsExactly("xa-1a");
  }

  private static HttpResponse<String> putRules(HttpClient client, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.base() + "/api/alert-rules"))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdministratorEditsTheAlertRulesABadSetIsRefusedAndTheFileDoesNotUndoTheEdit() throws Exception {
    await("the rules in force", 30, () -> Http.get(stack.base() + "/api/alert-rules", Stack.TOKEN).body().contains("any-overdue"));
    HttpClient api = HttpClient.newHttpClient();

    // A chief may not read or change them.
    CookieManager cookies = new CookieManager();
    HttpClient chief = HttpClient.newBuilder().cookieHandler(cookies).build();
    chief.send(HttpRequest.newBuilder(URI.create(stack.base() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=chief&password=" + URLEncoder.encode(Stack.CHIEF_PASSWORD, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(putRules(chief, Stack.ALERT_RULES, null).statusCode()).isEqualTo(403);
    assertThat(chief.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/alert-rules")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

    // A bad set: 400 naming the rule and the problem; nothing published.
    HttpResponse<String> bad = putRules(api, "{\"rules\":[{\"id\":\"wrong-way\",\"unit\":\"tinh\",\"metric\":\"OVERDUE_COUNT\","
        + "\"fire\":1,\"clear\":5,\"severity\":\"WARNING\"}]}", Stack.TOKEN);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("wrong-way").contains("clear");
    assertThat(putRules(api, "not json", Stack.TOKEN).statusCode()).isEqualTo(400);

    // A good one: published, read back from the topic with who and when.
    String edited = Stack.ALERT_RULES.replace("]}", ",{\"id\":\"e2e-edited\",\"name\":\"Sửa trên bảng điều khiển\","
        + "\"level\":\"COMMUNE\",\"metric\":\"OVERDUE_COUNT\",\"fire\":1000,\"clear\":900,\"severity\":\"WARNING\"}]}");
    HttpResponse<String> ok = putRules(api, edited, Stack.TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getInteger("rules")).isEqualTo(2);
    await("the edit in force", 30, () -> Http.get(stack.base() + "/api/alert-rules", Stack.TOKEN).body().contains("e2e-edited"));
    JsonObject info = new JsonObject(Http.get(stack.base() + "/api/alert-rules", Stack.TOKEN).body());
    assertThat(info.getString("updatedBy")).isEqualTo("api");
    assertThat(info.getJsonObject("rules").getJsonArray("rules")).hasSize(2);

    // The job starting again with the same rule file keeps the edit (the file has not changed since).
    RuleFile.publish(stack.jobConfig, Stack.ALERT_RULES);
    Thread.sleep(1000);
    assertThat(Http.get(stack.base() + "/api/alert-rules", Stack.TOKEN).body()).contains("e2e-edited");

    assertThat(putRules(api, Stack.ALERT_RULES, Stack.TOKEN).statusCode()).isEqualTo(200); // as the other tests expect
  }

  @Test
  void historyCsvQualityAndMetricsAreServed() throws Exception {
    eventually(this::historyCsvQualityAndMetrics);
  }

  /** Assertions on what InfluxDB holds: its writer is asynchronous, so they are retried for a while until they hold. */
  static void eventually(Block b) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        b.run();
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) throw e;
        Thread.sleep(500);
      }
    }
  }

  interface Block {
    void run() throws Exception;
  }

  private void historyCsvQualityAndMetrics() throws Exception {
    int first = Stack.RULES.day(stack.scenario.start);
    String from = LocalDate.ofEpochDay(first).toString();
    String to = LocalDate.ofEpochDay(first + 9).toString();
    JsonObject h = new JsonObject(Http.get(stack.base() + "/api/units/tinh/history?from=" + from + "&to=" + to, Stack.TOKEN).body());
    assertThat(h.getJsonArray("days")).hasSize(10);
    long received = 0;
    for (Object o : h.getJsonArray("days")) received += ((JsonObject) o).getLong("received");
    Map<String, Long> r = stack.oracle.report("tinh", first, first + 9);
    assertThat(received).isEqualTo(r.get("received.online") + r.get("received.inPerson") + r.get("received.postal"));
    JsonObject lastDay = h.getJsonArray("days").getJsonObject(9);
    assertThat(lastDay.getJsonObject("pendingEnd").getLong("overdue")).isEqualTo(r.get("pendingAtEnd.overdue"));

    HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(stack.base() + "/api/units/tinh/report.csv?from=" + from + "&to=" + to))
        .header("Authorization", "Bearer " + Stack.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-disposition").orElse("")).contains("attachment");
    byte[] b = csv.body();
    assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(b, StandardCharsets.UTF_8);
    assertThat(text).contains("\"Số hồ sơ tiếp nhận\"," + (r.get("received.online") + r.get("received.inPerson") + r.get("received.postal")))
        .contains("Tỉnh Thử Nghiệm").contains("khớp");

    JsonObject q = new JsonObject(Http.get(stack.base() + "/api/quality", Stack.TOKEN).body());
    assertThat(q.getJsonObject("counts").getLong("INVALID_JSON")).isPositive();
    assertThat(q.getJsonObject("counts").getLong("duplicate")).isEqualTo(stack.oracle.duplicates);

    String metrics = Http.get(stack.base() + "/metrics", null).body();
    assertThat(metrics).contains("sla_ws_clients").contains("sla_api_requests_total{route=\"/api/units/:unitId/live\"");
  }

  @Test
  void aDisplayTokenOpensAReadOnlySessionForItsScopeUntilRevoked() throws Exception {
    HttpClient api = HttpClient.newHttpClient();
    HttpResponse<String> created = api.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/displays"))
        .header("Authorization", "Bearer " + Stack.TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Phòng họp tỉnh\",\"units\":[\"huyen-2\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject d = new JsonObject(created.body());
    HttpClient kiosk = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> open = kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/display/" + d.getString("token"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).isEqualTo(303);
    // The display's own cookie alone (a server restart forgets sessions) still opens its scope, read-only.
    HttpResponse<String> byCookie = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-2/live"))
        .header("Cookie", Callers.DISPLAY_COOKIE + "=" + d.getString("token")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(byCookie.statusCode()).isEqualTo(200);
    assertThat(open.headers().allValues("set-cookie")).anyMatch(c -> c.startsWith(Callers.DISPLAY_COOKIE + "=")
        && c.toLowerCase().contains("httponly") && c.contains("SameSite=Strict"));
    assertThat(kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-2/live")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-1/live")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    // Figures, not the list of dossiers (a wall hangs where the public reads it).
    assertThat(kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-2/dossiers?bucket=overdue")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    // Its websocket closes when it is revoked.
    java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Void> snapshot = new java.util.concurrent.CompletableFuture<>();
    java.net.http.WebSocket wall = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Cookie", Callers.DISPLAY_COOKIE + "=" + d.getString("token"))
        .buildAsync(URI.create(stack.base().replace("http", "ws") + "/ws"), new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            if (data.toString().contains("snapshot")) snapshot.complete(null);
            ws.request(1);
            return null;
          }

          @Override
          public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
          }
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    wall.sendText("{\"v\":1,\"type\":\"subscribe\",\"units\":[\"huyen-2\"]}", true);
    snapshot.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/displays")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    assertThat(Http.get(stack.base() + "/api/displays", Stack.TOKEN).body()).doesNotContain(d.getString("token"));
    HttpResponse<String> revoked = api.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/displays/" + d.getString("id")))
        .header("Authorization", "Bearer " + Stack.TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the wall's socket closed on revocation").isEqualTo(4401);
    assertThat(kiosk.send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-2/live")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(Http.get(stack.base() + "/display/" + d.getString("token"), null).status()).isEqualTo(403);
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.base() + "/api/units/huyen-2/live"))
        .header("Cookie", Callers.DISPLAY_COOKIE + "=" + d.getString("token")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(401);
  }

  @Test
  @Order(Integer.MAX_VALUE - 2) // adds dossiers the oracle does not know
  void anInfluxDbOutageStopsNeitherTheJobNorTheLiveFiguresAndTheDaysFollow() throws Exception {
    String today = LocalDate.ofEpochDay(Stack.RULES.day(OffsetDateTime.parse(live("so-tp").getString("asOf")).toInstant().toEpochMilli())).toString();
    long reportedBefore = new JsonObject(Http.get(stack.base() + "/api/units/so-tp/report?from=" + today + "&to=" + today, Stack.TOKEN).body())
        .getJsonObject("received").getLong("total");
    long liveBefore = live("so-tp").getJsonObject("today").getLong("received");
    long now = OffsetDateTime.parse(live("so-tp").getString("asOf")).toInstant().toEpochMilli();
    stack.influx.stop();
    try {
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        records.add("{\"eventId\":\"outage-" + i + "\",\"dossierId\":\"OUTAGE-" + i + "\",\"type\":\"RECEIVED\",\"occurredAt\":\""
            + Scenario.iso(now) + "\",\"unitId\":\"so-tp\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\""
            + Scenario.iso(now + 3 * 86_400_000L) + "\"}");
      }
      // An empty field once made InfluxDB refuse a point, and the job stopped for good on it.
      records.add("{\"eventId\":\"empty-field\",\"dossierId\":\"EMPTY-FIELD\",\"type\":\"RECEIVED\",\"occurredAt\":\""
          + Scenario.iso(now) + "\",\"unitId\":\"so-tp\",\"field\":\"\",\"channel\":\"ONLINE\",\"dueAt\":\""
          + Scenario.iso(now + 86_400_000L) + "\"}");
      stack.kafka.produce(stack.jobConfig.eventsTopic, records);
      await("the live figures move while InfluxDB is down", 60,
          () -> live("so-tp").getJsonObject("today").getLong("received") == liveBefore + 3);
      assertThat(Http.get(stack.base() + "/health", null).status()).isEqualTo(200);
    } finally {
      stack.influx.start();
    }
    await("the day's point written once InfluxDB is back", 90, () -> {
      Http.Answer a = Http.get(stack.base() + "/api/units/so-tp/report?from=" + today + "&to=" + today, Stack.TOKEN);
      return a.status() == 200 && new JsonObject(a.body()).getJsonObject("received").getLong("total") == reportedBefore + 3;
    });
    await("the empty field refused as a dead letter", 60, () -> stack.kafka.readAll(stack.jobConfig.dlqTopic).stream()
        .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("empty-field")
            && "INVALID_VALUE".equals(new String(r.headers().lastHeader("sla-reason").value(), StandardCharsets.UTF_8))));
    // The history's reports are what they were.
    int first = Stack.RULES.day(stack.scenario.start);
    for (String unit : List.of("tinh", "so-tp", "huyen-2")) {
      JsonObject r = new JsonObject(Http.get(stack.base() + "/api/units/" + unit + "/report?from=" + LocalDate.ofEpochDay(first)
          + "&to=" + LocalDate.ofEpochDay(first + 9), Stack.TOKEN).body());
      assertThat(r.getJsonObject("completed").getLong("total")).as("completed in %s's first ten days", unit)
          .isEqualTo(stack.oracle.report(unit, first, first + 9).entrySet().stream().filter(e -> e.getKey().startsWith("completed."))
              .mapToLong(Map.Entry::getValue).sum());
    }
  }

  @Test
  @Order(Integer.MAX_VALUE - 1) // adds a dossier the oracle does not know
  void aDossierBecomesDueSoonWithoutAnyNewEvent() throws Exception {
    long now = OffsetDateTime.parse(live("xa-3a").getString("asOf")).toInstant().toEpochMilli();
    long moment = now + 6000; // due soon 24 h before the due time
    long wallMoment = System.currentTimeMillis() + 6000; // the job's clock runs with the wall clock
    stack.kafka.produce(stack.jobConfig.eventsTopic, List.of("{\"eventId\":\"quiet-1\",\"dossierId\":\"QUIET-1\",\"type\":\"RECEIVED\","
        + "\"occurredAt\":\"" + Scenario.iso(now) + "\",\"unitId\":\"xa-3a\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\","
        + "\"dueAt\":\"" + Scenario.iso(moment + 86_400_000L) + "\"}"));
    await("the dossier is listed in time", 15, () -> Http.get(stack.base() + "/api/units/xa-3a/dossiers?bucket=inTime", Stack.TOKEN)
        .body().contains("QUIET-1"));
    await("the dossier is listed as due soon", 30, () -> Http.get(stack.base() + "/api/units/xa-3a/dossiers?bucket=dueSoon", Stack.TOKEN)
        .body().contains("QUIET-1"));
    // No speed target here (that is the benchmark's); the published asOf lags up to a second.
    System.out.printf("due-soon transition seen on the API about %d ms after its moment (+-1 s: asOf is published once a second)%n",
        System.currentTimeMillis() - wallMoment);
  }

  @Test
  @Order(Integer.MAX_VALUE) // changes the figures the other tests compare with the oracle
  void aNewEventChangesTheLiveFiguresWithinSeconds() throws Exception {
    await("live figures", 120, () -> matchesOracle("xa-2b", new ArrayList<>()));
    long before = live("xa-2b").getJsonObject("today").getLong("received");
    long now = OffsetDateTime.parse(live("xa-2b").getString("asOf")).toInstant().toEpochMilli();
    stack.kafka.produce(stack.jobConfig.eventsTopic, List.of("{\"eventId\":\"new-1\",\"dossierId\":\"NEW-1\",\"type\":\"RECEIVED\","
        + "\"occurredAt\":\"" + Scenario.iso(now) + "\",\"unitId\":\"xa-2b\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\","
        + "\"dueAt\":\"" + Scenario.iso(now + 5 * 86_400_000L) + "\"}"));
    await("the new dossier counted", 15, () -> live("xa-2b").getJsonObject("today").getLong("received") == before + 1);
  }
}
