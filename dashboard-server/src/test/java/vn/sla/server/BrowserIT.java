package vn.sla.server;

import vn.sla.jobs.bootstrap.RuleFile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.sla.jobs.testing.Scenario;

/** What a person sees, in Debian's Chromium: the page shows the API's figures, live. */
@Order(2)
@ExtendWith(StackExtension.class)
class BrowserIT {
  static Stack stack;
  WebDriver driver;

  @BeforeAll
  static void start(Stack s) throws Exception {
    stack = s;
    EndToEndIT.stack = s;
    EndToEndIT.await("the server is up", 120, () -> Http.get(stack.base() + "/health", null).status() == 200);
  }

  @BeforeEach
  void browser() {
    driver = Chromium.open(o -> {});
  }

  @AfterEach
  void close() {
    if (driver != null) driver.quit();
  }

  private void login(String user, String password) {
    driver.get(stack.base() + "/");
    wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=login-form]")).isEmpty());
    driver.findElement(By.cssSelector("[data-testid=login-username]")).sendKeys(user);
    driver.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(password);
    driver.findElement(By.cssSelector("[data-testid=login-submit]")).click();
    wait(20).until(d -> d.findElements(By.cssSelector("[data-testid=login-form]")).isEmpty());
  }

  private WebDriverWait wait(int seconds) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(seconds));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element: the next poll finds the new one
    return w;
  }

  private String text(String testId) {
    return driver.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText();
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replaceAll("[^0-9]", ""));
  }

  private void waitConnected() {
    wait(30).until(d -> "connected".equals(((ChromeDriver) d).executeScript("return document.body.dataset.live")));
  }

  private long api(String unit, String group, String field) throws Exception {
    return new JsonObject(Http.get(stack.base() + "/api/units/" + unit + "/live", Stack.TOKEN).body())
        .getJsonObject(group).getLong(field);
  }

  private void screenshot(String name) throws Exception {
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    // Under target/, so tests leave the tracked ones alone; ./sla screenshots sets docs/screenshots.
    Path dir = Path.of(System.getProperty("sla.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theOverviewShowsTheFiguresOfTheApiAndFollowsNewEventsWithoutReload() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/");
    waitConnected();
    EndToEndIT.await("the page shows the API's figures", 30, () ->
        number(text("total-pending")) == api("tinh", "pending", "total")
            && number(text("total-overdue")) == api("tinh", "pending", "overdue")
            && number(text("total-paused")) == api("tinh", "pending", "paused"));
    var row = driver.findElement(By.cssSelector("[data-testid='unit-row-huyen-1']"));
    assertThat(number(row.findElement(By.cssSelector("[data-testid=cell-total]")).getText()))
        .isEqualTo(api("huyen-1", "pending", "total"));
    screenshot("overview.png");

    long before = api("huyen-1", "pending", "total");
    long now = OffsetDateTime.parse(new JsonObject(Http.get(stack.base() + "/api/clock", Stack.TOKEN).body()).getString("asOf"))
        .toInstant().toEpochMilli();
    stack.kafka.produce(stack.jobConfig.eventsTopic, List.of("{\"eventId\":\"browser-1\",\"dossierId\":\"BROWSER-1\","
        + "\"type\":\"RECEIVED\",\"occurredAt\":\"" + Scenario.iso(now) + "\",\"unitId\":\"xa-1b\",\"field\":\"ho-tich\","
        + "\"channel\":\"ONLINE\",\"dueAt\":\"" + Scenario.iso(now + 4 * 86_400_000L) + "\"}"));
    wait(15).until(d -> number(d.findElement(By.cssSelector("[data-testid='unit-row-huyen-1'] [data-testid=cell-total]"))
        .getText()) == before + 1);
  }

  @Test
  void theUnitViewListsTheDossiersToChase() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/unit/huyen-1");
    waitConnected();
    long overdue = api("huyen-1", "pending", "overdue");
    assertThat(overdue).isPositive();
    // The first page of the chase list (20 rows, in due order: the overdue first).
    wait(20).until(d -> d.findElements(By.cssSelector("[data-testid=dossier-table] [data-testid^=dossier-row-]")).size()
        >= Math.min(overdue, 20));
    screenshot("unit.png");
  }

  private void viewport(int width, int height) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  private static JsonObject apiJson(String path) throws Exception {
    Http.Answer a = Http.get(stack.base() + path, Stack.TOKEN);
    assertThat(a.status()).as(path).isEqualTo(200);
    return new JsonObject(a.body());
  }

  private static List<String> ids(io.vertx.core.json.JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("dossierId")).toList();
  }

  /** The dossier codes of a table's rows, in the order shown. */
  private List<String> rows(String tableTestId) {
    for (int attempt = 0; ; attempt++) {
      try {
        return driver.findElements(By.cssSelector("[data-testid=" + tableTestId + "] tbody tr")).stream()
            .map(e -> e.getAttribute("data-testid").substring("dossier-row-".length())).toList();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt >= 5) throw e;
      }
    }
  }

  /** Waits until the chase list shows what the API answers for the same query. */
  private void chaseEqualsApi(String unit, String query) {
    wait(20).until(d -> {
      try {
        return rows("dossier-table").equals(ids(apiJson("/api/units/" + unit + "/dossiers?" + query).getJsonArray("items")));
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void aChiefFindsADossierByTheEndOfItsCodeAndReadsItsTimelineInOrder() throws Exception {
    // The richest dossier of the history: the most events, a refused one among them if any.
    JsonObject chosen = null;
    int best = -1;
    for (int i = 0; i < 600 && best < 100; i++) {
      Http.Answer a = Http.get(stack.base() + "/api/dossiers/D-5-" + i, Stack.TOKEN);
      if (a.status() != 200) continue;
      JsonObject d = new JsonObject(a.body());
      var events = d.getJsonArray("events");
      boolean refused = events.stream().anyMatch(o -> !((JsonObject) o).getBoolean("applied"));
      int score = events.size() + (refused ? 10 : 0) + (d.getString("status").equals("COMPLETED") ? 1 : 0);
      if (score > best) {
        best = score;
        chosen = d;
      }
    }
    assertThat(chosen).isNotNull();
    String id = chosen.getString("dossierId");
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/");
    waitConnected();
    var box = driver.findElement(By.cssSelector("[data-testid=search-input]"));
    box.sendKeys(id.substring(2)); // "5-123": its end, as a citizen reads it out
    driver.findElement(By.cssSelector("[data-testid=search-submit]")).click();
    // One match opens the dossier; several (another dossier ends the same) list them: open ours.
    wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=timeline]")).isEmpty()
        || !d.findElements(By.cssSelector("[data-testid='result-" + id + "'] a")).isEmpty());
    if (driver.findElements(By.cssSelector("[data-testid=timeline]")).isEmpty()) {
      driver.findElement(By.cssSelector("[data-testid='result-" + id + "'] a")).click();
    }
    wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=timeline] tbody tr")).isEmpty());
    assertThat(text("dossier-title")).isEqualTo("Hồ sơ " + id);
    var api = apiJson("/api/dossiers/" + id);
    var events = api.getJsonArray("events");
    var shown = driver.findElements(By.cssSelector("[data-testid=timeline] tbody tr"));
    assertThat(shown.stream().map(e -> e.getAttribute("data-testid")).toList())
        .isEqualTo(events.stream().map(o -> "event-" + ((JsonObject) o).getString("eventId")).toList());
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      var row = shown.get(i);
      assertThat(row.getAttribute("data-applied")).isEqualTo(String.valueOf(e.getBoolean("applied")));
      String words = row.findElement(By.cssSelector("[data-testid=event-text]")).getText();
      switch (e.getString("type")) {
        case "RECEIVED" -> assertThat(words).contains("Tiếp nhận tại");
        case "PAUSED" -> assertThat(words).contains("ạm dừng");
        case "TRANSFERRED" -> assertThat(words).contains("Chuyển từ").contains(stack.registry.get(e.getString("toUnitId")).name());
        case "COMPLETED" -> assertThat(words).contains("Đã giải quyết");
        case "RETURNED" -> assertThat(words).contains("Đã trả kết quả");
        case "APOLOGY_ISSUED" -> assertThat(words).contains("thư xin lỗi");
        default -> { }
      }
      if (!e.getBoolean("applied")) {
        assertThat(words).contains("Không ghi nhận:");
        assertThat(row.findElement(By.cssSelector("[data-testid=event-note]")).getText()).startsWith("Bị từ chối vì");
      }
    }
    screenshot("dossier.png");
  }

  @Test
  void theForecastShowsTheDaysAndListsOfTheApi() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/unit/tinh");
    waitConnected();
    JsonObject[] api = new JsonObject[1];
    wait(30).until(d -> {
      try {
        api[0] = apiJson("/api/units/tinh/forecast?days=7");
        var days = api[0].getJsonArray("days");
        for (int i = 0; i < days.size(); i++) {
          JsonObject day = days.getJsonObject(i);
          var button = d.findElements(By.cssSelector("[data-testid='forecast-day-" + day.getString("date") + "']"));
          if (button.isEmpty() || !button.get(0).getAttribute("data-count").equals(String.valueOf(day.getInteger("becomesOverdue")))) {
            return false;
          }
        }
        return days.size() == 7;
      } catch (Exception e) {
        return false;
      }
    });
    var days = api[0].getJsonArray("days");
    int withSome = 0;
    for (int i = 0; i < days.size(); i++) {
      JsonObject day = days.getJsonObject(i);
      if (day.getInteger("becomesOverdue") == 0) continue;
      withSome++;
      driver.findElement(By.cssSelector("[data-testid='forecast-day-" + day.getString("date") + "']")).click();
      List<String> expected = ids(day.getJsonArray("items"));
      wait(10).until(d -> rows("forecast-table").equals(expected));
      String shownCount = driver.findElement(By.cssSelector("[data-testid='forecast-day-" + day.getString("date") + "'] [data-testid=forecast-count]")).getText();
      assertThat(number(shownCount)).isEqualTo((long) day.getInteger("becomesOverdue"));
    }
    assertThat(withSome).as("some dossiers of the history turn overdue in the next days").isPositive();
  }

  @Test
  void theChaseListComesFirstInDueOrderAndFiltersAsTheApi() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    for (int[] size : new int[][] {{1366, 768}, {1920, 1080}}) {
      viewport(size[0], size[1]);
      driver.get(stack.base() + "/#/unit/tinh");
      waitConnected();
      wait(20).until(d -> !rows("dossier-table").isEmpty());
      Number firstRowTop = (Number) ((ChromeDriver) driver).executeScript(
          "return document.querySelector('[data-testid=dossier-table] tbody tr').getBoundingClientRect().bottom");
      assertThat(firstRowTop.doubleValue()).as("the first dossier to chase is above the fold at " + size[0] + "x" + size[1])
          .isLessThan(size[1]);
      if (size[0] == 1366) screenshot("unit-1366.png");
    }
    chaseEqualsApi("tinh", "limit=20&offset=0");
    // The first duty: overdue and no apology letter, marked on every row.
    driver.findElement(By.cssSelector("[data-testid=first-duty]")).click();
    chaseEqualsApi("tinh", "bucket=overdue&apology=false&limit=20&offset=0");
    assertThat(driver.findElements(By.cssSelector("[data-testid=dossier-table] tbody tr")))
        .allSatisfy(r -> assertThat(r.getAttribute("data-first-duty")).isEqualTo("true"));
    // Days overdue, then a field, on top of it.
    ((ChromeDriver) driver).executeScript("const i = document.querySelector('[data-testid=filter-min-days]');"
        + " i.value = '3'; i.dispatchEvent(new Event('change'));");
    chaseEqualsApi("tinh", "bucket=overdue&apology=false&minDaysOverdue=3&limit=20&offset=0");
    var fields = new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("[data-testid=filter-field]")));
    String field = fields.getOptions().get(1).getAttribute("value"); // the fields of the dossiers seen so far
    fields.selectByValue(field);
    chaseEqualsApi("tinh", "bucket=overdue&field=" + field + "&apology=false&minDaysOverdue=3&limit=20&offset=0");
    // All again, and the next page.
    driver.findElement(By.cssSelector("[data-testid=filter-reset]")).click();
    chaseEqualsApi("tinh", "limit=20&offset=0");
    long total = apiJson("/api/units/tinh/dossiers?limit=1").getLong("total");
    if (total > 20) {
      driver.findElement(By.cssSelector("[data-testid=page-next]")).click();
      chaseEqualsApi("tinh", "limit=20&offset=20");
      assertThat(text("page-label")).startsWith("Hồ sơ 21–");
    }
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("[data-testid=filter-bucket]"))).selectByValue("dueSoon");
    chaseEqualsApi("tinh", "bucket=dueSoon&limit=20&offset=0");
  }

  @Test
  void theReportReconciles() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/report/tinh");
    wait(30).until(d -> !d.findElements(By.cssSelector("[data-testid=report-invariant]")).isEmpty());
    assertThat(driver.findElement(By.cssSelector("[data-testid=report-invariant]")).getAttribute("data-ok")).isEqualTo("true");
    screenshot("report.png");
  }

  @Test
  void aChiefCannotOpenAnotherUnitsPage() {
    login("chief", Stack.CHIEF_PASSWORD);
    driver.get(stack.base() + "/#/unit/xa-1b");
    wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=error]")).isEmpty());
    assertThat(driver.findElements(By.cssSelector("[data-testid=total-pending]"))).isEmpty();
  }

  @Test
  void unitNamesWithMarkupRenderAsText() {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/unit/tinh-b");
    waitConnected();
    var cell = wait(20).until(d -> d.findElement(By.cssSelector("[data-testid='unit-row-xa-3b'] [data-testid=cell-name]")));
    assertThat(cell.getText()).contains("<img src=x onerror=alert(1)>Xã <b>Ba</b> B");
    assertThat(driver.findElements(By.cssSelector("[data-testid='unit-table'] img"))).isEmpty();
  }

  private boolean shown(String testId) {
    // The page may replace the element between finding it and asking: then look again.
    for (int attempt = 0; ; attempt++) {
      try {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']")).stream().anyMatch(e -> e.isDisplayed());
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt >= 5) throw e;
      }
    }
  }

  private String createDisplay(String name, String unitsJson) throws Exception {
    var created = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.base() + "/api/displays"))
            .header("Authorization", "Bearer " + Stack.TOKEN).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"units\":" + unitsJson + "}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    return new JsonObject(created.body()).getString("token");
  }

  @Test
  void theWallDisplayShowsStalenessWhenTheServerStopsAndRecoversByItself() throws Exception {
    String token = createDisplay("Phòng họp tỉnh", "[\"tinh\"]");
    driver.get(stack.base() + "/display/" + token);
    waitConnected();
    wait(30).until(d -> !d.findElements(By.cssSelector("[data-testid=wall]")).isEmpty());
    EndToEndIT.await("the wall shows the API's figures", 30, () ->
        number(text("wall-total-pending")) == api("tinh", "pending", "total")
            && number(text("wall-total-overdue")) == api("tinh", "pending", "overdue"));
    String[] seen = new String[2];
    try {
      EndToEndIT.await("the wall shows the live progress score of the month", 30, () -> {
        seen[0] = text("wall-progress766");
        seen[1] = String.format(java.util.Locale.ROOT, "%.2f", new JsonObject(Http.get(stack.base() + "/api/units/tinh/live", Stack.TOKEN)
            .body()).getJsonObject("monthToDate").getDouble("progressScore766")).replace('.', ',');
        return seen[0].equals(seen[1]);
      });
    } catch (AssertionError e) {
      throw new AssertionError("wall shows " + seen[0] + ", the API says " + seen[1], e);
    }
    // Kiosk: nothing to click away from the wall.
    assertThat(driver.findElements(By.cssSelector("[data-testid=logout-form], [data-testid=nav-overview]"))).isEmpty();
    assertThat(shown("stale-banner")).isFalse();
    Thread.sleep(3000); // charts settle before the picture
    screenshot("wall.png");

    stack.stopServer();
    // A restarted server has forgotten its sessions (in the test the restarted verticle would find them in the
    // Vert.x instance's shared map, so drop the session cookie as the real restart would make it useless).
    driver.manage().deleteCookieNamed("sla.session");
    try {
      wait(40).until(d -> shown("stale-banner"));
      assertThat(driver.findElement(By.cssSelector("[data-testid=live-state]")).getText()).contains("Mất kết nối");
      // The banner says since when: the figures on screen are from then.
      assertThat(driver.findElement(By.cssSelector("[data-testid=stale-banner]")).getText()).matches("(?s)Mất kết nối từ \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}.*");
      screenshot("wall-stale.png");
    } finally {
      stack.startServer();
    }
    // Back by itself: no reload, no login (the server forgot every session; the display's cookie brings it back).
    wait(90).until(d -> !shown("stale-banner") && "connected".equals(((ChromeDriver) d).executeScript("return document.body.dataset.live")));
    assertThat(driver.findElements(By.cssSelector("[data-testid=login-form]"))).isEmpty();
    EndToEndIT.await("the wall shows the API's figures again", 30, () ->
        number(text("wall-total-pending")) == api("tinh", "pending", "total"));
  }

  @Test
  void aNewAlertAppearsOnTheWallDisplay() throws Exception {
    String token = createDisplay("Màn hình cảnh báo", "[\"tinh\"]");
    driver.get(stack.base() + "/display/" + token);
    waitConnected();
    wait(30).until(d -> !d.findElements(By.cssSelector("[data-testid=alerts-panel]")).isEmpty());
    String ruleName = "Hồ sơ sắp đến hạn ở Xã Một B (thử nghiệm)";
    assertThat(driver.findElement(By.cssSelector("[data-testid=alerts-panel]")).getText()).doesNotContain(ruleName);

    // A rule edit reaches the job through its topic (the running rule stays), then an event makes it fire.
    RuleFile.publish(stack.jobConfig, Stack.ALERT_RULES.replace("]}", ",{\"id\":\"browser-due-soon\",\"name\":\"" + ruleName
        + "\",\"unit\":\"xa-1b\",\"metric\":\"DUE_SOON_COUNT\",\"fire\":1,\"clear\":0,\"severity\":\"WARNING\"}]}"));
    Thread.sleep(2000); // the rule set is read before the event (the two travel on different topics)
    long now = OffsetDateTime.parse(new JsonObject(Http.get(stack.base() + "/api/clock", Stack.TOKEN).body()).getString("asOf"))
        .toInstant().toEpochMilli();
    stack.kafka.produce(stack.jobConfig.eventsTopic, List.of("{\"eventId\":\"browser-alert-1\",\"dossierId\":\"BROWSER-ALERT-1\","
        + "\"type\":\"RECEIVED\",\"occurredAt\":\"" + Scenario.iso(now) + "\",\"unitId\":\"xa-1b\",\"field\":\"ho-tich\","
        + "\"channel\":\"ONLINE\",\"dueAt\":\"" + Scenario.iso(now + 2 * 3_600_000L) + "\"}"));
    var row = wait(45).until(d -> d.findElements(By.cssSelector("[data-testid=alert-row]")).stream()
        .filter(r -> r.getAttribute("data-alert-id").startsWith("browser-due-soon|xa-1b|"))
        .findFirst().orElse(null));
    assertThat(row.findElement(By.cssSelector("[data-testid=alert-severity]")).getText()).isNotBlank();
    assertThat(row.findElement(By.cssSelector("[data-testid=alert-unit]")).getText()).contains("Một B");
    // Read-only: a wall display gets no buttons.
    assertThat(driver.findElements(By.cssSelector("[data-testid=alert-ack], [data-testid=alert-silence]"))).isEmpty();
    screenshot("wall-alert.png");
  }

  @Test
  void anAdministratorSeesARefusedRuleEditExplainedAndKeepsTheText() throws Exception {
    login("admin", Stack.ADMIN_PASSWORD);
    driver.get(stack.base() + "/#/alert-rules");
    var editor = wait(30).until(d -> d.findElements(By.cssSelector("[data-testid=rules-editor]")).stream()
        .filter(e -> e.getAttribute("value").contains("any-overdue")).findFirst().orElse(null));
    String bad = "{\"rules\":[{\"id\":\"nguoc-chieu\",\"unit\":\"tinh\",\"metric\":\"OVERDUE_COUNT\",\"fire\":1,\"clear\":5}]}";
    ((ChromeDriver) driver).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", editor, bad);
    driver.findElement(By.cssSelector("[data-testid=rules-save]")).click();
    var status = wait(20).until(d -> d.findElements(By.cssSelector("[data-testid=rules-status][data-state=error]")).stream()
        .findFirst().orElse(null));
    assertThat(status.getText()).contains("nguoc-chieu").contains("clear");
    assertThat(editor.getAttribute("value")).isEqualTo(bad);
    assertThat(Http.get(stack.base() + "/api/alert-rules", Stack.TOKEN).body()).doesNotContain("nguoc-chieu");
  }
}
