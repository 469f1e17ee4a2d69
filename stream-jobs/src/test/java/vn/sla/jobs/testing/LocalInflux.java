package vn.sla.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real influxd (Debian's 1.x package) on free loopback ports, data in a temporary folder.
 * It can be stopped and started again on the same port and data, for outage tests.
 */
public final class LocalInflux implements AutoCloseable {
  private final Path dir;
  private final Path conf;
  private Process process;
  public final int port;

  public LocalInflux() throws Exception {
    dir = Files.createTempDirectory("influx-it");
    port = freePort();
    int rpc = freePort();
    conf = dir.resolve("influxdb.conf");
    Files.writeString(conf, """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
          logging-enabled = false
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [http]
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [monitor]
          store-enabled = false
        """.formatted(rpc, dir, dir, dir, port));
    start();
  }

  /** Starts influxd (again) and waits until it answers. */
  public void start() throws Exception {
    String influxd = Files.isExecutable(Path.of("/usr/bin/influxd")) ? "/usr/bin/influxd" : "influxd";
    process = new ProcessBuilder(influxd, "-config", conf.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile())).start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 204) break;
      } catch (IOException e) {
        // not up yet
      }
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("influxd did not start: " + Files.readString(dir.resolve("influxd.log")));
      }
      Thread.sleep(100);
    }
  }

  /** Stops influxd (its data stay): an outage. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Runs an InfluxQL query and returns the raw JSON answer. */
  public String query(String db, String q) throws Exception {
    String u = url() + "/query?db=" + db + "&epoch=ms&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
