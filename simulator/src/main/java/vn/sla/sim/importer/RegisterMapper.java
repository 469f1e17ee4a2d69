package vn.sla.sim.importer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.sla.core.event.Channel;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.IsoTime;

/**
 * Turns the rows of a register export (import-csv.md, version 1.1) into dossier events
 * (dossier-events.md). Pure: no I/O, the clock only to refuse dates in the future. Only the
 * contract's columns are read; every other cell (names, addresses, phone numbers) is never
 * looked at, kept, or put into a message.
 */
public final class RegisterMapper {
  /** The file cannot be imported at all (exit 2): no header, a required column missing. */
  public static final class FileError extends Exception {
    public FileError(String message) {
      super(message);
    }
  }

  /** One event to send: the record key is the dossierId, the value the JSON. */
  public record Event(String eventId, String dossierId, EventType type, long occurredAt, String json) {}

  /** A row's events, or why it is refused (then it has no events). */
  public record Result(int line, List<Event> events, String refusal) {
    public boolean refused() {
      return refusal != null;
    }
  }

  /** What the job accepts ahead of the wall clock (dossier-events.md, 1.1, --future-limit). */
  static final Duration FUTURE_LIMIT = Duration.ofHours(24);
  private static final Pattern VN_DATE =
      Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private final EnumMap<Column, Integer> index;
  private final UnitRegistry registry;
  private final Map<String, String> unitByName = new HashMap<>();
  private final Set<String> ambiguousNames = new HashSet<>();
  private final ZoneId zone;
  private final Clock clock;
  private final EventParser parser;
  private final Map<String, Integer> seen = new HashMap<>();
  private final java.security.MessageDigest md5;
  /** A register has a handful of distinct channel cells: each normalised once. */
  private final Map<String, String> channels = new HashMap<>();

  private RegisterMapper(EnumMap<Column, Integer> index, UnitRegistry registry, ZoneId zone, Clock clock) {
    this.index = index;
    this.registry = registry;
    this.zone = zone;
    this.clock = clock;
    this.parser = new EventParser(registry::contains);
    try {
      this.md5 = java.security.MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has MD5", e);
    }
    for (Unit u : registry.all()) {
      String n = nfc(u.name().trim());
      if (unitByName.putIfAbsent(n, u.unitId()) != null) ambiguousNames.add(n);
    }
  }

