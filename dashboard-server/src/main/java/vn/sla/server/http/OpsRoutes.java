package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.sla.server.topics.Liveness;

/** For operators: /health (ready, each background part, the job's clock), /metrics (Prometheus), the job's clock, data quality. */
public record OpsRoutes(Parts p, List<Liveness> parts, ServerMetrics metrics) {
  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.get("/health").handler(this::health);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    r.get("/api/clock").handler(ctx -> json(ctx, 200, new JsonObject().put("asOf", p.store().asOf())));
    r.get("/api/quality").handler(p.guards().admin()).handler(this::quality);
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
    boolean up = p.store().isReady() && allAlive && p.store().zoneMismatch() == null;
    JsonObject b = new JsonObject()
        .put("status", up ? "UP" : p.store().isReady() ? "DEGRADED" : "STARTING")
        .put("parts", partsJson)
        .put("problem", p.store().zoneMismatch())
        .put("asOf", p.store().asOf())
        .put("catchingUp", p.store().clock() != null && p.store().clock().catchingUp)
        .put("inputProgress", p.store().clock() == null ? null : p.store().clock().progress)
        .put("units", p.registry().size())
        .put("openDossiers", p.store().openDossiers())
        .put("clients", p.hub().clientCount());
    json(ctx, up ? 200 : 503, b);
  }

  private void quality(RoutingContext ctx) {
    p.influx().executeBlocking(p.reports()::quality).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      JsonObject counts = new JsonObject();
      ar.result().forEach(counts::put);
      json(ctx, 200, new JsonObject().put("asOf", p.store().asOf()).put("counts", counts));
    });
  }
}
