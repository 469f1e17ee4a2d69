package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sla.core.figures.InfluxSchema;
import vn.sla.core.figures.Json;
import vn.sla.server.access.Users;
import vn.sla.server.reports.ReportService;
import vn.sla.server.alerting.AlertDelivery;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.LoopWatch;
import vn.sla.server.topics.TopicReader;
import vn.sla.jobs.testing.Scenario;

/**
 * deploy/grafana/sla-dashboard.json names only what exists: every server metric it queries is
 * in a real scrape of the server's /metrics (Vert.x built as ServerMain builds it), every
 * InfluxDB measurement, tag and field is in {@link InfluxSchema}. (The job's flink_* names are
 * checked against a real scrape of the job by JobMetricsTest.)
 */
class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of("../deploy/grafana/sla-dashboard.json");
  static final Pattern METRIC = Pattern.compile("\\b((?:sla|vertx|jvm|process|system)_[A-Za-z0-9_]+)");
  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = null;
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The targets' queries of one datasource type ("prometheus": expr, "influxdb": query). */
  static List<String> queries(String type, String field) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode p : Json.MAPPER.readTree(Files.readString(DASHBOARD)).get("panels")) {
      if (!p.has("targets") || !type.equals(p.path("datasource").path("type").asText())) continue;
      for (JsonNode t : p.get("targets")) out.add(t.get(field).asText());
    }
    return out;
  }

  @Test
  void everyServerMetricOfTheDashboardIsInARealScrape() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = ServerMain.vertx(meters);
    FiguresStore store = ServerAccessTest.readyStore();
    ServerConfig c = new ServerConfig();
    c.port = 0;
    c.host = "127.0.0.1";
    c.apiToken = "grafana-test-token-0123456789";
    DashboardVerticle server = new DashboardVerticle(c, store, Users.empty(), new ReportService("http://127.0.0.1:9", "sla", null),
        new vn.sla.server.access.DisplayTokens(null), null, new vn.sla.server.alerting.AlertActions(null), meters);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // The background parts, as ServerMain has them (here without Kafka to read).
    for (String name : List.of(TopicReader.NAME, AlertDelivery.NAME)) server.watch(part(name));
    String base = "http://127.0.0.1:" + server.actualPort();
    HttpClient http = HttpClient.newHttpClient();
    // Something of each kind the dashboard charts: API calls (ok and refused), a websocket, a push.
    for (String path : List.of("/api/units", "/api/units/" + Scenario.registry().roots().get(0) + "/live", "/api/nothing")) {
      http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + c.apiToken).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    var ws = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())
        .setURI("/ws").addHeader("Authorization", "Bearer " + c.apiToken)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    ws.close();
    Set<String> seen = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      seen.add(line.split("[{ ]", 2)[0]);
    }
    Set<String> wanted = new TreeSet<>();
    for (String q : queries("prometheus", "expr")) {
      Matcher m = METRIC.matcher(q);
      while (m.find()) wanted.add(m.group(1));
    }
    assertThat(wanted).as("server metrics the dashboard queries").isNotEmpty();
    assertThat(seen).as("names on a real scrape of /metrics").containsAll(wanted);
  }

  @Test
  void everyInfluxDbNameOfTheDashboardIsInTheSchema() throws Exception {
    Set<String> names = new TreeSet<>();
    collect(InfluxSchema.class, names);
    for (Class<?> c : InfluxSchema.class.getDeclaredClasses()) collect(c, names);
    Pattern quoted = Pattern.compile("\"([a-z_]+)\"");
    int checked = 0;
    for (String q : queries("influxdb", "query")) {
      // Double quotes name measurements, tags and fields in InfluxQL; aliases follow AS.
      String withoutAliases = q.replaceAll("AS \"[^\"]*\"", "");
      Matcher m = quoted.matcher(withoutAliases);
      while (m.find()) {
        assertThat(names).as("InfluxDB name in: " + q).contains(m.group(1));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  static Liveness part(String name) {
    LoopWatch watch = new LoopWatch(Thread.currentThread(), name, name, "testing");
    return new Liveness() {
      public long lag() {
        return 0;
      }

      public LoopWatch loop() {
        return watch;
      }
    };
  }

  private static void collect(Class<?> c, Set<String> names) throws IllegalAccessException {
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) names.add((String) f.get(null));
    }
    if (c.isEnum()) for (Object e : c.getEnumConstants()) names.add(((InfluxSchema.Field) e).field());
  }
}