  /** Finds the contract's columns in the header; unknown columns are ignored. */
  public static RegisterMapper forHeader(List<String> header, UnitRegistry registry, ZoneId zone, Clock clock)
      throws FileError {
    if (header == null || header.stream().allMatch(String::isBlank)) {
      throw new FileError("line 1: no header line (expected the columns of import-csv.md, e.g. 'Mã hồ sơ')");
    }
    EnumMap<Column, Integer> index = new EnumMap<>(Column.class);
    for (int i = 0; i < header.size(); i++) {
      Column c = Column.of(header.get(i));
      if (c == null) continue;
      Integer before = index.putIfAbsent(c, i);
      if (before != null) {
        throw new FileError("line 1: the column '" + c.header + "' appears twice (columns " + (before + 1) + " and " + (i + 1) + ")");
      }
    }
    List<String> missing = new ArrayList<>();
    for (Column c : Column.values()) {
      if (c.required && !index.containsKey(c)) missing.add("'" + c.header + "' (" + c.english + ")");
    }
    if (!missing.isEmpty()) {
      throw new FileError("line 1: required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + (missing.size() > 1 ? " are" : " is") + " missing from the header");
    }
    return new RegisterMapper(index, registry, zone, clock);
  }

  /** Refusal signal inside {@link #map}. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** The events of one data row. The same dossier code twice in one file: the second is refused. */
  public Result map(CsvReader.Record row) {
    try {
      List<Event> events = events(row);
      seen.put(events.get(0).dossierId(), row.line());
      return new Result(row.line(), events, null);
    } catch (Refused r) {
      return new Result(row.line(), List.of(), r.getMessage());
    }
  }

  private List<Event> events(CsvReader.Record row) throws Refused {
    String dossierId = required(row, Column.DOSSIER_ID);
    Integer before = seen.get(dossierId);
    if (before != null) throw new Refused("the dossier '" + dossierId + "' is already on line " + before);
    String unitCell = required(row, Column.UNIT);
    String unitId = unit(unitCell);
    String field = required(row, Column.FIELD);
    String procedure = cell(row, Column.PROCEDURE_CODE);
    String channelCell = required(row, Column.CHANNEL);
    String channel = channels.get(channelCell);
    if (channel == null) {
      channel = channel(channelCell);
      if (channels.size() < 1000) channels.put(channelCell, channel);
    }
    When received = date(row, Column.RECEIVED_AT, false);
    if (received == null) throw new Refused("'" + Column.RECEIVED_AT.header + "' is empty");
    When due = date(row, Column.DUE_AT, true);
    if (due == null) throw new Refused("'" + Column.DUE_AT.header + "' is empty");
    When apology = date(row, Column.APOLOGY_AT, false);
    When newDue = date(row, Column.NEW_DUE_AT, true);
    When completed = date(row, Column.COMPLETED_AT, false);
    When returned = date(row, Column.RETURNED_AT, false);
    When withdrawn = date(row, Column.WITHDRAWN_AT, false);

    if (completed != null && withdrawn != null) {
      throw new Refused("has both '" + Column.COMPLETED_AT.header + "' and '" + Column.WITHDRAWN_AT.header + "'");
    }
    if (returned != null && completed == null) {
      throw new Refused("has '" + Column.RETURNED_AT.header + "' but no '" + Column.COMPLETED_AT.header + "'");
    }
    // Lifecycle order: received, apology, then completed (and returned) or withdrawn.
    long t = received.at;
    Column last = Column.RECEIVED_AT;
    long apologyAt = 0;
    if (apology != null) {
      apologyAt = after(apology, t, Column.APOLOGY_AT, last);
      t = apologyAt;
      last = Column.APOLOGY_AT;
    }
    long completedAt = 0;
    long returnedAt = 0;
    long withdrawnAt = 0;
    if (completed != null) {
      completedAt = after(completed, t, Column.COMPLETED_AT, last);
      if (returned != null) returnedAt = after(returned, completedAt, Column.RETURNED_AT, Column.COMPLETED_AT);
    }
    if (withdrawn != null) withdrawnAt = after(withdrawn, t, Column.WITHDRAWN_AT, last);
    long limit = clock.millis() + FUTURE_LIMIT.toMillis();
    for (long at : new long[] {received.at, apologyAt, completedAt, returnedAt, withdrawnAt}) {
      if (at > limit) throw new Refused("a date is more than 24 hours in the future: " + OUT.format(instant(at)));
    }

    List<Event> out = new ArrayList<>(5);
    DossierEvent r = base(dossierId, EventType.RECEIVED, received.at);
    r.unitId = unitId;
    r.field = field;
    r.procedureCode = procedure;
    r.channel = Channel.valueOf(channel);
    r.dueAt = seconds(due.at);
    out.add(event(r));
    if (apology != null) {
      DossierEvent a = base(dossierId, EventType.APOLOGY_ISSUED, apologyAt);
      if (newDue != null) a.dueAt = seconds(newDue.at);
      out.add(event(a));
    }
    if (completed != null) out.add(event(base(dossierId, EventType.COMPLETED, completedAt)));
    if (returned != null) out.add(event(base(dossierId, EventType.RETURNED, returnedAt)));
    if (withdrawn != null) out.add(event(base(dossierId, EventType.WITHDRAWN, withdrawnAt)));
    return out;
  }

  /** The same eventId for the same dossier and type, whatever else the row says. */
  public static String eventId(String dossierId, EventType type) {
    return "imp-" + UUID.nameUUIDFromBytes(eventIdName(dossierId, type));
  }

  private static byte[] eventIdName(String dossierId, EventType type) {
    return ("sla-import/1\n" + dossierId + "\n" + type.name()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@link #eventId}, with this mapper's own digest: {@code UUID.nameUUIDFromBytes} looks up a
   * new MD5 for each event, a twentieth of the import. The same bits (RFC 4122 version 3).
   */
  private String fastEventId(String dossierId, EventType type) {
    byte[] h = md5.digest(eventIdName(dossierId, type));
    h[6] = (byte) ((h[6] & 0x0f) | 0x30);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
    for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
    return "imp-" + new UUID(msb, lsb);
  }

  private DossierEvent base(String dossierId, EventType type, long at) {
    return DossierEvent.of(fastEventId(dossierId, type), dossierId, type, seconds(at));
  }

  /** Events carry whole seconds (the register's dates have no fraction; an ISO cell's is dropped). */
  private static long seconds(long millis) {
    return millis - Math.floorMod(millis, 1000L);
  }

  /**
   * Checks the event with the job's own value rules, then writes its JSON: a row the job would
   * refuse is refused here. (The JSON was once built as a tree and parsed back; that was over
   * half of the import's time, and the import shares the cores with the job digesting it.
   * RegisterMapperTest parses every written event back and compares.)
   */
  private Event event(DossierEvent e) throws Refused {
    ParseResult p = parser.check(e);
    if (!p.isOk()) {
      throw new Refused("its " + e.type + " event would be refused by the job: " + p.rejection().detail());
    }
    return new Event(e.eventId, e.dossierId, e.type, e.occurredAt, json(e));
  }

  /** The event's JSON, its members in the order of dossier-events.md's examples. */
  String json(DossierEvent e) {
    StringBuilder b = new StringBuilder(256);
    b.append('{');
    member(b, "eventId", e.eventId);
    member(b, "dossierId", e.dossierId);
    member(b, "type", e.type.name());
    member(b, "occurredAt", IsoTime.format(e.occurredAt, zone));
    if (e.unitId != null) member(b, "unitId", e.unitId);
    if (e.field != null) member(b, "field", e.field);
    if (e.procedureCode != null) member(b, "procedureCode", e.procedureCode);
    if (e.channel != null) member(b, "channel", e.channel.name());
    if (e.dueAt != null) member(b, "dueAt", IsoTime.format(e.dueAt, zone));
    b.setCharAt(b.length() - 1, '}');
    return b.toString();
  }

  private static void member(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":");
    vn.sla.core.figures.JsonText.quote(b, value);
    b.append(',');
  }

  private OffsetDateTime instant(long millis) {
    return Instant.ofEpochMilli(millis).atZone(zone).toOffsetDateTime();
  }

  /**
   * The instant of a later lifecycle event. A date without a time on the day of the event
   * before it (a same-day completion written as a date) is that earlier instant: same
   * instant, lifecycle order kept. Otherwise it must not be before the earlier event.
   */
  private long after(When w, long prev, Column c, Column prevColumn) throws Refused {
    if (w.at >= prev) return w.at;
    if (w.dateOnly && w.date.equals(Instant.ofEpochMilli(prev).atZone(zone).toLocalDate())) return prev;
    throw new Refused("'" + c.header + "' (" + OUT.format(instant(w.at)) + ") is before '" + prevColumn.header
        + "' (" + OUT.format(instant(prev)) + ")");
  }

  private String cell(CsvReader.Record row, Column c) {
    Integer i = index.get(c);
    if (i == null || i >= row.cells().size()) return null;
    String v = row.cells().get(i).trim();
    return v.isEmpty() ? null : v;
  }

  private String required(CsvReader.Record row, Column c) throws Refused {
    String v = cell(row, c);
    if (v == null) throw new Refused("'" + c.header + "' is empty");
    return v;
  }

  private String unit(String v) throws Refused {
    if (registry.contains(v)) return v;
    String n = nfc(v);
    if (ambiguousNames.contains(n)) {
      throw new Refused("the unit name '" + v + "' belongs to several units of the registry; use its unitId");
    }
    String id = unitByName.get(n);
    if (id == null) throw new Refused("unknown unit '" + v + "' (neither a unitId nor a unit name of the registry)");
    return id;
  }

  private static String channel(String v) throws Refused {
    switch (Column.key(v)) {
      case "tructuyen", "online" -> {
        return "ONLINE";
      }
      case "tructiep", "inperson" -> {
        return "IN_PERSON";
      }
      case "buuchinh", "postal" -> {
        return "POSTAL";
      }
      default -> throw new Refused("unknown channel '" + v + "' (expected Trực tuyến, Trực tiếp or Bưu chính)");
    }
  }

  /** An instant, and whether the cell had a date only (then also its local date). */
  record When(long at, boolean dateOnly, LocalDate date) {}

  private When date(CsvReader.Record row, Column c, boolean endOfDay) throws Refused {
    String v = cell(row, c);
    if (v == null) return null;
    When w = parseDate(v, endOfDay, zone);
    if (w == null) {
      throw new Refused("'" + c.header + "' has the date '" + v + "', not dd/MM/yyyy [HH:mm[:ss]] nor an ISO-8601 date-time");
    }
    return w;
  }

  /** dd/MM/yyyy, dd/MM/yyyy HH:mm, dd/MM/yyyy HH:mm:ss or ISO-8601; null when none of them. */
  static When parseDate(String v, boolean endOfDay, ZoneId zone) {
    When fast = commonDate(v, endOfDay, zone);
    return fast != null ? fast : byPattern(v, endOfDay, zone);
  }

  /** {@link #parseDate} by the regular expression and java.time: every form the contract allows. */
  static When byPattern(String v, boolean endOfDay, ZoneId zone) {
    Matcher m = VN_DATE.matcher(v);
    if (m.matches()) {
      try {
        LocalDate d = LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        if (m.group(4) == null) {
          LocalTime t = endOfDay ? LocalTime.of(23, 59, 59) : LocalTime.MIDNIGHT;
          return new When(d.atTime(t).atZone(zone).toInstant().toEpochMilli(), true, d);
        }
        LocalTime t = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return new When(d.atTime(t).atZone(zone).toInstant().toEpochMilli(), false, d);
      } catch (DateTimeException e) {
        return null;
      }
    }
    try {
      return new When(OffsetDateTime.parse(v).toInstant().toEpochMilli(), false, null);
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return new When(LocalDateTime.parse(v).atZone(zone).toInstant().toEpochMilli(), false, null);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The shapes almost every cell has, {@code dd/MM/yyyy}, {@code dd/MM/yyyy HH:mm} and
   * {@code dd/MM/yyyy HH:mm:ss} with two-digit parts and one space, read without the regex
   * (which was a sixth of the import); the same result as the regex path. Null for anything
   * else, also an impossible date: the regex path then decides.
   */
  static When commonDate(String v, boolean endOfDay, ZoneId zone) {
    int n = v.length();
    if ((n != 10 && n != 16 && n != 19) || v.charAt(2) != '/' || v.charAt(5) != '/') return null;
    int day = digits(v, 0, 2);
    int month = digits(v, 3, 2);
    int year = digits(v, 6, 4);
    if (day < 1 || day > 31 || month < 1 || month > 12 || year < 0) return null;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (n > 10) {
      if (v.charAt(10) != ' ' || v.charAt(13) != ':' || (n == 19 && v.charAt(16) != ':')) return null;
      hour = digits(v, 11, 2);
      minute = digits(v, 14, 2);
      second = n == 19 ? digits(v, 17, 2) : 0;
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
    LocalDate d = LocalDate.of(year, month, day);
    if (n == 10) {
      LocalTime t = endOfDay ? LocalTime.of(23, 59, 59) : LocalTime.MIDNIGHT;
      return new When(d.atTime(t).atZone(zone).toInstant().toEpochMilli(), true, d);
    }
    return new When(d.atTime(hour, minute, second).atZone(zone).toInstant().toEpochMilli(), false, d);
  }

  /** The value of {@code len} ASCII digits at {@code from}; -1 when any is not one. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
