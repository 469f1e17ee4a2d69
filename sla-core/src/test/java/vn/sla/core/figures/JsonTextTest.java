package vn.sla.core.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written JSON is Jackson's text, member for member, on random values (nulls, escapes, any script). */
class JsonTextTest {
  private static final String ALPHABET = "aZ0 -.:+\"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028ăĐệ😀,;{}[]";
  private final Random rnd = new Random(17);

  private String text(boolean nullable) {
    if (nullable && rnd.nextInt(4) == 0) return null;
    if (rnd.nextInt(3) > 0) return "xa-" + rnd.nextInt(1000) + (rnd.nextBoolean() ? "" : "-Đông");
    StringBuilder b = new StringBuilder();
    int n = ALPHABET.codePointCount(0, ALPHABET.length());
    for (int i = rnd.nextInt(10); i > 0; i--) b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, rnd.nextInt(n))));
    return b.toString();
  }

  private DossierTimeline.Event event() {
    DossierTimeline.Event e = new DossierTimeline.Event();
    e.eventId = text(true);
    e.type = text(true);
    e.occurredAt = text(true);
    e.unitId = text(true);
    e.toUnitId = text(true);
    e.dueAt = text(true);
    e.reason = text(true);
    e.applied = rnd.nextBoolean();
    e.rejectReason = text(true);
    return e;
  }

  @Test
  void statusesAreJacksonsText() {
    for (int n = 0; n < 20_000; n++) {
      DossierStatus s = new DossierStatus();
      s.dossierId = text(true);
      s.unitId = text(true);
      s.receivingUnitId = text(true);
      s.field = text(true);
      s.procedureCode = text(true);
      s.channel = text(true);
      s.receivedAt = text(true);
      s.dueAt = text(true);
      s.dueAtMillis = rnd.nextLong();
      s.paused = rnd.nextBoolean();
      s.bucket = text(true);
      s.apologyIssued = rnd.nextBoolean();
      assertThat(JsonText.status(s)).isEqualTo(Json.write(s));
    }
  }

  @Test
  void timelinesAndTheirEventsAreJacksonsText() {
    for (int n = 0; n < 20_000; n++) {
      DossierTimeline t = new DossierTimeline();
      t.dossierId = text(true);
      t.status = text(true);
      t.outcome = text(true);
      t.unitId = text(true);
      t.receivingUnitId = text(true);
      t.field = text(true);
      t.procedureCode = text(true);
      t.channel = text(true);
      t.receivedAt = text(true);
      t.dueAt = text(true);
      t.dueAtMillis = rnd.nextInt(4) == 0 ? null : rnd.nextLong();
      t.paused = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean();
      t.apologyIssued = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean();
      t.closedAt = text(true);
      if (rnd.nextInt(5) > 0) {
        t.events = new DossierTimeline.Event[rnd.nextInt(6)];
        for (int i = 0; i < t.events.length; i++) t.events[i] = rnd.nextInt(20) == 0 ? null : event();
      }
      assertThat(JsonText.timeline(t)).isEqualTo(Json.write(t));
      DossierTimeline.Event e = event();
      assertThat(JsonText.event(e)).isEqualTo(Json.write(e));
    }
    assertThat(JsonText.timeline(new DossierTimeline())).isEqualTo(Json.write(new DossierTimeline())).isEqualTo("{}");
  }
}
