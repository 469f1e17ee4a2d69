package vn.sla.jobs.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.Outcome;
import vn.sla.core.rules.SlaRules;

/**
 * The oracle: a deliberately simple, independent batch computation of the contract's figures
 * from a list of records in arrival order. It shares only the contract's parser and date
 * arithmetic with the job: each dossier is replayed once, in order, into plain intervals and
 * dated happenings, and every figure is then counted straight from its definition.
 */
public final class ReferenceModel {
  /** One stretch of time during which a dossier was pending with the same holder and state. */
  record Interval(String unit, long from, long to, boolean paused, long due, long apologyAt) {}

  record Happening(EventType type, long at, String unit, String toUnit, String channel, Outcome outcome) {}

  static final class Dossier {
    String receivingUnit;
    String field;
    final List<Interval> intervals = new ArrayList<>();
    final List<Happening> happenings = new ArrayList<>();
  }

  private final UnitRegistry registry;
  private final SlaRules rules;
  private final Map<String, Dossier> dossiers = new LinkedHashMap<>();
  public int badRecords;
  public int lifecycleRejections;
  public int duplicates;

  public ReferenceModel(UnitRegistry registry, SlaRules rules, long toleranceMillis, List<String> records) {
    this.registry = registry;
    this.rules = rules;
    EventParser parser = new EventParser(registry::contains);
    Map<String, List<DossierEvent>> byDossier = new LinkedHashMap<>();
    Map<String, Set<String>> seenIds = new HashMap<>();
    Map<DossierEvent, Boolean> late = new HashMap<>();
    long newest = Long.MIN_VALUE;
    for (String rec : records) {
      ParseResult r = parser.parse(rec);
      if (!r.isOk()) {
        badRecords++;
        continue;
      }
      DossierEvent e = r.event();
      boolean isLate = newest != Long.MIN_VALUE && e.occurredAt < newest - toleranceMillis;
      newest = Math.max(newest, e.occurredAt);
      if (!seenIds.computeIfAbsent(e.dossierId, k -> new HashSet<>()).add(e.eventId)) {
        duplicates++;
        continue;
      }
      late.put(e, isLate);
      byDossier.computeIfAbsent(e.dossierId, k -> new ArrayList<>()).add(e);
    }
    for (var entry : byDossier.entrySet()) {
      List<DossierEvent> inOrder = new ArrayList<>();
      List<DossierEvent> lates = new ArrayList<>();
      for (DossierEvent e : entry.getValue()) (late.get(e) ? lates : inOrder).add(e);
      inOrder.sort(Comparator.comparingLong(e -> e.occurredAt)); // stable: arrival order on ties
      inOrder.addAll(lates);
      dossiers.put(entry.getKey(), replay(inOrder));
    }
  }

  private Dossier replay(List<DossierEvent> events) {
    Dossier d = new Dossier();
    String state = "NONE";
    String holder = null;
    boolean paused = false;
    long due = 0;
    long pausedAt = 0;
    long apologyAt = Long.MAX_VALUE;
    long since = 0;
    for (DossierEvent e : events) {
      long t = e.occurredAt;
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
            }
            case WITHDRAWN -> {
              d.intervals.add(new Interval(holder, since, t, paused, due, apologyAt));
              d.happenings.add(new Happening(EventType.WITHDRAWN, t, holder, null, null, null));
              state = "WITHDRAWN";
            }
            default -> ok = false; // RECEIVED again, RETURNED before COMPLETED
          }
        }
        case "COMPLETED" -> ok = e.type == EventType.RETURNED;
        default -> ok = false; // after WITHDRAWN
      }
      if (!ok) lifecycleRejections++;
    }
    if (state.equals("OPEN")) d.intervals.add(new Interval(holder, since, Long.MAX_VALUE, paused, due, apologyAt));
    return d;
  }

  private boolean within(String unit, String scope) {
    return registry.isWithin(unit, scope);
  }

  /** pending.{total,inTime,dueSoon,overdue,paused,overdueWithoutApology} of the subtree at now. */
  public long[] livePending(String scope, long now) {
    long[] p = new long[6];
    for (Dossier d : dossiers.values()) {
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

  /** today.{received,completed,early,onTime,late,withdrawn} of the subtree for the day of now, up to now. */
  public long[] today(String scope, long now) {
    long[] t = new long[6];
    long start = rules.startOfDay(rules.day(now));
    for (Dossier d : dossiers.values()) {
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
    for (Dossier d : dossiers.values()) {
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
    for (Dossier d : dossiers.values()) {
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

  public int dossierCount() {
    return dossiers.size();
  }
}
