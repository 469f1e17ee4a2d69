package vn.sla.sim;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import vn.sla.core.event.EventType;

/**
 * Writes events as the JSON of dossier-events.md, and the bad records that imitate what a
 * faulty upstream sends. Hand-written rather than through a mapper: the shape is small and
 * fixed, and this is the hot loop of a replay of weeks of history.
 */
final class EventJson {
  /** A record's key and value. */
  record Keyed(String key, String value) {}

  private final ZoneId zone;

  EventJson(ZoneId zone) {
    this.zone = zone;
  }

  /** The record value of a planned event. */
  String event(DossierPlan d, PlannedEvent e) {
    return write(d, e, null, null);
  }

  /**
   * A record the pipeline must reject, derived from one of the dossier's events: a
   * truncated or malformed JSON text, the event without one of its required fields (under a
   * fresh eventId), or a receipt at a unit that is not in the registry (a fresh dossier,
   * like a desk the registry has not caught up with).
   */
  Keyed bad(DossierPlan d, PlannedEvent e, long noiseSeed, Province province) {
    SplittableRandom r = new SplittableRandom(noiseSeed);
    switch (r.nextInt(3)) {
      case 0 -> {
        String good = event(d, e);
        if (r.nextBoolean()) {
          // Cut off in transit: any proper prefix of an object is invalid JSON.
          return new Keyed(d.dossierId(), good.substring(0, 1 + r.nextInt(good.length() - 1)));
        }
        // Hand-made JSON with an unquoted key.
        return new Keyed(d.dossierId(), good.replace("\"type\":", "type:"));
      }
      case 1 -> {
        String[] required = e.type() == EventType.RECEIVED
            ? new String[] {"occurredAt", "unitId", "field", "channel", "dueAt", "type"}
            : new String[] {"occurredAt", "type", "eventId"};
        return new Keyed(d.dossierId(), write(d, e, required[r.nextInt(required.length)], DossierPlanner.uuid(r)));
      }
      default -> {
        String id = "000.00.00.H98-" + d.dossierId().substring(d.dossierId().indexOf('-') + 1) + "X";
        DossierPlan stray = new DossierPlan(id, province.unknownUnit(r), d.field(), d.procedureCode(), d.channel(),
            d.events(), d.emissions(), d.slaDue(), d.outcome());
        PlannedEvent received = d.events().get(0);
        return new Keyed(id, write(stray, received, null, DossierPlanner.uuid(r)));
      }
    }
  }

  private String write(DossierPlan d, PlannedEvent e, String omit, String eventId) {
    StringBuilder sb = new StringBuilder(320);
    sb.append('{');
    boolean first = true;
    first = str(sb, first, omit, "eventId", eventId != null ? eventId : e.eventId());
    first = str(sb, first, omit, "dossierId", d.dossierId());
    first = str(sb, first, omit, "type", e.type().name());
    first = time(sb, first, omit, "occurredAt", e.occurredAt());
    switch (e.type()) {
      case RECEIVED -> {
        first = str(sb, first, omit, "unitId", d.unitId());
        first = str(sb, first, omit, "field", d.field());
        first = str(sb, first, omit, "procedureCode", d.procedureCode());
        first = str(sb, first, omit, "channel", d.channel().name());
        first = time(sb, first, omit, "dueAt", e.dueAt());
      }
      case TRANSFERRED -> first = str(sb, first, omit, "toUnitId", e.toUnitId());
      case RESUMED, APOLOGY_ISSUED -> first = time(sb, first, omit, "dueAt", e.dueAt());
      default -> {}
    }
    str(sb, first, omit, "reason", e.reason());
    return sb.append('}').toString();
  }

  private static boolean str(StringBuilder sb, boolean first, String omit, String name, String value) {
    if (value == null || name.equals(omit)) return first;
    if (!first) sb.append(',');
    sb.append('"').append(name).append("\":");
    quote(sb, value);
    return false;
  }

  private boolean time(StringBuilder sb, boolean first, String omit, String name, Long epochMillis) {
    if (epochMillis == null || name.equals(omit)) return first;
    if (!first) sb.append(',');
    sb.append('"').append(name).append("\":\"");
    dateTime(sb, epochMillis, zone);
    sb.append('"');
    return false;
  }

  /** e.g. 2023-10-15T08:12:00+07:00: local time of the zone, whole seconds, with its offset. */
  static void dateTime(StringBuilder sb, long epochMillis, ZoneId zone) {
    long sec = Math.floorDiv(epochMillis, 1000L);
    ZoneOffset off = zone.getRules().getOffset(Instant.ofEpochSecond(sec));
    LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, off);
    sb.append(t.getYear()).append('-');
    pad2(sb, t.getMonthValue()).append('-');
    pad2(sb, t.getDayOfMonth()).append('T');
    pad2(sb, t.getHour()).append(':');
    pad2(sb, t.getMinute()).append(':');
    pad2(sb, t.getSecond());
    sb.append(off.getId());
  }

  static String dateTime(long epochMillis, ZoneId zone) {
    StringBuilder sb = new StringBuilder(25);
    dateTime(sb, epochMillis, zone);
    return sb.toString();
  }

  private static StringBuilder pad2(StringBuilder sb, int v) {
    if (v < 10) sb.append('0');
    return sb.append(v);
  }

  /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    if (!needsEscape(s)) {
      // The common case (ids, codes, Vietnamese text): copied as a whole.
      sb.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  private static boolean needsEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') return true;
    }
    return false;
  }
}
