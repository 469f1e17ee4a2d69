package vn.sla.server;

import vn.sla.server.alerting.AlertActions;
import vn.sla.server.alerting.AlertDelivery;
import vn.sla.server.alerting.AlertRecipients;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.sla.jobs.testing.LocalInflux;

/**
 * From events on Kafka to an e-mail received by a real SMTP server (GreenMail, in process)
 * and a webhook received by a real HTTP server, grouped, signed, and not repeated after the
 * delivery restarts.
 */
@Order(3)
@ExtendWith(StackExtension.class)
class AlertDeliveryIT {
  static final int SMTP_PORT = freePort();
  static final String SECRET = "webhook-secret-0123456789";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  static Stack stack;
  static HttpServer receiver;
  static final List<String[]> HOOKS = new CopyOnWriteArrayList<>(); // {signature, body}
  static Path routes;

  static int freePort() {
    try {
      return LocalInflux.freePort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A routes file: one webhook for the whole province (grouped by the second, no age limit), these recipients, the test's SMTP server. */
  static Path routes(String webhookUrl, String recipients) throws java.io.IOException {
    Path p = Files.createTempFile("routes", ".json");
    Files.writeString(p, """
        {"groupSeconds": 1, "maxAgeHours": 1000000,
         "webhooks": [{"url": "%s", "secret": "%s", "units": ["tinh"]}],
         "recipients": %s,
         "smtp": {"host": "127.0.0.1", "port": %d, "from": "giam-sat@example.vn"}}
        """.formatted(webhookUrl, SECRET, recipients.strip(), SMTP_PORT));
    return p;
  }

  @BeforeAll
  static void start(Stack s) throws Exception {
    stack = s;
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      HOOKS.add(new String[] {ex.getRequestHeaders().getFirst("X-SLA-Signature"), body});
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    routes = routes("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", """
        [{"email": "lanhdao@example.vn", "units": ["tinh"], "minSeverity": "CRITICAL"},
         {"email": "chanhvp@example.vn", "units": ["xa-3a"], "minSeverity": "WARNING"}]""");
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
  }

  @Test
  void aFiringAlertReachesTheWebhookAndTheRightMailboxOnceEvenAfterARestart() throws Exception {
    AlertDelivery delivery = new AlertDelivery(stack.kafka.bootstrap(), stack.jobConfig.alertStateTopic, "it-delivery",
        AlertRecipients.load(routes, stack.registry), stack.registry).start();
    EndToEndIT.await("the webhook called", 60, () -> !HOOKS.isEmpty());
    String[] hook = HOOKS.get(0);
    assertThat(hook[1]).contains("any-overdue").contains("\"state\":\"FIRING\"");
    assertThat(hook[0]).isEqualTo("sha256=" + AlertDelivery.hmac(SECRET, hook[1]));
    assertThat(MAIL.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(1); // the commune chief's commune has no alert: no mail for them
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("lanhdao@example.vn");
    assertThat(mails[0].getSubject()).contains("cảnh báo");
    assertThat(((String) mails[0].getContent())).contains("Tỉnh Thử Nghiệm").contains("số hồ sơ quá hạn");
    delivery.close();

    int hooks = HOOKS.size();
    AlertDelivery again = new AlertDelivery(stack.kafka.bootstrap(), stack.jobConfig.alertStateTopic, "it-delivery",
        AlertRecipients.load(routes, stack.registry), stack.registry).start();
    Thread.sleep(4000);
    again.close();
    assertThat(HOOKS).as("nothing delivered twice after a restart").hasSize(hooks);
    assertThat(MAIL.getReceivedMessages()).hasSize(1);

    // Another server takes over with nothing committed (a new group): the recorded deliveries keep it from sending again.
    AlertDelivery other = new AlertDelivery(stack.kafka.bootstrap(), stack.jobConfig.alertStateTopic, "it-delivery-elsewhere",
        AlertRecipients.load(routes, stack.registry), stack.registry).start();
    EndToEndIT.await("the other server has read the alerts", 30, () -> other.lastLoopAgeMillis() < 1000);
    Thread.sleep(4000); // a group of 1 s, twice over: what it would send, it would have sent by now
    other.close();
    assertThat(HOOKS).as("nothing delivered again by another server").hasSize(hooks);
    assertThat(MAIL.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aSlowWebhookDoesNotHoldBackTheEmail() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext("/slow", ex -> {
      try {
        release.await(60, java.util.concurrent.TimeUnit.SECONDS); // a webhook that hangs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    slow.start();
    Path slowRoutes = routes("http://127.0.0.1:" + slow.getAddress().getPort() + "/slow", """
        [{"email": "van-thu@example.vn", "units": ["tinh"], "minSeverity": "CRITICAL"}]""");
    int before = MAIL.getReceivedMessages().length;
    AlertDelivery d = new AlertDelivery(stack.kafka.bootstrap(), stack.jobConfig.alertStateTopic, "it-delivery-slow",
        AlertRecipients.load(slowRoutes, stack.registry), stack.registry, new AlertActions(null), null);
    d.start();
    try {
      assertThat(MAIL.waitForIncomingEmail(20_000, before + 1)).as("the e-mail went out while the webhook hangs").isTrue();
      assertThat(MAIL.getReceivedMessages()[before].getAllRecipients()[0].toString()).isEqualTo("van-thu@example.vn");
    } finally {
      release.countDown();
      d.close();
      slow.stop(0);
    }
  }

  @Test
  void aBadRoutesFileIsRefusedNamingTheEntry() throws Exception {
    Path bad = Files.createTempFile("routes", ".json");
    Files.writeString(bad, "{\"webhooks\":[{\"url\":\"ftp://x\",\"secret\":\"0123456789abcdef\",\"units\":[\"tinh\"]}]}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRecipients.load(bad, stack.registry))
        .hasMessageContaining("webhooks[0]").hasMessageContaining("ftp://x");
  }

  /** The alert lines of the e-mails one recipient got. */
  static List<String> mailLines(String to) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    for (MimeMessage m : MAIL.getReceivedMessages()) {
      if (!m.getAllRecipients()[0].toString().equals(to)) continue;
      for (String line : ((String) m.getContent()).split("\n")) if (line.startsWith("CẢNH BÁO") || line.startsWith("ĐÃ HẾT")) lines.add(line);
    }
    return lines;
  }

  static io.vertx.core.json.JsonArray history(String from, String to) throws Exception {
    return new io.vertx.core.json.JsonObject(Http.get(stack.base() + "/api/alerts/history?from=" + from + "&to=" + to, Stack.TOKEN).body())
        .getJsonArray("changes");
  }

  @Test
  void historyDigestedAfterGoingLiveIsRecordedAndOnlyWhatHoldsAtItsEndIsDeliveredOnce() throws Exception {
    // The stack went live on an empty topic and only then got the scenario's history (an import):
    // a catch-up, during which the overdue count of the province went up and down many times.
    EndToEndIT.await("the job caught up with the history", 90,
        () -> !new io.vertx.core.json.JsonObject(Http.get(stack.base() + "/health", null).body()).getBoolean("catchingUp", true));
    String from = java.time.LocalDate.ofEpochDay(Stack.RULES.day(stack.scenario.start)).toString();
    String to = java.time.LocalDate.ofEpochDay(Stack.RULES.day(stack.clockStart)).toString();
    EndToEndIT.await("the changes found during the catch-up in the alert history", 30,
        () -> history(from, to).stream().anyMatch(c -> "true".equals(((io.vertx.core.json.JsonObject) c).getString("duringCatchUp"))));
    List<io.vertx.core.json.JsonObject> found = history(from, to).stream().map(c -> (io.vertx.core.json.JsonObject) c)
        .filter(c -> "true".equals(c.getString("duringCatchUp"))).toList();
    assertThat(found).as("the history's alert changes, recorded").isNotEmpty();
    java.util.Set<String> active = new java.util.TreeSet<>();
    for (Object o : new io.vertx.core.json.JsonObject(Http.get(stack.base() + "/api/alerts", Stack.TOKEN).body()).getJsonArray("active")) {
      active.add(((io.vertx.core.json.JsonObject) o).getString("alertId"));
    }

    // A delivery of its own, reading the alert-state topic from its start: what holds now, once each, nothing found during the catch-up.
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer own = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    own.createContext("/catch-up", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    own.start();
    Path ownRoutes = routes("http://127.0.0.1:" + own.getAddress().getPort() + "/catch-up", """
        [{"email": "sau-cap-nhat@example.vn", "units": ["tinh"], "minSeverity": "WARNING"}]""");
    AlertDelivery d = new AlertDelivery(stack.kafka.bootstrap(), stack.jobConfig.alertStateTopic, "it-delivery-catch-up",
        AlertRecipients.load(ownRoutes, stack.registry), stack.registry).start();
    try {
      java.util.function.Supplier<List<io.vertx.core.json.JsonObject>> delivered = () -> bodies.stream()
          .flatMap(b -> new io.vertx.core.json.JsonObject(b).getJsonArray("alerts").stream().map(a -> (io.vertx.core.json.JsonObject) a))
          .toList();
      if (!active.isEmpty()) {
        EndToEndIT.await("the alerts true at the end delivered", 60,
            () -> delivered.get().stream().map(a -> a.getString("alertId")).collect(java.util.stream.Collectors.toSet()).containsAll(active));
      }
      EndToEndIT.await("the e-mail of the alerts true at the end", 30, () -> mailLines("sau-cap-nhat@example.vn").size() >= active.size());
      Thread.sleep(4000); // a group of 1 s, twice over: anything more would have gone out by now
      List<io.vertx.core.json.JsonObject> sent = delivered.get();
      assertThat(sent).as("nothing found during the catch-up is sent").noneMatch(a -> a.getBoolean("duringCatchUp"));
      assertThat(sent.stream().filter(a -> "FIRING".equals(a.getString("state"))).map(a -> a.getString("alertId")).toList())
          .as("each alert true at the end, once").containsExactlyInAnyOrderElementsOf(active);
      for (var a : sent) {
        if ("FIRING".equals(a.getString("state"))) {
          assertThat(a.getLong("firedAtMillis")).as("its true start, from the history").isLessThanOrEqualTo(a.getLong("atMillis"));
        }
      }
      // The e-mail too: one line per alert true at the end, saying since when.
      List<String> lines = mailLines("sau-cap-nhat@example.vn");
      assertThat(lines).as("mailed once each, nothing of the history").hasSize(active.size()).allMatch(l -> l.startsWith("CẢNH BÁO"));
      if (!active.isEmpty()) assertThat(lines).anyMatch(l -> l.contains("bắt đầu từ"));
      assertThat(sent).as("what held since inside the history went out with its true start")
          .anyMatch(a -> "FIRING".equals(a.getString("state")) && a.getLong("firedAtMillis") < a.getLong("atMillis"));
      java.util.Set<String> clearedInHistory = found.stream().filter(c -> "RESOLVED".equals(c.getString("state")))
          .map(c -> c.getString("alertId")).collect(java.util.stream.Collectors.toSet());
      clearedInHistory.removeAll(active);
      assertThat(sent).as("what fired and cleared inside the history is never sent")
          .noneMatch(a -> clearedInHistory.contains(a.getString("alertId")));
    } finally {
      d.close();
      own.stop(0);
    }
  }
}
