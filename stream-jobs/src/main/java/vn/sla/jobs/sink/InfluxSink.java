package vn.sla.jobs.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes line-protocol points to InfluxDB 1.x (/write, ms precision) in batches, without ever
 * stopping or stalling the job ({@link InfluxWriter}): InfluxDB is for history and reports, the
 * live figures go through Kafka and must go on while it is down. Points not yet written are
 * part of the writer's checkpointed state (at-least-once; the points are absolute, so a
 * replayed write is harmless), and go out in order once InfluxDB answers again.
 *
 * <p>Until it is sent, a point with the same series, field names and timestamp as an earlier
 * one replaces it: InfluxDB would keep only the later one anyway (live
 * figures are stamped to the second and a busy unit's change up to 20 times in it), so the
 * stored data are the same and the database does less work.
 */
public class InfluxSink implements Sink<String>, SupportsWriterState<String, List<String>> {
  private final String url;
  private final String database;
  private final int batchSize;
  private final long flushMillis;
  private final int maxBuffered;

  public InfluxSink(String url, String database, int batchSize, long flushMillis) {
    this(url, database, batchSize, flushMillis, InfluxWriter.DEFAULT_MAX_BUFFERED);
  }

  /** @param maxBuffered points kept while InfluxDB does not answer; past it the oldest live points go first */
  public InfluxSink(String url, String database, int batchSize, long flushMillis, int maxBuffered) {
    this.url = url;
    this.database = database;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.maxBuffered = maxBuffered;
  }

  /**
   * What makes a line-protocol line the same point as another: its series (measurement and
   * tags), its field names and its timestamp; null for a line without a timestamp (InfluxDB
   * stamps those on arrival) or one that cannot be read.
   */
  static String pointKey(String line) {
    // The job's own lines have no escapes and no string fields: read those with indexOf (a
    // replay sends every unit's points many times over, this runs for each of them).
    if (line.indexOf('\\') < 0 && line.indexOf('"') < 0) return plainPointKey(line);
    return escapedPointKey(line);
  }

  /** {@link #pointKey} of any line: escapes and quoted string values read character by character. */
  static String escapedPointKey(String line) {
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

  /** {@link #pointKey} of a line without backslashes or quotes: no space or comma inside a value. */
  static String plainPointKey(String line) {
    int seriesEnd = line.indexOf(' ');
    if (seriesEnd < 0) return null;
    int fieldsEnd = line.indexOf(' ', seriesEnd + 1);
    if (fieldsEnd < 0) return null;
    int end = line.length();
    while (end > fieldsEnd && line.charAt(end - 1) <= ' ') end--; // what trim() would drop
    int tsStart = fieldsEnd + 1;
    while (tsStart < end && line.charAt(tsStart) <= ' ') tsStart++;
    if (tsStart >= end) return null;
    StringBuilder k = new StringBuilder(end).append(line, 0, seriesEnd + 1);
    int i = seriesEnd + 1;
    while (i < fieldsEnd) {
      int comma = line.indexOf(',', i);
      if (comma < 0 || comma > fieldsEnd) comma = fieldsEnd;
      int eq = line.indexOf('=', i);
      k.append(line, i, eq < 0 || eq > comma ? comma : eq);
      if (comma < fieldsEnd) k.append(',');
      i = comma + 1;
    }
    return k.append(' ').append(line, tsStart, end).toString();
  }

  URI writeUri() {
    return URI.create(url + "/write?precision=ms&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
  }

  @Override
  public StatefulSinkWriter<String, List<String>> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<String, List<String>> restoreWriter(WriterInitContext context, Collection<List<String>> recovered) {
    List<String> lines = new ArrayList<>();
    for (List<String> l : recovered) lines.addAll(l);
    var mailbox = context.getMailboxExecutor();
    return new InfluxWriter(writeUri(), batchSize, maxBuffered, flushMillis,
        r -> mailbox.execute(r::run, "InfluxDB write answered"), context.getProcessingTimeService(), context.metricGroup(), lines);
  }

  @Override
  public SimpleVersionedSerializer<List<String>> getWriterStateSerializer() {
    return new LinesSerializer();
  }

  /** The unwritten lines of one writer. */
  static final class LinesSerializer implements SimpleVersionedSerializer<List<String>> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<String> lines) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      out.writeInt(lines.size());
      for (String l : lines) {
        byte[] x = l.getBytes(StandardCharsets.UTF_8);
        out.writeInt(x.length);
        out.write(x);
      }
      return b.toByteArray();
    }

    @Override
    public List<String> deserialize(int version, byte[] bytes) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      int n = in.readInt();
      List<String> lines = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] x = new byte[in.readInt()];
        in.readFully(x);
        lines.add(new String(x, StandardCharsets.UTF_8));
      }
      return lines;
    }
  }
}
