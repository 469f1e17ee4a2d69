package vn.sla.core.registry;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The unit hierarchy, from configuration only: any depth, several roots, parents may be
 * listed after their children. Immutable and serializable so a Flink job can carry it.
 */
public final class UnitRegistry implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  public static final String HEADER = "unitId,name,parentId,level";

  private final Map<String, Unit> units; // in file order
  private final Map<String, List<String>> ancestorsOrSelf; // self first, root last
  private final Map<String, List<String>> children;

  private UnitRegistry(Map<String, Unit> units) {
    this.units = Collections.unmodifiableMap(units);
    Map<String, List<String>> anc = new HashMap<>();
    Map<String, List<String>> kids = new HashMap<>();
    for (Unit u : units.values()) {
      List<String> chain = new ArrayList<>();
      for (String id = u.unitId(); id != null; id = units.get(id).parentId()) chain.add(id);
      anc.put(u.unitId(), List.copyOf(chain));
      kids.computeIfAbsent(u.unitId(), k -> new ArrayList<>());
      if (u.parentId() != null) {
        kids.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u.unitId());
      }
    }
    this.ancestorsOrSelf = anc;
    Map<String, List<String>> frozen = new HashMap<>();
    kids.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.children = frozen;
  }

  public static UnitRegistry load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new RegistryException(file + ": cannot read the unit registry: " + e.getMessage());
    }
  }

  public static UnitRegistry of(List<Unit> list) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Unit u : list) {
      sb.append(u.unitId()).append(',').append(quote(u.name())).append(',')
          .append(u.parentId() == null ? "" : u.parentId()).append(',')
          .append(u.level() == null ? "" : u.level()).append('\n');
    }
    return parse(sb.toString(), "registry");
  }

  private static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** Parses the CSV text; {@code source} names the file in error messages. */
  public static UnitRegistry parse(String text, String source) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    List<Csv.Row> rows = Csv.parse(text, source);
    if (rows.isEmpty()) throw new RegistryException(source + ": line 1: the file is empty, expected the header " + HEADER);
    List<String> header = rows.get(0).cells();
    if (!String.join(",", header).trim().equals(HEADER)) {
      throw new RegistryException(source + ": line 1: header must be '" + HEADER + "', found '" + String.join(",", header) + "'");
    }
    Map<String, Unit> units = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i).cells();
      int line = rows.get(i).line();
      if (r.size() == 1 && r.get(0).isBlank()) continue;
      if (r.size() != 4) {
        throw new RegistryException(source + ": line " + line + ": expected 4 columns (" + HEADER + "), found " + r.size());
      }
      String id = r.get(0).trim();
      String name = r.get(1).trim();
      String parent = r.get(2).trim();
      String level = r.get(3).trim();
      if (!ID.matcher(id).matches()) {
        throw new RegistryException(source + ": line " + line + ": unitId '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (name.isEmpty()) throw new RegistryException(source + ": line " + line + ": unit '" + id + "' has no name");
      if (units.containsKey(id)) {
        throw new RegistryException(source + ": line " + line + ": unitId '" + id + "' is already defined on line " + lineOf.get(id));
      }
      units.put(id, new Unit(id, name, parent.isEmpty() ? null : parent, level));
      lineOf.put(id, line);
    }
    for (Unit u : units.values()) {
      if (u.parentId() != null && !units.containsKey(u.parentId())) {
        throw new RegistryException(source + ": line " + lineOf.get(u.unitId()) + ": parentId '" + u.parentId() + "' of unit '" + u.unitId() + "' is not a unitId in the registry");
      }
    }
    for (Unit u : units.values()) {
      Set<String> seen = new HashSet<>();
      for (String id = u.unitId(); id != null; id = units.get(id).parentId()) {
        if (!seen.add(id)) {
          throw new RegistryException(source + ": line " + lineOf.get(u.unitId()) + ": unit '" + u.unitId() + "' is part of a parent cycle through '" + id + "'");
        }
      }
    }
    if (units.isEmpty()) throw new RegistryException(source + ": line 2: the registry has no units");
    return new UnitRegistry(units);
  }

  public boolean contains(String unitId) {
    return unitId != null && units.containsKey(unitId);
  }

  public Unit get(String unitId) {
    return units.get(unitId);
  }

  public List<Unit> all() {
    return List.copyOf(units.values());
  }

  public int size() {
    return units.size();
  }

  /** The unit itself first, then its parent, up to its root. */
  public List<String> ancestorsOrSelf(String unitId) {
    List<String> a = ancestorsOrSelf.get(unitId);
    return a == null ? List.of() : a;
  }

  public List<String> children(String unitId) {
    List<String> c = children.get(unitId);
    return c == null ? List.of() : c;
  }

  /** True when {@code unitId} is {@code scopeId} or lies below it. */
  public boolean isWithin(String unitId, String scopeId) {
    return ancestorsOrSelf(unitId).contains(scopeId);
  }

  public List<String> roots() {
    List<String> r = new ArrayList<>();
    for (Unit u : units.values()) if (u.parentId() == null) r.add(u.unitId());
    return r;
  }

  /** The unit and every unit below it. */
  public List<String> subtree(String unitId) {
    List<String> out = new ArrayList<>();
    ArrayList<String> stack = new ArrayList<>(List.of(unitId));
    while (!stack.isEmpty()) {
      String id = stack.remove(stack.size() - 1);
      out.add(id);
      stack.addAll(children(id));
    }
    return out;
  }
}
