package vn.sla.server;

import vn.sla.server.access.Users;
import vn.sla.server.topics.FiguresStore;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sla.core.figures.ClockTick;
import vn.sla.jobs.testing.Scenario;

/** Sessions, cookies and the server's own checks, against the real verticle. */
@ExtendWith(VertxExtension.class)
class ServerAccessTest {
  static final String PASSWORD = "pw-chief-123";
  WebSocketClient client;

  /** A store of the scenario's units that has read the job's topics and has its clock. */
  static FiguresStore readyStore() {
    FiguresStore store = new FiguresStore(Scenario.registry());
    ClockTick t = new ClockTick();
    t.asOf = "2026-11-22T09:00:00+07:00";
    t.asOfMillis = 1;
    store.putClock(t);
    store.markReady();
    return store;
  }

  DashboardVerticle start(Vertx vertx, Consumer<ServerConfig> settings) throws Exception {
    FiguresStore store = readyStore();
    Path users = Files.createTempFile("users", ".txt");
    Files.writeString(users, "chief:CHIEF:xa-1a:" + Users.hash(PASSWORD) + "\nchief2:CHIEF:xa-1b:" + Users.hash(PASSWORD) + "\n");
    ServerConfig c = new ServerConfig();
    c.port = 0;
    c.host = "127.0.0.1";
    settings.accept(c);
    DashboardVerticle server = new DashboardVerticle(c, store, Users.load(users, Scenario.registry()), null);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
    return server;
  }

  static String base(DashboardVerticle s) {
    return "http://127.0.0.1:" + s.actualPort();
  }

  static HttpResponse<String> login(String base, String origin, String user) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Origin", origin)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String sessionCookie(HttpResponse<?> r) {
    return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("sla.session=")).findFirst()
        .orElseThrow(() -> new AssertionError("no session: " + r.statusCode() + " " + r.headers().map()));
  }

  @Test
  void behindATlsProxyTheSessionCookieIsSecureAndTheProxysOriginAccepted(Vertx vertx) throws Exception {
    DashboardVerticle s = start(vertx, c -> c.publicUrl = "https://sla.tinh.gov.vn");
    HttpResponse<String> r = login(base(s), "https://sla.tinh.gov.vn", "chief");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(sessionCookie(r)).contains("; Secure").containsIgnoringCase("HttpOnly");
    assertThat(login(base(s), "https://evil.example", "chief").statusCode()).isEqualTo(403);
  }

  @Test
  void theServerSpeaksHttpsWithItsOwnCertificate(Vertx vertx) throws Exception {
    io.vertx.core.net.SelfSignedCertificate cert = io.vertx.core.net.SelfSignedCertificate.create("localhost");
    DashboardVerticle s = start(vertx, c -> {
      c.tlsCert = cert.certificatePath();
      c.tlsKey = cert.privateKeyPath();
    });
    var https = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    var answer = https.request(io.vertx.core.http.HttpMethod.GET, s.actualPort(), "127.0.0.1", "/health")
        .compose(req -> req.send()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }

  @Test
  void loginsBeyondTheSessionCapAreRefusedNotStored(Vertx vertx) throws Exception {
    DashboardVerticle s = start(vertx, c -> c.maxSessions = 1);
    assertThat(login(base(s), base(s), "chief").statusCode()).isEqualTo(303);
    HttpResponse<String> second = login(base(s), base(s), "chief2");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).contains("too many open sessions");
  }

  @Test
  void anExpiredSessionClosesItsWebsocket(Vertx vertx, VertxTestContext ctx) throws Exception {
    DashboardVerticle s = start(vertx, c -> {
      c.sessionTimeoutMillis = 1500;
      c.sessionCheckMillis = 200;
    });
    String cookie = sessionCookie(login(base(s), base(s), "chief")).split(";")[0];
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(s.actualPort()).setURI("/ws")
        .addHeader("Origin", base(s)).addHeader("Cookie", cookie);
    client.connect(o).onComplete(ctx.succeeding(ws -> ws.closeHandler(v -> ctx.verify(() -> {
      assertThat(ws.closeStatusCode()).isEqualTo((short) 4401);
      assertThat(ws.closeReason()).isEqualTo("session expired");
      ctx.completeNow();
    }))));
    assertThat(ctx.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aJobInAnotherTimeZoneMakesTheServerUnhealthyNamingBoth(Vertx vertx) throws Exception {
    DashboardVerticle s = start(vertx, c -> {});
    ClockTick t = new ClockTick();
    t.asOf = "2026-11-22T11:00:00+09:00";
    t.asOfMillis = 2;
    t.zone = "Asia/Tokyo";
    s.store().putClock(t);
    HttpResponse<String> h = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(s) + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(h.body()).getString("problem")).contains("Asia/Tokyo").contains("Asia/Ho_Chi_Minh");
  }

  @Test
  void aChiefLiftsTheirOwnSilence(Vertx vertx) throws Exception {
    DashboardVerticle s = start(vertx, c -> {});
    String cookie = sessionCookie(login(base(s), base(s), "chief")).split(";")[0];
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(base(s) + "/api/alerts/silences")).header("Origin", base(s))
        .header("Cookie", cookie).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitId\":\"xa-1a\",\"minutes\":60,\"reason\":\"đang xử lý\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(201);
    JsonObject silence = new JsonObject(set.body());
    assertThat(silence.getString("byRole")).isEqualTo("CHIEF");
    HttpRequest lift = HttpRequest.newBuilder(URI.create(base(s) + "/api/alerts/silences/" + silence.getString("id")))
        .header("Origin", base(s)).header("Cookie", cookie).DELETE().build();
    assertThat(http.send(lift, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    assertThat(http.send(lift, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }
}
