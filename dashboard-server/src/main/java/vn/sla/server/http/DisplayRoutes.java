package vn.sla.server.http;

import static vn.sla.server.http.Responses.error;
import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.sla.server.access.Caller;
import vn.sla.server.access.Callers;
import vn.sla.server.access.DisplayTokens;

/** Wall displays (administrators only): list, pair one (its link and token), revoke one (its screens close at once). */
public record DisplayRoutes(Parts p, DisplayTokens displays) {
  private static final String CROSS_SITE = "cross-site request refused";

  /** Mounted at /api/displays. */
  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    r.route().handler(p.guards().admin());
    r.get("/").handler(this::list);
    r.post("/").handler(BodyHandler.create(false).setBodyLimit(16_384)).handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::create);
    r.delete("/:id").handler(p.guards().sameOrigin(CROSS_SITE)).handler(this::revoke);
    return r;
  }

  private void list(RoutingContext ctx) {
    JsonArray a = new JsonArray();
    for (DisplayTokens.Display d : displays.all()) a.add(displayJson(d));
    json(ctx, 200, a);
  }

  private static JsonObject displayJson(DisplayTokens.Display d) {
    return new JsonObject().put("id", d.id).put("name", d.name).put("units", new JsonArray(d.units))
        .put("createdAt", d.createdAt).put("createdBy", d.createdBy).put("expiresAt", d.expiresAt);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Params.jsonBody(ctx);
    if (body == null) throw new HttpError(400, "send a JSON object {\"name\", \"units\": [unitId, ...]}");
    String name = body.getValue("name") instanceof String n ? n.strip() : "";
    if (name.isEmpty() || name.length() > 100) throw new HttpError(400, "name is required (at most 100 characters)");
    if (!(body.getValue("units") instanceof JsonArray arr) || arr.isEmpty()) {
      throw new HttpError(400, "units must be a non-empty list of unit ids");
    }
    List<String> units = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof String u) || !p.registry().contains(u)) throw new HttpError(400, "unknown unit '" + o + "'");
      units.add(u);
    }
    Instant expiresAt = null;
    if (body.getValue("expiresInDays") != null) {
      if (!(body.getValue("expiresInDays") instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())
          || n.intValue() < 1 || n.intValue() > 3650) {
        throw new HttpError(400, "expiresInDays must be a whole number of days from 1 to 3650 (leave it out: valid until revoked)");
      }
      expiresAt = Instant.now().plus(Duration.ofDays(n.intValue()));
    }
    Caller c = Callers.of(ctx);
    Instant expires = expiresAt;
    String origin = ctx.request().getHeader("Origin");
    String base = origin != null ? origin : "http://" + ctx.request().getHeader("Host");
    p.files().executeBlocking(() -> displays.create(name, units, c.username(), expires)).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 500, "the display could not be saved");
        return;
      }
      DisplayTokens.Created created = ar.result();
      Routes.AUDIT.info("Display '{}' ({}) paired by {} for {}", name, created.display().id, c.username(), units);
      json(ctx, 201, displayJson(created.display()).put("token", created.token()).put("url", base + "/display/" + created.token()));
    });
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Caller c = Callers.of(ctx);
    p.files().executeBlocking(() -> displays.revoke(id)).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 500, "the display could not be revoked");
        return;
      }
      if (!ar.result()) {
        error(ctx, 404, "no display '" + id + "'");
        return;
      }
      Routes.AUDIT.info("Display {} revoked by {}", id, c.username());
      p.hub().closeAll("display:" + id, "display revoked");
      ctx.response().setStatusCode(204).end();
    });
  }
}
