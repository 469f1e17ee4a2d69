package vn.sla.jobs.unit;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.UnitDelta;

/**
 * The roll-up rule: a dossier's delta for its unit counts for the unit and every unit above it;
 * a transfer counts for a subtree only when it crosses the subtree's boundary ({@link #rollUp},
 * the one place the rule is written; {@link DeltaCombiner} applies it on unit indexes). As a
 * function it turns a delta into deltas for those units; with per-field figures on, each also
 * goes to the key {@code unitId|field}: the same aggregation, by field (lĩnh vực).
 */
public class RollUp implements FlatMapFunction<UnitDelta, UnitDelta> {
  /** Separates unit and field in a per-field key; '|' is not allowed in a unitId. */
  public static final char FIELD_SEPARATOR = '|';

  private static final int[] NONE = new int[0];

  /** Where one delta counts: called once per unit (by the caller's int identity) with the kind it counts as there. */
  @FunctionalInterface
  public interface Counts {
    void count(int unit, Kind kind);
  }

  private final UnitRegistry registry;
  private final boolean perField;

  public RollUp(UnitRegistry registry, boolean perField) {
    this.registry = registry;
    this.perField = perField;
  }

  public static boolean isFieldKey(String key) {
    return key.indexOf(FIELD_SEPARATOR) >= 0;
  }

  /**
   * The rule. {@code up}: the delta's unit and every unit above it; {@code to}: for a TRANSFER,
   * the same of the receiving unit (ignored otherwise). Units are ints of the caller's choosing,
   * equal for the same unit. A TRANSFER counts as TRANSFERRED_OUT for each unit of {@code up}
   * not in {@code to}, then as TRANSFERRED_IN for each unit of {@code to} not in {@code up}; any
   * other kind counts as itself for each unit of {@code up}, in order.
   */
  public static void rollUp(Kind kind, int[] up, int[] to, Counts counts) {
    if (kind == Kind.TRANSFER) {
      for (int u : up) if (!contains(to, u)) counts.count(u, Kind.TRANSFERRED_OUT);
      for (int u : to) if (!contains(up, u)) counts.count(u, Kind.TRANSFERRED_IN);
      return;
    }
    for (int u : up) counts.count(u, kind);
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) if (v == x) return true;
    return false;
  }

  @Override
  public void flatMap(UnitDelta d, Collector<UnitDelta> out) {
    // The units of both paths by their position in one list, the same unit at the same position.
    List<String> units = new ArrayList<>();
    int[] up = positions(registry.ancestorsOrSelf(d.unitId), units);
    int[] to = d.kind == Kind.TRANSFER ? positions(registry.ancestorsOrSelf(d.otherUnitId), units) : NONE;
    rollUp(d.kind, up, to, (u, kind) -> emit(units.get(u), kind, d, out));
  }

  private static int[] positions(List<String> path, List<String> units) {
    int[] p = new int[path.size()];
    for (int i = 0; i < p.length; i++) {
      int at = units.indexOf(path.get(i));
      if (at < 0) {
        at = units.size();
        units.add(path.get(i));
      }
      p[i] = at;
    }
    return p;
  }

  private void emit(String unit, Kind kind, UnitDelta d, Collector<UnitDelta> out) {
    out.collect(copy(unit, kind, d));
    if (perField && d.field != null) out.collect(copy(unit + FIELD_SEPARATOR + d.field, kind, d));
  }

  private static UnitDelta copy(String unit, Kind kind, UnitDelta d) {
    UnitDelta c = new UnitDelta(unit, kind, d.day, d.count, null);
    c.due = d.due;
    return c;
  }
}
