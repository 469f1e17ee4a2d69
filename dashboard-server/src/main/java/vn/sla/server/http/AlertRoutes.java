package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.alerts.AlertRules;
import vn.sla.core.alerts.RuleSetRecord;
import vn.sla.core.figures.Json;
import vn.sla.server.access.Caller;
import vn.sla.server.access.Callers;
import vn.sla.server.access.Role;
import vn.sla.server.alerting.AlertActions;
import vn.sla.server.topics.RulesPublisher;

/** Alerts: the firing ones with their acknowledgements and silences, their history, and the rule set (admins). */
public record AlertRoutes(Parts p, AlertActions actions, RulesPublisher publisher) {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
  private static final String READ_ONLY = "a wall display is read-only";
  private static final String CROSS_SITE = "cross-site request refused";

  /** Mounted at /api/alerts. */
  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.get("/").handler(this::alerts);
    r.get("/history").handler(this::history);
    r.get("/thresholds").handler(this::thresholds);
    r.post("/silences").handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(p.guards().notDisplay(READ_ONLY)).handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::silence);
    r.delete("/silences/:id").handler(p.guards().notDisplay(READ_ONLY)).handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::lift);
    r.post("/:alertId/ack").handler(p.guards().notDisplay(READ_ONLY)).handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::ack);
    return r;
  }

  /** Mounted at /api/alert-rules: administrators only. */
  public Router rulesRouter(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.route().handler(p.guards().admin());
    r.get("/").handler(ctx -> json(ctx, 200, rulesInfo(p.store().alertRules())));
    r.put("/").handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::putRules);
    return r;
  }

  private void alerts(RoutingContext ctx) {
    Caller c = Callers.of(ctx);
    JsonArray a = new JsonArray();
    for (var e : p.store().activeAlerts()) {
      if (!c.maySee(e.unitId, p.registry())) continue;
      JsonObject o = new JsonObject(Json.write(e));
      AlertActions.Ack ack = actions.ackOf(e.alertId);
      if (ack != null) o.put("acknowledged", new JsonObject(Json.write(ack)));
      AlertActions.Silence s = actions.silenceOf(e, p.registry());
      if (s != null) o.put("silenced", new JsonObject(Json.write(s)));
      a.add(o);
    }
    JsonArray silences = new JsonArray();
    for (var s : actions.silences()) if (c.maySee(s.unitId, p.registry())) silences.add(new JsonObject(Json.write(s)));
    JsonObject answer = new JsonObject().put("asOf", p.store().asOf()).put("active", a).put("silences", silences);
    // While the job digests history none of these is news; screens say how far it has come instead.
    var clock = p.store().clock();
    if (clock != null && clock.catchingUp) answer.put("catchingUp", true).put("inputProgress", clock.progress);
    json(ctx, 200, answer);
  }

  /**
   * The rules on a unit's progress score, for the wall to colour the score against (any caller
   * who sees the unit, wall displays too: thresholds, not the rule set).
   */
  private void thresholds(RoutingContext ctx) {
    String unit = ctx.request().getParam("unit");
    if (unit == null || unit.isBlank()) throw new HttpError(400, "parameter 'unit' is required");
    if (p.registry().get(unit) == null) throw new HttpError(404, "unknown unit '" + unit + "'");
    if (!Callers.of(ctx).maySee(unit, p.registry())) throw new HttpError(403, "unit '" + unit + "' is outside your units");
    JsonArray score = new JsonArray();
    RuleSetRecord set = p.store().alertRules();
    if (set != null) {
      try {
        for (var r : AlertRules.parse(set.json(), p.registry())) {
          if (r.metric != vn.sla.core.alerts.AlertRule.Metric.PROGRESS_SCORE_MTD || !AlertRules.appliesTo(r, unit, p.registry())) continue;
          score.add(new JsonObject().put("ruleId", r.id).put("name", r.name == null ? r.id : r.name)
              .put("severity", r.severity.name()).put("fire", r.fire).put("clear", r.clear));
        }
      } catch (IllegalArgumentException e) {
        LOG.warn("The rule set in force does not parse here: {}", e.getMessage());
      }
    }
    json(ctx, 200, new JsonObject().put("unitId", unit).put("progressScore766", score));
  }

  private void history(RoutingContext ctx) {
    Params.DateRange range = Params.dateRange(ctx, UnitRoutes.MAX_HISTORY_DAYS);
    Caller c = Callers.of(ctx);
    p.influx().executeBlocking(() -> p.reports().alertHistory(range.from(), range.to())).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      JsonArray a = new JsonArray();
      for (var row : ar.result()) if (c.maySee(row.get("unit"), p.registry())) a.add(new JsonObject(new HashMap<>(row)));
      json(ctx, 200, new JsonObject().put("from", range.from().toString()).put("to", range.to().toString()).put("changes", a));
    });
  }

  private void ack(RoutingContext ctx) {
    String id = ctx.pathParam("alertId");
    var alert = p.store().activeAlerts().stream().filter(e -> e.alertId.equals(id)).findFirst().orElse(null);
    if (alert == null) throw new HttpError(404, "no firing alert '" + id + "'");
    p.guards().inScope(ctx, alert.unitId, false);
    Caller c = Callers.of(ctx);
    p.files().executeBlocking(() -> actions.ack(id, c.username())).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 500, "the acknowledgement could not be saved");
        return;
      }
      Routes.AUDIT.info("Alert {} acknowledged by {} ({})", id, c.username(), c.role());
      json(ctx, 200, new JsonObject(Json.write(ar.result())));
    });
  }

  private void silence(RoutingContext ctx) {
    JsonObject b = Params.jsonBody(ctx);
    if (b == null || !(b.getValue("unitId") instanceof String unit) || !p.registry().contains(unit)) {
      throw new HttpError(400, "send {\"unitId\", \"ruleId\" (optional), \"minutes\", \"reason\"} with a known unitId");
    }
    p.guards().inScope(ctx, unit, false);
    if (!(b.getValue("minutes") instanceof Number m) || m.longValue() < 1 || m.longValue() > 30L * 24 * 60) {
      throw new HttpError(400, "minutes must be a number from 1 to 43200 (30 days)");
    }
    long until = System.currentTimeMillis() + m.longValue() * 60_000;
    String rule = b.getValue("ruleId") instanceof String r ? r : null;
    String reason = b.getValue("reason") instanceof String r ? (r.length() > 500 ? r.substring(0, 500) : r) : null;
    Caller c = Callers.of(ctx);
    p.files().executeBlocking(() -> actions.silence(rule, unit, until, c.username(), reason, c.role().name(), c.roots(p.registry())))
        .onComplete(ar -> {
          if (ar.failed()) {
            error(ctx, 500, "the silence could not be saved");
            return;
          }
          var s = ar.result();
          Routes.AUDIT.info("Alert silence {} set by {} ({}) on {} rule {} until {}", s.id, c.username(), c.role(), unit, rule, s.until);
          json(ctx, 201, new JsonObject(Json.write(s)));
        });
  }

  /** Lifts a silence: its author, an administrator, or the leadership over its unit. */
  private void lift(RoutingContext ctx) {
    Caller c = Callers.of(ctx);
    var s = actions.silenceById(ctx.pathParam("id"));
    if (s == null || !c.maySee(s.unitId, p.registry())) throw new HttpError(404, "no silence '" + ctx.pathParam("id") + "'");
    boolean allowed = c.role() == Role.ADMIN || c.username().equals(s.by) || c.role() == Role.LEADERSHIP;
    if (!allowed) throw new HttpError(403, "only who set it, the leadership or an administrator lifts this silence");
    p.files().executeBlocking(() -> actions.lift(s.id)).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 500, "the silence could not be lifted");
        return;
      }
      Routes.AUDIT.info("Alert silence {} lifted by {} ({})", s.id, c.username(), c.role());
      ctx.response().setStatusCode(204).end();
    });
  }

  private JsonObject rulesInfo(RuleSetRecord r) {
    return new JsonObject()
        .put("rules", r == null ? null : new JsonObject(r.json()))
        .put("updatedBy", r == null ? null : r.by())
        .put("updatedAt", r == null ? null : Json.dateTime(r.atMillis(), p.config().zone));
  }

  /**
   * An administrator's rule edit: validated here (a bad set is refused naming the rule and the
   * problem, the running rules stay), then published to the rules topic, which the job reads as
   * broadcast state. The rule file's checksum travels on, so the job's next start keeps this
   * edit unless the file itself changed since (the newer edit wins).
   */
  private void putRules(RoutingContext ctx) {
    String body = ctx.body().asString();
    int count;
    try {
      if (body == null || body.isBlank()) throw new IllegalArgumentException("send the rule set as JSON: {\"rules\": [...]}");
      count = AlertRules.parse(body, p.registry()).size();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    Caller c = Callers.of(ctx);
    RuleSetRecord previous = p.store().alertRules();
    String fileSha = previous == null ? null : previous.fileSha256();
    publisher.publish(new RuleSetRecord(body, c.username(), fileSha, 0)).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Publishing alert rules failed: {}", ar.cause().toString());
        error(ctx, 503, "the rules could not be published (Kafka is not reachable); the running rules stay in force");
        return;
      }
      Routes.AUDIT.info("Alert rules ({} rules) published by {}", count, c.username());
      json(ctx, 200, new JsonObject().put("rules", count).put("updatedBy", c.username())
          .put("updatedAt", Json.dateTime(ar.result().timestamp(), p.config().zone)));
    });
  }
}
