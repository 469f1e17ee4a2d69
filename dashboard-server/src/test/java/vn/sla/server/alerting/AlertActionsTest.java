package vn.sla.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.testing.Scenario;

class AlertActionsTest {
  final UnitRegistry registry = Scenario.registry();

  static AlertEvent alert(String unit) {
    AlertEvent e = new AlertEvent();
    e.ruleId = "any-overdue";
    e.unitId = unit;
    return e;
  }

  @Test
  void aChiefsSilenceMutesTheChiefsOwnNotificationsNotTheLeadershipsAndCanBeLifted() {
    AlertActions a = new AlertActions(null);
    long until = System.currentTimeMillis() + 3_600_000;
    var chief = a.silence(null, "xa-1a", until, "chief", "đang xử lý", "CHIEF", List.of("xa-1a"));
    List<AlertActions.Silence> covering = a.silencesOf(alert("xa-1a"), registry);
    assertThat(covering).hasSize(1);
    assertThat(chief.mutes(List.of("xa-1a"), registry)).as("the chief's own mailbox").isTrue();
    assertThat(chief.mutes(List.of("tinh"), registry)).as("the province's leadership").isFalse();
    assertThat(chief.mutes(List.of("xa-1a", "huyen-1"), registry)).as("a destination wider than the chief's unit").isFalse();
    var leader = a.silence(null, "huyen-1", until, "lanhdao", "họp", "LEADERSHIP", List.of("tinh"));
    assertThat(leader.mutes(List.of("tinh"), registry)).isTrue();
    assertThat(a.lift(chief.id)).isTrue();
    assertThat(a.silencesOf(alert("xa-1a"), registry)).containsExactly(leader);
    assertThat(a.lift("no-such")).isFalse();
  }
}
