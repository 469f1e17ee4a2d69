package vn.sla.server.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** What every area's sub-router shares: the route template it answered (for metrics) and JSON failures. */
public final class Routes {
  /** The full route template a request was answered by, e.g. {@code /api/units/:unitId/live}. */
  public static final String TEMPLATE = "sla.route";
  /** Who did what, from where: logins, logouts, displays, alert actions, rule edits (log4j2: audit.log). */
  public static final org.slf4j.Logger AUDIT = org.slf4j.LoggerFactory.getLogger("vn.sla.audit");

  private Routes() {}

  /**
   * A sub-router for one area. Mount it with {@code root.route(prefix + "*").subRouter(...)}:
   * "prefix*", not "prefix/*", so that the bare prefix (a collection, e.g. /api/units) reaches
   * its "/" route.
   */
  public static Router area(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(Routes::noteTemplate);
    r.route().failureHandler(Responses::failure);
    return r;
  }

  /**
   * The matched route is known only once a handler answers: note it as the headers go out. Only
   * for the API, which the metrics count; pages and static files pass every area's router.
   */
  private static void noteTemplate(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/api/")) {
      ctx.next();
      return;
    }
    ctx.addHeadersEndHandler(v -> {
      if (ctx.currentRoute() == null || ctx.currentRoute().getPath() == null) return;
      String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint();
      String t = (mount + ctx.currentRoute().getPath()).replaceAll("/{2,}", "/");
      ctx.put(TEMPLATE, t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
    });
    ctx.next();
  }

  /** The template noted for the request, or the root route's path, or "other". */
  public static String template(RoutingContext ctx) {
    String t = ctx.get(TEMPLATE);
    if (t != null) return t;
    return ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? "other" : ctx.currentRoute().getPath();
  }
}
