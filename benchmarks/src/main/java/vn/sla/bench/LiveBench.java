package vn.sla.bench;

import vn.sla.core.kafka.KafkaClients;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;

/**
 * The live benchmarks, run by {@code ./sla bench --run=live} against a stack of its own
 * (real Kafka broker, InfluxDB, the job in its MiniCluster, the dashboard server, each its
 * own process). This process is the load: a Kafka producer and Vert.x websocket clients.
 *
 * <ol>
 *   <li>latency (#4): background traffic at {@code --rate} events/s over every unit but two
 *       probe communes; every 100 ms a new dossier is received at probe commune A; the time
 *       from the send to the websocket update whose {@code today.received} counts it;</li>
 *   <li>deadline precision (#5): traffic stopped; dossiers at probe commune B whose due-soon
 *       boundary falls at known instants (due 24 h after them); the time from each instant
 *       to the update whose {@code pending.dueSoon} counts it;</li>
 *   <li>fan-out (#6): {@code --clients} websocket clients (plus {@code --slow} that never read),
 *       each subscribed to commune A and the province; traffic again plus a probe every
 *       500 ms; the delay of every probe to every healthy client, what reached them in the
 *       end, and the server's heap from its /metrics.</li>
 * </ol>
 * Send and receive times are taken in this process, so no clock skew enters the figures.
 */
public final class LiveBench {
  static final ZoneOffset VN = ZoneOffset.ofHours(7);

  final Map<String, String> opt;
  final URI http;
  final String token;
  final String topic;
  final UnitRegistry registry;
  final String root;
  /** Also print the worst delay of each second of the latency run. */
  final boolean trace;
  /** Seconds of background traffic before the first latency probe. */
  final int warmupSeconds;
  final String probeA;
  final String probeB;
  final List<String> background = new ArrayList<>();
  final KafkaProducer<String, String> producer;
  final Vertx vertx = Vertx.vertx();
  // Held for the whole run: a Vert.x 5 client that is garbage-collected closes its connections.
  final List<WebSocketClient> clients = new ArrayList<>();
  final String run = Long.toString(System.currentTimeMillis(), 36);
  final AtomicInteger seq = new AtomicInteger();

  LiveBench(Map<String, String> opt) throws Exception {
    this.opt = opt;
    http = URI.create(opt.getOrDefault("http", "http://127.0.0.1:18080"));
    token = opt.get("token");
    topic = opt.getOrDefault("topic", "dossier-events");
    registry = UnitRegistry.load(Path.of(opt.getOrDefault("units", "deploy/units-sample.csv")));
    root = registry.roots().get(0);
    List<String> communes = registry.all().stream().filter(u -> "COMMUNE".equals(u.level())).map(Unit::unitId).toList();
    trace = opt.containsKey("trace");
    warmupSeconds = Integer.parseInt(opt.getOrDefault("warmup-seconds", "15"));
    probeA = communes.get(0);
    probeB = communes.get(1);
    for (Unit u : registry.all()) if (!u.unitId().equals(probeA) && !u.unitId().equals(probeB)) background.add(u.unitId());
    Properties p = KafkaClients.base(opt.getOrDefault("bootstrap", "localhost:19092"));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = BenchMain.options(args);
    LiveBench b = new LiveBench(opt);
    try {
      String phases = opt.getOrDefault("phases", "latency,deadlines,fanout,browser");
      if (phases.contains("latency")) b.latency(Integer.parseInt(opt.getOrDefault("rate", "1000")), Integer.parseInt(opt.getOrDefault("seconds", "60")));
      if (phases.contains("deadlines")) b.deadlines(Integer.parseInt(opt.getOrDefault("deadlines", "40")));
      if (phases.contains("fanout")) b.fanOut(Integer.parseInt(opt.getOrDefault("clients", "10000")), Integer.parseInt(opt.getOrDefault("slow", "100")),
          Integer.parseInt(opt.getOrDefault("rate", "1000")), Integer.parseInt(opt.getOrDefault("fanout-seconds", "30")));
      int soak = Integer.parseInt(opt.getOrDefault("soak-minutes", "10"));
      if (soak >= 0 && phases.contains("browser")) b.browser(Integer.parseInt(opt.getOrDefault("rate", "1000")), soak);
    } finally {
      b.producer.close();
      b.vertx.close().await();
    }
    System.exit(0);
  }

  // ---------- events ----------

