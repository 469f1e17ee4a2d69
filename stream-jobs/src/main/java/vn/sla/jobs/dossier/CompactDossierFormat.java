package vn.sla.jobs.dossier;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import vn.sla.core.event.Channel;
import vn.sla.core.event.EventType;
import vn.sla.core.rules.Outcome;
import vn.sla.jobs.records.Kind;

/**
 * Format 3 of the dossier state's body ({@link DossierStateSerializer}): the same fields as
 * format 2, written small, because on the heap a dossier is now its body
 * ({@link PackedDossierSerializer}) and its size is the heap per open dossier.
 * <ul>
 *   <li>Each distinct string once: a unit id, field or procedure code repeats across the
 *       events, facts, live contribution and standing; later occurrences are a one-byte
 *       reference ({@link #writeString}).
 *   <li>Times as variable-length differences from one base (the dossier's arrival progress),
 *       the usual sentinels ({@code Long.MIN_VALUE}, {@code Long.MAX_VALUE}, 0 when not set) in one byte.
 *   <li>An event id's fingerprint is left out when it is the id's own (always, as events are
 *       stored), and an id ending in a canonical UUID is its prefix and 16 bytes.
 *   <li>Counts, sequence numbers and days as variable-length integers; flags in bits.
 * </ul>
 * Every value round-trips exactly ({@code DossierStateSerializerTest} compares each field).
 */
final class CompactDossierFormat {
  static final int FORMAT = 3;

  private final EventType[] types;
  private final Channel[] channels;
  private final Kind[] kinds;
  private final int[] typeCodes;
  private final int[] channelCodes;
  private final int[] kindCodes;
  private final DossierHistory.Status[] statuses;
  private final Outcome[] outcomes;

  CompactDossierFormat(EventType[] types, Channel[] channels, Kind[] kinds, int[] typeCodes, int[] channelCodes, int[] kindCodes,
      DossierHistory.Status[] statuses, Outcome[] outcomes) {
    this.types = types;
    this.channels = channels;
    this.kinds = kinds;
    this.typeCodes = typeCodes;
    this.channelCodes = channelCodes;
    this.kindCodes = kindCodes;
    this.statuses = statuses;
    this.outcomes = outcomes;
  }

  // --- writing -----------------------------------------------------------------------------

  /**
   * One body's repeating strings written so far (unit ids, fields, procedure codes, reason
   * codes: a handful per dossier), found by a scan. Event ids, free-text reasons and origins,
   * unique to their event, are written in place ({@link Out#text}) and kept out of it.
   */
  private static final class Strings {
    String[] written = new String[8];
    int n;

    int indexOf(String s) {
      for (int i = 0; i < n; i++) {
        if (written[i] == s || written[i].equals(s)) return i;
      }
      return -1;
    }

    void add(String s) {
      if (n == written.length) written = java.util.Arrays.copyOf(written, n * 2);
      written[n++] = s;
    }
  }

  void write(DossierState s, Out out) throws IOException {
    out.u8(FORMAT);
    writeTime(s.arrivedAtProgress, 0, out);
    long base = s.arrivedAtProgress == Long.MIN_VALUE ? 0 : s.arrivedAtProgress;
    Strings strings = new Strings();
    writeEvents(s.events, base, strings, out);
    if (s.facts == null) {
      out.varLong(0);
    } else {
      out.varLong(s.facts.length + 1L);
      for (Fact f : s.facts) {
        writeEnum(f.kind, kindCodes, out);
        writeString(f.unitId, strings, out);
        writeString(f.otherUnitId, strings, out);
        writeSigned(f.day, out);
        writeSigned(f.count, out);
        writeString(f.field, strings, out);
      }
    }
    writeSigned(s.nextSeq, out);
    writeString(s.liveUnit, strings, out);
    writeString(s.liveField, strings, out);
    int flags = (s.livePaused ? 1 : 0) | (s.liveApology ? 2 : 0) | (s.statusPublished ? 4 : 0) | (s.timelinePublished ? 8 : 0)
        | (s.closed ? 16 : 0) | (s.statusHash != 0 ? 32 : 0) | (s.timelineHash != 0 ? 64 : 0);
    out.u8(flags);
    writeTime(s.liveDue, base, out);
    if (s.statusHash != 0) out.i64(s.statusHash);
    if (s.timelineHash != 0) out.i64(s.timelineHash);
    writeLongs(s.rejectedEventHashes, out);
    writeEvents(s.refused, base, strings, out);
    writeLongs(s.timelineAddenda, out);
    writeTime(s.timer, base, out);
    writeTime(s.cleanupAt, base, out);
    writeString(s.closedStatus, strings, out);
    writeLongs(s.closedEventHashes, out);
    writeLifecycle(s.lifecycle, base, strings, out);
  }

