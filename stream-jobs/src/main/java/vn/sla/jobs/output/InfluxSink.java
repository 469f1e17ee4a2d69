package vn.sla.jobs.output;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/**
 * Writes line-protocol points to InfluxDB 1.x (/write, ms precision) in batches: when a
 * batch is full, every {@code flushMillis}, and on every checkpoint (at-least-once; the
 * points are absolute, so a replayed write is harmless). A failed write is retried, then
 * fails the job so it restarts from its checkpoint: points are never dropped silently.
 *
 * <p>Within a batch, a point with the same series, field names and timestamp as an earlier
 * one replaces it before the write: InfluxDB would keep only the later one anyway (live
 * figures are stamped to the second and a busy unit's change up to 20 times in it), so the
 * stored data are the same and the database does less work.
 */
public class InfluxSink implements Sink<String> {
  private final String url;
  private final String database;
  private final int batchSize;
  private final long flushMillis;

  public InfluxSink(String url, String database, int batchSize, long flushMillis) {
    this.url = url;
    this.database = database;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
  }

  /**
   * What makes a line-protocol line the same point as another: its series (measurement and
   * tags), its field names and its timestamp; null for a line without a timestamp (InfluxDB
   * stamps those on arrival) or one that cannot be read.
   */
  static String pointKey(String line) {
    int n = line.length();
    int i = 0;
    while (i < n && line.charAt(i) != ' ') i += line.charAt(i) == '\\' ? 2 : 1;
    if (i >= n) return null;
    int seriesEnd = i;
    StringBuilder names = new StringBuilder();
    boolean inName = true;
    boolean quoted = false;
    for (i++; i < n; i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\') i++;
        else if (c == '"') quoted = false;
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= n) return null;
        if (inName) names.append(c).append(line.charAt(i + 1));
        i++;
      } else if (c == '"' && !inName) { // quotes are special in string values only
        quoted = true;
      } else if (c == '=' && inName) {
        inName = false;
      } else if (c == ',') {
        inName = true;
        names.append(',');
      } else if (c == ' ') {
        break;
      } else if (inName) {
        names.append(c);
      }
    }
    if (i >= n) return null;
    String timestamp = line.substring(i + 1).trim();
    if (timestamp.isEmpty()) return null;
    return line.substring(0, seriesEnd) + ' ' + names + ' ' + timestamp;
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    return new Writer(context.getProcessingTimeService());
  }

  private final class Writer implements SinkWriter<String> {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI writeUri =
        URI.create(url + "/write?precision=ms&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
    /** Lines by {@link #pointKey}; a line without a key gets a unique one. */
    private final java.util.LinkedHashMap<String, String> buffer = new java.util.LinkedHashMap<>();
    private long unkeyed;
    private final ProcessingTimeService time;

    Writer(ProcessingTimeService time) {
      this.time = time;
      schedule();
    }

    private void schedule() {
      time.registerTimer(time.getCurrentProcessingTime() + flushMillis, t -> {
        flushBuffer();
        schedule();
      });
    }

    @Override
    public void write(String line, Context context) throws IOException {
      String key = pointKey(line);
      if (key == null) {
        buffer.put("\u0000" + unkeyed++, line);
      } else {
        // Removed first, so the line takes the later position: a point of the same series and
        // time with other fields written in between must still come before it, as InfluxDB would see it.
        buffer.remove(key);
        buffer.put(key, line);
      }
      if (buffer.size() >= batchSize) flushBuffer();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      flushBuffer();
    }

    private void flushBuffer() throws IOException {
      if (buffer.isEmpty()) return;
      String body = String.join("\n", buffer.values());
      HttpRequest req = HttpRequest.newBuilder(writeUri).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        try {
          HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() / 100 == 2) {
            buffer.clear();
            return;
          }
          last = new IOException("InfluxDB write answered " + r.statusCode() + ": " + r.body());
          if (r.statusCode() / 100 == 4) break; // a bad point will not get better
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while writing to InfluxDB", e);
        } catch (IOException e) {
          last = e;
        }
        try {
          Thread.sleep(200L << attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while writing to InfluxDB", e);
        }
      }
      throw last;
    }

    @Override
    public void close() throws IOException {
      flushBuffer();
    }
  }
}
