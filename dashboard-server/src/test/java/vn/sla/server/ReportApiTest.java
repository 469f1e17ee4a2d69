package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sla.jobs.testing.Scenario;
import vn.sla.server.access.Users;

/** The report extensions refuse bad questions with a clear 400 (403, 404) before any database is asked. */
@ExtendWith(VertxExtension.class)
class ReportApiTest {
  static final String TOKEN = "report-api-token-0123456789";

  String start(Vertx vertx) throws Exception {
    Path users = Files.createTempFile("users", ".txt");
    Files.writeString(users, "chief:CHIEF:xa-1a:" + Users.hash("pw-chief-123") + "\n");
    ServerConfig c = new ServerConfig();
    c.port = 0;
    c.host = "127.0.0.1";
    c.apiToken = TOKEN;
    DashboardVerticle s = new DashboardVerticle(c, ServerAccessTest.readyStore(), Users.load(users, Scenario.registry()), null);
    vertx.deployVerticle(s).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + s.actualPort();
  }

  static void refused(String base, String path, int status, String says) throws Exception {
    Http.Answer r = Http.get(base + path, TOKEN);
    assertThat(r.status()).as(path).isEqualTo(status);
    String error = new JsonObject(r.body()).getString("error");
    assertThat(error).as(path).contains(says).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  // The store's clock is at 1970-01-01 (asOfMillis 1): "now" is the job's, not the machine's.
  void theOverdueRankingRefusesBadMonthsAndLimits(Vertx vertx) throws Exception {
    String base = start(vertx);
    refused(base, "/api/units/tinh/overdue-ranking?month=2026-13", 400, "YYYY-MM");
    refused(base, "/api/units/tinh/overdue-ranking?month=thang-11", 400, "YYYY-MM");
    refused(base, "/api/units/tinh/overdue-ranking?month=2999-01", 400, "has not begun");
    refused(base, "/api/units/tinh/overdue-ranking?month=1959-12", 400, "ten years");
    refused(base, "/api/units/tinh/overdue-ranking?limit=0", 400, "limit");
    refused(base, "/api/units/tinh/overdue-ranking?limit=abc", 400, "limit");
    refused(base, "/api/units/khong-co/overdue-ranking", 404, "khong-co");
    refused(base, "/api/units/tinh/overdue-ranking?level=x%27%20OR%201", 400, "level");
  }

  @Test
  void theBreakdownAndTheWorkbookRefuseBadParameters(Vertx vertx) throws Exception {
    String base = start(vertx);
    refused(base, "/api/units/tinh/report/breakdown?by=district&from=2026-11-01&to=2026-11-30", 400, "'unit' or 'field'");
    refused(base, "/api/units/tinh/report/breakdown?from=2026-11-01&to=2026-11-30", 400, "'by'");
    refused(base, "/api/units/tinh/report/breakdown?by=unit&from=15/11/2026&to=2026-11-30", 400, "YYYY-MM-DD");
    refused(base, "/api/units/tinh/report/breakdown?by=field&from=2026-12-01&to=2026-11-30", 400, "after");
    refused(base, "/api/units/tinh/report.xlsx?from=2026-11-01", 400, "'to'");
  }

  @Test
  void theScoreThresholdsNeedAUnitTheCallerSees(Vertx vertx) throws Exception {
    String base = start(vertx);
    refused(base, "/api/alerts/thresholds", 400, "'unit'");
    refused(base, "/api/alerts/thresholds?unit=khong-co", 404, "khong-co");
    Http.Answer ok = Http.get(base + "/api/alerts/thresholds?unit=tinh", TOKEN);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getJsonArray("progressScore766")).isEmpty();
  }
}
