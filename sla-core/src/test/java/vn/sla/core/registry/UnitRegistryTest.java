package vn.sla.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitRegistryTest {
  static final String THREE_TIER = """
      unitId,name,parentId,level
      xa-a,"Xã A, huyện B",huyen-b,COMMUNE
      huyen-b,Huyện B,tinh,DISTRICT
      tinh,Tỉnh Kiên Giang,,PROVINCE
      so-tp,Sở Tư pháp,tinh,DEPARTMENT
      tinh2,Tỉnh Hai,,PROVINCE
      """;

  @Test
  void parentsMayComeAfterChildrenAndSeveralRootsAreAllowed() {
    UnitRegistry r = UnitRegistry.parse(THREE_TIER, "units.csv");
    assertThat(r.size()).isEqualTo(5);
    assertThat(r.get("xa-a").name()).isEqualTo("Xã A, huyện B");
    assertThat(r.ancestorsOrSelf("xa-a")).containsExactly("xa-a", "huyen-b", "tinh");
    assertThat(r.roots()).containsExactly("tinh", "tinh2");
    assertThat(r.subtree("tinh")).containsExactlyInAnyOrder("tinh", "huyen-b", "xa-a", "so-tp");
    assertThat(r.isWithin("xa-a", "huyen-b")).isTrue();
    assertThat(r.isWithin("so-tp", "huyen-b")).isFalse();
  }

  @Test
  void badRegistriesAreRefusedNamingTheLine() {
    assertThatThrownBy(() -> UnitRegistry.parse("id,name\n", "u.csv"))
        .hasMessageContaining("u.csv: line 1").hasMessageContaining("header");
    assertThatThrownBy(() -> UnitRegistry.parse("unitId,name,parentId,level\na,A,,P\na,B,,P\n", "u.csv"))
        .hasMessageContaining("line 3").hasMessageContaining("already defined on line 2");
    assertThatThrownBy(() -> UnitRegistry.parse("unitId,name,parentId,level\na,A,zz,P\n", "u.csv"))
        .hasMessageContaining("line 2").hasMessageContaining("parentId 'zz'");
    assertThatThrownBy(() -> UnitRegistry.parse("unitId,name,parentId,level\na,A,b,P\nb,B,a,P\n", "u.csv"))
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> UnitRegistry.parse("unitId,name,parentId,level\na b,A,,P\n", "u.csv"))
        .hasMessageContaining("line 2").hasMessageContaining("unitId 'a b'");
    assertThatThrownBy(() -> UnitRegistry.parse("unitId,name,parentId,level\na,A,,P,extra\n", "u.csv"))
        .hasMessageContaining("line 2").hasMessageContaining("4 columns");
  }
}
