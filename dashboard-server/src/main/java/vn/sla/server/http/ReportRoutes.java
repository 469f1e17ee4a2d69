package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.jsonText;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.Json;
import vn.sla.core.rules.SlaRules;
import vn.sla.server.reports.FieldNames;
import vn.sla.server.reports.OverdueRanking;
import vn.sla.server.reports.PeriodReport;
import vn.sla.server.reports.ReportBreakdown;
import vn.sla.server.reports.ReportService.Selection;
import vn.sla.server.reports.ReportXlsx;

/**
 * What a chief sends the district and a leader reads on the wall, from InfluxDB: the period
 * report broken down by child unit and by field, the report as an .xlsx workbook, and the
 * ranking of a month's overdue. Mounted on the units' router, behind its scope guard.
 */
public record ReportRoutes(Parts p, SlaRules rules) {
  private static final Logger LOG = LoggerFactory.getLogger(ReportRoutes.class);
  /** At most this many rows in a ranking. */
  public static final int MAX_RANKING = 200;
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static final String REST_UNIT = "Tại chính đơn vị và chuyển giữa các đơn vị trực thuộc";
  static final String REST_FIELD = "Không rõ lĩnh vực";

  public void mount(Router r) {
    r.get("/:unitId/report/breakdown").handler(this::breakdown);
    r.get("/:unitId/report.xlsx").handler(this::xlsx);
    r.get("/:unitId/overdue-ranking").handler(this::ranking);
  }

  private LocalDate today() {
    long now = p.store().asOfMillis() == Long.MIN_VALUE ? System.currentTimeMillis() : p.store().asOfMillis();
    return rules.localDate(now);
  }

  private <T> void blocking(RoutingContext ctx, Callable<T> work, Consumer<T> answer) {
    p.influx().executeBlocking(work).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.accept(ar.result());
      } else {
        LOG.warn("Report failed: {}", ar.cause().toString());
        error(ctx, 503, "the history database is not available");
      }
    });
  }

  /** by=unit: the unit's children; by=field: its fields. The rows add up to the unit's report. */
  ReportBreakdown breakdownOf(String unitId, String by, LocalDate from, LocalDate to, LocalDate today) {
    PeriodReport total = p.reports().report(unitId, from, to, today);
    if ("unit".equals(by)) {
      List<String> children = p.registry().children(unitId);
      Map<String, PeriodReport> parts = children.isEmpty() ? Map.of() : p.reports().reports(Selection.units(children), from, to, today);
      return ReportBreakdown.of(by, total, children, parts, id -> p.registry().get(id).name(), REST_UNIT);
    }
    Map<String, PeriodReport> parts = p.reports().reports(Selection.fields(unitId), from, to, today);
    List<String> order = new ArrayList<>(parts.keySet());
    // Biggest field first, as a report to the district lists them.
    order.sort((a, b) -> Long.compare(parts.get(b).received.total + parts.get(b).pendingAtEnd.total,
        parts.get(a).received.total + parts.get(a).pendingAtEnd.total));
    return ReportBreakdown.of(by, total, order, parts, FieldNames::name, REST_FIELD);
  }

  private void breakdown(RoutingContext ctx) {
    String id = ctx.pathParam("unitId");
    String by = ctx.request().getParam("by");
    if (!"unit".equals(by) && !"field".equals(by)) throw new HttpError(400, "parameter 'by' must be 'unit' or 'field'");
    Params.DateRange range = Params.dateRange(ctx, UnitRoutes.MAX_REPORT_DAYS);
    LocalDate today = today();
    blocking(ctx, () -> breakdownOf(id, by, range.from(), range.to(), today), b -> jsonText(ctx, 200, Json.write(b)));
  }

  private void xlsx(RoutingContext ctx) {
    String id = ctx.pathParam("unitId");
    Params.DateRange range = Params.dateRange(ctx, UnitRoutes.MAX_REPORT_DAYS);
    LocalDate today = today();
    blocking(ctx, () -> {
      ReportBreakdown byUnit = breakdownOf(id, "unit", range.from(), range.to(), today);
      ReportBreakdown byField = breakdownOf(id, "field", range.from(), range.to(), today);
      return ReportXlsx.render(byUnit.total, p.registry().get(id).name(), byUnit.rows.isEmpty() ? null : byUnit, byField);
    }, bytes -> ctx.response().setStatusCode(200).putHeader("Content-Type", XLSX)
        .putHeader("Content-Disposition", "attachment; filename=\"bao-cao-" + id + "-" + range.from() + "-" + range.to() + ".xlsx\"")
        .end(Buffer.buffer(bytes)));
  }

  /**
   * The units a ranking compares, below the unit: those of the level asked for; by default the
   * communes (level COMMUNE), or, in a subtree without any, the units without units below.
   */
  List<String> rankedUnits(String unitId, String level) {
    List<String> ofLevel = new ArrayList<>();
    List<String> leaves = new ArrayList<>();
    String wanted = level == null ? "COMMUNE" : level;
    for (String u : p.registry().subtree(unitId)) {
      if (u.equals(unitId)) continue;
      if (wanted.equalsIgnoreCase(p.registry().get(u).level())) ofLevel.add(u);
      if (p.registry().children(u).isEmpty()) leaves.add(u);
    }
    return level != null || !ofLevel.isEmpty() ? ofLevel : leaves;
  }

  private void ranking(RoutingContext ctx) {
    String id = ctx.pathParam("unitId");
    LocalDate today = today();
    YearMonth month = YearMonth.from(today);
    String m = ctx.request().getParam("month");
    if (m != null) {
      try {
        month = YearMonth.parse(m);
      } catch (DateTimeParseException e) {
        throw new HttpError(400, "parameter 'month' must be a month YYYY-MM, got '" + m + "'");
      }
      if (month.isAfter(YearMonth.from(today))) throw new HttpError(400, "month " + month + " has not begun (today is " + today + ")");
      if (month.isBefore(YearMonth.from(today).minusYears(10))) throw new HttpError(400, "month " + month + " is more than ten years back");
    }
    int limit = Params.integer(ctx, "limit", 10, 1, MAX_RANKING);
    String level = ctx.request().getParam("level");
    if (level != null && !level.matches("[A-Za-z_-]{1,32}")) throw new HttpError(400, "parameter 'level' must be a level such as COMMUNE, got '" + level + "'");
    List<String> units = rankedUnits(id, level);
    YearMonth chosen = month;
    OverdueRanking.Periods periods = OverdueRanking.Periods.of(chosen, today);
    blocking(ctx, () -> {
      if (units.isEmpty()) return OverdueRanking.of(id, chosen, periods, units, Map.of(), Map.of(), u -> u, limit);
      Selection sel = Selection.units(units);
      Map<String, PeriodReport> now = p.reports().reports(sel, periods.from(), periods.to(), today);
      Map<String, PeriodReport> before = p.reports().reports(sel, periods.previousFrom(), periods.previousTo(), today);
      return OverdueRanking.of(id, chosen, periods, units, now, before, u -> p.registry().get(u).name(), limit);
    }, o -> jsonText(ctx, 200, Json.write(o)));
  }
}
