package vn.sla.bench;

import java.io.File;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and its driver from /usr/bin (never a downloaded browser), headless, the page itself w x h. */
final class Chromium {
  private Chromium() {}

  static ChromeDriver open(int w, int h) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--window-size=" + w + "," + h, "--lang=vi");
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    ChromeDriver d = new ChromeDriver(svc, o);
    // The page itself at w x h (a headless window's size includes room for browser chrome).
    d.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", w, "height", h, "deviceScaleFactor", 1, "mobile", false));
    return d;
  }
}
