package vn.sla.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.UnitRegistry;

class AlertRulesTest {
  final UnitRegistry registry = UnitRegistry.load(Path.of("../deploy/units-sample.csv"));

  @Test
  void theSampleRulesAreValid() throws Exception {
    assertThat(AlertRules.parse(Files.readString(Path.of("../deploy/alert-rules.json")), registry)).hasSize(4);
  }

  @Test
  void aProgressRuleFiresBelowItsThresholdSoItsClearMustBeAbove() {
    String rule = "{\"rules\":[{\"id\":\"p\",\"subtree\":\"tinh-an-phu\",\"metric\":\"PROGRESS_SCORE_MTD\",\"fire\":%s,\"clear\":%s}]}";
    assertThat(AlertRules.parse(rule.formatted(16, 18), registry)).hasSize(1);
    assertThatThrownBy(() -> AlertRules.parse(rule.formatted(18, 16), registry)).hasMessageContaining("'p'").hasMessageContaining("below fire");
    assertThatThrownBy(() -> AlertRules.parse(rule.formatted(16, 25), registry)).hasMessageContaining("0 to 20");
  }

  @Test
  void aBadRuleIsRefusedNamingItAndTheProblem() {
    String base = "{\"rules\":[{\"id\":\"r1\",\"unit\":\"tinh-an-phu\",\"metric\":\"OVERDUE_COUNT\",\"fire\":10,\"clear\":5%s}]}";
    assertThat(AlertRules.parse(String.format(base, ""), registry)).hasSize(1);
    assertThatThrownBy(() -> AlertRules.parse(String.format(base, ",\"holdFor\":\"ten minutes\""), registry))
        .hasMessageContaining("'r1'").hasMessageContaining("holdFor");
    assertThatThrownBy(() -> AlertRules.parse(String.format(base, ",\"level\":\"COMMUNE\""), registry))
        .hasMessageContaining("'r1'").hasMessageContaining("exactly one of unit, subtree or level");
    assertThatThrownBy(() -> AlertRules.parse(base.replace("\"clear\":5", "\"clear\":50").formatted(""), registry))
        .hasMessageContaining("clear");
    assertThatThrownBy(() -> AlertRules.parse(base.replace("tinh-an-phu", "khong-co").formatted(""), registry))
        .hasMessageContaining("khong-co");
    assertThatThrownBy(() -> AlertRules.parse(base.replace("OVERDUE_COUNT", "VIBES").formatted(""), registry))
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> AlertRules.parse("{\"rules\":[{\"id\":\"a\",\"unit\":\"tinh-an-phu\",\"metric\":\"OVERDUE_COUNT\"},"
        + "{\"id\":\"a\",\"unit\":\"tinh-an-phu\",\"metric\":\"OVERDUE_COUNT\"}]}", registry)).hasMessageContaining("twice");
    // The id becomes an InfluxDB tag and part of URLs: a code (a line break once stopped every write).
    assertThatThrownBy(() -> AlertRules.parse(base.replace("\"r1\"", "\"r\\n1\"").formatted(""), registry))
        .hasMessageContaining("letters, digits");
  }
}
