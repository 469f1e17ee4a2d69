package vn.sla.jobs.dossier;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of each unit id, field and procedure code held in dossier state. Every
 * parsed event brings its own copies of these few hundred values; kept per stored event and
 * fact, they were a good part of the heap per open dossier (docs/benchmarks.md, 2026-12-04).
 * Shared here, where an event is stored, not in the parser: events cross the keyBy to the
 * dossier function and arrive as fresh copies. Bounded: past {@link #MAX} distinct values (not what a province has) a value is kept as it
 * came, so a flood of odd values cannot grow this without end.
 */
final class SharedStrings {
  static final int MAX = 1 << 16;
  private static final ConcurrentHashMap<String, String> SHARED = new ConcurrentHashMap<>();

  private SharedStrings() {}

  static String of(String s) {
    if (s == null) return null;
    String c = SHARED.get(s);
    if (c != null) return c;
    if (SHARED.size() >= MAX) return s;
    c = SHARED.putIfAbsent(s, s);
    return c == null ? s : c;
  }
}
