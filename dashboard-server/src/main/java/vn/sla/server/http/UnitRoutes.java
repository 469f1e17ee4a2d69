package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;
import static vn.sla.server.http.Responses.jsonText;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.Json;
import vn.sla.core.registry.Unit;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.SlaRules;
import vn.sla.server.access.Caller;
import vn.sla.server.access.Callers;
import vn.sla.server.reports.PeriodReport;
import vn.sla.server.reports.ReportCsv;
import vn.sla.server.topics.FiguresStore;

/** A unit's figures: the list of units, live figures, period reports (JSON, CSV), daily history, open dossiers. */
public record UnitRoutes(Parts p, SlaRules rules) {
  private static final Logger LOG = LoggerFactory.getLogger(UnitRoutes.class);
  /** A daily history answers one row a day: at most 400. */
  public static final int MAX_HISTORY_DAYS = 400;
  /** A period report sums days: about ten years. */
  public static final int MAX_REPORT_DAYS = 3700;

  /** Mounted at /api/units. */
  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.get("/").handler(this::units);
    r.route("/:unitId/*").handler(p.guards().unitInScope());
    r.get("/:unitId/live").handler(this::live);
    r.get("/:unitId/report").handler(ctx -> periodReport(ctx, rep -> jsonText(ctx, 200, Json.write(rep))));
    r.get("/:unitId/report.csv").handler(this::reportCsv);
    r.get("/:unitId/history").handler(this::history);
    new ReportRoutes(p, rules).mount(r); // breakdowns, .xlsx, the month's overdue ranking
    // A wall hangs where the public can read it: figures, never the list of citizens' dossiers.
    r.get("/:unitId/dossiers").handler(p.guards().notDisplay("a wall display shows figures, not dossiers")).handler(this::dossiers);
    r.get("/:unitId/forecast").handler(p.guards().notDisplay("a wall display shows figures, not dossiers")).handler(this::forecast);
    return r;
  }

  private void units(RoutingContext ctx) {
    Caller c = Callers.of(ctx);
    JsonArray a = new JsonArray();
    for (Unit u : p.registry().all()) {
      if (!c.maySee(u.unitId(), p.registry())) continue;
      a.add(new JsonObject().put("unitId", u.unitId()).put("name", u.name()).put("parentId", u.parentId()).put("level", u.level()));
    }
    json(ctx, 200, a);
  }

  private void live(RoutingContext ctx) {
    if (!p.store().isReady()) throw new HttpError(503, "the server is still loading the figures");
    jsonText(ctx, 200, Json.write(p.store().figures(ctx.pathParam("unitId"))));
  }

  private void reportCsv(RoutingContext ctx) {
    periodReport(ctx, r -> ctx.response().setStatusCode(200)
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"bao-cao-" + r.unitId + "-" + r.from + "-" + r.to + ".csv\"")
        .end(ReportCsv.render(r, p.registry().get(r.unitId).name())));
  }

  private void periodReport(RoutingContext ctx, Consumer<PeriodReport> answer) {
    String id = ctx.pathParam("unitId");
    Params.DateRange range = Params.dateRange(ctx, MAX_REPORT_DAYS);
    long now = p.store().asOfMillis() == Long.MIN_VALUE ? System.currentTimeMillis() : p.store().asOfMillis();
    LocalDate today = rules.localDate(now);
    p.influx().executeBlocking(() -> p.reports().report(id, range.from(), range.to(), today)).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.accept(ar.result());
      } else {
        LOG.warn("Report failed: {}", ar.cause().toString());
        error(ctx, 503, "the history database is not available");
      }
    });
  }

  private void history(RoutingContext ctx) {
    String id = ctx.pathParam("unitId");
    Params.DateRange range = Params.dateRange(ctx, MAX_HISTORY_DAYS);
    p.influx().executeBlocking(() -> p.reports().history(id, range.from(), range.to())).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "the history database is not available");
        return;
      }
      jsonText(ctx, 200, new JsonObject().put("unitId", id).put("from", range.from().toString()).put("to", range.to().toString())
          .put("days", new JsonArray(Json.write(ar.result()))).encode());
    });
  }

  private void dossiers(RoutingContext ctx) {
    String bucket = ctx.request().getParam("bucket");
    if (bucket != null && Bucket.fromApiName(bucket) == null) throw new HttpError(400, "bucket must be one of overdue, dueSoon, paused, inTime");
    int limit = Params.integer(ctx, "limit", 100, 1, 1000);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    String field = ctx.request().getParam("field");
    if (field != null && field.isBlank()) field = null;
    String apology = ctx.request().getParam("apology");
    if (apology != null && !apology.equals("true") && !apology.equals("false")) throw new HttpError(400, "apology must be true or false");
    int minDaysOverdue = Params.integer(ctx, "minDaysOverdue", 0, 0, 36500);
    FiguresStore.Filter filter = new FiguresStore.Filter(field, apology == null ? null : Boolean.valueOf(apology), minDaysOverdue);
    FiguresStore.Page page = p.store().dossiers(ctx.pathParam("unitId"), bucket, filter, limit, offset);
    JsonArray items = new JsonArray();
    for (var s : page.items()) items.add(item(s));
    json(ctx, 200, new JsonObject().put("total", page.total()).put("items", items));
  }

  private static JsonObject item(vn.sla.core.figures.DossierStatus s) {
    return new JsonObject().put("dossierId", s.dossierId).put("unitId", s.unitId).put("field", s.field)
        .put("channel", s.channel).put("receivedAt", s.receivedAt).put("dueAt", s.dueAt)
        .put("bucket", s.bucket).put("apologyIssued", s.apologyIssued);
  }

  /** Contract 1.1: how many of the subtree's running dossiers turn overdue at the end of each of the next days; with the list behind each day. */
  private void forecast(RoutingContext ctx) {
    if (!p.store().isReady()) throw new HttpError(503, "the server is still loading the dossiers");
    int days = Params.integer(ctx, "days", 7, 1, 31);
    int limit = Params.integer(ctx, "limit", 100, 0, 1000);
    JsonArray out = new JsonArray();
    for (FiguresStore.ForecastDay d : p.store().forecast(ctx.pathParam("unitId"), days, limit)) {
      JsonArray items = new JsonArray();
      for (var s : d.items()) items.add(item(s));
      out.add(new JsonObject().put("date", d.date().toString()).put("becomesOverdue", d.becomesOverdue()).put("items", items));
    }
    json(ctx, 200, new JsonObject().put("unitId", ctx.pathParam("unitId")).put("asOf", p.store().asOf()).put("days", out));
  }
}
