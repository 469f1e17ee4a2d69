package vn.sla.jobs.unit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.UnitChange;
import vn.sla.jobs.records.UnitDelta;

/**
 * The roll-up ({@link RollUp#rollUp}'s rule, applied on unit indexes), summed over a short
 * moment before the deltas cross the network to the per-unit figures. Every event changes three or four counters of its unit
 * and, through the roll-up, of each unit above it (and again per field); under load most of
 * those land on the same few counters (the province's above all). Summing integer counts is
 * exact, so the figures are the same as without it, from far fewer records.
 *
 * <p>What is sent is one {@link UnitChange} per unit key with all of its summed counters, so
 * the unit function applies a dossier's whole change at once. A buffer is only ever sent
 * between two dossier evaluations (on a timer, a watermark, a checkpoint barrier or the end of
 * input; never in the middle of the deltas one evaluation emits), so no unit ever sees half
 * of one. The operator has no state.
 *
 * <p>Counters are keyed by one {@code long} (unit, field, kind and day by their indexes; for
 * the open dossiers the day's bits index the due times of the moment), so a delta costs a few
 * array probes instead of building and hashing "unit|field" strings for each unit above it.
 * Sums of zero are dropped: figures are absolute, a unit with nothing changed has nothing to say.
 */
public class DeltaCombiner extends AbstractStreamOperator<UnitChange>
    implements OneInputStreamOperator<UnitDelta, UnitChange>, ProcessingTimeCallback {
  private static final Kind[] KINDS = Kind.values();
  private static final int DAY_BITS = 24;
  private static final int DAY_OFFSET = 1 << (DAY_BITS - 1);
  private static final int FIELD_BITS = 14;
  private static final int UNIT_BITS = 20;
  private static final int KIND_BITS = 5;
  private static final int[] NONE = new int[0];

  private final UnitRegistry registry;
  private final boolean perField;
  private final long maxDelayMillis;

  private transient String[] unitIds;
  private transient Map<String, Integer> unitIndex;
  /** Per unit index: the indexes of the unit and every unit above it. */
  private transient int[][] ancestors;
  private transient Map<String, Integer> fieldIndex;
  private transient List<String> fields;
  private transient Map<Long, String> fieldKeys;
  private transient LongSums sums;
  /** The due times of open dossiers in this buffer, by index (the day bits of their keys). */
  private transient LongSums dueIndex;
  private transient long[] dues;
  private transient RollUp fallback;
  /** Sends the fallback's deltas straight on, one change each. */
  private transient org.apache.flink.util.Collector<UnitDelta> straight;
  private transient boolean timerSet;
  /** For the flush: unit key → its ordinal, and per position its group, and the positions by group. */
  private transient LongSums groups;
  private transient int[] groupOf;
  private transient int[] byGroup;

  /** @param maxDelayMillis longest a delta waits (processing time); 0 sends every evaluation's deltas at once */
  public DeltaCombiner(UnitRegistry registry, boolean perField, long maxDelayMillis) {
    this.registry = registry;
    this.perField = perField;
    this.maxDelayMillis = maxDelayMillis;
  }

  @Override
  public void open() throws Exception {
    super.open();
    unitIds = registry.all().stream().map(u -> u.unitId()).toArray(String[]::new);
    if (unitIds.length >= (1 << UNIT_BITS)) throw new IllegalStateException("more than " + ((1 << UNIT_BITS) - 1) + " units");
    unitIndex = new HashMap<>();
    for (int i = 0; i < unitIds.length; i++) unitIndex.put(unitIds[i], i);
    ancestors = new int[unitIds.length][];
    for (int i = 0; i < unitIds.length; i++) {
      ancestors[i] = registry.ancestorsOrSelf(unitIds[i]).stream().mapToInt(unitIndex::get).toArray();
    }
    fieldIndex = new HashMap<>();
    fields = new ArrayList<>(List.of("")); // index 0: no field, the unit's own counter
    fieldKeys = new HashMap<>();
    sums = new LongSums(1 << 12);
    dueIndex = new LongSums(1 << 8);
    dues = new long[1 << 7];
    groups = new LongSums(1 << 8);
    groupOf = new int[1 << 10];
    byGroup = new int[1 << 10];
    fallback = new RollUp(registry, perField);
    straight = new org.apache.flink.util.Collector<>() {
      @Override
      public void collect(UnitDelta d) {
        output.collect(new StreamRecord<>(new UnitChange(d.unitId, 1).add(d.kind, d.day, d.due, d.count).trimmed()));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void processElement(StreamRecord<UnitDelta> element) {
    UnitDelta d = element.getValue();
    Integer unit = unitIndex.get(d.unitId);
    int field = perField && d.field != null ? fieldOf(d.field) : 0;
    Integer other = d.kind == Kind.TRANSFER ? unitIndex.get(d.otherUnitId) : Integer.valueOf(0);
    int day = d.kind.scope == Kind.Scope.LIVE ? dueSlot(d.due) : d.day;
    if (unit == null || other == null || field < 0 || day + DAY_OFFSET < 0 || day + DAY_OFFSET >= (1 << DAY_BITS)) {
      // Outside what a key can hold (an unknown unit, a far-off day, too many fields): rolled up unsummed.
      fallback.flatMap(d, straight);
      return;
    }
    int[] to = d.kind == Kind.TRANSFER ? ancestors[other] : NONE;
    RollUp.rollUp(d.kind, ancestors[unit], to, (u, kind) -> add(u, field, kind, day, d.count));
    if (maxDelayMillis <= 0) {
      if (!timerSet) {
        // Still after the whole evaluation: the timer runs between two input records.
        timerSet = true;
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), this);
      }
    } else if (!timerSet) {
      timerSet = true;
      getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + maxDelayMillis, this);
    }
  }

  /** The index of a due time in this buffer (its key's day bits). */
  private int dueSlot(long due) {
    int i = (int) dueIndex.get(due, -1);
    if (i >= 0) return i;
    i = dueIndex.size();
    dueIndex.add(due, i);
    if (i == dues.length) dues = Arrays.copyOf(dues, i * 2);
    dues[i] = due;
    return i;
  }

  private void add(int unit, int field, Kind kind, int day, long count) {
    sums.add(key(unit, 0, kind, day), count);
    if (field != 0) sums.add(key(unit, field, kind, day), count);
  }

  private static long key(int unit, int field, Kind kind, int day) {
    return ((((long) unit << FIELD_BITS | field) << KIND_BITS | kind.ordinal()) << DAY_BITS) | (day + DAY_OFFSET);
  }

  private int fieldOf(String field) {
    Integer i = fieldIndex.get(field);
    if (i != null) return i;
    if (fields.size() >= (1 << FIELD_BITS)) return -1;
    fieldIndex.put(field, fields.size());
    fields.add(field);
    return fields.size() - 1;
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    flush();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    int n = sums.size();
    if (n > 0) {
      // One change per unit key (a key's high bits): the positions grouped by it in first-seen
      // order, a counting sort in two passes (sorting every key was a twentieth of a replay).
      if (groupOf.length < n) {
        groupOf = new int[Math.max(n, groupOf.length * 2)];
        byGroup = new int[groupOf.length];
      }
      groups.clear();
      for (int i = 0; i < n; i++) {
        long g = sums.keyAt(i) >>> (DAY_BITS + KIND_BITS);
        int o = (int) groups.get(g, -1);
        if (o < 0) {
          o = groups.size();
          groups.add(g, o);
        }
        groupOf[i] = o;
      }
      int[] next = new int[groups.size() + 1];
      for (int i = 0; i < n; i++) next[groupOf[i] + 1]++;
      for (int g = 1; g < next.length; g++) next[g] += next[g - 1];
      for (int i = 0; i < n; i++) byGroup[next[groupOf[i]]++] = i;
      UnitChange change = null;
      int group = -1;
      for (int j = 0; j < n; j++) {
        int i = byGroup[j];
        long count = sums.valueAt(i);
        if (count == 0) continue;
        long k = sums.keyAt(i);
        int day = (int) (k & ((1 << DAY_BITS) - 1)) - DAY_OFFSET;
        k >>>= DAY_BITS;
        Kind kind = KINDS[(int) (k & ((1 << KIND_BITS) - 1))];
        k >>>= KIND_BITS;
        if (groupOf[i] != group) {
          if (change != null) output.collect(new StreamRecord<>(change.trimmed()));
          group = groupOf[i];
          int field = (int) (k & ((1 << FIELD_BITS) - 1));
          int unit = (int) (k >>> FIELD_BITS);
          long unitField = k;
          String id = field == 0 ? unitIds[unit] : fieldKeys.computeIfAbsent(unitField, x -> unitIds[unit] + RollUp.FIELD_SEPARATOR + fields.get(field));
          change = new UnitChange(id, 8);
        }
        if (kind.scope == Kind.Scope.LIVE) change.add(kind, 0, kind == Kind.LIVE_PAUSED ? 0 : dues[day], count);
        else change.add(kind, day, 0, count);
      }
      if (change != null) output.collect(new StreamRecord<>(change.trimmed()));
    }
    sums.clear();
    dueIndex.clear();
  }

  /** Sums by long key, in first-seen order; open addressing, so adding allocates nothing. */
  static final class LongSums {
    private long[] keys;
    private int[] slotOf; // table slot -> position + 1 (0: empty)
    private long[] orderKeys;
    private long[] orderValues;
    private int[] orderSlots;
    private int size;

    LongSums(int capacity) {
      keys = new long[capacity];
      slotOf = new int[capacity];
      orderKeys = new long[capacity / 2];
      orderValues = new long[capacity / 2];
      orderSlots = new int[capacity / 2];
    }

    void add(long key, long value) {
      int mask = keys.length - 1;
      int s = (int) (mix(key) & mask);
      while (slotOf[s] != 0) {
        if (keys[s] == key) {
          orderValues[slotOf[s] - 1] += value;
          return;
        }
        s = (s + 1) & mask;
      }
      if (size == orderKeys.length) {
        grow();
        add(key, value);
        return;
      }
      keys[s] = key;
      slotOf[s] = size + 1;
      orderKeys[size] = key;
      orderValues[size] = value;
      orderSlots[size] = s;
      size++;
    }

    private void grow() {
      long[] ok = Arrays.copyOf(orderKeys, size);
      long[] ov = Arrays.copyOf(orderValues, size);
      int capacity = keys.length * 2;
      keys = new long[capacity];
      slotOf = new int[capacity];
      orderKeys = new long[capacity / 2];
      orderValues = new long[capacity / 2];
      orderSlots = new int[capacity / 2];
      size = 0;
      for (int i = 0; i < ok.length; i++) add(ok[i], ov[i]);
    }

    private static long mix(long k) {
      k ^= k >>> 33;
      k *= 0xff51afd7ed558ccdL;
      k ^= k >>> 33;
      return k;
    }

    /** The sum of a key, or {@code absent} when it has none. */
    long get(long key, long absent) {
      int mask = keys.length - 1;
      int s = (int) (mix(key) & mask);
      while (slotOf[s] != 0) {
        if (keys[s] == key) return orderValues[slotOf[s] - 1];
        s = (s + 1) & mask;
      }
      return absent;
    }

    int size() {
      return size;
    }

    long keyAt(int i) {
      return orderKeys[i];
    }

    long valueAt(int i) {
      return orderValues[i];
    }

    /** Empties the table by its used slots only: cheap when only a few were used. */
    void clear() {
      for (int i = 0; i < size; i++) slotOf[orderSlots[i]] = 0;
      size = 0;
    }
  }
}
