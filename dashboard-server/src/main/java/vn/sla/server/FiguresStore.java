package vn.sla.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import vn.sla.core.figures.DossierStatus;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.UnitRegistry;

/**
 * What the server knows, rebuilt from the job's compacted topics: the latest figures per
 * unit, the job's clock, and every open dossier. Written by the topic reader thread, read by
 * the event loop; listeners hear which units changed.
 */
public final class FiguresStore {
  private final UnitRegistry registry;
  private final Map<String, UnitFigures> figures = new ConcurrentHashMap<>();
  private final Map<String, DossierStatus> dossiers = new ConcurrentHashMap<>();
  private final Map<String, vn.sla.core.alerts.AlertEvent> alerts = new ConcurrentHashMap<>();
  private volatile String asOf;
  private volatile long asOfMillis = Long.MIN_VALUE;
  private volatile boolean ready;
  private final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FiguresStore(UnitRegistry registry) {
    this.registry = registry;
  }

  public UnitRegistry registry() {
    return registry;
  }

  public void onUnitChanged(Consumer<String> l) {
    listeners.add(l);
  }

  void putFigures(UnitFigures f) {
    if (!registry.contains(f.unitId)) return; // a unit that left the registry
    figures.put(f.unitId, f);
    for (Consumer<String> l : listeners) l.accept(f.unitId);
  }

  void putClock(String asOf, long millis) {
    if (millis >= asOfMillis) {
      this.asOf = asOf;
      this.asOfMillis = millis;
    }
  }

  void putDossier(String id, DossierStatus s) {
    if (s == null) dossiers.remove(id);
    else dossiers.put(id, s);
  }

  /** The latest state of an alert (rule|unit); only firing ones are kept. */
  /** The alert rule set in force (the newest on the rules topic), who published it, when, and the rule file it came from. */
  public record RuleSet(String json, String by, long atMillis, String fileSha256) {}

  private volatile RuleSet alertRules;

  void putAlertRules(RuleSet r) {
    alertRules = r;
  }

  public RuleSet alertRules() {
    return alertRules;
  }

  void putAlert(String key, vn.sla.core.alerts.AlertEvent e) {
    if (e == null || !"FIRING".equals(e.state)) alerts.remove(key);
    else alerts.put(key, e);
  }

  /** Firing alerts, newest first. */
  public List<vn.sla.core.alerts.AlertEvent> activeAlerts() {
    List<vn.sla.core.alerts.AlertEvent> a = new ArrayList<>(alerts.values());
    a.sort(Comparator.comparingLong((vn.sla.core.alerts.AlertEvent e) -> e.firedAtMillis).reversed());
    return a;
  }

  void markReady() {
    ready = true;
  }

  public boolean isReady() {
    return ready;
  }

  public String asOf() {
    return asOf;
  }

  public long asOfMillis() {
    return asOfMillis;
  }

  /** The unit's figures; zeros for a unit that has had no dossier yet. */
  public UnitFigures figures(String unitId) {
    UnitFigures f = figures.get(unitId);
    if (f == null) {
      f = new UnitFigures();
      f.unitId = unitId;
    }
    UnitFigures copy = new UnitFigures();
    copy.unitId = f.unitId;
    copy.date = f.date;
    copy.pending = f.pending;
    copy.today = f.today;
    copy.monthToDate = f.monthToDate;
    // The job publishes a unit only when its figures change; "now" moves on regardless.
    copy.asOf = asOf != null ? asOf : f.asOf;
    if (copy.date != null && asOf != null && !asOf.startsWith(copy.date)) {
      copy.today = new UnitFigures.Today(); // the day rolled over and the unit had nothing new
      if (copy.monthToDate != null && copy.monthToDate.from != null && !asOf.startsWith(copy.monthToDate.from.substring(0, 7))) {
        // ... and the month too: nothing completed yet this month.
        UnitFigures.MonthToDate m = new UnitFigures.MonthToDate();
        m.from = asOf.substring(0, 7) + "-01";
        m.progressScore766 = vn.sla.core.rules.ProgressScore.of(0, 0, f.pending.inTime + f.pending.dueSoon, f.pending.paused, 0,
            f.pending.total);
        copy.monthToDate = m;
      }
    }
    return copy;
  }

  public record Page(long total, List<DossierStatus> items) {}

  /** Open dossiers of the unit's subtree in the bucket, by due time then id. */
  public Page dossiers(String unitId, String bucket, int limit, int offset) {
    Set<String> subtree = Set.copyOf(registry.subtree(unitId));
    List<DossierStatus> all = new ArrayList<>();
    for (DossierStatus s : dossiers.values()) {
      if (subtree.contains(s.unitId) && (bucket == null || bucket.equals(s.bucket))) all.add(s);
    }
    all.sort(Comparator.<DossierStatus>comparingLong(s -> s.dueAtMillis).thenComparing(s -> s.dossierId));
    int from = Math.min(offset, all.size());
    int to = Math.min(all.size(), from + limit);
    return new Page(all.size(), List.copyOf(all.subList(from, to)));
  }

  public int openDossiers() {
    return dossiers.size();
  }
}
