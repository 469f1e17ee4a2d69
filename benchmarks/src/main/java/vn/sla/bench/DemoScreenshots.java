package vn.sla.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The views of the demo province (its 121 units, as {@code ./sla demo} shows them) in Debian's
 * Chromium at 1920x1080 and 1366x768, for the README: {@code ./sla screenshots --demo} starts a
 * demo stack of its own, lets the simulator back-fill two weeks, and runs this against it.
 *
 * <p>{@code DemoScreenshots --http=URL --token=API_TOKEN --user=U --password=P --root=UNIT
 * --commune=UNIT --out=DIR}
 */
public final class DemoScreenshots {
  private final URI http;
  private final String token;
  private final HttpClient client = HttpClient.newHttpClient();

  private DemoScreenshots(URI http, String token) {
    this.http = http;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (!s.startsWith("--") || eq < 0) throw new IllegalArgumentException("not --name=value: " + s);
      a.put(s.substring(2, eq), s.substring(eq + 1));
    }
    DemoScreenshots d = new DemoScreenshots(URI.create(a.get("http")), a.get("token"));
    Path out = Path.of(a.get("out"));
    Files.createDirectories(out);
    d.run(a.get("user"), a.get("password"), a.get("root"), a.get("commune"), out);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve(path)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    return r.body();
  }

  private String display(String name, String unit) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/api/displays"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).put("units", new JsonArray(List.of(unit))).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) throw new IllegalStateException("creating a display token: " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body()).getString("token");
  }

  /** The first overdue dossier of the unit's chase list (any open one when none is overdue), for its timeline. */
  private String someDossier(String unit) throws Exception {
    String body = get("/api/units/" + unit + "/dossiers?bucket=overdue&limit=5");
    if (body.contains("\"items\":[]")) body = get("/api/units/" + unit + "/dossiers?limit=5");
    Object parsed = body.trim().startsWith("[") ? new JsonArray(body) : new JsonObject(body);
    JsonArray rows = parsed instanceof JsonArray arr ? arr : firstArray((JsonObject) parsed);
    if (rows == null || rows.isEmpty()) throw new IllegalStateException("no open dossier at " + unit + ": " + body);
    return rows.getJsonObject(0).getString("dossierId");
  }

  private static JsonArray firstArray(JsonObject o) {
    for (String k : o.fieldNames()) if (o.getValue(k) instanceof JsonArray arr) return arr;
    return null;
  }

  private void run(String user, String password, String root, String commune, Path out) throws Exception {
    String wall = display("README screenshots", root);
    String dossier = someDossier(root);
    LocalDate today = LocalDate.now(vn.sla.core.rules.SlaRules.DEFAULT_ZONE);
    String month = "?from=" + today.withDayOfMonth(1) + "&to=" + today;
    for (int[] size : new int[][] {{1920, 1080}, {1366, 768}}) {
      String suffix = "-" + size[0] + "x" + size[1] + ".png";
      ChromeDriver d = Chromium.open(size[0], size[1]);
      try {
        d.get(http.resolve("/display/" + wall).toString());
        settle(d);
        shoot(d, out.resolve("demo-wall" + suffix));
        d.get(http.resolve("/display/" + wall + "?theme=dark").toString());
        settle(d);
        shoot(d, out.resolve("demo-wall-dark" + suffix));
        d.manage().deleteAllCookies();

        d.get(http.resolve("/").toString());
        LiveBench.waitFor(d, "return !!document.querySelector('[data-testid=login-form]')", 30);
        d.findElement(By.cssSelector("[data-testid=login-username]")).sendKeys(user);
        d.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(password);
        d.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        LiveBench.waitFor(d, "return !document.querySelector('[data-testid=login-form]')", 30);
        for (String[] view : new String[][] {
            {"overview", "/#/"},
            {"unit", "/#/unit/" + commune},
            {"dossier", "/#/dossier/" + URLEncoder.encode(dossier, StandardCharsets.UTF_8)},
            {"report", "/#/report/" + root + month}}) {
          d.get(http.resolve(view[1]).toString());
          settle(d);
          shoot(d, out.resolve("demo-" + view[0] + suffix));
        }
      } finally {
        d.quit();
      }
    }
  }


  /**
   * The page has its data (text beyond a skeleton, no loading note) and its charts have
   * finished their entry animation: a picture for people, not a test, so a moment is waited.
   */
  private static void settle(ChromeDriver d) throws InterruptedException {
    LiveBench.waitFor(d, "return document.readyState === 'complete' && document.body.innerText.length > 300", 60);
    Thread.sleep(2500);
  }

  private static void shoot(ChromeDriver d, Path file) throws Exception {
    Files.write(file, d.getScreenshotAs(OutputType.BYTES));
    System.out.println("wrote " + file);
  }
}
