package vn.sla.jobs.unit;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.dossier.Kind;
import vn.sla.jobs.dossier.UnitDelta;

/**
 * Turns a dossier's delta for its unit into deltas for the unit and every unit above it. A
 * transfer counts for a subtree only when it crosses the subtree's boundary.
 */
public class RollUp implements FlatMapFunction<UnitDelta, UnitDelta> {
  private final UnitRegistry registry;

  public RollUp(UnitRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void flatMap(UnitDelta d, Collector<UnitDelta> out) {
    List<String> up = registry.ancestorsOrSelf(d.unitId);
    if (d.kind == Kind.TRANSFER) {
      List<String> to = registry.ancestorsOrSelf(d.otherUnitId);
      for (String u : up) if (!to.contains(u)) out.collect(new UnitDelta(u, Kind.TRANSFERRED_OUT, d.day, d.count, null));
      for (String u : to) if (!up.contains(u)) out.collect(new UnitDelta(u, Kind.TRANSFERRED_IN, d.day, d.count, null));
      return;
    }
    for (String u : up) out.collect(new UnitDelta(u, d.kind, d.day, d.count, null));
  }
}
