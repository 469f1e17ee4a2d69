package vn.sla.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.server.ServerConfig;
import vn.sla.server.access.Callers;
import vn.sla.server.access.Role;

/**
 * The checks in front of the handlers, as route handlers that answer a refusal or call
 * {@code next()}: a route's chain shows what it requires.
 */
public record Guards(ServerConfig config, UnitRegistry registry, Callers callers) {
  /** A known caller (API token, session, wall display), or 401. */
  public Handler<RoutingContext> authenticated() {
    return ctx -> {
      if (callers.resolve(ctx) == null) throw new HttpError(401, "log in first, or send Authorization: Bearer <token>");
      ctx.next();
    };
  }

  public Handler<RoutingContext> admin() {
    return ctx -> {
      if (Callers.of(ctx).role() != Role.ADMIN) throw new HttpError(403, "only an administrator may do this");
      ctx.next();
    };
  }

  /** Wall displays may look, not do (or see what the message says). */
  public Handler<RoutingContext> notDisplay(String message) {
    return ctx -> {
      if (Callers.of(ctx).role() == Role.DISPLAY) throw new HttpError(403, message);
      ctx.next();
    };
  }

  /** The path's {@code :unitId} exists (else 404) and is within the caller's scope (else 403). */
  public Handler<RoutingContext> unitInScope() {
    return ctx -> {
      inScope(ctx, ctx.pathParam("unitId"), true);
      ctx.next();
    };
  }

  /** A unit named in a body or found by id: known and within the caller's scope, or 404/403. */
  public void inScope(RoutingContext ctx, String unitId, boolean mustExist) {
    if (mustExist && !registry.contains(unitId)) throw new HttpError(404, "unknown unit '" + unitId + "'");
    if (!Callers.of(ctx).maySee(unitId, registry)) throw new HttpError(403, "unit '" + unitId + "' is outside your scope");
  }

  /** State-changing browser calls must come from our own pages (with SameSite=Strict cookies). */
  public Handler<RoutingContext> sameOrigin(String refusal) {
    return ctx -> {
      String origin = ctx.request().getHeader("Origin");
      // No Origin: not a browser's cross-site request.
      if (origin != null && !allowedOrigin(ctx, origin)) throw new HttpError(403, refusal);
      ctx.next();
    };
  }

  public boolean allowedOrigin(RoutingContext ctx, String origin) {
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

  /** On every answer: no framing by another site, resources from this origin only, no sniffing, no referrer elsewhere. */
  public static void securityHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }
}
