package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.DossierStatus;
import vn.sla.core.figures.DossierTimeline;
import vn.sla.core.figures.Json;
import vn.sla.jobs.testing.Scenario;
import vn.sla.server.access.Users;
import vn.sla.server.topics.FiguresStore;

/**
 * Finding one dossier (GET /api/dossiers/{id}, ?q=) and the forecast of a unit, against the real
 * verticle on a store filled as the topic reader fills it: the answers, who may see what
 * (another unit's dossier is unknown, 404), and refusals of bad parameters (400).
 */
@ExtendWith(VertxExtension.class)
class DossierApiTest {
  static final String PASSWORD = "pw-chief-123";
  static final String NOW = "2026-11-22T09:00:00+07:00";
  static final String TOKEN = "admin-token-0123456789";
  FiguresStore store;
  String base;

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  static DossierTimeline.Event event(String id, String type, String at, boolean applied, String rejectReason) {
    DossierTimeline.Event e = new DossierTimeline.Event();
    e.eventId = id;
    e.type = type;
    e.occurredAt = at;
    e.applied = applied;
    e.rejectReason = rejectReason;
    return e;
  }

  static String timeline(String id, String status, String holder, String receiving, String due, DossierTimeline.Event... events) {
    DossierTimeline t = new DossierTimeline();
    t.dossierId = id;
    t.status = status;
    t.unitId = holder;
    t.receivingUnitId = receiving;
    t.field = "ho-tich";
    t.channel = "ONLINE";
    t.receivedAt = "2026-11-20T08:00:00+07:00";
    t.dueAt = due;
    t.dueAtMillis = t(due);
    t.paused = false;
    t.apologyIssued = false;
    if (!status.equals("OPEN")) t.outcome = "late";
    t.events = events;
    return Json.write(t);
  }

