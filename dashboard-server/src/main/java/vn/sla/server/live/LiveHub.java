package vn.sla.server.live;

import vn.sla.server.access.Caller;
import vn.sla.server.topics.FiguresStore;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vn.sla.core.figures.Json;
import vn.sla.core.registry.UnitRegistry;

/**
 * Pushes figures to websocket clients (docs/websocket-protocol.md): a snapshot on subscribe,
 * then coalesced updates at most once per push interval per client (a change after a quiet
 * interval of that client's goes out at once), and a heartbeat. The interval is
 * {@code pushIntervalMillis} while there are few clients and grows with their number so that
 * all of them together get at most {@code pushBudgetPerSecond} updates a second: figures
 * follow within tens of milliseconds for a province's few hundred screens, and 10,000 clients
 * on a busy province still get every change a few times a second. A slow
 * client only ever has a set of changed unit ids pending (never a backlog of messages): it
 * gets the latest figures when its socket drains, and is closed if it stays stuck.
 */
public final class LiveHub {
  static final int VERSION = 1;
  private static final long PONG_TIMEOUT_MILLIS = 30_000;

  private final Vertx vertx;
  private final ZoneId zone;
  private final FiguresStore store;
  private final UnitRegistry registry;
  // All of the hub's state is touched on its event loop only (the verticle's: the websockets' handlers run there too).
  private final Set<Client> clients = new HashSet<>();
  /** Who is subscribed to each unit: a change reaches its subscribers without a pass over every client. */
  private final java.util.Map<String, Set<Client>> subscribers = new java.util.HashMap<>();
  /** Clients with figures pending. */
  private final Set<Client> dirty = new LinkedHashSet<>();
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private long sent;
  private long skipped;
  private long closed;
  private long closedNoPong;

  private static final class Client {
    final ServerWebSocket ws;
    final Caller caller;
    /** What let it in: "session:<id>", "display:<id>" or "token"; closed when that ends. */
    final String credential;
    Set<String> units = Set.of();
    final Set<String> pending = new LinkedHashSet<>();
    long stuckSince = -1;
    /** When this client was last sent an update: its own interval, so a busy unit elsewhere does not hold back its figures. */
    long lastSent = Long.MIN_VALUE / 2;
    long lastPong = System.currentTimeMillis();
    /** Messages it may still send (a token bucket: {@value #BURST} at once, {@value #PER_SECOND} a second after). */
    double allowance = BURST;
    long allowanceAt = System.currentTimeMillis();
    /** A snapshot is owed but its socket's write queue was full: sent when it drains. */
    boolean snapshotOwed;
    /** When the oldest change it has pending reached the server; -1 when nothing is pending. */
    long pendingSince = -1;

    Client(ServerWebSocket ws, Caller caller, String credential) {
      this.ws = ws;
      this.caller = caller;
      this.credential = credential;
    }
  }

  private final long stuckCloseMillis;
  /** Subscribe (or other) messages a client may send at once, and a second after that. */
  public static final int BURST = 10;
  static final int PER_SECOND = 2;

  private final java.util.function.LongSupplier clock;

  public LiveHub(Vertx vertx, FiguresStore store, ZoneId zone, long pushIntervalMillis, long pushBudgetPerSecond,
      long heartbeatMillis, long stuckCloseMillis, java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.stuckCloseMillis = stuckCloseMillis;
    this.vertx = vertx;
    this.zone = zone;
    this.store = store;
    this.registry = store.registry();
    this.pushIntervalMillis = pushIntervalMillis;
    this.pushBudgetPerSecond = pushBudgetPerSecond;
    this.context = vertx.getOrCreateContext();
    store.onUnitChanged(u -> {
      changedSince.compareAndSet(0, System.currentTimeMillis());
      changed.add(u);
      if (wakeQueued.compareAndSet(false, true)) {
        context.runOnContext(v -> {
          wakeQueued.set(false);
          wake();
        });
      }
    });
    // Also on a steady beat: a slow client whose socket has drained gets its pending figures.
    vertx.setPeriodic(Math.max(pushIntervalMillis, STEADY_BEAT_MILLIS), t -> wake());
    vertx.setPeriodic(heartbeatMillis, t -> heartbeat());
  }

