package vn.sla.server.access;

import java.util.List;
import vn.sla.core.registry.UnitRegistry;

/** An authenticated caller and the units it may see (each with its subtree). */
public record Caller(String username, Role role, List<String> scope) {
  public boolean maySee(String unitId, UnitRegistry registry) {
    if (role == Role.ADMIN) return true;
    for (String s : scope) if (registry.isWithin(unitId, s)) return true;
    return false;
  }

  /** The roots of what the caller sees: its scope, or the registry's roots for an admin. */
  public List<String> roots(UnitRegistry registry) {
    return role == Role.ADMIN ? registry.roots() : scope;
  }
}
