package vn.sla.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.testing.LocalInflux;

/**
 * The InfluxDB writer against a real influxd: a point InfluxDB refuses never stops the
 * others, an outage never throws (points are kept and written, in order, once it is back),
 * the bound drops the oldest live points first, and what is unwritten survives in the state.
 */
class InfluxWriterIT {
  static LocalInflux influx;
  static final String DB = "writer_it";

  /** The task thread of the test: answers queue here and run when the test pumps them. */
  final ConcurrentLinkedQueue<Runnable> answers = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    influx = new LocalInflux();
    java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        URI.create(influx.url() + "/query?q=CREATE%20DATABASE%20" + DB)).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
  }

  @AfterAll
  static void stop() throws Exception {
    influx.close();
  }

  InfluxWriter writer(int batch, int max, List<String> restored) {
    return new InfluxWriter(URI.create(influx.url() + "/write?precision=ms&db=" + DB), batch, max, 100, answers::add, null, null, restored);
  }

  /** Runs the writer's steps on this thread until {@code done} or the time is up. */
  void pump(InfluxWriter w, java.util.function.BooleanSupplier done, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Runnable r;
      while ((r = answers.poll()) != null) r.run();
      w.tick();
      Thread.sleep(20);
    }
  }

  long count(String measurement) throws Exception {
    String r = influx.query(DB, "SELECT count(v) FROM " + measurement + " WHERE time >= 0");
    int i = r.indexOf("\"values\":[[");
    if (i < 0) return 0;
    String rest = r.substring(i + 11);
    return Long.parseLong(rest.substring(rest.indexOf(',') + 1, rest.indexOf(']')));
  }

  @Test
  void aRefusedPointIsDroppedAndEveryOtherWritten() throws Exception {
    InfluxWriter w = writer(50, 10_000, List.of());
    for (int i = 0; i < 120; i++) {
      // every 40th a point InfluxDB 1.x cannot store (a tag value ending in a backslash)
      w.write(i % 40 == 7 ? "refused,field=bad\\ v=" + i + "i " + (1000 + i) : "refused,field=ok v=" + i + "i " + (1000 + i), null);
    }
    pump(w, () -> w.buffered() == 0 && answers.isEmpty(), 20_000);
    assertThat(w.buffered()).isZero();
    assertThat(count("refused")).isEqualTo(117);
    assertThat(w.rejected.getCount()).isEqualTo(3);
  }

  @Test
  void anOutageNeverThrowsAndThePointsFollowOnceInfluxDbIsBack() throws Exception {
    InfluxWriter w = writer(20, 10_000, List.of());
    influx.stop();
    try {
      for (int i = 0; i < 100; i++) w.write("outage,unit=a v=" + i + "i " + (1000 + i), null);
      pump(w, () -> false, 1500);
      assertThat(w.buffered()).as("kept while InfluxDB is down").isEqualTo(100);
      assertThat(w.failures.getCount()).isPositive();
      // What is not written is in the checkpointed state, in order.
      List<String> state = w.snapshotState(1).get(0);
      assertThat(state).hasSize(100).first().isEqualTo("outage,unit=a v=0i 1000");
    } finally {
      influx.start();
    }
    pump(w, () -> w.buffered() == 0, 20_000);
    assertThat(count("outage")).isEqualTo(100);
  }

  @Test
  void pastTheBoundTheOldestLivePointsGoFirst() throws Exception {
    InfluxWriter w = writer(10, 50, List.of());
    influx.stop();
    try {
      for (int i = 0; i < 60; i++) w.write("unit_live,unit=a v=" + i + "i " + (1000 + i * 1000), null);
      for (int i = 0; i < 20; i++) w.write("unit_day,unit=a v=" + i + "i " + (86_400_000L * (i + 1)), null);
      pump(w, () -> false, 300);
      assertThat(w.buffered()).isLessThanOrEqualTo(50);
      List<String> kept = w.snapshotState(1).get(0);
      assertThat(kept.stream().filter(l -> l.startsWith("unit_day,"))).hasSize(20);
      assertThat(w.droppedLive.getCount()).isPositive();
      assertThat(w.dropped.getCount()).isZero();
    } finally {
      influx.start();
    }
  }

  @Test
  void whileABatchIsOnItsWayNewValuesOfAPendingPointReplaceTheOld() throws Exception {
    InfluxWriter w = writer(10, 10_000, List.of());
    influx.stop();
    try {
      for (int i = 0; i < 10; i++) w.write("waiting,unit=a v=" + i + "i " + (1000 + i), null); // a full batch: sent, fails
      // A replay: today's day point of five units, written again and again.
      for (int round = 0; round < 200; round++) {
        for (int u = 0; u < 5; u++) w.write("waiting,unit=b" + u + " v=" + round + "i 86400000", null);
      }
      pump(w, () -> false, 300);
      assertThat(w.buffered()).as("the batch that waits, and each pending point once").isEqualTo(15);
      List<String> state = w.snapshotState(1).get(0);
      assertThat(state).hasSize(15).last().isEqualTo("waiting,unit=b4 v=199i 86400000");
    } finally {
      influx.start();
    }
    pump(w, () -> w.buffered() == 0, 20_000);
    assertThat(count("waiting")).isEqualTo(15);
    String r = influx.query(DB, "SELECT last(v) FROM waiting WHERE unit = 'b2' AND time >= 0");
    assertThat(r).contains(",199]");
  }

  @Test
  void pointsRestoredFromAStateAreWrittenFirst() throws Exception {
    List<String> restored = new ArrayList<>();
    for (int i = 0; i < 30; i++) restored.add("restored,unit=a v=" + i + "i " + (1000 + i));
    InfluxWriter w = writer(25, 10_000, restored);
    w.write("restored,unit=a v=99i 5000", null);
    pump(w, () -> w.buffered() == 0, 20_000);
    assertThat(count("restored")).isEqualTo(31);
  }
}
