package vn.sla.jobs.sink;

import vn.sla.core.figures.InfluxSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The InfluxDB writer of {@link InfluxSink}: never blocks the job, never stops it.
 *
 * <ul>
 *   <li>Points wait in one map by point (a new value replaces the old one) and go in batches
 *       of up to {@code batchSize}, one batch at a time, asynchronously, whenever none is on its
 *       way (at once when a batch is full, else every {@code flushMillis}); the answer comes back
 *       on the task thread ({@code taskThread}).
 *   <li>InfluxDB down or failing (no answer, 5xx, any status but 400): the batch stays first in
 *       line and is tried again after a pause (1 s, doubling to 5 s); everything written
 *       meanwhile waits behind it, so each series' points arrive in order.
 *   <li>A point InfluxDB refuses (400): InfluxDB 1.x stores the rest of a batch and says
 *       "partial write"; otherwise the batch is halved until the refused point is alone. The
 *       refused point is dropped, logged with InfluxDB's reason and counted
 *       ({@code rejectedLines}); it does not hold back any other. (Events whose text could not
 *       be stored are refused at parsing already; this is the last line of defence.)
 *   <li>Everything not yet written is the writer's checkpointed state. Beyond {@code
 *       maxBuffered} points (an outage of about {@value #DEFAULT_MAX_BUFFERED} points: some
 *       half an hour of a province's live figures) the oldest second-by-second live points
 *       ({@code unit_live}, {@code unit_field_live}) go first, counted as
 *       {@code droppedLivePoints}; days, alerts and data-quality counts go only when nothing else
 *       is left ({@code droppedPoints}).
 * </ul>
 */
final class InfluxWriter implements StatefulSinkWriter<String, List<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
  static final int DEFAULT_MAX_BUFFERED = 500_000;
  private static final long MIN_PAUSE = 1000;
  private static final long MAX_PAUSE = 5000;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI writeUri;
  private final int batchSize;
  private final int maxBuffered;
  private final long flushMillis;
  private final Executor taskThread;
  private final ProcessingTimeService time;

  /** Lines not cut into a batch yet, by {@link InfluxSink#pointKey}; a line without a key gets a unique one. */
  private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
  private long unkeyed;
  /** Batches waiting, oldest first; the first one is the one in flight, if any. */
  private final ArrayDeque<List<String>> batches = new ArrayDeque<>();
  private int batchedLines;
  private boolean inFlight;
  private long pause;
  private long retryAt;
  private long failingSince = Long.MIN_VALUE;
  private boolean warnedDrop;

  final Counter rejected;
  final Counter droppedLive;
  final Counter dropped;
  final Counter failures;

  /**
   * @param taskThread runs the answers of InfluxDB where the writer's other methods run
   * @param time schedules the periodic cut and send; null when the caller calls {@link #tick()}
   * @param metrics where the counters and the buffer gauge are registered; null for none
   */
  InfluxWriter(URI writeUri, int batchSize, int maxBuffered, long flushMillis, Executor taskThread, ProcessingTimeService time,
      MetricGroup metrics, List<String> restored) {
    this.writeUri = writeUri;
    this.batchSize = Math.max(1, batchSize);
    this.maxBuffered = Math.max(this.batchSize, maxBuffered);
    this.flushMillis = flushMillis;
    this.taskThread = taskThread;
    this.time = time;
    rejected = metrics == null ? new SimpleCounter() : metrics.counter("rejectedLines");
    droppedLive = metrics == null ? new SimpleCounter() : metrics.counter("droppedLivePoints");
    dropped = metrics == null ? new SimpleCounter() : metrics.counter("droppedPoints");
    failures = metrics == null ? new SimpleCounter() : metrics.counter("writeFailures");
    if (metrics != null) metrics.gauge("bufferedLines", this::buffered);
    for (int i = 0; i < restored.size(); i += this.batchSize) {
      List<String> b = new ArrayList<>(restored.subList(i, Math.min(restored.size(), i + this.batchSize)));
      batches.addLast(b);
      batchedLines += b.size();
    }
    if (time != null) schedule();
  }

  private void schedule() {
    time.registerTimer(time.getCurrentProcessingTime() + flushMillis, t -> {
      tick();
      schedule();
    });
  }

  /** The periodic step: what is pending becomes a batch, and the next batch goes if none is in flight. */
  void tick() {
    if (buffered() > maxBuffered) cut();
    send();
  }

  int buffered() {
    return batchedLines + pending.size();
  }

  @Override
  public void write(String line, Context context) {
    String key = InfluxSink.pointKey(line);
    if (key == null) {
      pending.put("\u0000" + unkeyed++, line);
    } else {
      // Removed first, so the line takes the later position: a point of the same series and
      // time with other fields written in between must still come before it, as InfluxDB would see it.
      pending.remove(key);
      pending.put(key, line);
    }
    if (pending.size() >= batchSize && batches.isEmpty()) {
      send();
    } else if (pending.size() >= batchSize && buffered() > maxBuffered) {
      cut(); // once per batch's worth of lines, not per line: the bound walks the batches
    }
  }

  /**
   * Everything pending becomes batches (of at most {@code batchSize}), to be sent in order. Only
   * when it must (the bound, a checkpoint's flush, the end): while a batch is on its way, new
   * values of a point still pending replace the old ones, so a slow InfluxDB (a replay writes
   * today's day point and each live second many times over) gets each point about once.
   */
  private void cut() {
    while (!pending.isEmpty()) cutOne();
    keepWithinBound();
  }

  /** The oldest {@code batchSize} pending lines become the last batch. */
  private void cutOne() {
    List<String> b = new ArrayList<>(Math.min(batchSize, pending.size()));
    for (Iterator<String> it = pending.values().iterator(); it.hasNext() && b.size() < batchSize;) {
      b.add(it.next());
      it.remove();
    }
    batches.addLast(b);
    batchedLines += b.size();
  }

  private long now() {
    return System.currentTimeMillis();
  }

  private void send() {
    if (inFlight || now() < retryAt) return;
    if (batches.isEmpty() && !pending.isEmpty()) cutOne();
    if (batches.isEmpty()) return;
    List<String> b = batches.peekFirst();
    inFlight = true;
    HttpRequest req = HttpRequest.newBuilder(writeUri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", b), StandardCharsets.UTF_8)).build();
    CompletableFuture<HttpResponse<String>> f;
    try {
      f = http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((r, err) -> taskThread.execute(() -> answered(b, r, err)));
  }

  private void answered(List<String> b, HttpResponse<String> r, Throwable err) {
    inFlight = false;
    if (batches.peekFirst() != b) return; // dropped meanwhile (the bound): nothing to do
    if (outcome(b, r, err)) send();
  }

  /** What InfluxDB's answer to the first batch means; false when the next try must wait. */
  private boolean outcome(List<String> b, HttpResponse<String> r, Throwable err) {
    int status = r == null ? -1 : r.statusCode();
    if (status / 100 == 2) {
      done(b);
      if (failingSince != Long.MIN_VALUE) {
        LOG.info("InfluxDB answers again after {} s; {} points still to write", (now() - failingSince) / 1000, buffered());
        failingSince = Long.MIN_VALUE;
        warnedDrop = false;
      }
      pause = 0;
    } else if (status == 400 && r.body() != null && r.body().contains("partial write")) {
      // InfluxDB stored the others.
      done(b);
      refused(r.body(), countRefused(r.body()));
    } else if ((status == 400 || status == 413) && b.size() > 1) {
      // Which one is refused (or too large)? Halve until it is alone; the others get in.
      batches.pollFirst();
      batches.addFirst(new ArrayList<>(b.subList(b.size() / 2, b.size())));
      batches.addFirst(new ArrayList<>(b.subList(0, b.size() / 2)));
    } else if (status == 400 || status == 413) {
      done(b);
      refused(r.body() + " (the point: " + b.get(0) + ")", 1);
    } else {
      failures.inc();
      if (failingSince == Long.MIN_VALUE) {
        failingSince = now();
        LOG.warn("InfluxDB does not take points ({}); they are kept ({} now) and written once it does; the live figures go on",
            err != null ? err.toString() : status + " " + r.body(), buffered());
      }
      pause = Math.min(MAX_PAUSE, Math.max(MIN_PAUSE, pause * 2));
      retryAt = now() + pause;
      return false;
    }
    return true;
  }

  private void done(List<String> b) {
    batches.pollFirst();
    batchedLines -= b.size();
  }

  private void refused(String reason, int lines) {
    rejected.inc(lines);
    LOG.error("InfluxDB refused {} point(s), dropped, the others written: {}", lines, reason);
  }

  private static int countRefused(String body) {
    int n = 0;
    for (int i = body.indexOf("unable to parse"); i >= 0; i = body.indexOf("unable to parse", i + 1)) n++;
    return Math.max(1, n);
  }

  /** Past the bound, the oldest live points go (never the batch in flight), then, if need be, the oldest of any kind. */
  private void keepWithinBound() {
    if (buffered() <= maxBuffered) return;
    Iterator<List<String>> it = batches.iterator();
    if (inFlight && it.hasNext()) it.next();
    while (buffered() > maxBuffered && it.hasNext()) {
      List<String> b = it.next();
      for (Iterator<String> l = b.iterator(); l.hasNext() && buffered() > maxBuffered;) {
        String line = l.next();
        if (line.startsWith(InfluxSchema.UNIT_LIVE + ",") || line.startsWith(InfluxSchema.UNIT_FIELD_LIVE + ",")) {
          l.remove();
          batchedLines--;
          droppedLive.inc();
        }
      }
      if (b.isEmpty()) it.remove();
    }
    it = batches.iterator();
    if (inFlight && it.hasNext()) it.next();
    while (buffered() > maxBuffered && it.hasNext()) {
      List<String> b = it.next();
      it.remove();
      batchedLines -= b.size();
      dropped.inc(b.size());
    }
    if (!warnedDrop) {
      warnedDrop = true;
      LOG.warn("InfluxDB has not answered for long: past {} points kept, the oldest live points are dropped (counted as "
          + "droppedLivePoints; days, alerts and data-quality counts are kept)", maxBuffered);
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    if (!endOfInput) {
      send(); // at a checkpoint: what is not written yet is in the state
      return;
    }
    cut();
    // The end of a bounded input: everything must be written before the job finishes.
    long deadline = now() + 60_000;
    while (buffered() > 0) {
      cut();
      if (now() > deadline) throw new IOException("InfluxDB did not take the last " + buffered() + " points within a minute");
      List<String> b = batches.peekFirst();
      HttpResponse<String> r = null;
      IOException err = null;
      try {
        r = http.send(HttpRequest.newBuilder(writeUri).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", b), StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing to InfluxDB", e);
      } catch (IOException e) {
        err = e;
      }
      if (!outcome(b, r, err)) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while writing to InfluxDB", e);
        }
      }
    }
  }

  @Override
  public List<List<String>> snapshotState(long checkpointId) {
    // In the order they will go: the batches, then what is pending (not cut, so it keeps replacing).
    List<String> lines = new ArrayList<>(buffered());
    for (List<String> b : batches) lines.addAll(b);
    lines.addAll(pending.values());
    return List.of(lines);
  }

  @Override
  public void close() {
    // Nothing to wait for: what is not written is in the last checkpoint's state.
  }
}
