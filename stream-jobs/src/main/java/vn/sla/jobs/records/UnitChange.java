package vn.sla.jobs.records;

import java.util.Arrays;

/**
 * Every change to one unit's counters (a unit, or a unit and field) summed over a moment: one
 * record, applied at once, so the unit's figures never show half of a dossier's change (its
 * received count without the pending it adds, say) and its invariants hold at every emission.
 * Parallel arrays keep it a compact Flink POJO.
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(UnitChangeSerializer.TypeFactory.class)
public class UnitChange {
  public String unitId;
  /** {@link Kind} ordinals. */
  public byte[] kinds;
  /** Local epoch day of DAY and STEP changes; 0 for LIVE. */
  public int[] days;
  /** Due time of LIVE_RUNNING* changes; 0 otherwise. */
  public long[] dues;
  public long[] counts;

  public UnitChange() {}

  public UnitChange(String unitId, int capacity) {
    this.unitId = unitId;
    kinds = new byte[capacity];
    days = new int[capacity];
    dues = new long[capacity];
    counts = new long[capacity];
  }

  private transient int filled;

  public UnitChange add(Kind kind, int day, long due, long count) {
    if (filled == kinds.length) {
      int n = Math.max(4, filled * 2);
      kinds = Arrays.copyOf(kinds, n);
      days = Arrays.copyOf(days, n);
      dues = Arrays.copyOf(dues, n);
      counts = Arrays.copyOf(counts, n);
    }
    kinds[filled] = (byte) kind.ordinal();
    days[filled] = day;
    dues[filled] = due;
    counts[filled] = count;
    filled++;
    return this;
  }

  /** Drops the unused tail (call once, before the record leaves). */
  public UnitChange trimmed() {
    if (filled != kinds.length) {
      kinds = Arrays.copyOf(kinds, filled);
      days = Arrays.copyOf(days, filled);
      dues = Arrays.copyOf(dues, filled);
      counts = Arrays.copyOf(counts, filled);
    }
    return this;
  }

  public int size() {
    return kinds.length;
  }

  private static final Kind[] KINDS = Kind.values();

  public Kind kind(int i) {
    return KINDS[kinds[i]];
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(unitId).append('[');
    for (int i = 0; i < size(); i++) {
      if (i > 0) b.append(", ");
      Kind k = kind(i);
      b.append(k).append(k.scope == Kind.Scope.LIVE ? "@" + dues[i] : "/" + days[i]).append(counts[i] >= 0 ? "+" : "").append(counts[i]);
    }
    return b.append(']').toString();
  }
}