  static String iso(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), VN).toString();
  }

  String received(String dossier, String unit, long at, long due) {
    return "{\"eventId\":\"" + dossier + "-r\",\"dossierId\":\"" + dossier + "\",\"type\":\"RECEIVED\",\"occurredAt\":\""
        + iso(at) + "\",\"unitId\":\"" + unit + "\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\"" + iso(due) + "\"}";
  }

  static String completed(String dossier, long at) {
    return "{\"eventId\":\"" + dossier + "-c\",\"dossierId\":\"" + dossier + "\",\"type\":\"COMPLETED\",\"occurredAt\":\""
        + iso(at) + "\"}";
  }

  void send(String dossier, String json) {
    producer.send(new ProducerRecord<>(topic, dossier, json));
  }

  /** Background traffic at about {@code rate} events/s until stopped: new dossiers, and completions of earlier ones. */
  Thread traffic(int rate, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      Random rnd = new Random(7);
      List<String> open = new ArrayList<>();
      long start = System.nanoTime();
      long sent = 0;
      while (!stop.get()) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (sent < due) {
          long now = System.currentTimeMillis();
          if (open.size() > 2000 && rnd.nextInt(10) < 4) {
            String d = open.remove(rnd.nextInt(open.size()));
            send(d, completed(d, now));
          } else {
            String d = "BENCH-" + run + "-" + seq.incrementAndGet();
            open.add(d);
            send(d, received(d, background.get(rnd.nextInt(background.size())), now, now + 5L * 86_400_000));
          }
          sent++;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "traffic");
    t.setDaemon(true);
    t.start();
    return t;
  }

  // ---------- websockets ----------

  WebSocketConnectOptions wsOptions() {
    return new WebSocketConnectOptions().setHost(http.getHost()).setPort(http.getPort()).setURI("/ws")
        .addHeader("Authorization", "Bearer " + token);
  }

  static JsonObject unit(JsonObject msg, String unitId) {
    JsonArray units = msg.getJsonArray("units");
    if (units == null) return null;
    for (int i = 0; i < units.size(); i++) {
      JsonObject u = units.getJsonObject(i);
      if (unitId.equals(u.getString("unitId"))) return u;
    }
    return null;
  }

  /**
   * {@code today.received} of one unit in a snapshot or update, read without parsing the JSON
   * (-1 when the message does not carry that unit). The fan-out's 10,000 clients share the 2
   * cores with the server and the stack; parsing every message in full made the load
   * generator, not the server, the bottleneck (its backlog delayed even its pongs past the
   * server's 30 s limit). Relies on the figures' field order: unitId, ..., today.received.
   */
  static long receivedOf(String text, String unitId) {
    int u = text.indexOf("\"unitId\":\"" + unitId + "\"");
    if (u < 0) return -1;
    int t = text.indexOf("\"today\":{\"received\":", u);
    int next = text.indexOf("\"unitId\":", u + 1);
    if (t < 0 || (next >= 0 && t > next)) return -1; // not this unit's
    int i = t + "\"today\":{\"received\":".length();
    long n = 0;
    for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) n = n * 10 + (text.charAt(i) - '0');
    return n;
  }

  /** Like {@link #subscribe} for a unit's {@code today.received} only, cheaply: for thousands of clients. */
  Future<WebSocket> subscribeReceived(WebSocketClient client, List<String> units, String watched, FigureCountListener l) {
    return open(client, units, text -> {
      long now = System.nanoTime();
      boolean snapshot = text.startsWith("{\"v\":1,\"type\":\"snapshot\"");
      if (!snapshot && !text.startsWith("{\"v\":1,\"type\":\"update\"")) return;
      long received = receivedOf(text, watched);
      if (received >= 0) l.onReceived(received, snapshot, now);
    });
  }

  /** Connects and subscribes to the units; each text message goes to {@code onText} (null: not read). */
  Future<WebSocket> open(WebSocketClient client, List<String> units, io.vertx.core.Handler<String> onText) {
    return client.connect(wsOptions()).onSuccess(ws -> {
      if (onText != null) ws.textMessageHandler(onText);
      ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "subscribe").put("units", new JsonArray(units)).encode());
    });
  }

  interface FigureCountListener {
    void onReceived(long received, boolean snapshot, long nanos);
  }

  interface FigureListener {
    void onFigures(JsonObject unitFigures, boolean snapshot, long nanos);
  }

  Future<WebSocket> subscribe(WebSocketClient client, List<String> units, String watched, FigureListener l) {
    return open(client, units, text -> {
      long now = System.nanoTime();
      JsonObject m = new JsonObject(text);
      String type = m.getString("type");
      if (!"snapshot".equals(type) && !"update".equals(type)) return;
      JsonObject f = unit(m, watched);
      if (f != null) l.onFigures(f, "snapshot".equals(type), now);
    });
  }

  WebSocketClient newClient(int maxConnections) {
    WebSocketClient c = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(maxConnections)
        .setConnectTimeout(30_000));
    clients.add(c);
    return c;
  }

  // ---------- 1. latency ----------

  void latency(int rate, int seconds) throws Exception {
    System.out.printf("latency: %,d events/s of background traffic, %d s of warm-up, then for %d s a probe every 100 ms at %s%n", rate,
        warmupSeconds, seconds, probeA);
    long[] sentAt = new long[seconds * 10 + 10];
    long[] base = {-1};
    int[] seen = {0};
    List<Long> delays = new ArrayList<>();
    CountDownLatch snapshot = new CountDownLatch(1);
    subscribe(newClient(1), List.of(probeA), probeA, (f, snap, now) -> {
      long received = f.getJsonObject("today").getLong("received");
      synchronized (delays) {
        if (base[0] < 0) {
          base[0] = received;
          snapshot.countDown();
          return;
        }
        int counted = (int) (received - base[0]);
        while (seen[0] < counted && seen[0] < sentAt.length && sentAt[seen[0]] > 0) {
          delays.add(now - sentAt[seen[0]]);
          seen[0]++;
        }
      }
    }).await();
    if (!snapshot.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no snapshot from the server within 30 s");
    AtomicBoolean stop = new AtomicBoolean();
    traffic(rate, stop);
    // Steady state: the first seconds of traffic (cold code paths in the job and server) are slower, see --trace.
    Thread.sleep(warmupSeconds * 1000L);
    int probes = seconds * 10;
    probe("PROBE", probes, 100_000_000L, sentAt, delays);
    Thread.sleep(5000);
    stop.set(true);
    synchronized (delays) {
      report("4 end-to-end latency, event to websocket client, " + rate + " events/s background", delays, probes);
      if (trace) {
        // Where in time the slow probes were: the worst delay of each second of probes (periodic stalls show here).
        StringBuilder b = new StringBuilder("latency: worst per second (ms):");
        for (int i = 0; i < delays.size(); i += 10) {
          long worst = 0;
          for (int j = i; j < Math.min(i + 10, delays.size()); j++) worst = Math.max(worst, delays.get(j));
          b.append(' ').append(worst / 1_000_000);
        }
        System.out.println(b);
      }
    }
  }

  /**
   * Receives a new dossier at probe commune A every {@code periodNanos}, on a fixed schedule,
   * noting each send time (under {@code lock}, which the receiving side holds while it reads them).
   */
  void probe(String prefix, int probes, long periodNanos, long[] sentAt, Object lock) throws InterruptedException {
    long t0 = System.nanoTime();
    for (int i = 0; i < probes; i++) {
      long wait = t0 + i * periodNanos - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      String d = prefix + "-" + run + "-" + i;
      long now = System.currentTimeMillis();
      synchronized (lock) {
        sentAt[i] = System.nanoTime();
      }
      send(d, received(d, probeA, now, now + 5L * 86_400_000));
      producer.flush();
    }
  }

  static void report(String what, List<Long> nanos, int expected) {
    long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (a.length == 0) {
      System.out.printf("RESULT %s: nothing arrived (%d expected)%n", what, expected);
      return;
    }
    System.out.printf("RESULT %s: n=%,d of %,d, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n", what, a.length, expected,
        pct(a, 50) / 1e6, pct(a, 90) / 1e6, pct(a, 99) / 1e6, a[a.length - 1] / 1e6);
  }

  static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  // ---------- 2. deadlines ----------

  void deadlines(int n) throws Exception {
    System.out.printf("deadlines: no traffic; %d dossiers at %s turn due soon 0.5 s apart%n", n, probeB);
    Thread.sleep(10_000); // quiet input: the job's clock now follows the wall clock alone
    long first = System.currentTimeMillis() + 20_000;
    long[] crossing = new long[n];
    long[] base = {-1};
    int[] seen = {0};
    List<Long> delays = new ArrayList<>();
    CountDownLatch snapshot = new CountDownLatch(1);
    subscribe(newClient(1), List.of(probeB), probeB, (f, snap, now) -> {
      long dueSoon = f.getJsonObject("pending").getLong("dueSoon");
      long wall = System.currentTimeMillis();
      synchronized (delays) {
        if (base[0] < 0) {
          base[0] = dueSoon;
          snapshot.countDown();
          return;
        }
        int counted = (int) (dueSoon - base[0]);
        while (seen[0] < counted && seen[0] < n) {
          delays.add((wall - crossing[seen[0]]) * 1_000_000L);
          seen[0]++;
        }
      }
    }).await();
    if (!snapshot.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no snapshot from the server within 30 s");
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      crossing[i] = first + i * 500L;
      String d = "DEADLINE-" + run + "-" + i;
      // Due 24 h (the due-soon window) after the crossing: due soon from that instant on.
      send(d, received(d, probeB, now, crossing[i] + 86_400_000L));
    }
    producer.flush();
    Thread.sleep(first - System.currentTimeMillis() + n * 500L + 10_000);
    synchronized (delays) {
      report("5 deadline precision, due-soon boundary to websocket client, no input traffic", delays, n);
    }
  }

  // ---------- 3. fan-out ----------

  void fanOut(int n, int slow, int rate, int seconds) throws Exception {
    if (n <= 0) return;
    System.out.printf("fan-out: %,d websocket clients (+%d that never read) on %s and %s; %,d events/s; a probe every 500 ms%n",
        n, slow, probeA, root, rate);
    long heapBefore = heap();
    long liveBefore = heapAfterGc();
    int probes = seconds * 2;
    long[] sentAt = new long[probes];
    long[] bases = new long[n];
    int[] seen = new int[n];
    Arrays.fill(bases, -1);
    ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger snapshots = new AtomicInteger();
    long c0 = System.nanoTime();
    // One client object per 1,000 connections (its pool's limit), 200 handshakes in flight at most.
    List<Future<?>> inFlight = new ArrayList<>();
    WebSocketClient client = null;
    for (int i = 0; i < n; i++) {
      if (i % 1000 == 0) client = newClient(1000);
      final int c = i;
      inFlight.add(subscribeReceived(client, List.of(probeA, root), probeA, (received, snap, now) -> {
        synchronized (seen) {
          if (bases[c] < 0) {
            bases[c] = received;
            snapshots.incrementAndGet();
            return;
          }
        }
        int counted = (int) (received - bases[c]);
        synchronized (seen) {
          while (seen[c] < counted && seen[c] < probes && sentAt[seen[c]] > 0) {
            samples.add(new long[] {now - sentAt[seen[c]]});
            seen[c]++;
          }
        }
      }));
      if (inFlight.size() >= 200) {
        Future.join(inFlight).await();
        inFlight.clear();
      }
    }
    Future.join(inFlight).await();
    List<WebSocket> stuck = new ArrayList<>();
    WebSocketClient slowClient = newClient(Math.max(1, slow));
    for (int i = 0; i < slow; i++) {
      WebSocket ws = open(slowClient, List.of(root), null).await();
      ws.pause(); // never reads: the server's socket to it fills up
      stuck.add(ws);
    }
    long deadline = System.currentTimeMillis() + 120_000;
    while (snapshots.get() < n && System.currentTimeMillis() < deadline) Thread.sleep(100);
    double connectSeconds = (System.nanoTime() - c0) / 1e9;
    System.out.printf("RESULT 6 fan-out: %,d clients connected and had their snapshot in %.1f s (%,d of %,d snapshots)%n",
        n, connectSeconds, snapshots.get(), n);
    long heapConnected = heap();
    long liveConnected = heapAfterGc();
    if (liveBefore > 0 && liveConnected > 0) {
      System.out.printf("RESULT 6 server memory per connection: live heap after a full GC %,d MiB before, %,d MiB with %,d clients "
          + "(+%d stuck) = %,.1f KiB per connection%n", liveBefore >> 20, liveConnected >> 20, n, slow,
          (liveConnected - liveBefore) / 1024.0 / (n + slow));
    }

    AtomicBoolean stop = new AtomicBoolean();
    traffic(rate, stop);
    Thread.sleep(3000);
    probe("FANOUT", probes, 500_000_000L, sentAt, seen);
    long heapLoaded = heap();
    String atLastProbe = metrics("sla_ws_clients", "sla_ws_push_interval_ms", "sla_ws_clients_closed_slow_total");
    Thread.sleep(5000);
    stop.set(true);
    Thread.sleep(2000);
    int complete = 0;
    synchronized (seen) {
      for (int c = 0; c < n; c++) if (seen[c] == probes) complete++;
    }
    List<Long> all = new ArrayList<>(samples.size());
    for (long[] s : samples) all.add(s[0]);
    report(String.format("6 fan-out, probe to each of %,d clients, %,d events/s", n, rate), all, n * probes);
    System.out.printf("RESULT 6 fan-out: %,d of %,d healthy clients saw every one of the %d probes; metrics: %s%n",
        complete, n, probes, metrics("sla_ws_clients_closed_slow_total", "sla_ws_clients_closed_no_pong_total", "sla_ws_updates_deferred_total",
            "sla_ws_clients"));
    System.out.printf("RESULT 6 fan-out: metrics at the last probe: %s%n", atLastProbe);
    System.out.printf("RESULT 6 server heap in use (includes uncollected garbage): %,d MiB before, %,d MiB with the clients, "
        + "%,d MiB under load%n", heapBefore >> 20, heapConnected >> 20, heapLoaded >> 20);
    for (WebSocket ws : stuck) ws.close();
  }

  // ---------- 4. through Chromium, and the wall's memory over time ----------

  String display(String name, String unit) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("/api/displays"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).put("units", new JsonArray(List.of(unit))).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) throw new IllegalStateException("creating a display token: " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body()).getString("token");
  }

  static void waitFor(org.openqa.selenium.chrome.ChromeDriver d, String script, int seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!Boolean.TRUE.equals(d.executeScript(script))) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting for: " + script);
      Thread.sleep(100);
    }
  }

  /** Retained JS heap (after a forced collection), DOM nodes and event listeners of the page. */
  static long[] pageMemory(org.openqa.selenium.chrome.ChromeDriver d) {
    d.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> metrics = (List<Map<String, Object>>) d.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
    long heap = 0, nodes = 0, listeners = 0;
    for (Map<String, Object> m : metrics) {
      long v = ((Number) m.get("value")).longValue();
      switch ((String) m.get("name")) {
        case "JSHeapUsedSize" -> heap = v;
        case "Nodes" -> nodes = v;
        case "JSEventListeners" -> listeners = v;
        default -> {}
      }
    }
    return new long[] {heap, nodes, listeners};
  }

  /**
   * The wall display in Debian's Chromium (1920x1080): the delay from an event produced to the
   * wall's big number changing on the page (a MutationObserver stamps each change with the page's
   * clock, which is this machine's), then the wall rotating through the province for
   * {@code soakMinutes} under traffic, its retained heap, DOM nodes and listeners sampled.
   */
  void browser(int rate, int soakMinutes) throws Exception {
    System.out.printf("browser: the wall display of %s in Chromium, %,d events/s, a probe every 0.5-1.5 s; then %d min on the province%n",
        probeA, rate, soakMinutes);
    var d = Chromium.open(1920, 1080);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      d.executeCdpCommand("Performance.enable", Map.of());
      d.get(http.resolve("/display/" + display("bench-probe", probeA)).toString());
      waitFor(d, "return document.body.dataset.live === 'connected' && !!document.querySelector(\"[data-testid='wall-total-pending']\")"
          + " && /[0-9]/.test(document.querySelector(\"[data-testid='wall-total-pending']\").textContent)", 60);
      d.executeScript("window.__seen = []; const el = document.querySelector(\"[data-testid='wall-total-pending']\");"
          + "new MutationObserver(() => window.__seen.push([Date.now(), el.textContent])).observe(el, {childList: true, characterData: true, subtree: true});");
      long base = Long.parseLong(((String) d.executeScript("return document.querySelector(\"[data-testid='wall-total-pending']\").textContent"))
          .replaceAll("[^0-9]", ""));
      traffic(rate, stop);
      Thread.sleep(3000);
      int probes = 60;
      Random jitter = new Random(11);
      long[] sent = new long[probes];
      for (int i = 0; i < probes; i++) {
        String id = "BROWSER-" + run + "-" + i;
        long now = System.currentTimeMillis();
        sent[i] = now;
        send(id, received(id, probeA, now, now + 5L * 86_400_000));
        producer.flush();
        // 0.5 to 1.5 s apart at random: a fixed 1 s beat phase-locks with the pipeline's periodic stages
        // (watermarks, throttles, push ticks) and gives a narrow, run-dependent figure.
        Thread.sleep(500 + jitter.nextInt(1000));
      }
      Thread.sleep(3000);
      @SuppressWarnings("unchecked")
      List<List<Object>> seen = (List<List<Object>>) d.executeScript("return window.__seen");
      List<Long> delays = new ArrayList<>();
      int matched = 0;
      for (List<Object> change : seen) {
        long at = ((Number) change.get(0)).longValue();
        String digits = String.valueOf(change.get(1)).replaceAll("[^0-9]", "");
        if (digits.isEmpty()) continue;
        long counted = Long.parseLong(digits) - base;
        while (matched < counted && matched < probes) delays.add((at - sent[matched++]) * 1_000_000L);
      }
      report("4 end-to-end latency, event to the wall display's number in Chromium, " + rate + " events/s", delays, probes);

      if (soakMinutes > 0) {
        d.get(http.resolve("/display/" + display("bench-province", root)).toString());
        waitFor(d, "return document.body.dataset.live === 'connected' && !!document.querySelector(\"[data-testid='wall']\")", 60);
        d.executeScript("location.hash = '#/wall?rotate=10'");
        Thread.sleep(60_000); // warm up: every unit of the rotation seen once, charts drawn
        // Heap snapshots (optional, a few MB each) after the warm-up, halfway and at the end: what
        // kind of object grew, if anything did.
        Path snaps = opt.containsKey("heap-snapshots") ? Path.of(opt.get("heap-snapshots")) : null;
        if (snaps != null) HeapSnapshots.take(d, snaps.resolve("wall-0min.heapsnapshot"));
        boolean halfTaken = false;
        long[] first = pageMemory(d);
        long[] max = first.clone();
        long[] last = first;
        long end = System.currentTimeMillis() + soakMinutes * 60_000L;
        StringBuilder series = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2f", first[0] / 1048576.0));
        int sample = 0;
        while (System.currentTimeMillis() < end) {
          Thread.sleep(30_000);
          last = pageMemory(d);
          for (int i = 0; i < 3; i++) max[i] = Math.max(max[i], last[i]);
          if (++sample % 4 == 0) series.append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", last[0] / 1048576.0));
          if (snaps != null && !halfTaken && sample >= soakMinutes) { // two samples a minute: halfway
            halfTaken = true;
            HeapSnapshots.take(d, snaps.resolve("wall-" + soakMinutes / 2 + "min.heapsnapshot"));
          }
        }
        if (snaps != null) {
          HeapSnapshots.take(d, snaps.resolve("wall-" + soakMinutes + "min.heapsnapshot"));
          var s0 = HeapSnapshots.summary(snaps.resolve("wall-0min.heapsnapshot"));
          var sh = HeapSnapshots.summary(snaps.resolve("wall-" + soakMinutes / 2 + "min.heapsnapshot"));
          var s1 = HeapSnapshots.summary(snaps.resolve("wall-" + soakMinutes + "min.heapsnapshot"));
          HeapSnapshots.diff(s0, sh, 25).lines().forEach(l -> System.out.println("RESULT 5b first half, " + l));
          HeapSnapshots.diff(sh, s1, 25).lines().forEach(l -> System.out.println("RESULT 5b second half, " + l));
        }
        System.out.printf("RESULT 5b retained JS heap every 2 min, MiB: %s%n", series);
        System.out.printf("RESULT 5b wall display memory over %d min (rotating every 10 s through the province, %,d events/s): "
            + "retained JS heap %.1f MiB after warm-up, %.1f MiB at the end, %.1f MiB at most; DOM nodes %,d -> %,d (max %,d); "
            + "listeners %,d -> %,d%n", soakMinutes, rate, first[0] / 1048576.0, last[0] / 1048576.0, max[0] / 1048576.0,
            first[1], last[1], max[1], first[2], last[2]);
      }
    } finally {
      stop.set(true);
      d.quit();
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The server's heap in use right after a full collection (jcmd GC.run on its pid, given by
   * {@code --server-pid-file}): what it keeps, without garbage. -1 when not available.
   */
  long heapAfterGc() throws Exception {
    String pidFile = opt.get("server-pid-file");
    if (pidFile == null || !java.nio.file.Files.exists(Path.of(pidFile))) return -1;
    String pid = java.nio.file.Files.readString(Path.of(pidFile)).trim();
    Process p = new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) return -1;
    Thread.sleep(500);
    return heap();
  }

  /** The server's heap in use: Micrometer's jvm_memory_used_bytes summed over the heap's pools. */
  long heap() throws Exception {
    double sum = 0;
    boolean seen = false;
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        seen = true;
      }
    }
    return seen ? (long) sum : -1;
  }

  String metrics(String... names) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String line : get("/metrics").body().split("\n")) {
      for (String n : names) if (line.startsWith(n + " ")) b.append(b.length() > 0 ? ", " : "").append(line);
    }
    return b.toString();
  }
}
