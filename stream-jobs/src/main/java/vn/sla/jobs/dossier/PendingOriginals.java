package vn.sla.jobs.dossier;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;

/**
 * The original bytes (and origin) of events that may still be refused, held beside the keyed
 * state instead of in it, for one subtask of the dossier function.
 *
 * <p>Why: an accepted event needs its bytes only until the input's progress passes its
 * lifecycle position (then nothing can come before it and make it a dead letter). Kept in the
 * dossier's state, forgetting them took an event-time timer per event, and on every one Flink's
 * timer queue and a state read and write of the dossier: about a third of the lifecycle
 * operator's time on the heap (docs/benchmarks.md, 2026-12-04), more on RocksDB, where each is
 * a lookup and a (de)serialisation. Here they go in input order: the progress drops them from
 * the front of one small queue (the events of the last few minutes of input time), with no
 * per-dossier timer and no state access.
 *
 * <p>Checkpointed by the function as union list state: after a rescale each subtask keeps the
 * entries of the dossiers it now owns.
 */
final class PendingOriginals {
  record Key(String dossierId, long idHash) {}

  static final class Entry {
    final Key key;
    final long orderKey;
    final byte[] raw;
    final String origin;

    Entry(Key key, long orderKey, byte[] raw, String origin) {
      this.key = key;
      this.orderKey = orderKey;
      this.raw = raw;
      this.origin = origin;
    }
  }

  private final HashMap<Key, Entry> byKey = new HashMap<>();
  /** Entries in lifecycle position; an entry taken out of {@link #byKey} is skipped when it comes up. */
  private final PriorityQueue<Entry> byOrder = new PriorityQueue<>((a, b) -> Long.compare(a.orderKey, b.orderKey));

  void put(String dossierId, long idHash, long orderKey, byte[] raw, String origin) {
    Entry e = new Entry(new Key(dossierId, idHash), orderKey, raw, origin);
    byKey.put(e.key, e);
    byOrder.add(e);
  }

  /** The entry of the event, removed; null when there is none (never kept, or already gone). */
  Entry take(String dossierId, long idHash) {
    return byKey.remove(new Key(dossierId, idHash));
  }

  /**
   * Drops every entry at or before {@code progress}. Call it only where every timer up to the
   * progress has fired (as at a new element): the refusals settling at that progress have
   * taken their bytes by then.
   */
  void expireThrough(long progress) {
    if (progress == Long.MIN_VALUE) return;
    while (!byOrder.isEmpty() && byOrder.peek().orderKey <= progress) {
      Entry e = byOrder.poll();
      byKey.remove(e.key, e);
    }
  }

  int size() {
    return byKey.size();
  }

  /** Every entry, one byte array each, for the checkpoint. */
  List<byte[]> encode() throws IOException {
    List<byte[]> all = new ArrayList<>(byKey.size());
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (Entry e : byKey.values()) {
      out.clear();
      StringValue.writeString(e.key.dossierId(), out);
      out.writeLong(e.key.idHash());
      out.writeLong(e.orderKey);
      StringValue.writeString(e.origin, out);
      out.writeInt(e.raw == null ? -1 : e.raw.length);
      if (e.raw != null) out.write(e.raw);
      all.add(out.getCopyOfBuffer());
    }
    return all;
  }

  /** Adds the entries of a checkpoint whose dossier {@code mine} accepts. */
  void restore(Iterable<byte[]> stored, Predicate<String> mine) throws IOException {
    for (byte[] b : stored) {
      DataInputDeserializer in = new DataInputDeserializer(b);
      String dossierId = StringValue.readString(in);
      if (!mine.test(dossierId)) continue;
      long idHash = in.readLong();
      long orderKey = in.readLong();
      String origin = StringValue.readString(in);
      int n = in.readInt();
      byte[] raw = null;
      if (n >= 0) {
        raw = new byte[n];
        in.readFully(raw);
      }
      put(dossierId, idHash, orderKey, raw, origin);
    }
  }
}