  private final long pushIntervalMillis;
  private final long pushBudgetPerSecond;
  /** When the oldest change not yet marked pending at its subscribers arrived; 0 when none waits. */
  private final java.util.concurrent.atomic.AtomicLong changedSince = new java.util.concurrent.atomic.AtomicLong();
  private java.util.function.LongConsumer pushDelays = ms -> {};

  /** Told, for each update sent, how long its oldest change waited in the server (milliseconds). */
  public void onPushDelay(java.util.function.LongConsumer sink) {
    this.pushDelays = sink;
  }
  /** The beat that serves slow clients whose sockets have drained; not on the latency path. */
  private static final long STEADY_BEAT_MILLIS = 250;
  private final io.vertx.core.Context context;
  private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
  /** Changes arriving within this long of a push wait for the next one: a burst costs one pass over the clients. */
  private static final long BATCH_MILLIS = 20;
  /** When the pending push timer fires; MAX_VALUE when none is pending. */
  private long timerAt = Long.MAX_VALUE;
  private long timerId;
  private long lastRun = Long.MIN_VALUE / 2;

  /**
   * Runs a push at once, or within {@link #BATCH_MILLIS} of the last one. Each client then gets
   * an update when its own last one is at least an interval old; a client still inside its
   * interval is served by a timer at the end of it. Event loop only.
   */
  private void wake() {
    schedule(lastRun + BATCH_MILLIS);
  }

  private void schedule(long at) {
    if (timerAt <= at) return; // a timer at least as early is pending
    long wait = at - System.currentTimeMillis();
    boolean pending = timerAt != Long.MAX_VALUE;
    if (wait <= 0 && !pending) {
      push();
      return;
    }
    if (pending) vertx.cancelTimer(timerId);
    timerAt = at;
    timerId = vertx.setTimer(Math.max(1, wait), t -> {
      timerAt = Long.MAX_VALUE;
      push();
    });
  }

  /** Clients subscribed to a unit now. */
  public int subscriberCount(String unitId) {
    Set<Client> s = subscribers.get(unitId);
    return s == null ? 0 : s.size();
  }

  public int clientCount() {
    return clients.size();
  }

  public long messagesSent() {
    return sent;
  }

  public long updatesDeferred() {
    return skipped;
  }

  /** Each client's push interval now: the configured one, longer when many clients share the budget. */
  public long pushIntervalMillis() {
    return Math.max(pushIntervalMillis, clients.size() * 1000L / pushBudgetPerSecond);
  }

  public long clientsClosed() {
    return closed;
  }

  /** Of {@link #clientsClosed()}, those that did not answer pings (the rest stayed stuck). */
  public long clientsClosedForNoPong() {
    return closedNoPong;
  }

  public void accept(ServerWebSocket ws, Caller caller) {
    accept(ws, caller, "token");
  }

  /** @param credential what let it in (a session, a display, a token): {@link #closeAll} ends its sockets with it */
  public void accept(ServerWebSocket ws, Caller caller, String credential) {
    Client c = new Client(ws, caller, credential);
    clients.add(c);
    ws.closeHandler(v -> remove(c));
    ws.exceptionHandler(e -> remove(c));
    ws.pongHandler(b -> c.lastPong = System.currentTimeMillis());
    ws.textMessageHandler(text -> onMessage(c, text));
  }

