package vn.sla.server.http;

import static vn.sla.server.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import vn.sla.server.access.Caller;
import vn.sla.server.access.Callers;
import vn.sla.server.topics.FiguresStore;

/**
 * Finding one dossier: by its code (GET /api/dossiers/{id}, contract 1.1) or by its code's end
 * (GET /api/dossiers?q=-0001), from the timelines the job publishes. A dossier is the caller's
 * when its holder or its receiving unit is within the caller's units; any other is answered
 * exactly as an unknown one (404), so nobody learns that a code exists elsewhere.
 */
public record DossierRoutes(Parts p) {
  /** A search lists at most this many (default 20). */
  public static final int MAX_SEARCH = 100;
  /** The shortest search text: a dossier code's end such as "0001". */
  public static final int MIN_QUERY = 3;

  /** Mounted at /api/dossiers. */
  public Router router(Vertx vertx) {
    Router r = Routes.area(vertx);
    // A wall hangs where the public can read it: figures, never a citizen's dossier.
    r.route().handler(p.guards().notDisplay("a wall display shows figures, not dossiers"));
    r.get("/").handler(this::search);
    r.get("/:dossierId").handler(this::dossier);
    return r;
  }

  private boolean visible(Caller c, FiguresStore.Timeline t) {
    return (t.unitId() != null && p.registry().contains(t.unitId()) && c.maySee(t.unitId(), p.registry()))
        || (t.receivingUnitId() != null && p.registry().contains(t.receivingUnitId()) && c.maySee(t.receivingUnitId(), p.registry()));
  }

  private void ready() {
    if (!p.store().isReady()) throw new HttpError(503, "the server is still loading the dossiers");
  }

  private void dossier(RoutingContext ctx) {
    ready();
    String id = ctx.pathParam("dossierId");
    FiguresStore.Timeline t = p.store().timeline(id);
    if (t == null || !visible(Callers.of(ctx), t)) throw new HttpError(404, "no dossier '" + id + "' among yours");
    JsonObject d = new JsonObject(t.json());
    List<JsonObject> events = new ArrayList<>();
    JsonArray stored = d.getJsonArray("events", new JsonArray());
    for (int i = 0; i < stored.size(); i++) events.add(stored.getJsonObject(i));
    for (String a : p.store().timelineAddenda(id)) events.add(new JsonObject(a));
    // occurredAt order (the job's lifecycle order, events after closure after it); stable, so equal times keep it
    events.sort(Comparator.comparing(e -> OffsetDateTime.parse(e.getString("occurredAt")).toInstant()));
    JsonObject out = new JsonObject().put("dossierId", id).put("status", d.getString("status"));
    if ("OPEN".equals(d.getString("status"))) {
      out.put("bucket", p.store().bucketAtNow(d.getLong("dueAtMillis"), d.getBoolean("paused", false)));
    } else if (d.getString("outcome") != null) {
      out.put("outcome", d.getString("outcome"));
    }
    for (String f : List.of("unitId", "receivingUnitId", "field", "procedureCode", "channel", "receivedAt", "dueAt")) {
      if (d.getValue(f) != null) out.put(f, d.getValue(f));
    }
    out.put("apologyIssued", d.getBoolean("apologyIssued", false)).put("paused", d.getBoolean("paused", false));
    if (d.getString("closedAt") != null) out.put("closedAt", d.getString("closedAt"));
    out.put("asOf", p.store().asOf()).put("events", new JsonArray(new ArrayList<Object>(events)));
    json(ctx, 200, out);
  }

  /**
   * {@code ?q=TEXT&limit=N}: the caller's dossiers whose code is TEXT or ends with it (letter case
   * ignored), the exact one first, then by code; {@code total} counts every match.
   */
  private void search(RoutingContext ctx) {
    ready();
    String q = ctx.request().getParam("q");
    q = q == null ? "" : q.strip();
    if (q.codePointCount(0, q.length()) < MIN_QUERY || q.length() > 128) {
      throw new HttpError(400, "parameter 'q' must be a dossier code or its end, " + MIN_QUERY + " to 128 characters");
    }
    int limit = Params.integer(ctx, "limit", 20, 1, MAX_SEARCH);
    String needle = q.toLowerCase(Locale.ROOT);
    Caller c = Callers.of(ctx);
    List<FiguresStore.Timeline> found = new ArrayList<>();
    for (FiguresStore.Timeline t : p.store().timelines()) {
      if (t.dossierId().toLowerCase(Locale.ROOT).endsWith(needle) && visible(c, t)) found.add(t);
    }
    found.sort(Comparator.<FiguresStore.Timeline, Boolean>comparing(t -> !t.dossierId().equalsIgnoreCase(needle))
        .thenComparing(FiguresStore.Timeline::dossierId));
    JsonArray items = new JsonArray();
    for (FiguresStore.Timeline t : found.subList(0, Math.min(limit, found.size()))) {
      JsonObject d = new JsonObject(t.json());
      JsonObject item = new JsonObject().put("dossierId", t.dossierId()).put("status", d.getString("status"))
          .put("unitId", d.getString("unitId")).put("receivingUnitId", d.getString("receivingUnitId"))
          .put("field", d.getString("field")).put("receivedAt", d.getString("receivedAt")).put("dueAt", d.getString("dueAt"));
      if ("OPEN".equals(d.getString("status"))) item.put("bucket", p.store().bucketAtNow(d.getLong("dueAtMillis"), d.getBoolean("paused", false)));
      else if (d.getString("outcome") != null) item.put("outcome", d.getString("outcome"));
      items.add(item);
    }
    json(ctx, 200, new JsonObject().put("q", q).put("total", found.size()).put("items", items));
  }
}
