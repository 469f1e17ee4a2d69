package vn.sla.core.figures;

/**
 * The JSON of the records the job writes on every event (a dossier's status and timeline),
 * written by hand: the same text {@link Json#write} gives for them (JsonTextTest compares on
 * random values). Jackson's bean serialiser of the two was 11% of the dossier function's
 * thread in a replay into a live job, the timeline (a dossier's whole history, at every event)
 * most of it. The import quotes its strings with {@link #quote} too. Everything else keeps using
 * {@link Json}.
 */
public final class JsonText {
  private static final String HEX = "0123456789ABCDEF";

  private JsonText() {}

  /** A JSON string as Jackson writes it: quote, backslash and control characters escaped, the rest as it is. */
  public static void quote(StringBuilder b, String v) {
    b.append('"');
    int plain = 0;
    while (plain < v.length() && v.charAt(plain) >= 0x20 && v.charAt(plain) != '"' && v.charAt(plain) != '\\') plain++;
    b.append(v, 0, plain); // most values need no escape at all
    for (int i = plain; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** As {@code Json.write(s)}: every member, nulls as null (DossierStatus includes them). */
  public static String status(DossierStatus s) {
    StringBuilder b = new StringBuilder(320);
    b.append('{');
    string(b, "dossierId", s.dossierId, true);
    string(b, "unitId", s.unitId, true);
    string(b, "receivingUnitId", s.receivingUnitId, true);
    string(b, "field", s.field, true);
    string(b, "procedureCode", s.procedureCode, true);
    string(b, "channel", s.channel, true);
    string(b, "receivedAt", s.receivedAt, true);
    string(b, "dueAt", s.dueAt, true);
    name(b, "dueAtMillis").append(s.dueAtMillis).append(',');
    name(b, "paused").append(s.paused).append(',');
    string(b, "bucket", s.bucket, true);
    name(b, "apologyIssued").append(s.apologyIssued).append(',');
    close(b);
    return b.toString();
  }

  /** As {@code Json.write(t)}: absent values left out, as its {@code @JsonInclude(NON_NULL)} says. */
  public static String timeline(DossierTimeline t) {
    StringBuilder b = new StringBuilder(256 + (t.events == null ? 0 : 160 * t.events.length));
    b.append('{');
    string(b, "dossierId", t.dossierId, false);
    string(b, "status", t.status, false);
    string(b, "outcome", t.outcome, false);
    string(b, "unitId", t.unitId, false);
    string(b, "receivingUnitId", t.receivingUnitId, false);
    string(b, "field", t.field, false);
    string(b, "procedureCode", t.procedureCode, false);
    string(b, "channel", t.channel, false);
    string(b, "receivedAt", t.receivedAt, false);
    string(b, "dueAt", t.dueAt, false);
    if (t.dueAtMillis != null) name(b, "dueAtMillis").append(t.dueAtMillis.longValue()).append(',');
    if (t.paused != null) name(b, "paused").append(t.paused.booleanValue()).append(',');
    if (t.apologyIssued != null) name(b, "apologyIssued").append(t.apologyIssued.booleanValue()).append(',');
    string(b, "closedAt", t.closedAt, false);
    if (t.events != null) {
      name(b, "events").append('[');
      for (int i = 0; i < t.events.length; i++) {
        if (i > 0) b.append(',');
        if (t.events[i] == null) b.append("null");
        else event(b, t.events[i]);
      }
      b.append("],");
    }
    close(b);
    return b.toString();
  }

  /** As {@code Json.write(e)}. */
  public static String event(DossierTimeline.Event e) {
    StringBuilder b = new StringBuilder(192);
    event(b, e);
    return b.toString();
  }

  private static void event(StringBuilder b, DossierTimeline.Event e) {
    b.append('{');
    string(b, "eventId", e.eventId, false);
    string(b, "type", e.type, false);
    string(b, "occurredAt", e.occurredAt, false);
    string(b, "unitId", e.unitId, false);
    string(b, "toUnitId", e.toUnitId, false);
    string(b, "dueAt", e.dueAt, false);
    string(b, "reason", e.reason, false);
    name(b, "applied").append(e.applied).append(',');
    string(b, "rejectReason", e.rejectReason, false);
    close(b);
  }

  private static StringBuilder name(StringBuilder b, String name) {
    return b.append('"').append(name).append("\":");
  }

  private static void string(StringBuilder b, String name, String v, boolean nulls) {
    if (v == null) {
      if (nulls) name(b, name).append("null,");
      return;
    }
    name(b, name);
    quote(b, v);
    b.append(',');
  }

  /** Ends the object: the last member's comma becomes the brace ({} when none). */
  private static void close(StringBuilder b) {
    if (b.charAt(b.length() - 1) == ',') b.setCharAt(b.length() - 1, '}');
    else b.append('}');
  }
}