  private void writeEvents(StoredEvent[] a, long base, Strings strings, Out out) throws IOException {
    if (a == null) {
      out.varLong(0);
      return;
    }
    out.varLong(a.length + 1L);
    for (StoredEvent e : a) {
      // Known for the events made on arrival and by reading; anything else (a copy, a restored
      // object) is worked out here, into locals: writing runs on snapshot threads too, so it
      // never writes into the event.
      boolean ownHash;
      boolean uuid;
      long msb;
      long lsb;
      if (e.idForm != 0) {
        ownHash = e.idHashIsOwn && e.eventId != null;
        uuid = e.idForm == 1;
        msb = e.uuidMsb;
        lsb = e.uuidLsb;
      } else {
        UUID u = uuidSuffix(e.eventId);
        ownHash = e.eventId != null && e.idHash == EventIds.fingerprint(e.eventId);
        uuid = u != null;
        msb = u == null ? 0 : u.getMostSignificantBits();
        lsb = u == null ? 0 : u.getLeastSignificantBits();
      }
      int flags = (ownHash ? 1 : 0) | (e.orderKey == e.occurredAt ? 2 : 0) | (e.dueAt != null ? 4 : 0) | (e.raw != null ? 8 : 0)
          | (uuid ? 16 : 0);
      out.u8(flags);
      if (!ownHash) out.i64(e.idHash);
      if (uuid) {
        writeString(e.eventId.length() == 36 ? "" : e.eventId.substring(0, e.eventId.length() - 36), strings, out);
        out.i64(msb);
        out.i64(lsb);
      } else {
        out.text(e.eventId);
      }
      out.text(e.reason);
      writeString(e.rejectReason, strings, out);
      writeEnum(e.type, typeCodes, out);
      writeTime(e.occurredAt, base, out);
      if (e.orderKey != e.occurredAt) writeTime(e.orderKey, e.occurredAt, out);
      writeSigned(e.seq, out);
      writeString(e.unitId, strings, out);
      writeString(e.toUnitId, strings, out);
      writeString(e.field, strings, out);
      writeString(e.procedureCode, strings, out);
      writeEnum(e.channel, channelCodes, out);
      if (e.dueAt != null) writeTime(e.dueAt, e.occurredAt, out);
      if (e.raw != null) {
        out.varLong(e.raw.length);
        out.bytes(e.raw);
      }
      out.text(e.origin);
    }
  }

  private void writeLifecycle(DossierHistory.Lifecycle l, long base, Strings strings, Out out) throws IOException {
    if (l == null) {
      out.u8(0);
      return;
    }
    out.u8(code(statuses, l.status) + 1);
    writeString(l.holder, strings, out);
    writeString(l.receivingUnit, strings, out);
    writeString(l.field, strings, out);
    writeString(l.procedureCode, strings, out);
    writeEnum(l.channel, channelCodes, out);
    out.u8((l.paused ? 1 : 0) | (l.apology ? 2 : 0));
    out.u8(code(outcomes, l.outcome));
    writeTime(l.receivedAt, base, out);
    writeTime(l.due, base, out);
    writeTime(l.pausedAt, base, out);
    writeTime(l.closedAt, base, out);
    writeTime(l.closedOrderKey, base, out);
    writeTime(l.segStart, base, out);
    writeTime(l.last, base, out);
  }

  /** A repeating string. null: 0; its first occurrence: 1 and the string; a later one: 2 + its index. */
  private static void writeString(String s, Strings strings, Out out) throws IOException {
    if (s == null) {
      out.varLong(0);
      return;
    }
    int i = strings.indexOf(s);
    if (i >= 0) {
      out.varLong(i + 2L);
      return;
    }
    strings.add(s);
    out.varLong(1);
    out.text(s);
  }