  static DossierStatus open(String unit, String due, boolean paused, boolean apology, String field) {
    DossierStatus s = new DossierStatus();
    s.unitId = unit;
    s.receivingUnitId = unit;
    s.field = field;
    s.channel = "ONLINE";
    s.receivedAt = "2026-11-01T08:00:00+07:00";
    s.dueAt = due;
    s.dueAtMillis = t(due);
    s.paused = paused;
    s.apologyIssued = apology;
    return s;
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    store = new FiguresStore(Scenario.registry());
    ClockTick tick = new ClockTick();
    tick.asOf = NOW;
    tick.asOfMillis = t(NOW);
    store.putClock(tick);
    store.putTimeline("H33-221120-0001", timeline("H33-221120-0001", "OPEN", "xa-1b", "xa-1a", "2026-11-22T16:00:00+07:00",
        event("e1", "RECEIVED", "2026-11-20T08:00:00+07:00", true, null),
        event("e3", "PAUSED", "2026-11-21T10:00:00+07:00", false, "PAUSED_WHILE_PAUSED"),
        event("e2", "TRANSFERRED", "2026-11-21T09:00:00+07:00", true, null)));
    store.putTimeline("H33-221120-0002", timeline("H33-221120-0002", "COMPLETED", "xa-2a", "xa-2a", "2026-11-21T16:00:00+07:00",
        event("f1", "RECEIVED", "2026-11-20T08:00:00+07:00", true, null),
        event("f2", "COMPLETED", "2026-11-22T08:00:00+07:00", true, null)));
    // after it closed: a RETURNED and a refused WITHDRAWN, published apart
    store.putTimeline(DossierTimeline.addendumKey("H33-221120-0002", 7), Json.write(event("f4", "WITHDRAWN", "2026-11-22T08:40:00+07:00", false, "AFTER_COMPLETED")));
    store.putTimeline(DossierTimeline.addendumKey("H33-221120-0002", 9), Json.write(event("f3", "RETURNED", "2026-11-22T08:30:00+07:00", true, null)));
    store.putTimeline("H34-221120-0001", timeline("H34-221120-0001", "OPEN", "xa-1b", "xa-1b", "2026-11-25T16:00:00+07:00",
        event("g1", "RECEIVED", "2026-11-20T08:00:00+07:00", true, null)));
    store.putTimeline("GONE-0001", timeline("GONE-0001", "OPEN", "xa-1a", "xa-1a", "2026-11-25T16:00:00+07:00"));
    store.putTimeline("GONE-0001", null); // forgotten by the job

    store.putDossier("A-today", open("xa-1a", "2026-11-22T16:00:00+07:00", false, false, "ho-tich"));
    store.putDossier("A-today-paused", open("xa-1a", "2026-11-22T12:00:00+07:00", true, false, "ho-tich"));
    store.putDossier("B-tomorrow", open("xa-1b", "2026-11-23T10:00:00+07:00", false, false, "dat-dai"));
    store.putDossier("B-tomorrow2", open("xa-1b", "2026-11-23T09:00:00+07:00", false, true, "dat-dai"));
    store.putDossier("C-overdue1", open("xa-1a", "2026-11-21T16:00:00+07:00", false, false, "dat-dai"));
    store.putDossier("C-overdue3", open("xa-1a", "2026-11-19T16:00:00+07:00", false, true, "ho-tich"));
    store.putDossier("C-overdue5", open("xa-1b", "2026-11-17T16:00:00+07:00", false, false, "ho-tich"));
    store.putDossier("D-far", open("xa-2a", "2026-11-23T16:00:00+07:00", false, false, "ho-tich"));
    store.markReady();

    Path users = Files.createTempFile("users", ".txt");
    Files.writeString(users, "chief:CHIEF:xa-1a:" + Users.hash(PASSWORD) + "\nchief2:CHIEF:xa-1b:" + Users.hash(PASSWORD) + "\nwall:DISPLAY:tinh:"
        + Users.hash(PASSWORD) + "\n");
    ServerConfig c = new ServerConfig();
    c.port = 0;
    c.host = "127.0.0.1";
    c.apiToken = TOKEN;
    DashboardVerticle server = new DashboardVerticle(c, store, Users.load(users, Scenario.registry()), null);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  String cookie(String user) throws Exception {
    return ServerAccessTest.sessionCookie(ServerAccessTest.login(base, base, user)).split(";")[0];
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b = cookie == null ? b.header("Authorization", "Bearer " + TOKEN) : b.header("Cookie", cookie);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOpenDossierWithItsHolderBucketAndEventsInOrderRefusedOnesIncluded() throws Exception {
    HttpResponse<String> r = get("/api/dossiers/H33-221120-0001", cookie("chief"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject d = new JsonObject(r.body());
    assertThat(d.getString("status")).isEqualTo("OPEN");
    assertThat(d.getString("bucket")).isEqualTo("dueSoon"); // due 16:00 today, now 09:00
    assertThat(d.containsKey("outcome")).isFalse();
    assertThat(d.getString("unitId")).isEqualTo("xa-1b");
    assertThat(d.getString("receivingUnitId")).isEqualTo("xa-1a"); // the chief of the receiving unit finds it after it left
    assertThat(d.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("eventId"))).containsExactly("e1", "e2", "e3");
    JsonObject refused = d.getJsonArray("events").getJsonObject(2);
    assertThat(refused.getBoolean("applied")).isFalse();
    assertThat(refused.getString("rejectReason")).isEqualTo("PAUSED_WHILE_PAUSED");
  }

  @Test
  void aClosedDossierWithItsOutcomeAndTheEventsAfterItClosed() throws Exception {
    JsonObject d = new JsonObject(get("/api/dossiers/H33-221120-0002", null).body());
    assertThat(d.getString("status")).isEqualTo("COMPLETED");
    assertThat(d.getString("outcome")).isEqualTo("late");
    assertThat(d.containsKey("bucket")).isFalse();
    assertThat(d.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("eventId") + ":" + ((JsonObject) o).getBoolean("applied")))
        .containsExactly("f1:true", "f2:true", "f3:true", "f4:false");
  }

  @Test
  void anotherUnitsDossierIsAnsweredAsAnUnknownOneAndAWallSeesNone() throws Exception {
    String chief = cookie("chief");
    HttpResponse<String> other = get("/api/dossiers/H33-221120-0002", chief); // held and received in xa-2a
    HttpResponse<String> unknown = get("/api/dossiers/NO-SUCH-1", chief);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("no dossier 'H33-221120-0002' among yours");
    assertThat(get("/api/dossiers/GONE-0001", null).statusCode()).isEqualTo(404); // the job forgot it
    assertThat(get("/api/dossiers/H34-221120-0001", chief).statusCode()).isEqualTo(404);
    assertThat(get("/api/dossiers/H34-221120-0001", cookie("chief2")).statusCode()).isEqualTo(200);
    assertThat(get("/api/dossiers/H33-221120-0001", cookie("wall")).statusCode()).isEqualTo(403);
  }

  @Test
  void aSearchByTheCodesEndFindsOnlyTheCallersDossiers() throws Exception {
    JsonObject chief = new JsonObject(get("/api/dossiers?q=-0001", cookie("chief")).body());
    assertThat(ids(chief.getJsonArray("items"))).containsExactly("H33-221120-0001");
    JsonObject chief2 = new JsonObject(get("/api/dossiers?q=-0001", cookie("chief2")).body());
    assertThat(ids(chief2.getJsonArray("items"))).containsExactly("H33-221120-0001", "H34-221120-0001");
    assertThat(chief2.getJsonArray("items").getJsonObject(0).getString("bucket")).isEqualTo("dueSoon");
    JsonObject admin = new JsonObject(get("/api/dossiers?q=h34-221120-0001", null).body()); // letter case ignored, the exact one first
    assertThat(ids(admin.getJsonArray("items"))).containsExactly("H34-221120-0001");
    JsonObject limited = new JsonObject(get("/api/dossiers?q=221120-000&limit=1", null).body());
    assertThat(limited.getInteger("total")).isZero(); // an end, not a part
    JsonObject all = new JsonObject(get("/api/dossiers?q=0001&limit=1", null).body());
    assertThat(all.getInteger("total")).isEqualTo(2);
    assertThat(all.getJsonArray("items")).hasSize(1);
    assertThat(get("/api/dossiers?q=01", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/dossiers", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/dossiers?q=0001&limit=500", null).statusCode()).isEqualTo(400);
  }

  @Test
  void theForecastCountsTheRunningDossiersDueOnEachDayFromToday() throws Exception {
    HttpResponse<String> r = get("/api/units/huyen-1/forecast?days=3", null);
    JsonObject f = new JsonObject(r.body());
    assertThat(f.getString("unitId")).isEqualTo("huyen-1");
    assertThat(f.getString("asOf")).isEqualTo(NOW);
    JsonArray days = f.getJsonArray("days");
    assertThat(days.stream().map(o -> ((JsonObject) o).getString("date") + "=" + ((JsonObject) o).getInteger("becomesOverdue")))
        .containsExactly("2026-11-22=1", "2026-11-23=2", "2026-11-24=0"); // not the paused one, not the overdue, not xa-2a's
    assertThat(ids(days.getJsonObject(1).getJsonArray("items"))).containsExactly("B-tomorrow2", "B-tomorrow");
    assertThat(new JsonObject(get("/api/units/tinh/forecast", null).body()).getJsonArray("days")).hasSize(7);
    assertThat(new JsonObject(get("/api/units/tinh/forecast?days=2", null).body()).getJsonArray("days").getJsonObject(1)
        .getInteger("becomesOverdue")).isEqualTo(3);
  }

  @Test
  void theForecastRefusesBadDaysUnknownUnitsAndOtherUnits() throws Exception {
    for (String bad : List.of("0", "32", "abc", "-1")) {
      HttpResponse<String> r = get("/api/units/huyen-1/forecast?days=" + bad, null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error")).contains("days");
    }
    assertThat(get("/api/units/xa-khong-co/forecast", null).statusCode()).isEqualTo(404);
    assertThat(get("/api/units/xa-1b/forecast", cookie("chief")).statusCode()).isEqualTo(403);
    assertThat(get("/api/units/xa-1a/forecast", cookie("chief")).statusCode()).isEqualTo(200);
  }

  @Test
  void theChaseListFiltersByFieldApologyAndDaysOverdueInDueOrder() throws Exception {
    assertThat(ids(new JsonObject(get("/api/units/huyen-1/dossiers?bucket=overdue", null).body()).getJsonArray("items")))
        .containsExactly("C-overdue5", "C-overdue3", "C-overdue1");
    JsonObject atLeast3 = new JsonObject(get("/api/units/huyen-1/dossiers?minDaysOverdue=3", null).body());
    assertThat(ids(atLeast3.getJsonArray("items"))).containsExactly("C-overdue5", "C-overdue3");
    assertThat(atLeast3.getInteger("total")).isEqualTo(2);
    JsonObject noApology = new JsonObject(get("/api/units/huyen-1/dossiers?bucket=overdue&apology=false", null).body());
    assertThat(ids(noApology.getJsonArray("items"))).containsExactly("C-overdue5", "C-overdue1");
    assertThat(noApology.getInteger("total")).isEqualTo(2);
    JsonObject field = new JsonObject(get("/api/units/huyen-1/dossiers?field=dat-dai&limit=1&offset=1", null).body());
    assertThat(field.getInteger("total")).isEqualTo(3);
    assertThat(ids(field.getJsonArray("items"))).containsExactly("B-tomorrow2");
    assertThat(get("/api/units/huyen-1/dossiers?apology=maybe", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/units/huyen-1/dossiers?minDaysOverdue=x", null).statusCode()).isEqualTo(400);
  }

  static List<String> ids(JsonArray a) {
    return a.stream().map(o -> ((JsonObject) o).getString("dossierId")).toList();
  }
}
