package vn.sla.server.access;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who is calling: the API token (Authorization: Bearer), a logged-in user's session, a wall
 * display's session, or a wall display's cookie (which survives server restarts). The one place
 * that reads credentials off a request.
 */
public record Callers(String apiToken, Users users, DisplayTokens displays) {
  /**
   * The session's cookie; a wall display's cookie, which keeps its display token (HttpOnly) to
   * survive server restarts; what a session holds: its user, or its display.
   */
  public static final String SESSION_COOKIE = "sla.session", DISPLAY_COOKIE = "sla.display", SESSION_USER = "user",
      SESSION_DISPLAY = "display";
  /**
   * Where the admitted caller is kept on the request, and what let it in: "session:&lt;id&gt;",
   * "display:&lt;id&gt;" or "token" (see LiveHub#closeAll).
   */
  private static final String CALLER = "caller", CREDENTIAL = "credential";

  /** The caller admitted earlier on this request (by {@link #resolve}). */
  public static Caller of(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** What let the caller in, once {@link #resolve} admitted one. */
  public static String credential(RoutingContext ctx) {
    return ctx.get(CREDENTIAL);
  }

  /** The caller's session if the request brings one; never creates one (sessions are lazy). */
  public static Session existingSession(RoutingContext ctx) {
    return ctx.request().getCookie(SESSION_COOKIE) == null ? null : ctx.session();
  }

  /** The caller, kept on the request with what let it in; null when nothing does. */
  public Caller resolve(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ")) {
      String token = auth.substring(7).trim();
      if (apiToken != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), apiToken.getBytes(StandardCharsets.UTF_8))) {
        return admitted(ctx, new Caller("api", Role.ADMIN, List.of()), "token");
      }
      return null;
    }
    Session session = existingSession(ctx);
    if (session != null) {
      String user = session.get(SESSION_USER);
      if (user != null) return admitted(ctx, users.get(user), "session:" + session.id());
      String displayId = session.get(SESSION_DISPLAY);
      if (displayId != null) {
        DisplayTokens.Display d = displays.byId(displayId); // null once revoked
        if (d != null) return admitted(ctx, display(d), "display:" + d.id);
      }
    }
    // A wall display keeps its token in a cookie, so it comes back by itself after a server restart (sessions live in
    // the server's memory) instead of falling to the login form nobody is there to fill in.
    Cookie kiosk = ctx.request().getCookie(DISPLAY_COOKIE);
    if (kiosk != null && displays != null) {
      DisplayTokens.Display d = displays.byToken(kiosk.getValue()); // null once revoked
      if (d != null) {
        if (session != null) session.put(SESSION_DISPLAY, d.id);
        return admitted(ctx, display(d), "display:" + d.id);
      }
    }
    return null;
  }

  private static Caller display(DisplayTokens.Display d) {
    return new Caller("display:" + d.name, Role.DISPLAY, d.units);
  }

  private static Caller admitted(RoutingContext ctx, Caller c, String credential) {
    if (c != null) {
      ctx.put(CALLER, c);
      ctx.put(CREDENTIAL, credential);
    }
    return c;
  }
}