  private void onMessage(Client c, String text) {
    // Frames still arrive after the hub has closed a client; a subscribe then must not bring it back.
    if (!clients.contains(c)) return;
    long now = System.currentTimeMillis();
    c.allowance = Math.min(BURST, c.allowance + (now - c.allowanceAt) * PER_SECOND / 1000.0);
    c.allowanceAt = now;
    if (c.allowance < 1) {
      // A screen subscribes when it opens or its view changes: a flood is a broken or hostile client.
      close(c, "too many messages");
      return;
    }
    c.allowance -= 1;
    JsonObject m;
    try {
      m = new JsonObject(text);
    } catch (RuntimeException e) {
      error(c, "message is not a JSON object");
      return;
    }
    if (!"subscribe".equals(m.getString("type"))) {
      error(c, "unknown message type '" + m.getValue("type") + "'");
      return;
    }
    Set<String> wanted = new LinkedHashSet<>();
    try {
      JsonArray units = m.getJsonArray("units");
      if (units != null) for (Object o : units) wanted.add(String.valueOf(o));
      JsonObject sub = m.getJsonObject("subtree");
      if (sub != null) {
        String root = sub.getString("unitId");
        Integer depth = sub.getInteger("depth");
        if (root == null) throw new IllegalArgumentException("subtree.unitId is required");
        addSubtree(root, depth == null ? Integer.MAX_VALUE : depth, wanted);
      }
    } catch (ClassCastException | IllegalArgumentException e) {
      error(c, "bad subscribe message: " + e.getMessage());
      return;
    }
    List<String> refused = new ArrayList<>();
    for (String u : wanted) {
      if (!registry.contains(u)) refused.add(u + " (unknown)");
      else if (!c.caller.maySee(u, registry)) refused.add(u + " (not in your scope)");
    }
    if (!refused.isEmpty()) {
      error(c, "cannot subscribe to " + String.join(", ", refused));
      return;
    }
    unsubscribe(c);
    c.units = wanted;
    for (String u : wanted) subscribers.computeIfAbsent(u, k -> new HashSet<>()).add(c);
    sendSnapshot(c);
  }

  /** The snapshot of what the client follows now; never queued behind a full socket (only the latest is owed). */
  private void sendSnapshot(Client c) {
    if (c.ws.writeQueueFull()) {
      if (!c.snapshotOwed) {
        c.snapshotOwed = true;
        c.ws.drainHandler(v -> {
          if (c.snapshotOwed && clients.contains(c)) {
            c.snapshotOwed = false;
            send(c, message("snapshot", c.units, new java.util.HashMap<>()));
          }
        });
      }
      return;
    }
    c.snapshotOwed = false;
    send(c, message("snapshot", c.units, new java.util.HashMap<>()));
  }

  /**
   * A snapshot or update as text. Each unit's figures are serialised once per push and shared by
   * every client that gets them (with 10,000 clients on the province, per-client JSON dominated).
   */
  private String message(String type, Set<String> units, java.util.Map<String, String> encoded) {
    StringBuilder b = new StringBuilder(64 + units.size() * 300);
    b.append("{\"v\":").append(VERSION).append(",\"type\":\"").append(type).append("\",\"asOf\":")
        .append(io.vertx.core.json.Json.encode(store.asOf())).append(",\"units\":[");
    boolean first = true;
    for (String u : units) {
      if (!first) b.append(',');
      first = false;
      b.append(encoded.computeIfAbsent(u, x -> Json.write(store.figures(x))));
    }
    return b.append("]}").toString();
  }

  private void addSubtree(String unit, int depth, Set<String> out) {
    out.add(unit);
    if (depth <= 0) return;
    for (String child : registry.children(unit)) addSubtree(child, depth - 1, out);
  }

  private void unsubscribe(Client c) {
    for (String u : c.units) {
      Set<Client> s = subscribers.get(u);
      if (s != null && s.remove(c) && s.isEmpty()) subscribers.remove(u);
    }
    c.units = Set.of();
    c.pending.clear();
    c.stuckSince = -1;
    dirty.remove(c);
  }

  private void remove(Client c) {
    clients.remove(c);
    unsubscribe(c);
  }

