package vn.sla.server.topics;

import vn.sla.core.alerts.RuleSetRecord;

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

  public void putFigures(UnitFigures f) {
    if (!registry.contains(f.unitId)) return; // a unit that left the registry
    figures.put(f.unitId, f);
    for (Consumer<String> l : listeners) l.accept(f.unitId);
  }

  private volatile String zoneMismatch;

  /** Set when the job's time zone is not this server's: both named. */
  public String zoneMismatch() {
    return zoneMismatch;
  }

  public void putClock(vn.sla.core.figures.ClockTick t) {
    if (t.zone != null && !t.zone.equals(rules.zone().getId())) {
      zoneMismatch = "the job runs in time zone " + t.zone + ", this server in " + rules.zone().getId()
          + " (SLA_ZONE): they must agree, or days, midnights and reports differ";
    }
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

  /**
   * The open dossiers of each holding unit in due order (then id), running and paused apart:
   * a bucket at "now" is then a range of the running ones (overdue first, due soon next, in
   * time last), found by binary search, and a page of a subtree is a merge of its units'
   * ranges; nothing scans or sorts every open dossier per request. Written by the topic
   * reader only, as new arrays (copy on write), so a reader on the event loop sees each
   * unit whole.
   */
  private final Map<String, DossierStatus[]> running = new ConcurrentHashMap<>();
  private final Map<String, DossierStatus[]> paused = new ConcurrentHashMap<>();
  private static final Comparator<DossierStatus> DUE_ORDER =
      Comparator.<DossierStatus>comparingLong(s -> s.dueAtMillis).thenComparing(s -> s.dossierId);

  /** The topic reader's (tests fill a store with it too). */
  public void putDossier(String id, DossierStatus s) {
    DossierStatus old = s == null ? dossiers.remove(id) : dossiers.put(id, s);
    if (old != null) index(old, false);
    if (s != null) {
      s.dossierId = id;
      index(s, true);
    }
  }

  private void index(DossierStatus s, boolean add) {
    if (s.unitId == null) return;
    Map<String, DossierStatus[]> m = s.paused ? paused : running;
    DossierStatus[] a = m.getOrDefault(s.unitId, new DossierStatus[0]);
    int i = java.util.Arrays.binarySearch(a, s, DUE_ORDER);
    DossierStatus[] b;
    if (add) {
      if (i >= 0) { // the same dossier again: replace
        b = a.clone();
        b[i] = s;
      } else {
        i = -i - 1;
        b = new DossierStatus[a.length + 1];
        System.arraycopy(a, 0, b, 0, i);
        b[i] = s;
        System.arraycopy(a, i, b, i + 1, a.length - i);
      }
    } else {
      if (i < 0) return;
      b = new DossierStatus[a.length - 1];
      System.arraycopy(a, 0, b, 0, i);
      System.arraycopy(a, i + 1, b, i, a.length - i - 1);
    }
    if (b.length == 0) m.remove(s.unitId);
    else m.put(s.unitId, b);
  }

  /** The latest state of an alert (rule|unit); only firing ones are kept. */
  /** The alert rule set in force (the newest on the rules topic), who published it, when, and the rule file it came from. */
  private volatile RuleSetRecord alertRules;

  void putAlertRules(RuleSetRecord r) {
    alertRules = r;
  }

  public RuleSetRecord alertRules() {
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

  public void markReady() {
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
    // The job publishes a unit only when its figures change; "now" moves on regardless.
    return f.asOf(asOf);
  }

  public record Page(long total, List<DossierStatus> items) {}

  /**
   * What narrows a unit's list of open dossiers besides the bucket: the field (null: any),
   * whether an apology was sent (null: either), and at least this many days overdue (0: any;
   * 1 or more keeps only overdue ones).
   */
  public record Filter(String field, Boolean apology, int minDaysOverdue) {
    public static final Filter NONE = new Filter(null, null, 0);

    boolean narrows() {
      return field != null || apology != null;
    }

    boolean test(DossierStatus s) {
      return (field == null || field.equals(s.field)) && (apology == null || apology == s.apologyIssued);
    }
  }

  public Page dossiers(String unitId, String bucket, int limit, int offset) {
    return dossiers(unitId, bucket, Filter.NONE, limit, offset);
  }

  /**
   * Open dossiers of the unit's subtree in the bucket, by due time then id. The bucket is the
   * one at the job's "now" (asOf), worked out as the job's unit figures do (sla-rules.md), so
   * the list and the counts agree.
   */
  public Page dossiers(String unitId, String bucket, Filter filter, int limit, int offset) {
    long now = asOfMillis;
    vn.sla.core.rules.SlaRules r = rules;
    // Before the job's first clock tick every running dossier counts as in time, as bucket() says.
    long overdueBefore = now == Long.MIN_VALUE ? Long.MIN_VALUE : r.overdueWhenDueBefore(now);
    long dueSoonBefore = now == Long.MIN_VALUE ? Long.MIN_VALUE : r.dueSoonWhenDueBefore(now);
    // At least N days overdue: due on or before the date N days before today, i.e. before midnight starting the day after it.
    long overdueDaysBefore = filter.minDaysOverdue() <= 0 ? Long.MAX_VALUE
        : now == Long.MIN_VALUE ? Long.MIN_VALUE : r.startOfDay(r.day(now) - filter.minDaysOverdue() + 1L);
    if (filter.minDaysOverdue() > 0 && bucket != null && !bucket.equals("overdue")) return new Page(0, List.of());
    List<DossierStatus[]> arrays = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    long total = 0;
    for (String u : registry.subtree(unitId)) {
      if (bucket == null || !bucket.equals("paused")) {
        DossierStatus[] a = running.get(u);
        if (a != null && filter.minDaysOverdue() > 0) a = java.util.Arrays.copyOf(a, Math.min(firstDueFrom(a, overdueDaysBefore),
            firstDueFrom(a, overdueBefore)));
        if (a != null) {
          int overdueEnd = firstDueFrom(a, overdueBefore);
          int dueSoonEnd = Math.max(overdueEnd, firstDueFrom(a, dueSoonBefore));
          int[] range = bucket == null ? new int[] {0, a.length} : switch (bucket) {
            case "overdue" -> new int[] {0, overdueEnd};
            case "dueSoon" -> new int[] {overdueEnd, dueSoonEnd};
            default -> new int[] {dueSoonEnd, a.length};
          };
          if (range[1] > range[0]) {
            arrays.add(a);
            ranges.add(range);
            total += range[1] - range[0];
          }
        }
      }
      if ((bucket == null || bucket.equals("paused")) && filter.minDaysOverdue() <= 0) {
        DossierStatus[] a = paused.get(u);
        if (a != null) {
          arrays.add(a);
          ranges.add(new int[] {0, a.length});
          total += a.length;
        }
      }
    }
    // A merge of the ranges in due order, up to the page's end.
    java.util.PriorityQueue<int[]> heads = new java.util.PriorityQueue<>(
        (x, y) -> DUE_ORDER.compare(arrays.get(x[0])[x[1]], arrays.get(y[0])[y[1]]));
    for (int k = 0; k < arrays.size(); k++) heads.add(new int[] {k, ranges.get(k)[0]});
    if (filter.narrows()) { // a field or an apology is no range: counted one by one
      total = 0;
      for (int k = 0; k < arrays.size(); k++) {
        for (int i = ranges.get(k)[0]; i < ranges.get(k)[1]; i++) if (filter.test(arrays.get(k)[i])) total++;
      }
    }
    List<DossierStatus> page = new ArrayList<>(Math.min(limit, 1000));
    long skipped = 0;
    while (!heads.isEmpty() && page.size() < limit) {
      int[] h = heads.poll();
      DossierStatus s = arrays.get(h[0])[h[1]];
      if (!filter.test(s)) {
        // not on this list
      } else if (skipped < offset) skipped++;
      else page.add(s.withBucket(r.bucket(now, s.dueAtMillis, s.paused).apiName()));
      if (++h[1] < ranges.get(h[0])[1]) heads.add(h);
    }
    return new Page(total, List.copyOf(page));
  }

  /** One local date of a forecast: the running dossiers due that day, which turn overdue at the midnight ending it. */
  public record ForecastDay(java.time.LocalDate date, int becomesOverdue, List<DossierStatus> items) {}

  /**
   * For each local date D from today (at the job's now) on, {@code days} of them: the subtree's
   * open, running dossiers with localDate(due) == D, in due order, at most {@code limit} listed a day.
   */
  public List<ForecastDay> forecast(String unitId, int days, int limit) {
    long now = asOfMillis == Long.MIN_VALUE ? System.currentTimeMillis() : asOfMillis;
    vn.sla.core.rules.SlaRules r = rules;
    long today = r.day(now);
    long from = r.startOfDay(today);
    long to = r.startOfDay(today + days);
    List<DossierStatus> due = new ArrayList<>();
    for (String u : registry.subtree(unitId)) {
      DossierStatus[] a = running.get(u);
      if (a == null) continue;
      for (int i = firstDueFrom(a, from), end = firstDueFrom(a, to); i < end; i++) due.add(a[i]);
    }
    due.sort(DUE_ORDER);
    List<ForecastDay> out = new ArrayList<>(days);
    int i = 0;
    for (long d = today; d < today + days; d++) {
      long end = r.startOfDay(d + 1);
      List<DossierStatus> items = new ArrayList<>();
      int count = 0;
      for (; i < due.size() && due.get(i).dueAtMillis < end; i++, count++) {
        DossierStatus s = due.get(i);
        if (items.size() < limit) items.add(s.withBucket(r.bucket(now, s.dueAtMillis, false).apiName()));
      }
      out.add(new ForecastDay(java.time.LocalDate.ofEpochDay(d), count, List.copyOf(items)));
    }
    return out;
  }

  /** A dossier's timeline as the job published it (dossier-timeline), and who holds and received it: for finding one. */
  public record Timeline(String dossierId, String json, String unitId, String receivingUnitId) {}

  private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();
  /** Events that came after a dossier closed, by dossier id, then by their key. */
  private final Map<String, Map<String, String>> addenda = new ConcurrentHashMap<>();

  /** The topic reader's: a record of the timeline topic (json null: a tombstone). */
  public void putTimeline(String key, String json) {
    int sep = key.indexOf(vn.sla.core.figures.DossierTimeline.ADDENDUM_SEPARATOR);
    if (sep >= 0) {
      String id = key.substring(0, sep);
      if (json == null) {
        addenda.computeIfPresent(id, (k, m) -> {
          m.remove(key);
          return m.isEmpty() ? null : m;
        });
      } else {
        addenda.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(key, json);
      }
      return;
    }
    if (json == null) {
      timelines.remove(key);
      return;
    }
    String[] units = holderAndReceiver(json);
    timelines.put(key, new Timeline(key, json, units[0], units[1]));
  }

  /**
   * The top-level unitId and receivingUnitId of a timeline, read as a stream of tokens that
   * stops once both are found: the events after them (most of the text, a kilobyte for five
   * events) are not parsed. A replay sends one timeline per event, and only these two are
   * needed here (the server's CPU in a 30-day replay did not measurably change: 13.8 s
   * before, 14.4 s after, in runs that spread more than that).
   */
  static String[] holderAndReceiver(String json) {
    String[] found = new String[2];
    try (com.fasterxml.jackson.core.JsonParser p = vn.sla.core.figures.Json.MAPPER.getFactory().createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
      int seen = 0;
      while (seen < 2 && p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        int slot = "unitId".equals(name) ? 0 : "receivingUnitId".equals(name) ? 1 : -1;
        if (slot >= 0 && found[slot] == null) {
          found[slot] = value == com.fasterxml.jackson.core.JsonToken.VALUE_NULL ? null : p.getValueAsString();
          seen++;
        } else {
          p.skipChildren();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("a timeline that is not JSON", e);
    }
    return found;
  }

  /** The dossier's timeline, or null when the job does not remember it. */
  public Timeline timeline(String dossierId) {
    return timelines.get(dossierId);
  }

  /** Its events published after it closed (JSON objects of DossierTimeline.Event). */
  public List<String> timelineAddenda(String dossierId) {
    Map<String, String> m = addenda.get(dossierId);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** Every remembered dossier's timeline, for a search. */
  public java.util.Collection<Timeline> timelines() {
    return timelines.values();
  }

  /** The bucket at the job's now of an open dossier due at {@code due}, as the lists place it. */
  public String bucketAtNow(long due, boolean paused) {
    return rules.bucket(asOfMillis, due, paused).apiName();
  }

  /** The index of the first dossier due at or after {@code t}. */
  private static int firstDueFrom(DossierStatus[] a, long t) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid].dueAtMillis < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  public int openDossiers() {
    return dossiers.size();
  }
}
