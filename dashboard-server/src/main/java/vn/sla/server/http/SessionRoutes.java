package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.sstore.SessionStore;
import vn.sla.server.access.Caller;
import vn.sla.server.access.Callers;
import vn.sla.server.access.DisplayTokens;
import vn.sla.server.access.LoginThrottle;
import vn.sla.server.access.Users;

/** Sessions: log in and out, open a wall display by its link, the live websocket, who am I. */
public record SessionRoutes(Parts p, Users users, DisplayTokens displays, Callers callers, SessionStore sessions, LoginThrottle throttle) {

  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.get("/display/:token").handler(this::openDisplay);
    r.post("/login").handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(p.guards().sameOrigin("cross-site login refused")).handler(this::login);
    r.post("/logout").handler(p.guards().sameOrigin("cross-site logout refused")).handler(this::logout);
    r.get("/ws").handler(this::websocket);
    r.get("/api/me").handler(this::me);
    return r;
  }

  private void openDisplay(RoutingContext ctx) {
    DisplayTokens.Display d = displays.byToken(ctx.pathParam("token"));
    if (d == null) throw new HttpError(403, "unknown or revoked display token");
    ctx.session().regenerateId();
    ctx.session().remove(Callers.SESSION_USER);
    ctx.session().put(Callers.SESSION_DISPLAY, d.id);
    ctx.response().addCookie(Cookie.cookie(Callers.DISPLAY_COOKIE, ctx.pathParam("token")).setSecure(p.config().secure())
        .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setMaxAge(400L * 24 * 3600));
    Routes.AUDIT.info("Display '{}' ({}) opened from {}", d.name, d.id, ip(ctx));
    // The link may choose the wall's theme and language (/display/<token>?theme=dark&lang=en).
    StringBuilder q = new StringBuilder();
    String theme = ctx.request().getParam("theme");
    if ("dark".equals(theme) || "light".equals(theme)) q.append("theme=").append(theme);
    String lang = ctx.request().getParam("lang");
    if ("vi".equals(lang) || "en".equals(lang)) q.append(q.isEmpty() ? "" : "&").append("lang=").append(lang);
    ctx.response().setStatusCode(303).putHeader("Location", q.isEmpty() ? "/#/wall" : "/#/wall?" + q).end();
  }

  private static String ip(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
  }

  private void login(RoutingContext ctx) {
    String ip = ip(ctx);
    String user = ctx.request().getFormAttribute("username");
    String pass = ctx.request().getFormAttribute("password");
    long wait = throttle.reserve(user, ip); // before hashing: a burst cannot slip past the count
    if (wait > 0) {
      Routes.AUDIT.info("Login throttled for '{}' from {} ({} s)", shown(user), ip, wait);
      ctx.response().putHeader("Retry-After", String.valueOf(wait));
      error(ctx, 429, "too many failed logins, try again in " + wait + " s");
      return;
    }
    sessions.size().onComplete(size -> {
      if (size.succeeded() && size.result() >= p.config().maxSessions && Callers.existingSession(ctx) == null) {
        // Sessions live in memory: a cap, so that logins in a loop cannot fill it.
        throttle.release(user, ip);
        error(ctx, 503, "too many open sessions on this server; try again later");
        return;
      }
      checkPassword(ctx, user, pass, ip);
    });
  }

  /** A user name as it may go in a log line: no control characters, at most 64 characters. */
  private static String shown(String user) {
    String s = user == null ? "" : user.replaceAll("\\p{Cntrl}", "?");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private void checkPassword(RoutingContext ctx, String user, String pass, String ip) {
    p.hashing().executeBlocking(() -> users.authenticate(user, pass)).onComplete(ar -> {
      Caller c = ar.succeeded() ? ar.result() : null;
      throttle.settle(user, ip, c != null);
      Routes.AUDIT.info("Login {} for '{}' from {}", c == null ? "refused" : "accepted", shown(user), ip);
      if (c == null) {
        ctx.response().setStatusCode(303).putHeader("Location", "/?login=failed#/").end();
        return;
      }
      ctx.session().regenerateId();
      ctx.session().put(Callers.SESSION_USER, c.username());
      ctx.response().setStatusCode(303).putHeader("Location", "/#/").end();
    });
  }

  private void logout(RoutingContext ctx) {
    Session session = Callers.existingSession(ctx);
    if (session != null) {
      String user = session.get(Callers.SESSION_USER);
      if (user != null) Routes.AUDIT.info("Logout of '{}' from {}", shown(user), ip(ctx));
      p.hub().closeAll("session:" + session.id(), "logged out");
      session.destroy();
    }
    ctx.response().addCookie(Cookie.cookie(Callers.DISPLAY_COOKIE, "").setPath("/").setMaxAge(0));
    ctx.response().setStatusCode(303).putHeader("Location", "/").end();
  }

  private void websocket(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !p.guards().allowedOrigin(ctx, origin)) throw new HttpError(403, "websocket from origin " + origin + " refused");
    Caller c = callers.resolve(ctx);
    if (c == null) throw new HttpError(403, "log in first");
    String credential = Callers.credential(ctx);
    ctx.request().toWebSocket()
        .onSuccess(ws -> p.hub().accept(ws, c, credential))
        .onFailure(e -> {
          if (!ctx.response().ended()) error(ctx, 400, "not a websocket request");
        });
  }

  private void me(RoutingContext ctx) {
    Caller c = Callers.of(ctx);
    json(ctx, 200, new JsonObject().put("username", c.username()).put("role", c.role().name())
        .put("scope", new JsonArray(c.roots(p.registry()))));
  }
}
