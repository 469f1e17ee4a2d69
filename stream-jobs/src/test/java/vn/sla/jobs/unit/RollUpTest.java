package vn.sla.jobs.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.UnitDelta;
import vn.sla.jobs.testing.Scenario;

/** The roll-up rule: up the registry, transfers only where they cross a subtree's boundary. */
class RollUpTest {
  static List<String> rolledUp(UnitDelta d, boolean perField) throws Exception {
    List<UnitDelta> out = new ArrayList<>();
    new RollUp(Scenario.registry(), perField).flatMap(d, new ListCollector<>(out));
    return out.stream().map(UnitDelta::toString).toList();
  }

  @Test
  void theRuleOnAnyUnitIdentity() {
    List<String> seen = new ArrayList<>();
    RollUp.rollUp(Kind.RECEIVED_ONLINE, new int[] {3, 1, 0}, new int[] {9}, (u, k) -> seen.add(u + " " + k));
    assertThat(seen).containsExactly("3 RECEIVED_ONLINE", "1 RECEIVED_ONLINE", "0 RECEIVED_ONLINE");
    seen.clear();
    RollUp.rollUp(Kind.TRANSFER, new int[] {3, 1, 0}, new int[] {4, 1, 0}, (u, k) -> seen.add(u + " " + k));
    assertThat(seen).containsExactly("3 TRANSFERRED_OUT", "4 TRANSFERRED_IN");
  }

  @Test
  void aTransferCountsWhereItCrossesASubtreesBoundary() throws Exception {
    // Within a district: the two communes only.
    assertThat(rolledUp(new UnitDelta("xa-1a", Kind.TRANSFER, 7, 1, "xa-1b"), false))
        .containsExactly("TRANSFERRED_OUT(xa-1a, day 7, 1)", "TRANSFERRED_IN(xa-1b, day 7, 1)");
    // Across districts of one province: the communes and the districts, not the province.
    assertThat(rolledUp(new UnitDelta("xa-1a", Kind.TRANSFER, 7, 1, "xa-2a"), false)).containsExactly(
        "TRANSFERRED_OUT(xa-1a, day 7, 1)", "TRANSFERRED_OUT(huyen-1, day 7, 1)",
        "TRANSFERRED_IN(xa-2a, day 7, 1)", "TRANSFERRED_IN(huyen-2, day 7, 1)");
    // To another province: everything up to both roots.
    assertThat(rolledUp(new UnitDelta("so-tp", Kind.TRANSFER, 7, -1, "xa-3a"), false)).containsExactly(
        "TRANSFERRED_OUT(so-tp, day 7, -1)", "TRANSFERRED_OUT(tinh, day 7, -1)",
        "TRANSFERRED_IN(xa-3a, day 7, -1)", "TRANSFERRED_IN(tinh-b, day 7, -1)");
    // Any other kind: the unit and every unit above it, per field too when on.
    assertThat(rolledUp(new UnitDelta("xa-1b", Kind.COMPLETED_LATE, 7, 1, null, "ho-tich"), true)).containsExactly(
        "COMPLETED_LATE(xa-1b, day 7, 1)", "COMPLETED_LATE(xa-1b|ho-tich, day 7, 1)",
        "COMPLETED_LATE(huyen-1, day 7, 1)", "COMPLETED_LATE(huyen-1|ho-tich, day 7, 1)",
        "COMPLETED_LATE(tinh, day 7, 1)", "COMPLETED_LATE(tinh|ho-tich, day 7, 1)");
  }
}
