package vn.sla.jobs.unit;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.UnitDelta;

/**
 * Turns a dossier's delta for its unit into deltas for the unit and every unit above it. A
 * transfer counts for a subtree only when it crosses the subtree's boundary. With per-field
 * figures on, each delta also goes to the key {@code unitId|field}: the same aggregation,
 * by field (lĩnh vực).
 */
public class RollUp implements FlatMapFunction<UnitDelta, UnitDelta> {
  /** Separates unit and field in a per-field key; '|' is not allowed in a unitId. */
  public static final char FIELD_SEPARATOR = '|';

  private final UnitRegistry registry;
  private final boolean perField;

  public RollUp(UnitRegistry registry, boolean perField) {
    this.registry = registry;
    this.perField = perField;
  }

  public static boolean isFieldKey(String key) {
    return key.indexOf(FIELD_SEPARATOR) >= 0;
  }

  @Override
  public void flatMap(UnitDelta d, Collector<UnitDelta> out) {
    List<String> up = registry.ancestorsOrSelf(d.unitId);
    if (d.kind == Kind.TRANSFER) {
      List<String> to = registry.ancestorsOrSelf(d.otherUnitId);
      for (String u : up) if (!to.contains(u)) emit(u, Kind.TRANSFERRED_OUT, d, out);
      for (String u : to) if (!up.contains(u)) emit(u, Kind.TRANSFERRED_IN, d, out);
      return;
    }
    for (String u : up) emit(u, d.kind, d, out);
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
