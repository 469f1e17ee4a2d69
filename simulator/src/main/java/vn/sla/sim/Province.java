package vn.sla.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;

/**
 * The desks of a province as the simulator sees them: every unit of the registry that runs a
 * one-stop desk, how busy it is, what it receives, and the code its dossier numbers start
 * with. Built from the registry and the seed only, so the same seed gives the same province.
 */
final class Province {
  /** A unit that receives dossiers. {@code index} is its position in {@link #desks()}. */
  record Desk(int index, Unit unit, String code, Catalog.Profile profile, double weight) {
    String unitId() {
      return unit.unitId();
    }
  }

  /** Fictional province code in the dossier numbers (real ones are H01..H6x). */
  static final String PROVINCE_CODE = "H99";

  private final UnitRegistry registry;
  private final List<Desk> desks = new ArrayList<>();
  private final double[] cumulative;
  private final List<String> unknownUnits = new ArrayList<>();

  Province(UnitRegistry registry, long seed) {
    this.registry = registry;
    // Each desk's own busyness: a lognormal factor around its kind's weight, from its own
    // stream so adding a unit to the registry does not reshuffle the others.
    List<Unit> units = registry.all();
    boolean anyDesk = units.stream().anyMatch(u -> Catalog.baseWeight(u) > 0);
    int departments = 0;
    int districts = 0;
    int communes = 0;
    Set<String> codes = new HashSet<>();
    for (Unit u : units) {
      double base = anyDesk ? Catalog.baseWeight(u) : 1.0;
      if (base <= 0) continue;
      SplittableRandom r = new SplittableRandom(Seeds.mix(seed, u.unitId().hashCode()));
      double factor = Math.min(3.0, Math.max(0.3, Math.exp(0.5 * gaussian(r))));
      String code =
          switch (Catalog.level(u)) {
            case "COMMUNE" -> String.format("%03d.00.00", ++communes);
            case "DISTRICT" -> String.format("000.%02d.00", ++districts);
            default -> String.format("000.00.%02d", ++departments);
          };
      // Codes are unique by construction; the check keeps them so if the scheme changes.
      while (!codes.add(code)) code = String.format("000.00.%02d", ++departments);
      desks.add(new Desk(desks.size(), u, code + "." + PROVINCE_CODE, Catalog.profileOf(u), base * factor));
    }
    cumulative = new double[desks.size()];
    double sum = 0;
    for (int i = 0; i < desks.size(); i++) cumulative[i] = sum += desks.get(i).weight();
    for (String id : Catalog.UNKNOWN_UNITS) if (!registry.contains(id)) unknownUnits.add(id);
    if (unknownUnits.isEmpty()) unknownUnits.add("khong-co-trong-danh-muc");
  }

  List<Desk> desks() {
    return desks;
  }

  UnitRegistry registry() {
    return registry;
  }

  /** A desk chosen in proportion to its busyness. */
  Desk pick(SplittableRandom rnd) {
    return desks.get(Weighted.index(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1]));
  }

  /**
   * The unit a dossier is transferred to (liên thông): usually a desk of another kind (a
   * commune's land dossier to the land department), sometimes a peer. Null when the province
   * has a single desk.
   */
  Desk transferTarget(Desk from, SplittableRandom rnd) {
    if (desks.size() < 2) return null;
    boolean otherKind = rnd.nextDouble() < 0.7;
    String level = Catalog.level(from.unit());
    List<Desk> candidates = new ArrayList<>();
    for (Desk d : desks) {
      if (d != from && Catalog.level(d.unit()).equals(level) != otherKind) candidates.add(d);
    }
    if (candidates.isEmpty()) {
      for (Desk d : desks) if (d != from) candidates.add(d);
    }
    return candidates.get(rnd.nextInt(candidates.size()));
  }

  /** A unit id that is not in the registry, for bad records. */
  String unknownUnit(SplittableRandom rnd) {
    return Catalog.any(unknownUnits, rnd);
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