  private static void writeLongs(long[] a, Out out) throws IOException {
    if (a == null) {
      out.varLong(0);
      return;
    }
    out.varLong(a.length + 1L);
    for (long x : a) out.i64(x);
  }

  private static void writeEnum(Enum<?> e, int[] codes, Out out) throws IOException {
    int code = e == null ? 0 : codes[e.ordinal()];
    if (code < 0) throw new IOException(e + " is not among the constants of the state being written");
    out.u8(code);
  }

  private static <T> int code(T[] constants, T value) throws IOException {
    for (int i = 0; i < constants.length; i++) if (constants[i] == value) return i;
    throw new IOException(value + " has no code in the dossier state");
  }

  /**
   * Long.MIN_VALUE: 0; Long.MAX_VALUE: 1; 0 (a time not set): 2; a far one: 3 and the value; else
   * 4 + the zigzag difference from base.
   */
  static void writeTime(long t, long base, Out out) throws IOException {
    if (t == Long.MIN_VALUE) {
      out.varLong(0);
    } else if (t == Long.MAX_VALUE) {
      out.varLong(1);
    } else if (t == 0) {
      out.varLong(2);
    } else {
      long d = t - base;
      // The difference overflowed, or is too large to take the offset: the value itself.
      if ((t >= base) != (d >= 0) || d >= 1L << 60 || d <= -(1L << 60)) {
        out.varLong(3);
        out.i64(t);
      } else {
        out.varLong(zigzag(d) + 4);
      }
    }
  }

  static void writeSigned(long v, Out out) throws IOException {
    out.varLong(zigzag(v));
  }

