package vn.sla.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

/**
 * Parses and validates one record value against dossier-events.md, version 1.1. Pure: the
 * unit check is a predicate so the parser does not depend on how the registry is held.
 */
public final class EventParser {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Predicate<String> unitExists;

  public EventParser(Predicate<String> unitExists) {
    this.unitExists = unitExists;
  }

  public ParseResult parse(byte[] value) {
    if (value == null) return ParseResult.bad(RejectReason.INVALID_JSON, "empty record value");
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      return ParseResult.bad(RejectReason.INVALID_JSON, "value is not valid UTF-8");
    }
    return parse(text);
  }

  public ParseResult parse(String text) {
    // The common record (an object of the contract's fields, strings or nulls) read as a stream;
    // anything else, or anything the stream does not like, is read as a tree below.
    Fields fast = stream(text);
    if (fast != null) {
      try {
        return ParseResult.ok(read(fast));
      } catch (Bad b) {
        return ParseResult.bad(b.reason, b.getMessage());
      }
    }
    return parseTree(text);
  }

  /** The reader the streaming one stands in for (and falls back to): a tree, then its fields. */
  ParseResult parseTree(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
      return ParseResult.bad(RejectReason.INVALID_JSON, "not valid JSON: " + msg);
    }
    if (root == null || root.isMissingNode()) {
      return ParseResult.bad(RejectReason.INVALID_JSON, "empty record value");
    }
    if (!root.isObject()) {
      return ParseResult.bad(RejectReason.NOT_AN_OBJECT, "JSON value is not an object");
    }
    JsonNode tree = root;
    try {
      return ParseResult.ok(read(name -> {
        JsonNode n = tree.get(name);
        if (n == null || n.isNull()) return null;
        return n.isTextual() ? n.textValue() : NOT_TEXT;
      }));
    } catch (Bad b) {
      return ParseResult.bad(b.reason, b.getMessage());
    }
  }

  /** A record's fields by name, as one of the readers found them. */
  private interface Fields {
    /** The field's text; null when absent or null; {@link #NOT_TEXT} when it is some other JSON value. */
    String text(String name);
  }

  /** Compared by identity: a field present with a value that is not a string. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String NOT_TEXT = new String("not text");

  /** The contract's fields, numbered (their place in {@link StreamedFields#values}); -1 for any other name. */
  private static final int FIELDS = 11;

  private static int nameIndex(String name) {
    return switch (name) {
      case "eventId" -> 0;
      case "dossierId" -> 1;
      case "type" -> 2;
      case "occurredAt" -> 3;
      case "procedureCode" -> 4;
      case "reason" -> 5;
      case "unitId" -> 6;
      case "field" -> 7;
      case "channel" -> 8;
      case "dueAt" -> 9;
      case "toUnitId" -> 10;
      default -> -1;
    };
  }

  private static final class StreamedFields implements Fields {
    final String[] values = new String[FIELDS];
    final boolean[] seen = new boolean[FIELDS];

    @Override
    public String text(String name) {
      return values[nameIndex(name)];
    }
  }

  /**
   * The record read as a stream of tokens, without building a tree: null (to read it as a tree)
   * unless it is one object of the contract's fields only, each once, each a string or null, and
   * nothing after it. On those the tree would find the same values, so {@link #read} decides
   * the same (a test compares both readers on random and broken records).
   */
  private static StreamedFields stream(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      StreamedFields f = new StreamedFields();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        int i = nameIndex(p.currentName());
        if (i < 0 || f.seen[i]) return null;
        f.seen[i] = true;
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING) f.values[i] = p.getText();
        else if (v != JsonToken.VALUE_NULL) return null;
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
      return f;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private DossierEvent read(Fields o) throws Bad {
    DossierEvent e = new DossierEvent();
    e.eventId = checkId("eventId", requiredText(o, "eventId"));
    e.dossierId = checkId("dossierId", requiredText(o, "dossierId"));
    String type = requiredText(o, "type");
    try {
      e.type = EventType.valueOf(type);
    } catch (IllegalArgumentException ex) {
      throw new Bad(RejectReason.INVALID_VALUE, "type '" + type + "' is not a known event type");
    }
    e.occurredAt = checkStorable(dateTime(o, "occurredAt", true));
    e.procedureCode = optionalText(o, "procedureCode", 128);
    e.reason = optionalText(o, "reason", 1000);
    switch (e.type) {
      case RECEIVED -> {
        e.unitId = knownUnit("unitId", requiredText(o, "unitId"));
        e.field = checkField(requiredText(o, "field"));
        String ch = requiredText(o, "channel");
        try {
          e.channel = Channel.valueOf(ch);
        } catch (IllegalArgumentException ex) {
          throw new Bad(RejectReason.INVALID_VALUE, "channel '" + ch + "' is not ONLINE, IN_PERSON or POSTAL");
        }
        // A dueAt before occurredAt is valid (contract 1.1): the dossier is overdue from the start.
        e.dueAt = dateTime(o, "dueAt", true);
      }
      case TRANSFERRED -> e.toUnitId = knownUnit("toUnitId", requiredText(o, "toUnitId"));
      case RESUMED, APOLOGY_ISSUED -> {
        long due = dateTime(o, "dueAt", false);
        e.dueAt = due == Long.MIN_VALUE ? null : due;
      }
      default -> {}
    }
    return e;
  }

  /**
   * The value rules of {@link #parse} applied, in the same order, to an event built in memory
   * (the import builds its events from a register's cells, then writes their JSON): what this
   * accepts, the job accepts once it is written as JSON. Field presence per type is checked
   * as the reader does.
   */
  public ParseResult check(DossierEvent e) {
    try {
      checkId("eventId", present("eventId", e.eventId));
      checkId("dossierId", present("dossierId", e.dossierId));
      present("type", e.type);
      checkStorable(e.occurredAt);
      if (e.procedureCode != null) checkLength("procedureCode", e.procedureCode, 128);
      if (e.reason != null) checkLength("reason", e.reason, 1000);
      switch (e.type) {
        case RECEIVED -> {
          knownUnit("unitId", present("unitId", e.unitId));
          checkField(present("field", e.field));
          present("channel", e.channel);
          present("dueAt", e.dueAt);
        }
        case TRANSFERRED -> knownUnit("toUnitId", present("toUnitId", e.toUnitId));
        default -> {}
      }
      return ParseResult.ok(e);
    } catch (Bad b) {
      return ParseResult.bad(b.reason, b.getMessage());
    }
  }

  private static <T> T present(String name, T v) throws Bad {
    if (v == null) throw new Bad(RejectReason.MISSING_FIELD, name + " is required");
    return v;
  }

  private static String requiredText(Fields o, String name) throws Bad {
    String v = o.text(name);
    if (v == null) throw new Bad(RejectReason.MISSING_FIELD, name + " is required");
    if (v == NOT_TEXT) throw new Bad(RejectReason.INVALID_VALUE, name + " must be a string");
    return v;
  }

  private static String checkId(String name, String v) throws Bad {
    int len = v.codePointCount(0, v.length());
    if (len < 1 || len > 128) {
      throw new Bad(RejectReason.INVALID_VALUE, name + " must be 1 to 128 characters, has " + len);
    }
    return v;
  }

  /** Figures are stored per day in InfluxDB, which keeps instants of 1677-09-21 to 2262-04-11 only. */
  private static long checkStorable(long occurredAt) throws Bad {
    if (occurredAt < STORABLE_FROM || occurredAt >= STORABLE_UNTIL) {
      throw new Bad(RejectReason.INVALID_VALUE, "occurredAt is outside the dates that can be stored (1678-01-01 to 2261-12-31)");
    }
    return occurredAt;
  }

  private static String checkField(String field) throws Bad {
    checkLength("field", field, 128);
    checkCode("field", field);
    return field;
  }

  private static String optionalText(Fields o, String name, int max) throws Bad {
    String v = o.text(name);
    if (v == null) return null;
    if (v == NOT_TEXT) throw new Bad(RejectReason.INVALID_VALUE, name + " must be a string");
    checkLength(name, v, max);
    return v;
  }

  private static final long STORABLE_FROM = java.time.LocalDate.of(1678, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
  private static final long STORABLE_UNTIL = java.time.LocalDate.of(2262, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();

  /**
   * A code that names figures (the field becomes a tag of the per-field series): not blank,
   * no control characters (a line break would end the record in InfluxDB's line protocol), no
   * backslash (InfluxDB 1.x cannot store a tag value that ends in one, nor tell "\\," from an
   * escaped comma). Letters of any script, spaces and punctuation are fine.
   */
  private static void checkCode(String name, String v) throws Bad {
    if (v.isBlank()) throw new Bad(RejectReason.INVALID_VALUE, name + " must not be empty");
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isISOControl(c) || c == '\\' || c == '\u2028' || c == '\u2029') {
        throw new Bad(RejectReason.INVALID_VALUE, name + " must not contain control characters or backslashes");
      }
    }
  }

  private static void checkLength(String name, String v, int max) throws Bad {
    int len = v.codePointCount(0, v.length());
    if (len > max) {
      throw new Bad(RejectReason.INVALID_VALUE, name + " is longer than " + max + " characters");
    }
  }

  private String knownUnit(String name, String id) throws Bad {
    if (!unitExists.test(id)) {
      throw new Bad(RejectReason.UNKNOWN_UNIT, name + " '" + id + "' is not in the unit registry");
    }
    return id;
  }

  /** Epoch millis, or Long.MIN_VALUE when absent and optional. */
  private static long dateTime(Fields o, String name, boolean required) throws Bad {
    String s = o.text(name);
    if (s == null) {
      if (required) throw new Bad(RejectReason.MISSING_FIELD, name + " is required");
      return Long.MIN_VALUE;
    }
    if (s == NOT_TEXT) throw new Bad(RejectReason.INVALID_VALUE, name + " must be a date-time string");
    // OffsetDateTime.parse (IsoTime gives the same, faster) also accepts forms the contract excludes only by their shape;
    // the contract defines validity as "what OffsetDateTime.parse accepts".
    try {
      return vn.sla.core.rules.IsoTime.parseMillis(s);
    } catch (DateTimeParseException | ArithmeticException ex) {
      throw new Bad(RejectReason.INVALID_VALUE, name + " '" + s + "' is not an ISO-8601 date-time with offset");
    }
  }

  private static final class Bad extends Exception {
    final RejectReason reason;

    Bad(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
