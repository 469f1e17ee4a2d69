package vn.sla.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.rules.SlaRules;
import vn.sla.server.access.Callers;
import vn.sla.server.access.DisplayTokens;
import vn.sla.server.access.LoginThrottle;
import vn.sla.server.access.Users;
import vn.sla.server.alerting.AlertActions;
import vn.sla.server.http.AlertRoutes;
import vn.sla.server.http.DisplayRoutes;
import vn.sla.server.http.DossierRoutes;
import vn.sla.server.http.Guards;
import vn.sla.server.http.HttpError;
import vn.sla.server.http.OpsRoutes;
import vn.sla.server.http.Parts;
import vn.sla.server.http.Responses;
import vn.sla.server.http.ServerMetrics;
import vn.sla.server.http.SessionRoutes;
import vn.sla.server.http.UnitRoutes;
import vn.sla.server.live.LiveHub;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.RulesPublisher;
import vn.sla.server.topics.TopicReader;

/**
 * The dashboard server's HTTP side: it mounts each area's routes (package {@code http}) behind
 * the handlers every request passes (security headers, sessions, access log, metrics). Every
 * error is JSON with a message, never a stack trace.
 */
public final class DashboardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);

  private final ServerConfig config;
  private final FiguresStore store;
  private final Users users;
  private final ReportService reports;
  private final DisplayTokens displays;
  private final TopicReader reader;
  private final AlertActions actions;
  private final ServerMetrics metrics;
  /** The background parts /health and /metrics report on (the topic reader, the alert delivery). */
  private final List<Liveness> parts = new CopyOnWriteArrayList<>();
  private LiveHub hub;
  private HttpServer server;
  private RulesPublisher rulesPublisher;

  public DashboardVerticle(ServerConfig config, FiguresStore store, Users users, ReportService reports) {
    this(config, store, users, reports, new DisplayTokens(null), null, new AlertActions(null), null);
  }

  public DashboardVerticle(ServerConfig config, FiguresStore store, Users users, ReportService reports,
      DisplayTokens displays, TopicReader reader, AlertActions actions) {
    this(config, store, users, reports, displays, reader, actions, null);
  }

  /** @param meters Vert.x's metrics registry (ServerMain), or null for one of the server's own */
  public DashboardVerticle(ServerConfig config, FiguresStore store, Users users, ReportService reports,
      DisplayTokens displays, TopicReader reader, AlertActions actions, PrometheusMeterRegistry meters) {
    this.config = config;
    this.store = store;
    this.users = users;
    this.reports = reports;
    this.displays = displays;
    this.reader = reader;
    this.actions = actions;
    this.metrics = new ServerMetrics(meters).withJvm();
    if (reader != null) parts.add(reader);
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

  /** Reports on another background part too (the alert delivery, started after the server). */
  public void watch(Liveness part) {
    parts.add(part);
    metrics.part(part);
  }

  @Override
  public Future<?> start() {
    hub = new LiveHub(vertx, store, config.zone, config.pushIntervalMillis, config.pushBudgetPerSecond, config.heartbeatMillis,
        config.stuckCloseMillis, config.clock);
    metrics.watch(hub, store, reader, parts);
    metrics.watchEventLoop(vertx);
    rulesPublisher = new RulesPublisher(config.bootstrap, config.alertRulesTopic, vertx.createSharedWorkerExecutor("sla-kafka-sends", 2));
    SessionStore sessions = LocalSessionStore.create(vertx);
    Callers callers = new Callers(config.apiToken, users, displays);
    Parts p = new Parts(config, store.registry(), store, reports, hub, new Guards(config, store.registry(), callers),
        vertx.createSharedWorkerExecutor("sla-influxdb", 4), vertx.createSharedWorkerExecutor("sla-file-writes", 1),
        vertx.createSharedWorkerExecutor("sla-password-hashing", 2));

    Router root = Router.router(vertx);
    root.route().handler(Guards::securityHeaders);
    // Lazy: a session (and its cookie and memory) only for who logs in or opens a display,
    // never for an anonymous request.
    root.route().handler(SessionHandler.create(sessions).setLazySession(true)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(config.secure())
        .setSessionTimeout(config.sessionTimeoutMillis)
        .setSessionCookieName(Callers.SESSION_COOKIE));
    // One line per request in the access log (logger io.vertx.ext.web.handler.LoggerHandler; log4j2.xml gives it a file).
    root.route().handler(LoggerHandler.create(LoggerFormat.DEFAULT));
    root.route().handler(metrics::timed);
    root.route("/api/*").handler(p.guards().authenticated());
    root.route("/*").subRouter(new SessionRoutes(p, users, displays, callers, sessions, new LoginThrottle(System::currentTimeMillis)).router(vertx));
    root.route("/*").subRouter(new OpsRoutes(p, parts, metrics).router(vertx));
    root.route("/api/units*").subRouter(new UnitRoutes(p, new SlaRules(config.zone, SlaRules.DEFAULT_DUE_SOON)).router(vertx));
    root.route("/api/dossiers*").subRouter(new DossierRoutes(p).router(vertx));
    AlertRoutes alerts = new AlertRoutes(p, actions, rulesPublisher);
    root.route("/api/alerts*").subRouter(alerts.router(vertx));
    root.route("/api/alert-rules*").subRouter(alerts.rulesRouter(vertx));
    root.route("/api/displays*").subRouter(new DisplayRoutes(p, displays).router(vertx));
    root.route("/api/*").handler(ctx -> {
      throw new HttpError(404, "no such API path: " + ctx.request().path());
    });
    root.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    root.route().failureHandler(Responses::failure);
    root.errorHandler(500, Responses::failure);

    HttpServerOptions options = new HttpServerOptions();
    if (config.sendBufferSize > 0) options.setSendBufferSize(config.sendBufferSize);
    if (config.tlsCert != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert).setKeyPath(config.tlsKey));
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
    return server.requestHandler(root).listen(config.port, config.host)
        .onSuccess(s -> LOG.info("Dashboard listening on port {}", s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    if (rulesPublisher != null) rulesPublisher.close();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