  /** Seven bits a byte, least significant first; the high bit says more follow. */
  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** The UUID an id ends with, in the canonical lowercase form UUID.toString writes; null when it does not. */
  static UUID uuidSuffix(String id) {
    if (id == null || id.length() < 36) return null;
    int from = id.length() - 36;
    long msb = 0;
    long lsb = 0;
    int nibbles = 0;
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return null;
        continue;
      }
      int v;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else return null;
      if (nibbles < 16) msb = (msb << 4) | v;
      else lsb = (lsb << 4) | v;
      nibbles++;
    }
    return new UUID(msb, lsb);
  }

  // --- reading -----------------------------------------------------------------------------

  /** The body after its format byte. */
  DossierState read(In in) throws IOException {
    DossierState s = new DossierState();
    s.arrivedAtProgress = readTime(0, in);
    long base = s.arrivedAtProgress == Long.MIN_VALUE ? 0 : s.arrivedAtProgress;
    List<String> strings = new ArrayList<>();
    s.events = readEvents(base, strings, in);
    long n = in.varLong();
    if (n == 0) {
      s.facts = null;
    } else {
      s.facts = n == 1 ? DossierState.NO_FACTS : new Fact[in.count(n - 1, 5)];
      for (int i = 0; i < n - 1; i++) {
        Fact f = new Fact();
        f.kind = readEnum(kinds, in);
        f.unitId = readString(strings, in);
        f.otherUnitId = readString(strings, in);
        f.day = (int) readSigned(in);
        f.count = (int) readSigned(in);
        f.field = readString(strings, in);
        s.facts[i] = f;
      }
    }
    s.nextSeq = (int) readSigned(in);
    s.liveUnit = readString(strings, in);
    s.liveField = readString(strings, in);
    int flags = in.u8();
    s.livePaused = (flags & 1) != 0;
    s.liveApology = (flags & 2) != 0;
    s.statusPublished = (flags & 4) != 0;
    s.timelinePublished = (flags & 8) != 0;
    s.closed = (flags & 16) != 0;
    s.liveDue = readTime(base, in);
    s.statusHash = (flags & 32) != 0 ? in.i64() : 0;
    s.timelineHash = (flags & 64) != 0 ? in.i64() : 0;
    s.rejectedEventHashes = readLongs(in);
    s.refused = readEvents(base, strings, in);
    s.timelineAddenda = readLongs(in);
    s.timer = readTime(base, in);
    s.cleanupAt = readTime(base, in);
    s.closedStatus = readString(strings, in);
    s.closedEventHashes = readLongs(in);
    s.lifecycle = readLifecycle(base, strings, in);
    return s;
  }

  private StoredEvent[] readEvents(long base, List<String> strings, In in) throws IOException {
    long n = in.varLong();
    if (n == 0) return null;
    if (n == 1) return DossierState.NO_EVENTS;
    StoredEvent[] a = new StoredEvent[in.count(n - 1, 8)];
    for (int i = 0; i < a.length; i++) {
      StoredEvent e = new StoredEvent();
      int flags = in.u8();
      long idHash = (flags & 1) == 0 ? in.i64() : 0;
      if ((flags & 16) != 0) {
        String prefix = readString(strings, in);
        e.uuidMsb = in.i64();
        e.uuidLsb = in.i64();
        e.idForm = 1;
        String uuid = new UUID(e.uuidMsb, e.uuidLsb).toString();
        e.eventId = prefix.isEmpty() ? uuid : prefix.concat(uuid);
      } else {
        e.eventId = in.text();
        e.idForm = 2;
      }
      e.idHashIsOwn = (flags & 1) != 0;
      e.idHash = e.idHashIsOwn ? EventIds.fingerprint(e.eventId) : idHash;
      e.reason = in.text();
      e.rejectReason = readString(strings, in);
      e.type = readEnum(types, in);
      e.occurredAt = readTime(base, in);
      e.orderKey = (flags & 2) != 0 ? e.occurredAt : readTime(e.occurredAt, in);
      e.seq = (int) readSigned(in);
      e.unitId = readString(strings, in);
      e.toUnitId = readString(strings, in);
      e.field = readString(strings, in);
      e.procedureCode = readString(strings, in);
      e.channel = readEnum(channels, in);
      e.dueAt = (flags & 4) != 0 ? readTime(e.occurredAt, in) : null;
      if ((flags & 8) != 0) {
        e.raw = in.bytes(in.count(in.varLong(), 1));
      }
      e.origin = in.text();
      a[i] = e;
    }
    return a;
  }

  private DossierHistory.Lifecycle readLifecycle(long base, List<String> strings, In in) throws IOException {
    int status = in.u8();
    if (status == 0) return null;
    DossierHistory.Lifecycle l = new DossierHistory.Lifecycle();
    l.status = constant(statuses, status - 1);
    l.holder = readString(strings, in);
    l.receivingUnit = readString(strings, in);
    l.field = readString(strings, in);
    l.procedureCode = readString(strings, in);
    l.channel = readEnum(channels, in);
    int flags = in.u8();
    l.paused = (flags & 1) != 0;
    l.apology = (flags & 2) != 0;
    l.outcome = constant(outcomes, in.u8());
    l.receivedAt = readTime(base, in);
    l.due = readTime(base, in);
    l.pausedAt = readTime(base, in);
    l.closedAt = readTime(base, in);
    l.closedOrderKey = readTime(base, in);
    l.segStart = readTime(base, in);
    l.last = readTime(base, in);
    return l;
  }

  private static String readString(List<String> strings, In in) throws IOException {
    long r = in.varLong();
    if (r == 0) return null;
    if (r == 1) {
      String s = in.text();
      strings.add(s);
      return s;
    }
    if (r - 2 >= strings.size()) throw new IOException("string reference " + (r - 2) + " beyond the " + strings.size() + " read");
    return strings.get((int) (r - 2));
  }

  private static long[] readLongs(In in) throws IOException {
    long n = in.varLong();
    if (n == 0) return null;
    if (n == 1) return DossierState.NO_LONGS;
    long[] a = new long[in.count(n - 1, 8)];
    for (int i = 0; i < a.length; i++) a[i] = in.i64();
    return a;
  }

  private static <E extends Enum<E>> E readEnum(E[] constants, In in) throws IOException {
    int code = in.u8();
    if (code == 0) return null;
    if (code > constants.length) throw new IOException("unknown enum code " + code + " in the dossier state");
    return constants[code - 1];
  }

  static <T> T constant(T[] constants, int code) throws IOException {
    if (code < 0 || code >= constants.length) throw new IOException("unknown code " + code + " in the dossier state");
    return constants[code];
  }

  static long readTime(long base, In in) throws IOException {
    long v = in.varLong();
    if (v == 0) return Long.MIN_VALUE;
    if (v == 1) return Long.MAX_VALUE;
    if (v == 2) return 0;
    if (v == 3) return in.i64();
    return base + unzigzag(v - 4);
  }

  static long readSigned(In in) throws IOException {
    return unzigzag(in.varLong());
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  // --- the bytes ---------------------------------------------------------------------------

  /**
   * A growing byte array written straight (Flink's DataOutputView took a virtual call and a
   * bounds check per byte: packing is on every event's path). Strings: 0 for null, else
   * 1 + (length << 1 | encoding) and the bytes: UTF-8 (length in bytes), or, for a string with
   * a surrogate (which UTF-8 would not keep as it is), its chars (length in chars, two bytes each).
   */
  static final class Out {
    byte[] b;
    int n;

    Out(int capacity) {
      b = new byte[capacity];
    }

    private void ensure(int k) {
      if (n + k > b.length) b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + k));
    }

    void u8(int v) {
      ensure(1);
      b[n++] = (byte) v;
    }

    void varLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        b[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      b[n++] = (byte) v;
    }

    void i64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) b[n++] = (byte) (v >>> shift);
    }

    void bytes(byte[] a) {
      ensure(a.length);
      System.arraycopy(a, 0, b, n, a.length);
      n += a.length;
    }

    void text(String s) {
      if (s == null) {
        varLong(0);
        return;
      }
      int len = s.length();
      boolean ascii = true;
      boolean surrogate = false;
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          ascii = false;
          if (Character.isSurrogate(c)) surrogate = true;
        }
      }
      if (ascii) {
        varLong(1 + ((long) len << 1));
        ensure(len);
        for (int i = 0; i < len; i++) b[n++] = (byte) s.charAt(i);
      } else if (!surrogate) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varLong(1 + ((long) utf8.length << 1));
        bytes(utf8);
      } else {
        varLong(1 + ((long) len << 1 | 1));
        ensure(2 * len);
        for (int i = 0; i < len; i++) {
          char c = s.charAt(i);
          b[n++] = (byte) (c >>> 8);
          b[n++] = (byte) c;
        }
      }
    }
  }

  /** Reads what {@link Out} wrote; a body cut short or broken fails with an IOException. */
  static final class In {
    private final byte[] b;
    private int p;

    In(byte[] b, int from) {
      this.b = b;
      this.p = from;
    }

    private void need(int k) throws IOException {
      if (k < 0 || k > b.length - p) throw new IOException("the dossier state ends before the " + k + " bytes it says follow");
    }

    /** A count read, checked against what is left: each of the items takes at least {@code minBytes}. */
    int count(long n, int minBytes) throws IOException {
      if (n < 0 || n > (b.length - p) / minBytes) throw new IOException("a count of " + n + " beyond the dossier state's end");
      return (int) n;
    }

    int u8() throws IOException {
      need(1);
      return b[p++] & 0xFF;
    }

    long varLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new IOException("a variable-length integer longer than 64 bits in the dossier state");
    }

    long i64() throws IOException {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) v = (v << 8) | (b[p++] & 0xFF);
      return v;
    }

    byte[] bytes(int len) throws IOException {
      need(len);
      byte[] a = java.util.Arrays.copyOfRange(b, p, p + len);
      p += len;
      return a;
    }

    String text() throws IOException {
      long h = varLong();
      if (h == 0) return null;
      long len = (h - 1) >>> 1;
      if (len > Integer.MAX_VALUE / 2) throw new IOException("a string of " + len + " in the dossier state");
      if (((h - 1) & 1) == 0) {
        need((int) len);
        String s = new String(b, p, (int) len, StandardCharsets.UTF_8);
        p += (int) len;
        return s;
      }
      need(2 * (int) len);
      char[] c = new char[(int) len];
      for (int i = 0; i < c.length; i++) {
        c[i] = (char) (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
        p += 2;
      }
      return new String(c);
    }

    boolean atEnd() {
      return p == b.length;
    }
  }
}
