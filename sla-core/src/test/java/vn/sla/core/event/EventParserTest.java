package vn.sla.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventParserTest {
  private final EventParser parser = new EventParser(Set.of("xa-ngoc-chuc", "so-tp")::contains);

  static final String EXAMPLE = """
      {"eventId":"e-1","dossierId":"H33.27-231015-0001","type":"RECEIVED",
       "occurredAt":"2023-10-15T08:12:00+07:00","unitId":"xa-ngoc-chuc",
       "field":"dat-dai","procedureCode":"1.004227","channel":"ONLINE",
       "dueAt":"2023-10-20T16:00:00+07:00"}""";

  @Test
  void parsesTheContractExample() {
    ParseResult r = parser.parse(EXAMPLE);
    assertThat(r.isOk()).isTrue();
    assertThat(r.event().type).isEqualTo(EventType.RECEIVED);
    assertThat(r.event().channel).isEqualTo(Channel.ONLINE);
    assertThat(r.event().dueAt - r.event().occurredAt).isEqualTo((5L * 24 * 60 + 7 * 60 + 48) * 60_000);
  }

  private RejectReason reason(String json) {
    ParseResult r = parser.parse(json);
    assertThat(r.isOk()).as(json).isFalse();
    return r.rejection().reason();
  }

  @Test
  void everyKindOfBadRecordHasItsReason() {
    assertThat(reason("{not json")).isEqualTo(RejectReason.INVALID_JSON);
    assertThat(reason(EXAMPLE + " {}")).isEqualTo(RejectReason.INVALID_JSON);
    assertThat(reason("[1,2]")).isEqualTo(RejectReason.NOT_AN_OBJECT);
    assertThat(reason(EXAMPLE.replace("\"eventId\":\"e-1\",", ""))).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(reason(EXAMPLE.replace("\"e-1\"", "null"))).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(reason(EXAMPLE.replace("\"e-1\"", "\"\""))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("\"e-1\"", "\"" + "x".repeat(129) + "\""))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("RECEIVED", "OPENED"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("ONLINE", "FAX"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("2023-10-15T08:12:00+07:00", "2023-10-15 08:12"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("2023-10-15T08:12:00+07:00", "2023-10-15T08:12:00"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("\"1.004227\"", "42"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("xa-ngoc-chuc", "xa-khong-co"))).isEqualTo(RejectReason.UNKNOWN_UNIT);
    assertThat(reason(EXAMPLE.replace("\"dueAt\":\"2023-10-20T16:00:00+07:00\"", "\"dueAt\":null"))).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(reason(EXAMPLE.replace("\"dat-dai\"", "\"dat-dai\",\"reason\":\"" + "r".repeat(1001) + "\""))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(parser.parse(new byte[] {(byte) 0xff, '{', '}'}).rejection().reason()).isEqualTo(RejectReason.INVALID_JSON);
  }

  @Test
  void fieldsATypeDoesNotUseAreIgnoredAndNullIsAbsent() {
    String paused = """
        {"eventId":"e-2","dossierId":"d","type":"PAUSED","occurredAt":"2023-10-16T08:00:00Z",
         "unitId":"not-a-unit","channel":"FAX","dueAt":null,"extra":{"x":1},"reason":"Yêu cầu bổ sung"}""";
    ParseResult r = parser.parse(paused);
    assertThat(r.isOk()).isTrue();
    assertThat(r.event().unitId).isNull();
    assertThat(r.event().reason).isEqualTo("Yêu cầu bổ sung");
  }

  @Test
  void transferNeedsAKnownTargetAndResumeMayCarryADueTime() {
    String t = "{\"eventId\":\"e\",\"dossierId\":\"d\",\"type\":\"TRANSFERRED\",\"occurredAt\":\"2023-10-16T08:00:00+07:00\",\"toUnitId\":\"%s\"}";
    assertThat(parser.parse(String.format(t, "so-tp")).isOk()).isTrue();
    assertThat(parser.parse(String.format(t, "nowhere")).rejection().reason()).isEqualTo(RejectReason.UNKNOWN_UNIT);
    String r = "{\"eventId\":\"e\",\"dossierId\":\"d\",\"type\":\"RESUMED\",\"occurredAt\":\"2023-10-16T08:00:00+07:00\",\"dueAt\":\"2023-10-30T17:00:00+07:00\"}";
    assertThat(parser.parse(r).event().dueAt).isNotNull();
    assertThat(parser.parse(r.getBytes(StandardCharsets.UTF_8)).isOk()).isTrue();
  }

  @Test
  void whatCannotBeStoredIsRefusedWithItsReason() {
    // A field code becomes a tag of the per-field figures: an empty one, a line break or a
    // backslash would make InfluxDB refuse the point (and once stopped every write).
    for (String field : new String[] {"", "  ", "dat\\ndai", "dat-dai\\\\", "a\\\\b", "x\\u0000"}) {
      assertThat(reason(EXAMPLE.replace("\"dat-dai\"", "\"" + field + "\""))).as(field).isEqualTo(RejectReason.INVALID_VALUE);
    }
    assertThat(parser.parse(EXAMPLE.replace("\"dat-dai\"", "\"Đất đai, nhà ở = 1\"")).isOk()).isTrue();
    // InfluxDB keeps instants of 1677-2262 only.
    assertThat(reason(EXAMPLE.replace("2023-10-15T08:12:00+07:00", "1500-10-15T08:12:00+07:00"))).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(reason(EXAMPLE.replace("2023-10-15T08:12:00+07:00", "2300-10-15T08:12:00+07:00"))).isEqualTo(RejectReason.INVALID_VALUE);
  }

  @Test
  void aDueDateBeforeTheReceiptIsValid() {
    ParseResult r = parser.parse(EXAMPLE.replace("2023-10-20T16:00:00+07:00", "2023-10-10T16:00:00+07:00"));
    assertThat(r.isOk()).as("contract 1.1: overdue from the start").isTrue();
  }

  @Test
  void lengthsCountCodePointsNotUtf16Units() {
    String id = "\uD83D\uDE00".repeat(128); // 128 code points, 256 chars
    assertThat(parser.parse(EXAMPLE.replace("\"e-1\"", "\"" + id + "\"")).isOk()).isTrue();
  }

  /**
   * {@link EventParser#check} (the import checks the events it builds with it) refuses what
   * parse refuses, with the same reason and text, and accepts what it accepts.
   */
  @Test
  void checkingAnEventInMemoryAgreesWithParsingItsJson() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Random rnd = new java.util.Random(3);
    String[] ids = {"e-1", "", "x".repeat(128), "x".repeat(129), "😀".repeat(128), "😀".repeat(129)};
    String[] units = {"xa-ngoc-chuc", "so-tp", "xa-khong-co", null};
    String[] fields = {"dat-dai", "", " ", "ho\\tich", "ho\ttich", "f".repeat(129), null};
    String[] texts = {null, "1.004227", "p".repeat(129), "r".repeat(1001)};
    long[] times = {Long.MIN_VALUE / 2, -9_214_646_400_001L, 1_697_332_320_000L, 9_214_646_400_000L};
    int refused = 0;
    for (int n = 0; n < 5_000; n++) {
      DossierEvent e = new DossierEvent();
      e.eventId = ids[rnd.nextInt(ids.length)];
      e.dossierId = rnd.nextInt(5) == 0 ? ids[rnd.nextInt(ids.length)] : "d-" + n;
      e.type = EventType.values()[rnd.nextInt(EventType.values().length)];
      e.occurredAt = rnd.nextInt(4) == 0 ? times[rnd.nextInt(times.length)] : 1_697_332_320_000L;
      e.unitId = units[rnd.nextInt(units.length)];
      e.toUnitId = units[rnd.nextInt(units.length)];
      e.field = fields[rnd.nextInt(fields.length)];
      e.procedureCode = texts[rnd.nextInt(3)];
      e.reason = rnd.nextBoolean() ? null : texts[rnd.nextInt(texts.length)];
      e.channel = rnd.nextInt(6) == 0 ? null : Channel.values()[rnd.nextInt(Channel.values().length)];
      e.dueAt = rnd.nextInt(6) == 0 ? null : 1_697_792_400_000L;
      com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
      o.put("eventId", e.eventId).put("dossierId", e.dossierId).put("type", e.type.name())
          .put("occurredAt", java.time.Instant.ofEpochMilli(e.occurredAt).toString());
      if (e.unitId != null) o.put("unitId", e.unitId);
      if (e.toUnitId != null) o.put("toUnitId", e.toUnitId);
      if (e.field != null) o.put("field", e.field);
      if (e.procedureCode != null) o.put("procedureCode", e.procedureCode);
      if (e.reason != null) o.put("reason", e.reason);
      if (e.channel != null) o.put("channel", e.channel.name());
      if (e.dueAt != null) o.put("dueAt", java.time.Instant.ofEpochMilli(e.dueAt).toString());
      ParseResult parsed = parser.parse(o.toString());
      ParseResult checked = parser.check(e);
      assertThat(checked.isOk()).as(o.toString()).isEqualTo(parsed.isOk());
      if (!parsed.isOk()) {
        assertThat(checked.rejection()).as(o.toString()).isEqualTo(parsed.rejection());
        refused++;
      }
    }
    assertThat(refused).isBetween(1_000, 4_500);
  }
}
