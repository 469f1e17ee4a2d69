package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;

/** The sample registries in deploy/ load and have the shapes the demo relies on. */
class RegistryFilesTest {
  static final Path TWO_TIER = Path.of("..", "deploy", "units-sample.csv");
  static final Path THREE_TIER = Path.of("..", "deploy", "units-sample-3tier.csv");

  @Test
  void twoTierProvinceLoads() {
    UnitRegistry r = UnitRegistry.load(TWO_TIER);
    Map<String, Long> byLevel = r.all().stream().collect(Collectors.groupingBy(Unit::level, Collectors.counting()));
    assertThat(r.roots()).containsExactly("tinh-an-phu");
    assertThat(r.get("tinh-an-phu").name()).isEqualTo("Tỉnh An Phú");
    assertThat(byLevel).containsEntry("PROVINCE", 1L).containsEntry("CENTER", 1L);
    assertThat(byLevel.get("DEPARTMENT")).isBetween(15L, 22L);
    assertThat(byLevel.get("COMMUNE")).isBetween(90L, 110L);
    assertThat(byLevel).doesNotContainKey("DISTRICT");
    // Two tiers: everything hangs directly under the province.
    assertThat(r.all()).filteredOn(u -> u.parentId() != null).allSatisfy(u -> assertThat(u.parentId()).isEqualTo("tinh-an-phu"));
    // A quoted name with a comma survives.
    assertThat(r.all()).extracting(Unit::name).contains("Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp", "Xã Ngọc Chúc");
    assertThat(new HashSet<>(r.all().stream().map(Unit::name).toList())).hasSize(r.size());
    assertThat(r.all()).allSatisfy(u -> assertThat(u.unitId()).matches("[a-z0-9]+(-[a-z0-9]+)*"));
  }

  @Test
  void threeTierProvinceLoadsWithAParentAfterItsChildren() throws Exception {
    UnitRegistry r = UnitRegistry.load(THREE_TIER);
    assertThat(r.roots()).containsExactly("tinh-an-phu");
    List<Unit> districts = r.all().stream().filter(u -> u.level().equals("DISTRICT")).toList();
    assertThat(districts).hasSizeBetween(3, 5).allSatisfy(d -> {
      assertThat(d.name()).startsWith("Huyện ");
      assertThat(d.parentId()).isEqualTo("tinh-an-phu");
      assertThat(r.children(d.unitId())).hasSizeBetween(4, 6)
          .allSatisfy(c -> assertThat(r.get(c).level()).isEqualTo("COMMUNE"));
    });
    List<String> order = Files.readAllLines(THREE_TIER, StandardCharsets.UTF_8).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(','))).toList();
    boolean parentAfterChild = r.all().stream()
        .anyMatch(u -> u.parentId() != null && order.indexOf(u.parentId()) > order.indexOf(u.unitId()));
    assertThat(parentAfterChild).isTrue();
  }

  @Test
  void generatorRunsOnTheThreeTierShapeToo() {
    UnitRegistry r = UnitRegistry.load(THREE_TIER);
    long from = java.time.OffsetDateTime.parse("2024-03-04T00:00:00+07:00").toInstant().toEpochMilli();
    List<SimRecord> recs = EventGenerator.generate(r, new GeneratorSettings(7, 500, 0, 0), from, from + 3 * 86_400_000L);
    assertThat(recs).isNotEmpty();
    vn.sla.core.event.EventParser parser = new vn.sla.core.event.EventParser(r::contains);
    assertThat(recs).allSatisfy(x -> assertThat(parser.parse(x.value()).isOk()).isTrue());
    // Districts run desks of their own in the three-tier shape.
    assertThat(recs).anyMatch(x -> x.value().contains("\"unitId\":\"huyen-"));
  }
}
