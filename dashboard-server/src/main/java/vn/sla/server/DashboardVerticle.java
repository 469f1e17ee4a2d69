package vn.sla.server;

import vn.sla.server.access.Caller;
import vn.sla.server.access.DisplayTokens;
import vn.sla.server.access.LoginThrottle;
import vn.sla.server.access.Role;
import vn.sla.server.access.Users;
import vn.sla.server.alerting.AlertActions;
import vn.sla.server.live.LiveHub;
import vn.sla.server.reports.PeriodReport;
import vn.sla.server.reports.ReportCsv;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.TopicReader;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.SlaRules;

/**
 * The dashboard server: the contract's API, login, the live websocket and the web app. Every
 * error is JSON with a message, never a stack trace.
 */
public final class DashboardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);
  private static final String CALLER = "caller";
  /** What let the caller in: "session:<id>", "display:<id>" or "token" (see {@link LiveHub#closeAll}). */
  private static final String CREDENTIAL = "credential";
  private static final String SESSION_USER = "user";
  private static final String SESSION_DISPLAY = "display";
  /** The display token of a wall display, kept by its browser (HttpOnly) to survive server restarts. */
  static final String DISPLAY_COOKIE = "sla.display";

  private final ServerConfig config;
  private final FiguresStore store;
  private final Users users;
  private final ReportService reports;
  private final SlaRules rules;
  private final UnitRegistry registry;
  private final DisplayTokens displays;
  private final TopicReader reader;
  private final Metrics metrics = new Metrics();
  static final String SESSION_COOKIE = "sla.session";
  /** The background parts /health and /metrics report on (the topic reader, the alert delivery). */
  private final java.util.List<Liveness> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AlertActions actions;
  private LiveHub hub;
  private HttpServer server;
  private final LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis);

  public DashboardVerticle(ServerConfig config, FiguresStore store, Users users, ReportService reports) {
    this(config, store, users, reports, new DisplayTokens(null), null, new AlertActions(null));
  }

  public DashboardVerticle(ServerConfig config, FiguresStore store, Users users, ReportService reports,
      DisplayTokens displays, TopicReader reader, AlertActions actions) {
    this.actions = actions;
    this.displays = displays;
    this.reader = reader;
    if (reader != null) parts.add(reader);
    this.config = config;
    this.store = store;
    this.users = users;
    this.reports = reports;
    this.rules = new SlaRules(config.zone, SlaRules.DEFAULT_DUE_SOON);
    this.registry = store.registry();
  }

  public LiveHub hub() {
    return hub;
  }

  /** What it serves (tests put a job's clock tick in it). */
  FiguresStore store() {
    return store;
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("sla-password-hashing", 2);
    influx = vertx.createSharedWorkerExecutor("sla-influxdb", 4);
    kafka = vertx.createSharedWorkerExecutor("sla-kafka-sends", 2);
    hub = new LiveHub(vertx, store, config.zone, config.pushIntervalMillis, config.pushBudgetPerSecond, config.heartbeatMillis, config.stuckCloseMillis, config.clock);
    Router router = Router.router(vertx);
    router.route().handler(DashboardVerticle::securityHeaders);
    sessions = LocalSessionStore.create(vertx);
    // Lazy: a session (and its cookie and memory) only for who logs in or opens a display,
    // never for an anonymous request.
    router.route().handler(SessionHandler.create(sessions).setLazySession(true)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(config.secure())
        .setSessionTimeout(config.sessionTimeoutMillis)
        .setSessionCookieName(SESSION_COOKIE));
    router.route().handler(this::timed);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
        .end(metrics.render(hub, store, reader, parts)));
    router.get("/display/:token").handler(this::openDisplay);
    router.post("/login").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
    router.post("/logout").handler(this::logout);
    router.get("/ws").handler(this::websocket);
    router.route("/api/*").handler(this::authenticate);
    router.get("/api/me").handler(this::me);
    router.get("/api/clock").handler(ctx -> json(ctx, 200, new JsonObject().put("asOf", store.asOf())));
    router.get("/api/units").handler(this::units);
    router.get("/api/units/:unitId/live").handler(this::live);
    router.get("/api/units/:unitId/report").handler(this::report);
    router.get("/api/units/:unitId/dossiers").handler(this::dossiers);
    router.get("/api/units/:unitId/history").handler(this::history);
    router.get("/api/units/:unitId/report.csv").handler(this::reportCsv);
    router.get("/api/quality").handler(this::quality);
    router.get("/api/alerts").handler(this::alerts);
    router.get("/api/alerts/history").handler(this::alertHistory);
    router.post("/api/alerts/silences").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::silence);
    router.delete("/api/alerts/silences/:id").handler(this::liftSilence);
    router.post("/api/alerts/:alertId/ack").handler(this::ack);
    router.get("/api/alert-rules").handler(this::alertRules);
    router.put("/api/alert-rules").handler(BodyHandler.create(false).setBodyLimit(256 * 1024)).handler(this::putAlertRules);
    router.get("/api/displays").handler(this::listDisplays);
    router.post("/api/displays").handler(BodyHandler.create(false).setBodyLimit(16_384)).handler(this::createDisplay);
    router.delete("/api/displays/:id").handler(this::revokeDisplay);
    router.route("/api/*").handler(ctx -> error(ctx, 404, "no such API path: " + ctx.request().path()));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(this::failure);
    router.errorHandler(500, this::failure);

    io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions();
    if (config.sendBufferSize > 0) options.setSendBufferSize(config.sendBufferSize);
    if (config.tlsCert != null) {
      options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(config.tlsCert).setKeyPath(config.tlsKey));
    }
    server = vertx.createHttpServer(options);
    // A socket opened with a session ends with it: once a minute, the expired ones (logout and
    // revocation close theirs at once).
    vertx.setPeriodic(config.sessionCheckMillis, t -> {
      for (String id : hub.sessionIds()) {
        sessions.get(id).onSuccess(found -> {
          if (found == null) hub.closeAll("session:" + id, "session expired");
        });
      }
    });
    return server.requestHandler(router).listen(config.port, config.host)
        .onSuccess(s -> LOG.info("Dashboard listening on port {}", s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    if (rulesProducer != null) rulesProducer.close(java.time.Duration.ofSeconds(5));
    return server == null ? Future.succeededFuture() : server.close();
  }

  // --- health and auth ---

  private io.vertx.ext.web.sstore.SessionStore sessions;
  /**
   * Blocking work on pools of their own, so that one kind cannot queue the others' callers
   * behind it: password hashing (deliberately slow), InfluxDB queries, Kafka sends.
   */
  private io.vertx.core.WorkerExecutor hashing;
  private io.vertx.core.WorkerExecutor influx;
  private io.vertx.core.WorkerExecutor kafka;

  /** Reports on another background part too (the alert delivery, started after the server). */
  public void watch(Liveness part) {
    parts.add(part);
  }

  private void health(RoutingContext ctx) {
    // Ready, and every background part still running. A broker outage alone is not a failure:
    // the last figures are served (their asOf tells how old) and brokerReachable says why.
    boolean allAlive = parts.stream().allMatch(Liveness::alive);
    JsonObject partsJson = new JsonObject();
    for (Liveness l : parts) {
      partsJson.put(l.name(), new JsonObject().put("alive", l.alive()).put("brokerReachable", l.brokerReachable())
          .put("lastLoopAgeMillis", l.lastLoopAgeMillis()).put("lag", l.lag()));
    }
    boolean up = store.isReady() && allAlive && store.zoneMismatch() == null;
    JsonObject b = new JsonObject()
        .put("status", up ? "UP" : store.isReady() ? "DEGRADED" : "STARTING")
        .put("parts", partsJson)
        .put("problem", store.zoneMismatch())
        .put("asOf", store.asOf())
        .put("catchingUp", store.clock() != null && store.clock().catchingUp)
        .put("inputProgress", store.clock() == null ? null : store.clock().progress)
        .put("units", registry.size())
        .put("openDossiers", store.openDossiers())
        .put("clients", hub.clientCount());
    json(ctx, up ? 200 : 503, b);
  }

  private Caller caller(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ")) {
      String token = auth.substring(7).trim();
      if (config.apiToken != null && MessageDigest.isEqual(
          token.getBytes(StandardCharsets.UTF_8), config.apiToken.getBytes(StandardCharsets.UTF_8))) {
        return admitted(ctx, new Caller("api", Role.ADMIN, List.of()), "token");
      }
      return null;
    }
    io.vertx.ext.web.Session session = existingSession(ctx);
    if (session != null) {
      String user = session.get(SESSION_USER);
      if (user != null) return admitted(ctx, users.get(user), "session:" + session.id());
      String displayId = session.get(SESSION_DISPLAY);
      if (displayId != null) {
        DisplayTokens.Display d = displays.byId(displayId); // null once revoked
        if (d != null) return admitted(ctx, new Caller("display:" + d.name, Role.DISPLAY, d.units), "display:" + d.id);
      }
    }
    // A wall display keeps its token in a cookie, so it comes back by itself after a server restart (sessions live in
    // the server's memory) instead of falling to the login form nobody is there to fill in.
    io.vertx.core.http.Cookie kiosk = ctx.request().getCookie(DISPLAY_COOKIE);
    if (kiosk != null && displays != null) {
      DisplayTokens.Display d = displays.byToken(kiosk.getValue()); // null once revoked
      if (d != null) {
        if (session != null) session.put(SESSION_DISPLAY, d.id);
        return admitted(ctx, new Caller("display:" + d.name, Role.DISPLAY, d.units), "display:" + d.id);
      }
    }
    return null;
  }

  /** Notes what let the caller in (a session, a display, the API token), so that its sockets end with it. */
  private static Caller admitted(RoutingContext ctx, Caller c, String credential) {
    if (c != null) ctx.put(CREDENTIAL, credential);
    return c;
  }

  /**
   * On every answer: no framing by another site (clickjacking), scripts, styles and sockets
   * from this origin only, no sniffing of content types, no referrer sent elsewhere.
   */
  static void securityHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }

  /** The caller's session if the request brings one; never creates one (sessions are lazy). */
  private static io.vertx.ext.web.Session existingSession(RoutingContext ctx) {
    return ctx.request().getCookie(SESSION_COOKIE) == null ? null : ctx.session();
  }

  private void timed(RoutingContext ctx) {
    long start = System.nanoTime();
    String path = ctx.request().path();
    if (path.startsWith("/api/")) {
      ctx.addBodyEndHandler(v -> {
        String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? "other" : ctx.currentRoute().getPath();
        metrics.request(route, ctx.response().getStatusCode(), System.nanoTime() - start);
      });
    }
    ctx.next();
  }

  private void openDisplay(RoutingContext ctx) {
    DisplayTokens.Display d = displays.byToken(ctx.pathParam("token"));
    if (d == null) {
      error(ctx, 403, "unknown or revoked display token");
      return;
    }
    ctx.session().regenerateId();
    ctx.session().remove(SESSION_USER);
    ctx.session().put(SESSION_DISPLAY, d.id);
    ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(DISPLAY_COOKIE, ctx.pathParam("token")).setSecure(config.secure())
        .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setMaxAge(400L * 24 * 3600));
    ctx.response().setStatusCode(303).putHeader("Location", "/#/wall").end();
  }

  private boolean admin(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    if (c.role() != Role.ADMIN) {
      error(ctx, 403, "only an administrator may do this");
      return false;
    }
    return true;
  }

  private void listDisplays(RoutingContext ctx) {
    if (!admin(ctx)) return;
    JsonArray a = new JsonArray();
    for (DisplayTokens.Display d : displays.all()) a.add(displayJson(d));
    json(ctx, 200, a);
  }

  private static JsonObject displayJson(DisplayTokens.Display d) {
    return new JsonObject().put("id", d.id).put("name", d.name).put("units", new JsonArray(d.units))
        .put("createdAt", d.createdAt).put("createdBy", d.createdBy).put("expiresAt", d.expiresAt);
  }

  private void createDisplay(RoutingContext ctx) {
    if (!admin(ctx)) return;
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site request refused");
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "send a JSON object {\"name\", \"units\": [unitId, ...]}");
      return;
    }
    String name = body.getValue("name") instanceof String n ? n.strip() : "";
    if (name.isEmpty() || name.length() > 100) {
      error(ctx, 400, "name is required (at most 100 characters)");
      return;
    }
    List<String> units = new java.util.ArrayList<>();
    if (!(body.getValue("units") instanceof JsonArray arr) || arr.isEmpty()) {
      error(ctx, 400, "units must be a non-empty list of unit ids");
      return;
    }
    for (Object o : arr) {
      if (!(o instanceof String u) || !registry.contains(u)) {
        error(ctx, 400, "unknown unit '" + o + "'");
        return;
      }
      units.add(u);
    }
    java.time.Instant expiresAt = null;
    if (body.getValue("expiresInDays") != null) {
      if (!(body.getValue("expiresInDays") instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())
          || n.intValue() < 1 || n.intValue() > 3650) {
        error(ctx, 400, "expiresInDays must be a whole number of days from 1 to 3650 (leave it out: valid until revoked)");
        return;
      }
      expiresAt = java.time.Instant.now().plus(java.time.Duration.ofDays(n.intValue()));
    }
    Caller c = ctx.get(CALLER);
    DisplayTokens.Created created = displays.create(name, units, c.username(), expiresAt);
    String origin = ctx.request().getHeader("Origin");
    String base = origin != null ? origin : "http://" + ctx.request().getHeader("Host");
    json(ctx, 201, displayJson(created.display()).put("token", created.token())
        .put("url", base + "/display/" + created.token()));
  }

  private void revokeDisplay(RoutingContext ctx) {
    if (!admin(ctx)) return;
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site request refused");
      return;
    }
    if (!displays.revoke(ctx.pathParam("id"))) {
      error(ctx, 404, "no display '" + ctx.pathParam("id") + "'");
      return;
    }
    hub.closeAll("display:" + ctx.pathParam("id"), "display revoked");
    ctx.response().setStatusCode(204).end();
  }

  private org.apache.kafka.clients.producer.KafkaProducer<String, String> rulesProducer;

  private JsonObject rulesInfo(FiguresStore.RuleSet r) {
    return new JsonObject()
        .put("rules", r == null ? null : new JsonObject(r.json()))
        .put("updatedBy", r == null ? null : r.by())
        .put("updatedAt", r == null ? null : Json.dateTime(r.atMillis(), config.zone));
  }

  private void alertRules(RoutingContext ctx) {
    if (!admin(ctx)) return;
    json(ctx, 200, rulesInfo(store.alertRules()));
  }

  /**
   * An administrator's rule edit: validated here (a bad set is refused naming the rule and the
   * problem, the running rules stay), then published to the rules topic, which the job reads as
   * broadcast state. The rule file's checksum travels on, so the job's next start keeps this
   * edit unless the file itself changed since (the newer edit wins).
   */
  private void putAlertRules(RoutingContext ctx) {
    if (!admin(ctx)) return;
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site request refused");
      return;
    }
    String body = ctx.body().asString();
    int count;
    try {
      if (body == null || body.isBlank()) throw new IllegalArgumentException("send the rule set as JSON: {\"rules\": [...]}");
      count = vn.sla.core.alerts.AlertRules.parse(body, registry).size();
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    Caller c = ctx.get(CALLER);
    FiguresStore.RuleSet previous = store.alertRules();
    String fileSha = previous == null ? null : previous.fileSha256();
    kafka.executeBlocking(() -> {
      synchronized (this) {
        if (rulesProducer == null) {
          java.util.Properties p = new java.util.Properties();
          p.put("bootstrap.servers", config.bootstrap);
          p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
          p.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
          p.put("acks", "all");
          p.put("max.block.ms", "10000");
          rulesProducer = new org.apache.kafka.clients.producer.KafkaProducer<>(p);
        }
      }
      var rec = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(config.alertRulesTopic, Topics.RULES_KEY, body);
      rec.headers().add(Topics.RULES_BY, c.username().getBytes(StandardCharsets.UTF_8));
      if (fileSha != null) rec.headers().add(Topics.RULES_FILE_SHA, fileSha.getBytes(StandardCharsets.UTF_8));
      return rulesProducer.send(rec).get(15, java.util.concurrent.TimeUnit.SECONDS);
    }).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Publishing alert rules failed: {}", ar.cause().toString());
        error(ctx, 503, "the rules could not be published (Kafka is not reachable); the running rules stay in force");
        return;
      }
      LOG.info("Alert rules ({} rules) published by {}", count, c.username());
      json(ctx, 200, new JsonObject().put("rules", count).put("updatedBy", c.username())
          .put("updatedAt", Json.dateTime(ar.result().timestamp(), config.zone)));
    });
  }

  private void alerts(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    JsonArray a = new JsonArray();
    for (var e : store.activeAlerts()) {
      if (!c.maySee(e.unitId, registry)) continue;
      JsonObject o = new JsonObject(Json.write(e));
      AlertActions.Ack ack = actions.ackOf(e.alertId);
      if (ack != null) o.put("acknowledged", new JsonObject(Json.write(ack)));
      AlertActions.Silence s = actions.silenceOf(e, registry);
      if (s != null) o.put("silenced", new JsonObject(Json.write(s)));
      a.add(o);
    }
    JsonArray silences = new JsonArray();
    for (var s : actions.silences()) if (c.maySee(s.unitId, registry)) silences.add(new JsonObject(Json.write(s)));
    json(ctx, 200, new JsonObject().put("asOf", store.asOf()).put("active", a).put("silences", silences));
  }

  /** Read-only callers (wall displays) may look, not act. */
  private boolean mayAct(RoutingContext ctx, String unitId) {
    Caller c = ctx.get(CALLER);
    if (c.role() == Role.DISPLAY) {
      error(ctx, 403, "a wall display is read-only");
      return false;
    }
    if (unitId != null && !c.maySee(unitId, registry)) {
      error(ctx, 403, "unit '" + unitId + "' is outside your scope");
      return false;
    }
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site request refused");
      return false;
    }
    return true;
  }

  private void ack(RoutingContext ctx) {
    String id = ctx.pathParam("alertId");
    var alert = store.activeAlerts().stream().filter(e -> e.alertId.equals(id)).findFirst().orElse(null);
    if (alert == null) {
      error(ctx, 404, "no firing alert '" + id + "'");
      return;
    }
    if (!mayAct(ctx, alert.unitId)) return;
    Caller c = ctx.get(CALLER);
    json(ctx, 200, new JsonObject(Json.write(actions.ack(id, c.username()))));
  }

  private void silence(RoutingContext ctx) {
    JsonObject b;
    try {
      b = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      b = null;
    }
    if (b == null || !(b.getValue("unitId") instanceof String unit) || !registry.contains(unit)) {
      error(ctx, 400, "send {\"unitId\", \"ruleId\" (optional), \"minutes\", \"reason\"} with a known unitId");
      return;
    }
    if (!mayAct(ctx, unit)) return;
    Object minutes = b.getValue("minutes");
    if (!(minutes instanceof Number m) || m.longValue() < 1 || m.longValue() > 30L * 24 * 60) {
      error(ctx, 400, "minutes must be a number from 1 to 43200 (30 days)");
      return;
    }
    String rule = b.getValue("ruleId") instanceof String r ? r : null;
    String reason = b.getValue("reason") instanceof String r ? (r.length() > 500 ? r.substring(0, 500) : r) : null;
    Caller c = ctx.get(CALLER);
    var s = actions.silence(rule, unit, System.currentTimeMillis() + ((Number) minutes).longValue() * 60_000, c.username(), reason,
        c.role().name(), c.roots(registry));
    LOG.info("Alert silence {} set by {} ({}) on {} rule {} until {}", s.id, c.username(), c.role(), unit, rule, s.until);
    json(ctx, 201, new JsonObject(Json.write(s)));
  }

  /** Lifts a silence: its author, an administrator, or the leadership over its unit. */
  private void liftSilence(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    var s = actions.silenceById(ctx.pathParam("id"));
    if (s == null || !c.maySee(s.unitId, registry)) {
      error(ctx, 404, "no silence '" + ctx.pathParam("id") + "'");
      return;
    }
    if (!mayAct(ctx, s.unitId)) return;
    boolean allowed = c.role() == Role.ADMIN || c.username().equals(s.by) || c.role() == Role.LEADERSHIP;
    if (!allowed) {
      error(ctx, 403, "only who set it, the leadership or an administrator lifts this silence");
      return;
    }
    actions.lift(s.id);
    LOG.info("Alert silence {} lifted by {} ({})", s.id, c.username(), c.role());
    ctx.response().setStatusCode(204).end();
  }

  private void alertHistory(RoutingContext ctx) {
    LocalDate from = date(ctx, "from");
    if (from == null) return;
    LocalDate to = date(ctx, "to");
    if (to == null) return;
    if (from.isAfter(to) || to.toEpochDay() - from.toEpochDay() > 400) {
      error(ctx, 400, "from must not be after to, and at most 400 days");
      return;
    }
    Caller c = ctx.get(CALLER);
    influx.executeBlocking(() -> reports.alertHistory(from, to)).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      JsonArray a = new JsonArray();
      for (var row : ar.result()) if (c.maySee(row.get("unit"), registry)) a.add(new JsonObject(new java.util.HashMap<>(row)));
      json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString()).put("changes", a));
    });
  }

  private void quality(RoutingContext ctx) {
    if (!admin(ctx)) return;
    influx.executeBlocking(reports::quality).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      JsonObject counts = new JsonObject();
      ar.result().forEach(counts::put);
      json(ctx, 200, new JsonObject().put("asOf", store.asOf()).put("counts", counts));
    });
  }

  private void history(RoutingContext ctx) {
    String id = unit(ctx);
    if (id == null) return;
    LocalDate from = date(ctx, "from");
    if (from == null) return;
    LocalDate to = date(ctx, "to");
    if (to == null) return;
    if (from.isAfter(to) || to.toEpochDay() - from.toEpochDay() >= 400) {
      error(ctx, 400, "from must not be after to, and a history covers at most 400 days");
      return;
    }
    influx.executeBlocking(() -> reports.history(id, from, to)).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      jsonText(ctx, 200, new JsonObject().put("unitId", id).put("from", from.toString()).put("to", to.toString())
          .put("days", new JsonArray(Json.write(ar.result()))).encode());
    });
  }

  private void reportCsv(RoutingContext ctx) {
    periodReport(ctx, r -> ctx.response().setStatusCode(200)
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"bao-cao-" + r.unitId + "-" + r.from + "-" + r.to + ".csv\"")
        .end(ReportCsv.render(r, registry.get(r.unitId).name())));
  }

  private void authenticate(RoutingContext ctx) {
    Caller c = caller(ctx);
    if (c == null) {
      error(ctx, 401, "log in first, or send Authorization: Bearer <token>");
      return;
    }
    ctx.put(CALLER, c);
    ctx.next();
  }

  /** State-changing browser calls must come from our own pages (with SameSite=Strict cookies). */
  private boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) return true; // not a browser cross-site request
    return allowedOrigin(ctx, origin);
  }

  private boolean allowedOrigin(RoutingContext ctx, String origin) {
    // HTTP/2 has no Host header, only the :authority pseudo-header (Vert.x's authority()).
    String host = ctx.request().getHeader("Host");
    if (host == null && ctx.request().authority() != null) host = ctx.request().authority().toString();
    try {
      URI o = URI.create(origin);
      String hostPort = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
      if (host != null && host.equalsIgnoreCase(hostPort)) return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (config.publicUrl != null && config.publicUrl.equalsIgnoreCase(origin)) return true;
    for (String a : config.allowedOrigins.split(",")) if (!a.isBlank() && a.trim().equalsIgnoreCase(origin)) return true;
    return false;
  }

  private void login(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site login refused");
      return;
    }
    String ip = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    String user = ctx.request().getFormAttribute("username");
    String pass = ctx.request().getFormAttribute("password");
    long wait = throttle.reserve(user, ip); // before hashing: a burst cannot slip past the count
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(wait));
      error(ctx, 429, "too many failed logins, try again in " + wait + " s");
      return;
    }
    sessions.size().onComplete(size -> {
      if (size.succeeded() && size.result() >= config.maxSessions && existingSession(ctx) == null) {
        // Sessions live in memory: a cap, so that logins in a loop cannot fill it.
        throttle.release(user, ip);
        error(ctx, 503, "too many open sessions on this server; try again later");
        return;
      }
      checkPassword(ctx, user, pass, ip);
    });
  }

  private void checkPassword(RoutingContext ctx, String user, String pass, String ip) {
    hashing.executeBlocking(() -> users.authenticate(user, pass)).onComplete(ar -> {
      Caller c = ar.succeeded() ? ar.result() : null;
      throttle.settle(user, ip, c != null);
      String shown = user == null ? "" : user.replaceAll("\\p{Cntrl}", "?");
      LOG.info("Login {} for '{}' from {}", c == null ? "refused" : "accepted", shown.length() > 64 ? shown.substring(0, 64) : shown, ip);
      if (c == null) {
        ctx.response().setStatusCode(303).putHeader("Location", "/?login=failed#/").end();
        return;
      }
      ctx.session().regenerateId();
      ctx.session().put(SESSION_USER, c.username());
      ctx.response().setStatusCode(303).putHeader("Location", "/#/").end();
    });
  }

  private void logout(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      error(ctx, 403, "cross-site logout refused");
      return;
    }
    io.vertx.ext.web.Session session = existingSession(ctx);
    if (session != null) {
      hub.closeAll("session:" + session.id(), "logged out");
      session.destroy();
    }
    ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(DISPLAY_COOKIE, "").setPath("/").setMaxAge(0));
    ctx.response().setStatusCode(303).putHeader("Location", "/").end();
  }

  private void websocket(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !allowedOrigin(ctx, origin)) {
      error(ctx, 403, "websocket from origin " + origin + " refused");
      return;
    }
    Caller c = caller(ctx);
    if (c == null) {
      error(ctx, 403, "log in first");
      return;
    }
    String credential = ctx.get(CREDENTIAL);
    ctx.request().toWebSocket()
        .onSuccess(ws -> hub.accept(ws, c, credential))
        .onFailure(e -> {
          if (!ctx.response().ended()) error(ctx, 400, "not a websocket request");
        });
  }

  // --- API ---

  private void me(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    json(ctx, 200, new JsonObject().put("username", c.username()).put("role", c.role().name())
        .put("scope", new JsonArray(c.roots(registry))));
  }

  private void units(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    JsonArray a = new JsonArray();
    for (Unit u : registry.all()) {
      if (!c.maySee(u.unitId(), registry)) continue;
      a.add(new JsonObject().put("unitId", u.unitId()).put("name", u.name())
          .put("parentId", u.parentId()).put("level", u.level()));
    }
    json(ctx, 200, a);
  }

  /** The unit of the path, or null after answering 404/403. */
  private String unit(RoutingContext ctx) {
    String id = ctx.pathParam("unitId");
    if (!registry.contains(id)) {
      error(ctx, 404, "unknown unit '" + id + "'");
      return null;
    }
    Caller c = ctx.get(CALLER);
    if (!c.maySee(id, registry)) {
      error(ctx, 403, "unit '" + id + "' is outside your scope");
      return null;
    }
    return id;
  }

  private void live(RoutingContext ctx) {
    String id = unit(ctx);
    if (id == null) return;
    if (!store.isReady()) {
      error(ctx, 503, "the server is still loading the figures");
      return;
    }
    jsonText(ctx, 200, Json.write(store.figures(id)));
  }

  private void report(RoutingContext ctx) {
    periodReport(ctx, r -> jsonText(ctx, 200, Json.write(r)));
  }

  private void periodReport(RoutingContext ctx, java.util.function.Consumer<PeriodReport> answer) {
    String id = unit(ctx);
    if (id == null) return;
    LocalDate from = date(ctx, "from");
    if (from == null) return;
    LocalDate to = date(ctx, "to");
    if (to == null) return;
    if (from.isAfter(to)) {
      error(ctx, 400, "from " + from + " is after to " + to);
      return;
    }
    if (to.toEpochDay() - from.toEpochDay() > 3700) {
      error(ctx, 400, "a report covers at most ten years");
      return;
    }
    long now = store.asOfMillis() == Long.MIN_VALUE ? System.currentTimeMillis() : store.asOfMillis();
    LocalDate today = rules.localDate(now);
    influx.executeBlocking(() -> reports.report(id, from, to, today)).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.accept(ar.result());
      } else {
        LOG.warn("Report failed: {}", ar.cause().toString());
        error(ctx, 503, "the history database is not available");
      }
    });
  }

  private LocalDate date(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      error(ctx, 400, "parameter '" + name + "' (YYYY-MM-DD) is required");
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      error(ctx, 400, "parameter '" + name + "' must be a date YYYY-MM-DD, got '" + v + "'");
      return null;
    }
  }

  private static final Set<String> BUCKETS = Set.of("overdue", "dueSoon", "paused", "inTime");

  private void dossiers(RoutingContext ctx) {
    String id = unit(ctx);
    if (id == null) return;
    if (((Caller) ctx.get(CALLER)).role() == Role.DISPLAY) {
      // A wall hangs where the public can read it: figures, never the list of citizens' dossiers.
      error(ctx, 403, "a wall display shows figures, not dossiers");
      return;
    }
    String bucket = ctx.request().getParam("bucket");
    if (bucket != null && Bucket.fromApiName(bucket) == null) {
      error(ctx, 400, "bucket must be one of overdue, dueSoon, paused, inTime");
      return;
    }
    Integer limit = intParam(ctx, "limit", 100, 1, 1000);
    if (limit == null) return;
    Integer offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    if (offset == null) return;
    FiguresStore.Page p = store.dossiers(id, bucket, limit, offset);
    JsonArray items = new JsonArray();
    for (var s : p.items()) {
      items.add(new JsonObject().put("dossierId", s.dossierId).put("unitId", s.unitId).put("field", s.field)
          .put("channel", s.channel).put("receivedAt", s.receivedAt).put("dueAt", s.dueAt)
          .put("bucket", s.bucket).put("apologyIssued", s.apologyIssued));
    }
    json(ctx, 200, new JsonObject().put("total", p.total()).put("items", items));
  }

  private Integer intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null) return dflt;
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) throw new NumberFormatException();
      return i;
    } catch (NumberFormatException e) {
      error(ctx, 400, "parameter '" + name + "' must be an integer from " + min + " to " + max + ", got '" + v + "'");
      return null;
    }
  }

  // --- responses ---

  private void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (t != null) LOG.warn("Request {} failed: {}", ctx.request().path(), t.toString());
    if (ctx.response().ended()) return;
    error(ctx, status, status == 500 ? "internal error" : "request failed (" + status + ")");
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    jsonText(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  private static void jsonText(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  static void error(RoutingContext ctx, int status, String message) {
    jsonText(ctx, status, new JsonObject().put("error", message).encode());
  }
}
