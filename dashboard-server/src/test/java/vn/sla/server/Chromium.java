package vn.sla.server;

import java.io.File;
import java.util.Map;
import java.util.function.Consumer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and its driver from /usr/bin (never a downloaded browser), headless, the page itself 1920x1080. */
final class Chromium {
  private Chromium() {}

  static ChromeDriver open(Consumer<ChromeOptions> more) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--window-size=1920,1080", "--lang=vi");
    more.accept(o);
    ChromeDriverService svc = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeDriver d = new ChromeDriver(svc, o);
    // The page itself at 1920x1080 (a headless window's size includes room for browser chrome).
    d.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 1920, "height", 1080, "deviceScaleFactor", 1, "mobile", false));
    return d;
  }
}
