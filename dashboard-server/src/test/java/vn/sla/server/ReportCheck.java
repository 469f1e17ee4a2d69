package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.testing.ReferenceModel;

/** The period reports of the API, every unit and period, against the reference model's. */
final class ReportCheck {
  private ReportCheck() {}

  /** Every unit's report of every period equals the model's, field by field, and reconciles. */
  static void equalsModel(String base, ReferenceModel model, UnitRegistry registry, List<int[]> periods) throws Exception {
    for (Unit u : registry.all()) {
      for (int[] p : periods) {
        String from = LocalDate.ofEpochDay(p[0]).toString();
        String to = LocalDate.ofEpochDay(p[1]).toString();
        Http.Answer a = Http.get(base + "/api/units/" + u.unitId() + "/report?from=" + from + "&to=" + to, Stack.TOKEN);
        assertThat(a.status()).isEqualTo(200);
        JsonObject r = new JsonObject(a.body());
        Map<String, Long> expected = model.report(u.unitId(), p[0], p[1]);
        Map<String, Long> actual = new java.util.LinkedHashMap<>();
        JsonObject rec = r.getJsonObject("received");
        JsonObject com = r.getJsonObject("completed");
        JsonObject end = r.getJsonObject("pendingAtEnd");
        actual.put("received.online", rec.getLong("online"));
        actual.put("received.inPerson", rec.getLong("inPerson"));
        actual.put("received.postal", rec.getLong("postal"));
        actual.put("completed.early", com.getLong("early"));
        actual.put("completed.onTime", com.getLong("onTime"));
        actual.put("completed.late", com.getLong("late"));
        actual.put("withdrawn", r.getLong("withdrawn"));
        actual.put("transferredIn", r.getLong("transferredIn"));
        actual.put("transferredOut", r.getLong("transferredOut"));
        actual.put("pendingAtEnd.inTime", end.getLong("inTime"));
        actual.put("pendingAtEnd.overdue", end.getLong("overdue"));
        actual.put("pendingAtEnd.paused", end.getLong("paused"));
        actual.put("carriedOver", r.getLong("carriedOver"));
        assertThat(actual).as("report of %s from %s to %s", u.unitId(), from, to).isEqualTo(expected);
        assertThat(r.getLong("carriedOver") + rec.getLong("total") + r.getLong("transferredIn"))
            .as("invariant").isEqualTo(com.getLong("total") + r.getLong("withdrawn") + r.getLong("transferredOut") + end.getLong("total"));
      }
    }
  }
  /** The same, retried until equal within {@code seconds}: InfluxDB gets the points a moment after the figures. */
  static void untilEqual(String base, ReferenceModel model, UnitRegistry registry, List<int[]> periods, int seconds)
      throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      try {
        equalsModel(base, model, registry, periods);
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) throw e;
        Thread.sleep(500);
      }
    }
  }
}
