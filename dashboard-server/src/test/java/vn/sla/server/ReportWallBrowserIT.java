package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.sla.server.reports.ReportXlsx;

/**
 * The report to the district and the wall read from 5 m, in Debian's Chromium at 1920x1080,
 * by content: the breakdown rows add up to the report's own figures, the downloaded workbook
 * read back with Apache POI holds the report's numbers, no text on the wall is under 28 px.
 * Adds no events to the shared scenario.
 */
@Order(2)
@ExtendWith(StackExtension.class)
class ReportWallBrowserIT {
  static Stack stack;
  ChromeDriver driver;
  Path downloads;

  @BeforeAll
  static void start(Stack s) throws Exception {
    stack = s;
    EndToEndIT.stack = s;
    EndToEndIT.await("the server is up", 120, () -> Http.get(stack.base() + "/health", null).status() == 200);
  }

  @BeforeEach
  void browser() throws Exception {
    downloads = Files.createTempDirectory("sla-downloads");
    driver = Chromium.open(o -> o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false)));
    driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
  }

  @AfterEach
  void close() throws Exception {
    if (driver != null) driver.quit();
    try (Stream<Path> files = Files.list(downloads)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
    }
    Files.deleteIfExists(downloads);
  }

  private WebDriverWait wait(int seconds) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(seconds));
    w.ignoring(StaleElementReferenceException.class);
    return w;
  }

  private void login() {
    driver.get(stack.base() + "/");
    wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=login-form]")).isEmpty());
    driver.findElement(By.cssSelector("[data-testid=login-username]")).sendKeys("admin");
    driver.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(Stack.ADMIN_PASSWORD);
    driver.findElement(By.cssSelector("[data-testid=login-submit]")).click();
    wait(20).until(d -> d.findElements(By.cssSelector("[data-testid=login-form]")).isEmpty());
  }

  private static long number(String shown) {
    String digits = shown.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  private long cell(WebElement row, String column) {
    return number(row.findElement(By.cssSelector("[data-col='" + column + "']")).getText());
  }

  /** The year so far: the scenario's dossiers are in it. */
  private void openReportOfTheYear() {
    login();
    driver.get(stack.base() + "/#/report/tinh");
    wait(30).until(d -> !d.findElements(By.cssSelector("[data-testid=report-invariant]")).isEmpty());
    driver.findElement(By.cssSelector("[data-testid=preset-thisYear]")).click();
    wait(30).until(d -> "true".equals(d.findElement(By.cssSelector("[data-testid=preset-thisYear]")).getAttribute("aria-pressed"))
        && !d.findElements(By.cssSelector("[data-testid=report-invariant]")).isEmpty()
        && d.findElements(By.cssSelector("[data-testid^=breakdown-][data-state=ready]")).size() == 2);
  }

  @Test
  void theReportsBreakdownRowsAddUpToItsOwnFigures() throws Exception {
    openReportOfTheYear();
    String from = driver.findElement(By.cssSelector("[data-testid=report-from]")).getAttribute("value");
    assertThat(from).matches("01/01/\\d{4}");
    long received = number(driver.findElement(By.cssSelector("[data-testid=report-received-total]")).getText());
    long pending = number(driver.findElement(By.cssSelector("[data-testid=report-pendingAtEnd-total]")).getText());
    long completed = number(driver.findElement(By.cssSelector("[data-testid=report-completed-total]")).getText());
    assertThat(received + pending).as("the scenario's dossiers are in the year").isPositive();
    for (String by : List.of("unit", "field")) {
      WebElement section = driver.findElement(By.cssSelector("[data-testid=breakdown-" + by + "]"));
      List<WebElement> rows = section.findElements(By.cssSelector("[data-testid=breakdown-row]"));
      assertThat(rows).as(by).isNotEmpty();
      WebElement total = section.findElement(By.cssSelector("[data-testid=breakdown-total]"));
      // The total row is the report's own figures…
      assertThat(cell(total, "received")).as(by).isEqualTo(received);
      assertThat(cell(total, "pendingAtEnd")).as(by).isEqualTo(pending);
      assertThat(cell(total, "completed")).as(by).isEqualTo(completed);
      // …and the rows, read off the page, add up to it in every column.
      for (String col : List.of("carriedOver", "received", "transferredIn", "transferredOut", "completed", "early", "onTime", "late",
          "withdrawn", "pendingAtEnd", "pendingOverdue")) {
        long sum = rows.stream().mapToLong(r -> (r.findElement(By.cssSelector("[data-col='" + col + "']")).getText().matches("^[-−].*") ? -1 : 1)
            * cell(r, col)).sum();
        assertThat(sum).as(by + " " + col).isEqualTo(cell(total, col));
      }
      assertThat(section.findElement(By.cssSelector("[data-testid=breakdown-check]")).getAttribute("data-ok")).isEqualTo("true");
    }
    // By unit: the province's own units by name.
    assertThat(driver.findElement(By.cssSelector("[data-testid=breakdown-unit] [data-key=huyen-1]")).getText()).contains("Huyện");
    driver.executeScript("document.querySelector('[data-testid=breakdown-unit]').scrollIntoView()");
    screenshot("report-breakdown.png");
    // Printed: the report and its breakdowns, without the form, the buttons or the header.
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertThat(driver.findElement(By.cssSelector("[data-testid=report-form]")).isDisplayed()).isFalse();
      assertThat(driver.findElement(By.cssSelector("header.top")).isDisplayed()).isFalse();
      assertThat(driver.findElement(By.cssSelector("[data-testid=report]")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.cssSelector("[data-testid=breakdown-field] [data-testid=breakdown-total]")).isDisplayed()).isTrue();
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
  }

  @Test
  void theDownloadedWorkbookHoldsTheReportsNumbers() throws Exception {
    openReportOfTheYear();
    long received = number(driver.findElement(By.cssSelector("[data-testid=report-received-total]")).getText());
    long late = number(driver.findElement(By.cssSelector("[data-testid=report-completed-late]")).getText());
    long pending = number(driver.findElement(By.cssSelector("[data-testid=report-pendingAtEnd-total]")).getText());
    WebElement huyen = driver.findElement(By.cssSelector("[data-testid=breakdown-unit] [data-key=huyen-1]"));
    long huyenReceived = cell(huyen, "received");
    driver.findElement(By.cssSelector("[data-testid=report-xlsx]")).click();
    Path file = wait(30).until(d -> {
      try (Stream<Path> files = Files.list(downloads)) {
        return files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElse(null);
      } catch (java.io.IOException e) {
        return null;
      }
    });
    EndToEndIT.await("the download is complete", 30, () -> {
      try (Workbook wb = new XSSFWorkbook(Files.newInputStream(file))) {
        return wb.getNumberOfSheets() > 0;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(file.getFileName().toString()).startsWith("bao-cao-tinh-");
    try (Workbook wb = new XSSFWorkbook(Files.newInputStream(file))) {
      Sheet report = wb.getSheet(ReportXlsx.SHEET_REPORT);
      assertThat((long) row(report, "Số hồ sơ tiếp nhận").getCell(1).getNumericCellValue()).isEqualTo(received);
      assertThat((long) row(report, "- Trả quá hạn").getCell(1).getNumericCellValue()).isEqualTo(late);
      assertThat((long) row(report, "Đang giải quyết cuối kỳ").getCell(1).getNumericCellValue()).isEqualTo(pending);
      Sheet units = wb.getSheet(ReportXlsx.SHEET_BY_UNIT);
      assertThat(units.getRow(1).getCell(2).getStringCellValue()).isEqualTo("Tiếp nhận");
      assertThat((long) row(units, "Tổng cộng").getCell(2).getNumericCellValue()).isEqualTo(received);
      String huyenName = huyen.findElement(By.cssSelector("th")).getText();
      assertThat((long) row(units, huyenName).getCell(2).getNumericCellValue()).isEqualTo(huyenReceived);
      assertThat((long) row(wb.getSheet(ReportXlsx.SHEET_BY_FIELD), "Tổng cộng").getCell(2).getNumericCellValue()).isEqualTo(received);
    }
  }

  private void screenshot(String name) throws Exception {
    // Under target/, so tests leave the tracked ones alone; ./sla screenshots sets docs/screenshots.
    Path dir = Path.of(System.getProperty("sla.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.copy(driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(), dir.resolve(name),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static Row row(Sheet s, String label) {
    for (Row r : s) {
      if (r.getCell(0) != null && label.equals(r.getCell(0).getStringCellValue())) return r;
    }
    throw new AssertionError("no row '" + label + "' in sheet " + s.getSheetName());
  }

  /** The smallest font size (px) of any visible text on the page, and where it is. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> smallestText() {
    return (Map<String, Object>) driver.executeScript("""
        let min = Infinity, where = '';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent.trim()) continue;
          const el = n.parentElement;
          const range = document.createRange();
          range.selectNodeContents(n);
          const rects = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
          if (rects.length === 0) continue;
          const s = getComputedStyle(el);
          if (s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
          const px = parseFloat(s.fontSize);
          if (px < min) { min = px; where = (el.dataset.testid || el.className || el.tagName) + ': ' + n.textContent.trim().slice(0, 40); }
        }
        return { min, where };""");
  }

  private String createDisplay() throws Exception {
    var created = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.base() + "/api/displays"))
            .header("Authorization", "Bearer " + Stack.TOKEN).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Màn hình 55 inch\",\"units\":[\"tinh\"]}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    return new JsonObject(created.body()).getString("token");
  }

  @Test
  void theWallIsReadableFromFiveMetresInLightAndDark() throws Exception {
    String token = createDisplay();
    for (String theme : List.of("light", "dark")) {
      driver.get(stack.base() + "/display/" + token + "?theme=" + theme);
      wait(30).until(d -> "connected".equals(driver.executeScript("return document.body.dataset.live")));
      wait(30).until(d -> !d.findElements(By.cssSelector("[data-testid=wall]")).isEmpty());
      // Every part has its content: the big numbers, the ranking of the month (from InfluxDB), the alerts panel.
      wait(30).until(d -> !d.findElement(By.cssSelector("[data-testid=wall-total-pending]")).getText().equals("—")
          && "ready".equals(d.findElement(By.cssSelector("[data-testid=wall-rank-month]")).getAttribute("data-state"))
          && !"loading".equals(d.findElement(By.cssSelector("[data-testid=alerts-panel]")).getAttribute("data-state")));
      assertThat(driver.executeScript("return document.documentElement.dataset.theme")).isEqualTo(theme);
      // The month's ranking is the API's, row by row: who, how many, the change against last month.
      var api = new JsonObject(Http.get(stack.base() + "/api/units/tinh/overdue-ranking?limit=20", Stack.TOKEN).body())
          .getJsonArray("units").stream().map(o -> (JsonObject) o).filter(o -> o.getLong("overdue") > 0).limit(5).toList();
      var shown = driver.findElements(By.cssSelector("[data-testid^=wall-rank-month-row-]"));
      assertThat(api).as("the scenario has overdue dossiers this month").isNotEmpty();
      assertThat(shown).hasSameSizeAs(api);
      for (int i = 0; i < api.size(); i++) {
        JsonObject a = api.get(i);
        WebElement row = shown.get(i);
        assertThat(row.getAttribute("data-testid")).isEqualTo("wall-rank-month-row-" + a.getString("unitId"));
        assertThat(number(row.findElement(By.cssSelector("[data-testid=cell-overdue]")).getText())).isEqualTo(a.getLong("overdue"));
        String change = row.findElement(By.cssSelector("[data-testid=cell-change]")).getText();
        long c = a.getLong("change");
        assertThat(change).isEqualTo(c > 0 ? "▲ +" + c : c < 0 ? "▼ −" + (-c) : "0");
      }
      Map<String, Object> smallest = smallestText();
      assertThat(((Number) smallest.get("min")).doubleValue()).as("smallest text (%s) in the %s theme", smallest.get("where"), theme)
          .isGreaterThanOrEqualTo(28.0);
      double big = ((Number) driver.executeScript("return parseFloat(getComputedStyle(document.querySelector("
          + "\"[data-testid=wall-total-pending]\")).fontSize)")).doubleValue();
      assertThat(big).as("the big numbers, 73.6 px before").isGreaterThan(90.0);
      // The wall fits the screen: nothing scrolls on a kiosk.
      assertThat(((Number) driver.executeScript("return document.documentElement.scrollHeight")).intValue()).isLessThanOrEqualTo(1080);
      String background = (String) driver.executeScript("return getComputedStyle(document.documentElement).backgroundColor");
      screenshot("wall-" + theme + ".png");
      assertThat(background).as("the page's background").isEqualTo(theme.equals("dark") ? "rgb(11, 14, 19)" : "rgb(238, 241, 244)");
    }
  }
}
