package vn.sla.jobs.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import vn.sla.jobs.JobConfig;

/** The InfluxDB side of start-up: the database the job writes to. */
public final class InfluxSetup {
  private InfluxSetup() {}

  /** Creates the database (InfluxDB 1.x: a no-op when it exists). */
  public static void ensureDatabase(JobConfig c) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String q = URLEncoder.encode("CREATE DATABASE \"" + c.influxDb + "\"", StandardCharsets.UTF_8);
    HttpRequest req = HttpRequest.newBuilder(URI.create(c.influxUrl + "/query?q=" + q))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot create InfluxDB database " + c.influxDb + ": " + r.statusCode() + " " + r.body());
    }
  }
}
