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
  private volatile vn.sla.core.figures.ClockTick clock;
  private volatile vn.sla.core.rules.SlaRules rules = vn.sla.core.rules.SlaRules.defaults();
  private volatile boolean ready;
  private final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FiguresStore(UnitRegistry registry) {
    this.registry = registry;
  }

  /** @param zone the deployment's time zone (the job's due-soon window comes with its clock) */
  public FiguresStore(UnitRegistry registry, java.time.ZoneId zone) {
    this.registry = registry;
    this.rules = new vn.sla.core.rules.SlaRules(zone, vn.sla.core.rules.SlaRules.DEFAULT_DUE_SOON);
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

  void putClock(vn.sla.core.figures.ClockTick t) {
    if (t.asOfMillis >= asOfMillis) {
      if (t.dueSoonMillis > 0 && t.dueSoonMillis != rules.dueSoonMillis()) {
        rules = new vn.sla.core.rules.SlaRules(rules.zone(), java.time.Duration.ofMillis(t.dueSoonMillis));
      }
      this.clock = t;
      this.asOf = t.asOf;
      this.asOfMillis = t.asOfMillis;
    }
  }

  /** The job's newest clock tick (now, the input's progress, whether it is catching up); null before the first. */
  public vn.sla.core.figures.ClockTick clock() {
    return clock;
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

  /**
   * Open dossiers of the unit's subtree in the bucket, by due time then id. The bucket is the
   * one at the job's "now" (asOf), worked out as the job's unit figures do (sla-rules.md), so
   * the list and the counts agree.
   */
  public Page dossiers(String unitId, String bucket, int limit, int offset) {
    Set<String> subtree = Set.copyOf(registry.subtree(unitId));
    long now = asOfMillis;
    vn.sla.core.rules.SlaRules r = rules;
    List<DossierStatus> all = new ArrayList<>();
    for (DossierStatus s : dossiers.values()) {
      if (!subtree.contains(s.unitId)) continue;
      String b = r.bucket(now, s.dueAtMillis, s.paused).apiName();
      if (bucket == null || bucket.equals(b)) all.add(withBucket(s, b));
    }
    all.sort(Comparator.<DossierStatus>comparingLong(s -> s.dueAtMillis).thenComparing(s -> s.dossierId));
    int from = Math.min(offset, all.size());
    int to = Math.min(all.size(), from + limit);
    return new Page(all.size(), List.copyOf(all.subList(from, to)));
  }

  private static DossierStatus withBucket(DossierStatus s, String bucket) {
    if (bucket.equals(s.bucket)) return s;
    DossierStatus c = new DossierStatus();
    c.dossierId = s.dossierId;
    c.unitId = s.unitId;
    c.receivingUnitId = s.receivingUnitId;
    c.field = s.field;
    c.procedureCode = s.procedureCode;
    c.channel = s.channel;
    c.receivedAt = s.receivedAt;
    c.dueAt = s.dueAt;
    c.dueAtMillis = s.dueAtMillis;
    c.paused = s.paused;
    c.apologyIssued = s.apologyIssued;
    c.bucket = bucket;
    return c;
  }

  public int openDossiers() {
    return dossiers.size();
  }
}
