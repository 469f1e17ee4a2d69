package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.server.live.LiveHub;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;

/** For operators: /health (ready, each background part, the job's clock), /metrics (Prometheus), the job's clock, data quality. */
public final class OpsRoutes {
  private final UnitRegistry registry;
  private final FiguresStore store;
  private final ReportService reports;
  private final LiveHub hub;
  private final List<Liveness> parts;
  private final ServerMetrics metrics;
  private final Guards guards;
  private final WorkerExecutor influx;

  public OpsRoutes(UnitRegistry registry, FiguresStore store, ReportService reports, LiveHub hub, List<Liveness> parts,
      ServerMetrics metrics, Guards guards, WorkerExecutor influx) {
    this.registry = registry;
    this.store = store;
    this.reports = reports;
    this.hub = hub;
    this.parts = parts;
    this.metrics = metrics;
    this.guards = guards;
    this.influx = influx;
  }

  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.get("/health").handler(this::health);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    r.get("/api/clock").handler(ctx -> json(ctx, 200, new JsonObject().put("asOf", store.asOf())));
    r.get("/api/quality").handler(guards.admin()).handler(this::quality);
    return r;
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

  private void quality(RoutingContext ctx) {
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
}
