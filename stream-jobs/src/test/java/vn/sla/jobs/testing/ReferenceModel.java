package vn.sla.jobs.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.Outcome;
import vn.sla.core.rules.SlaRules;

/**
 * The oracle: a deliberately simple batch reading of the contracts (dossier-events.md and
 * sla-rules.md, version 1.1) over a list of records in arrival order. It shares only the
 * contract's parser and date arithmetic with the job, and it knows nothing of the wall clock
 * but what the contract says of it (a record more than a day ahead of it is bad): lateness,
 * order and retention come from the input alone, so the same records give the same figures
 * whenever they arrive.
 *
 * <p>Its reading, step by step:
 * <ol>
 *   <li>The input's progress before a record is the newest occurredAt of the valid records
 *       before it, less the tolerance. A record dated before it is late.
 *   <li>A dossier's events are in occurredAt order (arrival order on ties); a late one comes
 *       after every event of the dossier that arrived before it. The lifecycle never goes back
 *       in time: an event takes effect at its occurredAt or at the previous applied event's
 *       time, whichever is later.
 *   <li>A closed dossier's event ids are remembered for the retention of input progress after
 *       its closing event's position (or the progress when that event arrived, if later). A
 *       record of that dossier arriving once the progress has passed it starts a new dossier.
 *   <li>Each dossier becomes plain intervals (pending, with holder, due time, paused, apology)
 *       and dated happenings; every figure is counted from them by its definition.
 * </ol>
 */
public final class ReferenceModel {
  /** One stretch of time during which a dossier was pending with the same holder and state. */
  record Interval(String unit, long from, long to, boolean paused, long due, long apologyAt) {}

  record Happening(EventType type, long at, String unit, String toUnit, String channel, Outcome outcome) {}

  static final class Dossier {
    String id;
    String receivingUnit;
    String field;
    final List<Interval> intervals = new ArrayList<>();
    final List<Happening> happenings = new ArrayList<>();
  }

  /** One life of a dossier id: its events in arrival order with their lifecycle positions. */
  private static final class Life {
    final List<DossierEvent> events = new ArrayList<>();
    final List<Long> positions = new ArrayList<>();
    final List<Long> arrivedAt = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
  }

  private final UnitRegistry registry;
  private final SlaRules rules;
  private final long retentionMillis;
  private final List<Dossier> dossiers = new ArrayList<>();
  public int badRecords;
  public int inFuture;
  public int lifecycleRejections;
  public int duplicates;
  public int late;
  /** The newest occurredAt of the valid records, less the tolerance. */
  public long progress = Long.MIN_VALUE;

  /** Records with no wall clock to speak of (all dated well before it) and the default 30-day retention. */
  public ReferenceModel(UnitRegistry registry, SlaRules rules, long toleranceMillis, List<String> records) {
    this(registry, rules, toleranceMillis, 30L * 86_400_000L, records, i -> Long.MAX_VALUE / 2);
  }

  /**
   * @param wallAt the wall clock when record i arrived (records more than 24 h ahead of it are bad)
   */
  public ReferenceModel(UnitRegistry registry, SlaRules rules, long toleranceMillis, long retentionMillis, List<String> records,
      IntToLongFunction wallAt) {
    this.registry = registry;
    this.rules = rules;
    this.retentionMillis = retentionMillis;
    EventParser parser = new EventParser(registry::contains);
    Map<String, List<Life>> lives = new LinkedHashMap<>();
    long newest = Long.MIN_VALUE;
    for (int i = 0; i < records.size(); i++) {
      ParseResult r = parser.parse(records.get(i));
      if (!r.isOk()) {
        badRecords++;
        continue;
      }
      DossierEvent e = r.event();
      if (e.occurredAt > wallAt.applyAsLong(i) + 86_400_000L) {
        badRecords++;
        inFuture++;
        continue;
      }
      long before = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - toleranceMillis;
      boolean isLate = before != Long.MIN_VALUE && e.occurredAt < before;
      if (isLate) late++;
      newest = Math.max(newest, e.occurredAt);

      List<Life> l = lives.computeIfAbsent(e.dossierId, k -> new ArrayList<>());
      Life life = l.isEmpty() ? null : l.get(l.size() - 1);
      if (life != null && forgotten(life, before)) life = null;
      if (life == null) {
        life = new Life();
        l.add(life);
      }
      if (!life.ids.add(e.eventId)) {
        duplicates++;
        continue;
      }
      long position = e.occurredAt;
      if (isLate) for (long p : life.positions) position = Math.max(position, p);
      life.events.add(e);
      life.positions.add(position);
      life.arrivedAt.add(before);
    }
    progress = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - toleranceMillis;
    for (List<Life> l : lives.values()) {
      for (Life life : l) {
        Replay r = replay(life);
        r.dossier.id = life.events.get(0).dossierId;
        dossiers.add(r.dossier);
        lifecycleRejections += r.rejections;
      }
    }
  }

