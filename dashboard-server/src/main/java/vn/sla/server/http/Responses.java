package vn.sla.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every answer of the API: JSON, never cached; errors as {@code {"error": message}}, never a stack trace. */
public final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    jsonText(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  public static void jsonText(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  public static void error(RoutingContext ctx, int status, String message) {
    jsonText(ctx, status, new JsonObject().put("error", message).encode());
  }

  /** The router's failure handler: a refusal ({@link HttpError}) is answered as it says; anything else is logged and is 500. */
  public static void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (ctx.response().ended()) return;
    if (t instanceof HttpError e) {
      error(ctx, e.status, e.getMessage());
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (t != null) LOG.warn("Request {} failed: {}", ctx.request().path(), t.toString());
    error(ctx, status, status == 500 ? "internal error" : "request failed (" + status + ")");
  }
}
