package vn.sla.jobs.dossier;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
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
   * unique to their event, are written in place ({@link #writeText}) and kept out of it.
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

  void write(DossierState s, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    writeTime(s.arrivedAtProgress, 0, out);
    long base = s.arrivedAtProgress == Long.MIN_VALUE ? 0 : s.arrivedAtProgress;
    Strings strings = new Strings();
    writeEvents(s.events, base, strings, out);
    if (s.facts == null) {
      writeUnsigned(0, out);
    } else {
      writeUnsigned(s.facts.length + 1L, out);
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
    out.writeByte(flags);
    writeTime(s.liveDue, base, out);
    if (s.statusHash != 0) out.writeLong(s.statusHash);
    if (s.timelineHash != 0) out.writeLong(s.timelineHash);
    writeLongs(s.rejectedEventHashes, out);
    writeEvents(s.refused, base, strings, out);
    writeLongs(s.timelineAddenda, out);
    writeTime(s.timer, base, out);
    writeTime(s.cleanupAt, base, out);
    writeString(s.closedStatus, strings, out);
    writeLongs(s.closedEventHashes, out);
    writeLifecycle(s.lifecycle, base, strings, out);
  }

  private void writeEvents(StoredEvent[] a, long base, Strings strings, DataOutputView out) throws IOException {
    if (a == null) {
      writeUnsigned(0, out);
      return;
    }
    writeUnsigned(a.length + 1L, out);
    for (StoredEvent e : a) {
      UUID uuid = uuidSuffix(e.eventId);
      boolean ownHash = e.eventId != null && e.idHash == EventIds.fingerprint(e.eventId);
      int flags = (ownHash ? 1 : 0) | (e.orderKey == e.occurredAt ? 2 : 0) | (e.dueAt != null ? 4 : 0) | (e.raw != null ? 8 : 0)
          | (uuid != null ? 16 : 0);
      out.writeByte(flags);
      if (!ownHash) out.writeLong(e.idHash);
      if (uuid != null) {
        writeString(e.eventId.substring(0, e.eventId.length() - 36), strings, out);
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
      } else {
        writeText(e.eventId, out);
      }
      writeText(e.reason, out);
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
        writeUnsigned(e.raw.length, out);
        out.write(e.raw);
      }
      writeText(e.origin, out);
    }
  }

  private void writeLifecycle(DossierHistory.Lifecycle l, long base, Strings strings, DataOutputView out) throws IOException {
    if (l == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(code(statuses, l.status) + 1);
    writeString(l.holder, strings, out);
    writeString(l.receivingUnit, strings, out);
    writeString(l.field, strings, out);
    writeString(l.procedureCode, strings, out);
    writeEnum(l.channel, channelCodes, out);
    out.writeByte((l.paused ? 1 : 0) | (l.apology ? 2 : 0));
    out.writeByte(code(outcomes, l.outcome));
    writeTime(l.receivedAt, base, out);
    writeTime(l.due, base, out);
    writeTime(l.pausedAt, base, out);
    writeTime(l.closedAt, base, out);
    writeTime(l.closedOrderKey, base, out);
    writeTime(l.segStart, base, out);
    writeTime(l.last, base, out);
  }

  /** A repeating string. null: 0; its first occurrence: 1 and the string; a later one: 2 + its index. */
  private static void writeString(String s, Strings strings, DataOutputView out) throws IOException {
    if (s == null) {
      writeUnsigned(0, out);
      return;
    }
    int i = strings.indexOf(s);
    if (i >= 0) {
      writeUnsigned(i + 2L, out);
      return;
    }
    strings.add(s);
    writeUnsigned(1, out);
    StringValue.writeString(s, out);
  }

  /** A string unique to its event, in place (null included). */
  private static void writeText(String s, DataOutputView out) throws IOException {
    StringValue.writeString(s, out);
  }

  private static void writeLongs(long[] a, DataOutputView out) throws IOException {
    if (a == null) {
      writeUnsigned(0, out);
      return;
    }
    writeUnsigned(a.length + 1L, out);
    for (long x : a) out.writeLong(x);
  }

  private static void writeEnum(Enum<?> e, int[] codes, DataOutputView out) throws IOException {
    int code = e == null ? 0 : codes[e.ordinal()];
    if (code < 0) throw new IOException(e + " is not among the constants of the state being written");
    out.writeByte(code);
  }

  private static <T> int code(T[] constants, T value) throws IOException {
    for (int i = 0; i < constants.length; i++) if (constants[i] == value) return i;
    throw new IOException(value + " has no code in the dossier state");
  }

  /**
   * Long.MIN_VALUE: 0; Long.MAX_VALUE: 1; 0 (a time not set): 2; a far one: 3 and the value; else
   * 4 + the zigzag difference from base.
   */
  static void writeTime(long t, long base, DataOutputView out) throws IOException {
    if (t == Long.MIN_VALUE) {
      writeUnsigned(0, out);
    } else if (t == Long.MAX_VALUE) {
      writeUnsigned(1, out);
    } else if (t == 0) {
      writeUnsigned(2, out);
    } else {
      long d = t - base;
      // The difference overflowed, or is too large to take the offset: the value itself.
      if ((t >= base) != (d >= 0) || Math.abs(d) >= 1L << 60) {
        writeUnsigned(3, out);
        out.writeLong(t);
      } else {
        writeUnsigned(zigzag(d) + 4, out);
      }
    }
  }

  static void writeSigned(long v, DataOutputView out) throws IOException {
    writeUnsigned(zigzag(v), out);
  }

  /** Seven bits a byte, least significant first; the high bit says more follow. */
  static void writeUnsigned(long v, DataOutputView out) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

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
  DossierState read(DataInputView in) throws IOException {
    DossierState s = new DossierState();
    s.arrivedAtProgress = readTime(0, in);
    long base = s.arrivedAtProgress == Long.MIN_VALUE ? 0 : s.arrivedAtProgress;
    List<String> strings = new ArrayList<>();
    s.events = readEvents(base, strings, in);
    long n = readUnsigned(in);
    if (n == 0) {
      s.facts = null;
    } else {
      s.facts = n == 1 ? DossierState.NO_FACTS : new Fact[(int) (n - 1)];
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
    int flags = in.readUnsignedByte();
    s.livePaused = (flags & 1) != 0;
    s.liveApology = (flags & 2) != 0;
    s.statusPublished = (flags & 4) != 0;
    s.timelinePublished = (flags & 8) != 0;
    s.closed = (flags & 16) != 0;
    s.liveDue = readTime(base, in);
    s.statusHash = (flags & 32) != 0 ? in.readLong() : 0;
    s.timelineHash = (flags & 64) != 0 ? in.readLong() : 0;
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

  private StoredEvent[] readEvents(long base, List<String> strings, DataInputView in) throws IOException {
    long n = readUnsigned(in);
    if (n == 0) return null;
    if (n == 1) return DossierState.NO_EVENTS;
    StoredEvent[] a = new StoredEvent[(int) (n - 1)];
    for (int i = 0; i < a.length; i++) {
      StoredEvent e = new StoredEvent();
      int flags = in.readUnsignedByte();
      long idHash = (flags & 1) == 0 ? in.readLong() : 0;
      if ((flags & 16) != 0) {
        String prefix = readString(strings, in);
        String uuid = new UUID(in.readLong(), in.readLong()).toString();
        e.eventId = prefix.isEmpty() ? uuid : prefix.concat(uuid);
      } else {
        e.eventId = StringValue.readString(in);
      }
      e.idHash = (flags & 1) != 0 ? EventIds.fingerprint(e.eventId) : idHash;
      e.reason = StringValue.readString(in);
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
        byte[] raw = new byte[(int) readUnsigned(in)];
        in.readFully(raw);
        e.raw = raw;
      }
      e.origin = StringValue.readString(in);
      a[i] = e;
    }
    return a;
  }

  private DossierHistory.Lifecycle readLifecycle(long base, List<String> strings, DataInputView in) throws IOException {
    int status = in.readUnsignedByte();
    if (status == 0) return null;
    DossierHistory.Lifecycle l = new DossierHistory.Lifecycle();
    l.status = constant(statuses, status - 1);
    l.holder = readString(strings, in);
    l.receivingUnit = readString(strings, in);
    l.field = readString(strings, in);
    l.procedureCode = readString(strings, in);
    l.channel = readEnum(channels, in);
    int flags = in.readUnsignedByte();
    l.paused = (flags & 1) != 0;
    l.apology = (flags & 2) != 0;
    l.outcome = constant(outcomes, in.readUnsignedByte());
    l.receivedAt = readTime(base, in);
    l.due = readTime(base, in);
    l.pausedAt = readTime(base, in);
    l.closedAt = readTime(base, in);
    l.closedOrderKey = readTime(base, in);
    l.segStart = readTime(base, in);
    l.last = readTime(base, in);
    return l;
  }

  private static String readString(List<String> strings, DataInputView in) throws IOException {
    long r = readUnsigned(in);
    if (r == 0) return null;
    if (r == 1) {
      String s = StringValue.readString(in);
      strings.add(s);
      return s;
    }
    if (r - 2 >= strings.size()) throw new IOException("string reference " + (r - 2) + " beyond the " + strings.size() + " read");
    return strings.get((int) (r - 2));
  }

  private static long[] readLongs(DataInputView in) throws IOException {
    long n = readUnsigned(in);
    if (n == 0) return null;
    if (n == 1) return DossierState.NO_LONGS;
    long[] a = new long[(int) (n - 1)];
    for (int i = 0; i < a.length; i++) a[i] = in.readLong();
    return a;
  }

  private static <E extends Enum<E>> E readEnum(E[] constants, DataInputView in) throws IOException {
    int code = in.readUnsignedByte();
    if (code == 0) return null;
    if (code > constants.length) throw new IOException("unknown enum code " + code + " in the dossier state");
    return constants[code - 1];
  }

  private static <T> T constant(T[] constants, int code) throws IOException {
    if (code < 0 || code >= constants.length) throw new IOException("unknown code " + code + " in the dossier state");
    return constants[code];
  }

  static long readTime(long base, DataInputView in) throws IOException {
    long v = readUnsigned(in);
    if (v == 0) return Long.MIN_VALUE;
    if (v == 1) return Long.MAX_VALUE;
    if (v == 2) return 0;
    if (v == 3) return in.readLong();
    return base + unzigzag(v - 4);
  }

  static long readSigned(DataInputView in) throws IOException {
    return unzigzag(readUnsigned(in));
  }

  static long readUnsigned(DataInputView in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw new IOException("a variable-length integer longer than 64 bits in the dossier state");
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