  /** Whether a closed dossier's ids have been forgotten by the time the progress is at {@code now}. */
  private boolean forgotten(Life life, long now) {
    Replay r = replay(life);
    if (r.closedIndex < 0 || now == Long.MIN_VALUE) return false;
    long from = Math.max(life.positions.get(r.closedIndex), life.arrivedAt.get(r.closedIndex));
    // Nothing can come before the closing event any more, and the retention has passed since.
    return now >= life.positions.get(r.closedIndex) && now >= from + retentionMillis;
  }

  private record Replay(Dossier dossier, int closedIndex, int rejections) {}

  private Replay replay(Life life) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < life.events.size(); i++) order.add(i);
    order.sort((a, b) -> Long.compare(life.positions.get(a), life.positions.get(b)) != 0
        ? Long.compare(life.positions.get(a), life.positions.get(b)) : Integer.compare(a, b));
    Dossier d = new Dossier();
    String state = "NONE";
    String holder = null;
    boolean paused = false;
    long due = 0;
    long pausedAt = 0;
    long apologyAt = Long.MAX_VALUE;
    long since = 0;
    long clock = Long.MIN_VALUE;
    int closedIndex = -1;
    int rejections = 0;
    for (int idx : order) {
      DossierEvent e = life.events.get(idx);
      long t = Math.max(e.occurredAt, clock);
      boolean ok = true;
      switch (state) {
        case "NONE" -> {
          if (e.type == EventType.RECEIVED) {
            state = "OPEN";
            holder = e.unitId;
            d.receivingUnit = e.unitId;
            d.field = e.field;
            due = e.dueAt;
            since = t;
            d.happenings.add(new Happening(EventType.RECEIVED, t, e.unitId, null, e.channel.name(), null));
          } else {
            ok = false;
          }
        }
        case "OPEN" -> {
          switch (e.type) {
            case PAUSED -> {
              if (paused) ok = false;
              else {
                d.intervals.add(new Interval(holder, since, t, false, due, apologyAt));
                since = t;
                paused = true;
                pausedAt = t;
              }
            }
            case RESUMED -> {
              if (!paused) ok = false;
              else {
                d.intervals.add(new Interval(holder, since, t, true, due, apologyAt));
                since = t;
                paused = false;
                due = e.dueAt != null ? e.dueAt : SlaRules.shift(due, pausedAt, t);
              }
            }
            case TRANSFERRED -> {
              d.intervals.add(new Interval(holder, since, t, paused, due, apologyAt));
              since = t;
              d.happenings.add(new Happening(EventType.TRANSFERRED, t, holder, e.toUnitId, null, null));
              holder = e.toUnitId;
            }
            case APOLOGY_ISSUED -> {
              // The apology counts from its moment: split the interval there.
              d.intervals.add(new Interval(holder, since, t, paused, due, apologyAt));
              since = t;
              apologyAt = Math.min(apologyAt, t);
            }
            case COMPLETED -> {
              d.intervals.add(new Interval(holder, since, t, paused, due, apologyAt));
              if (paused) due = SlaRules.shift(due, pausedAt, t);
              d.happenings.add(new Happening(EventType.COMPLETED, t, holder, null, null, rules.classify(t, due)));
              state = "COMPLETED";
              closedIndex = idx;
            }
            case WITHDRAWN -> {
              d.intervals.add(new Interval(holder, since, t, paused, due, apologyAt));
              d.happenings.add(new Happening(EventType.WITHDRAWN, t, holder, null, null, null));
              state = "WITHDRAWN";
              closedIndex = idx;
            }
            default -> ok = false; // RECEIVED again, RETURNED before COMPLETED
          }
        }
        case "COMPLETED" -> ok = e.type == EventType.RETURNED;
        default -> ok = false; // after WITHDRAWN
      }
      if (ok) clock = t;
      else rejections++;
    }
    if (state.equals("OPEN")) d.intervals.add(new Interval(holder, since, Long.MAX_VALUE, paused, due, apologyAt));
    return new Replay(d, closedIndex, rejections);
  }

  private boolean within(String unit, String scope) {
    return registry.isWithin(unit, scope);
  }

  /** pending.{total,inTime,dueSoon,overdue,paused,overdueWithoutApology} of the subtree at now. */
  public long[] livePending(String scope, long now) {
    long[] p = new long[6];
    for (Dossier d : dossiers) {
      for (Interval i : d.intervals) {
        if (i.from() <= now && now < i.to() && within(i.unit(), scope)) {
          Bucket b = rules.bucket(now, i.due(), i.paused());
          p[0]++;
          p[1 + b.ordinal()]++;
          if (b == Bucket.OVERDUE && i.apologyAt() > now) p[5]++;
        }
      }
    }
    return p; // [total, inTime, dueSoon, overdue, paused, overdueWithoutApology]
  }

  /** The open dossiers of the subtree in a bucket at now (the chase list's total). */
  public long inBucket(String scope, long now, Bucket bucket) {
    return livePending(scope, now)[1 + bucket.ordinal()];
  }

  /** today.{received,completed,early,onTime,late,withdrawn} of the subtree for the day of now, up to now. */
  public long[] today(String scope, long now) {
    long[] t = new long[6];
    long start = rules.startOfDay(rules.day(now));
    for (Dossier d : dossiers) {
      for (Happening h : d.happenings) {
        if (h.at() < start || h.at() > now || !within(h.unit(), scope)) continue;
        switch (h.type()) {
          case RECEIVED -> t[0]++;
          case COMPLETED -> {
            t[1]++;
            t[2 + h.outcome().ordinal()]++;
          }
          case WITHDRAWN -> t[5]++;
          default -> {}
        }
      }
    }
    return t;
  }

  /** The contract's period report, as a flat map of named figures. */
  public Map<String, Long> report(String scope, int fromDay, int toDay) {
    return report(scope, fromDay, toDay, null);
  }

  /** The report of the dossiers of one field only (null: all). */
  public Map<String, Long> report(String scope, int fromDay, int toDay, String field) {
    long start = rules.startOfDay(fromDay);
    long end = rules.startOfDay(toDay + 1L);
    Map<String, Long> r = new LinkedHashMap<>();
    for (String k : List.of("received.online", "received.inPerson", "received.postal", "completed.early",
        "completed.onTime", "completed.late", "withdrawn", "transferredIn", "transferredOut")) r.put(k, 0L);
    for (Dossier d : dossiers) {
      if (field != null && !field.equals(d.field)) continue;
      for (Happening h : d.happenings) {
        if (h.at() < start || h.at() >= end) continue;
        switch (h.type()) {
          case RECEIVED -> {
            if (within(h.unit(), scope)) {
              String k = switch (h.channel()) {
                case "ONLINE" -> "received.online";
                case "IN_PERSON" -> "received.inPerson";
                default -> "received.postal";
              };
              r.merge(k, 1L, Long::sum);
            }
          }
          case COMPLETED -> {
            if (within(h.unit(), scope)) {
              String k = switch (h.outcome()) {
                case EARLY -> "completed.early";
                case ON_TIME -> "completed.onTime";
                case LATE -> "completed.late";
              };
              r.merge(k, 1L, Long::sum);
            }
          }
          case WITHDRAWN -> {
            if (within(h.unit(), scope)) r.merge("withdrawn", 1L, Long::sum);
          }
          case TRANSFERRED -> {
            boolean fromIn = within(h.unit(), scope);
            boolean toIn = within(h.toUnit(), scope);
            if (!fromIn && toIn) r.merge("transferredIn", 1L, Long::sum);
            if (fromIn && !toIn) r.merge("transferredOut", 1L, Long::sum);
          }
          default -> {}
        }
      }
    }
    long[] atEnd = pendingAtEnd(scope, toDay, field);
    r.put("pendingAtEnd.inTime", atEnd[0]);
    r.put("pendingAtEnd.overdue", atEnd[1]);
    r.put("pendingAtEnd.paused", atEnd[2]);
    long[] before = pendingAtEnd(scope, fromDay - 1, field);
    r.put("carriedOver", before[0] + before[1] + before[2]);
    return r;
  }

  /** in time (due date >= T, due soon included), overdue, paused at the last instant of day T. */
  public long[] pendingAtEnd(String scope, int day, String field) {
    long last = rules.startOfDay(day + 1L) - 1;
    long[] p = new long[3];
    for (Dossier d : dossiers) {
      if (field != null && !field.equals(d.field)) continue;
      for (Interval i : d.intervals) {
        if (i.from() <= last && last < i.to() && within(i.unit(), scope)) {
          if (i.paused()) p[2]++;
          else if (rules.day(i.due()) >= day) p[0]++;
          else p[1]++;
        }
      }
    }
    return p;
  }

  /** The open dossiers at the end of the input: id → holder. */
  public Map<String, String> openDossiers() {
    Map<String, String> open = new java.util.TreeMap<>();
    for (Dossier d : dossiers) {
      Interval last = d.intervals.isEmpty() ? null : d.intervals.get(d.intervals.size() - 1);
      if (last != null && last.to() == Long.MAX_VALUE) open.put(d.id, last.unit());
    }
    return open;
  }

  public int dossierCount() {
    return dossiers.size();
  }
}