  /**
   * One pass: the changed units are marked pending at their subscribers, and every client with
   * pending figures whose interval has passed gets one update. The next pass is at least
   * {@link #BATCH_MILLIS} later, so clients whose intervals end at different moments are
   * served together instead of one pass each.
   */
  private void push() {
    long arrived = changedSince.getAndSet(0);
    if (!changed.isEmpty()) {
      List<String> batch = new ArrayList<>(changed);
      changed.removeAll(batch);
      for (String u : batch) {
        Set<Client> s = subscribers.get(u);
        if (s == null) continue;
        for (Client c : s) {
          c.pending.add(u);
          if (c.pendingSince < 0) c.pendingSince = arrived > 0 ? arrived : System.currentTimeMillis();
          dirty.add(c);
        }
      }
    }
    long now = System.currentTimeMillis();
    lastRun = now;
    long nextDue = Long.MAX_VALUE;
    long interval = pushIntervalMillis();
    java.util.Map<String, String> encoded = new java.util.HashMap<>();
    List<Client> tooSlow = new ArrayList<>();
    // A copy: a write can fail at once and its handler remove the client from the set.
    for (Client c : List.copyOf(dirty)) {
      if (c.ws.isClosed()) { // its close handler has not run yet; a write would throw
        remove(c);
        continue;
      }
      if (now - c.lastSent < interval) {
        nextDue = Math.min(nextDue, c.lastSent + interval);
        continue;
      }
      if (c.ws.writeQueueFull()) {
        skipped++;
        if (c.stuckSince < 0) c.stuckSince = now;
        else if (now - c.stuckSince > stuckCloseMillis) tooSlow.add(c);
        continue;
      }
      c.stuckSince = -1;
      String msg = message("update", c.pending, encoded);
      c.pending.clear();
      dirty.remove(c);
      send(c, msg);
      c.lastSent = now;
      if (c.pendingSince > 0) pushDelays.accept(now - c.pendingSince);
      c.pendingSince = -1;
    }
    for (Client c : tooSlow) close(c, "too slow");
    if (nextDue != Long.MAX_VALUE) schedule(Math.max(nextDue, now + BATCH_MILLIS));
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    JsonObject hb = new JsonObject().put("v", VERSION).put("type", "heartbeat").put("asOf", store.asOf())
        .put("serverTime", Json.dateTime(clock.getAsLong(), zone));
    // While the job digests history (an import, a replay): screens say how far it has come.
    var jobClock = store.clock();
    if (jobClock != null && jobClock.catchingUp) hb.put("catchingUp", true).put("inputProgress", jobClock.progress);
    for (Client c : List.copyOf(clients)) {
      if (c.ws.isClosed()) {
        remove(c);
        continue;
      }
      if (now - c.lastPong > PONG_TIMEOUT_MILLIS) {
        closedNoPong++;
        close(c, "no pong");
        continue;
      }
      c.ws.writePing(Buffer.buffer("hb"));
      if (!c.ws.writeQueueFull()) send(c, hb);
    }
  }

  private void error(Client c, String message) {
    send(c, new JsonObject().put("v", VERSION).put("type", "error").put("message", message));
  }

  private void send(Client c, JsonObject msg) {
    send(c, msg.encode());
  }

  private void send(Client c, String text) {
    sent++;
    c.ws.writeTextMessage(text);
  }

  /**
   * Closes, at once, every socket that came in with a credential that has just ended (a logout,
   * a revoked display, an expired session): no update after it. Runs on the hub's context.
   */
  public void closeAll(String credential, String why) {
    context.runOnContext(v -> {
      for (Client c : new ArrayList<>(clients)) {
        if (credential.equals(c.credential)) {
          remove(c);
          c.ws.close((short) 4401, why);
        }
      }
    });
  }

  /** The session ids of the sockets that came in with a session (to look for expired ones). */
  public java.util.Set<String> sessionIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Client c : new ArrayList<>(clients)) if (c.credential.startsWith("session:")) ids.add(c.credential.substring(8));
    return ids;
  }

  private void close(Client c, String why) {
    closed++;
    remove(c);
    c.ws.close((short) 1008, why);
  }
}
