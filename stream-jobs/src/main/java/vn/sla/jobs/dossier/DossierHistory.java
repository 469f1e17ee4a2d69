package vn.sla.jobs.dossier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.sla.core.event.Channel;
import vn.sla.core.event.EventType;
import vn.sla.core.event.RejectReason;
import vn.sla.core.event.Rejection;
import vn.sla.core.rules.Outcome;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.Kind;

/**
 * Replays one dossier's events in lifecycle order and derives everything the figures need:
 * its current state (holder, due time, paused, apology), the rejected events with their
 * reasons, and its net contributions ({@link Fact}s) to the day counters of the units. Pure:
 * the keyed function calls it again whenever an event arrives (in any order) and emits the
 * difference, so an out-of-order arrival gives exactly the in-order result. Nothing here
 * depends on "now": which bucket an open dossier is in at a given instant follows from its
 * due time, and the unit figures work it out.
 *
 * <p>The lifecycle never goes back in time: an event applied in arrival order (later than
 * the tolerance) that is dated before the event applied just before it takes effect at that
 * event's time, so the dossier's pending stretches never overlap.
 */
public final class DossierHistory {
  public enum Status {
    NONE,
    OPEN,
    COMPLETED,
    RETURNED,
    WITHDRAWN
  }

  /**
   * Where a dossier's lifecycle stands after the events applied so far, in lifecycle order:
   * what the next event in that order is applied to ({@link #applyNext}), so an event that
   * arrives in order needs no replay of the others.
   */
  public static class Lifecycle {
    public Status status = Status.NONE;
    public String holder;
    public String receivingUnit;
    public String field;
    public String procedureCode;
    public Channel channel;
    public long receivedAt;
    public long due;
    public boolean paused;
    public long pausedAt;
    public boolean apology;
    /** When it completed or was withdrawn (its effective time), and that event's lifecycle position. */
    public long closedAt;
    public long closedOrderKey;
    public Outcome outcome;
    /** The effective time the current pending stretch started at. */
    public long segStart;
    /** The effective time of the last applied event: the lifecycle's clock, which never goes back. */
    public long last = Long.MIN_VALUE;

    public boolean isOpen() {
      return status == Status.OPEN;
    }

    public boolean isClosed() {
      return status == Status.COMPLETED || status == Status.RETURNED || status == Status.WITHDRAWN;
    }

    /** The standing alone, without what an evaluation carries beside it. */
    public Lifecycle copy() {
      Lifecycle c = new Lifecycle();
      c.status = status;
      c.holder = holder;
      c.receivingUnit = receivingUnit;
      c.field = field;
      c.procedureCode = procedureCode;
      c.channel = channel;
      c.receivedAt = receivedAt;
      c.due = due;
      c.paused = paused;
      c.pausedAt = pausedAt;
      c.apology = apology;
      c.closedAt = closedAt;
      c.closedOrderKey = closedOrderKey;
      c.outcome = outcome;
      c.segStart = segStart;
      c.last = last;
      return c;
    }
  }

  /** The outcome of a replay: the lifecycle after every event, each event's rejection, and the dossier's facts. */
  public static final class Evaluation extends Lifecycle {
    /** Parallel to the sorted event list; null where the event was accepted or not yet due. */
    public Rejection[] rejections;
    /** Sorted events, the order rejections refer to. */
    public List<StoredEvent> sorted;
    public final Map<Fact.Key, Integer> facts = new LinkedHashMap<>();
  }

  public static final Comparator<StoredEvent> LIFECYCLE_ORDER =
      Comparator.<StoredEvent>comparingLong(e -> e.orderKey).thenComparingInt(e -> e.seq);

  private final SlaRules rules;

  public DossierHistory(SlaRules rules) {
    this.rules = rules;
  }

  /** The events sorted in lifecycle order. */
  public static List<StoredEvent> sorted(StoredEvent[] events) {
    List<StoredEvent> list = new ArrayList<>(Arrays.asList(events));
    list.sort(LIFECYCLE_ORDER);
    return list;
  }

  /** Applies every event in lifecycle order. */
  public Evaluation evaluate(StoredEvent[] events) {
    Evaluation ev = new Evaluation();
    ev.sorted = sorted(events);
    ev.rejections = new Rejection[ev.sorted.size()];
    boolean anyReceived = false;
    for (StoredEvent e : ev.sorted) anyReceived |= e.type == EventType.RECEIVED;
    Walk w = new Walk(ev, ev.facts);
    for (int i = 0; i < ev.sorted.size(); i++) ev.rejections[i] = w.apply(ev.sorted.get(i), anyReceived);
    w.finish(1);
    return ev;
  }

  /**
   * Applies one event whose lifecycle position is after every event already applied to
   * {@code lc} (a later orderKey, or the same and arrived later): {@code lc} moves on, and
   * {@code change} receives what the dossier's facts change by, exactly the difference between
   * the full {@link #evaluate} with and without it. The events before are untouched by it
   * (the walk is in order), so only the open stretch as it stood is undone and the event and
   * the stretch after it are added.
   *
   * <p>Only for a dossier whose RECEIVED is applied, or for its RECEIVED itself: before that,
   * a later RECEIVED changes why the earlier events are refused.
   *
   * @return the event's rejection, or null when it is applied
   */
  public Rejection applyNext(Lifecycle lc, StoredEvent e, Map<Fact.Key, Integer> change) {
    Walk w = new Walk(lc, change);
    w.finish(-1);
    Rejection r = w.apply(e, true);
    w.finish(1);
    return r;
  }

  /** One pass over the lifecycle, with the current pending segment. */
  private final class Walk {
    private final Lifecycle ev;
    private final Map<Fact.Key, Integer> facts;
    /** +1, or -1 to take a contribution back. */
    private int sign = 1;

    Walk(Lifecycle ev, Map<Fact.Key, Integer> facts) {
      this.ev = ev;
      this.facts = facts;
    }

    Rejection apply(StoredEvent e, boolean anyReceived) {
      Rejection r = applyAt(e, Math.max(e.occurredAt, ev.last), anyReceived);
      if (r == null) ev.last = Math.max(e.occurredAt, ev.last);
      return r;
    }

    private Rejection applyAt(StoredEvent e, long t, boolean anyReceived) {
      switch (ev.status) {
        case NONE -> {
          if (e.type != EventType.RECEIVED) {
            return anyReceived
                ? reject(RejectReason.BEFORE_RECEIVED, e.type + " is dated before the dossier's RECEIVED")
                : reject(RejectReason.NOT_RECEIVED, e.type + " for a dossier that was never received");
          }
          ev.status = Status.OPEN;
          ev.holder = e.unitId;
          ev.receivingUnit = e.unitId;
          ev.field = e.field;
          ev.procedureCode = e.procedureCode;
          ev.channel = e.channel;
          ev.receivedAt = t;
          ev.due = e.dueAt;
          ev.segStart = t;
          add(receivedKind(e.channel), e.unitId, null, rules.day(t), 1);
          return null;
        }
        case OPEN -> {
          Rejection r = applyOpen(e, t);
          if (r == null && ev.isClosed()) ev.closedOrderKey = e.orderKey;
          return r;
        }
        case COMPLETED, RETURNED -> {
          if (e.type == EventType.RETURNED) {
            ev.status = Status.RETURNED;
            return null;
          }
          return reject(RejectReason.AFTER_COMPLETED, e.type + " after the dossier was COMPLETED");
        }
        case WITHDRAWN -> {
          return reject(RejectReason.AFTER_WITHDRAWN, e.type + " after the dossier was WITHDRAWN");
        }
        default -> throw new IllegalStateException();
      }
    }

    private Rejection applyOpen(StoredEvent e, long t) {
      switch (e.type) {
        case RECEIVED -> {
          return reject(RejectReason.SECOND_RECEIVED, "the dossier was already RECEIVED");
        }
        case PAUSED -> {
          if (ev.paused) return reject(RejectReason.PAUSED_WHILE_PAUSED, "PAUSED while already paused");
          endSegment(t);
          ev.paused = true;
          ev.pausedAt = t;
        }
        case RESUMED -> {
          if (!ev.paused) return reject(RejectReason.RESUMED_WHILE_RUNNING, "RESUMED while the clock is running");
          endSegment(t);
          ev.due = e.dueAt != null ? e.dueAt : SlaRules.shift(ev.due, ev.pausedAt, t);
          ev.paused = false;
        }
        case TRANSFERRED -> {
          endSegment(t);
          add(Kind.TRANSFER, ev.holder, e.toUnitId, rules.day(t), 1);
          ev.holder = e.toUnitId;
        }
        case APOLOGY_ISSUED -> ev.apology = true;
        case COMPLETED -> {
          endSegment(t);
          if (ev.paused) {
            ev.due = SlaRules.shift(ev.due, ev.pausedAt, t);
            ev.paused = false;
          }
          ev.outcome = rules.classify(t, ev.due);
          add(completedKind(ev.outcome), ev.holder, null, rules.day(t), 1);
          ev.status = Status.COMPLETED;
          ev.closedAt = t;
        }
        case RETURNED -> {
          return reject(RejectReason.RETURNED_BEFORE_COMPLETED, "RETURNED before the dossier was COMPLETED");
        }
        case WITHDRAWN -> {
          endSegment(t);
          add(Kind.WITHDRAWN, ev.holder, null, rules.day(t), 1);
          ev.status = Status.WITHDRAWN;
          ev.closedAt = t;
        }
        default -> throw new IllegalStateException();
      }
      return null;
    }

    /**
     * Closes the pending segment [segStart, end) and adds its "pending at the end of the day"
     * steps: the dossier is pending at the end of day T when segStart < midnight(T+1) <= end,
     * i.e. for T in [day(segStart), day(end) - 1].
     */
    private void endSegment(long end) {
      int first = rules.day(ev.segStart);
      int last = rules.day(end) - 1;
      if (last >= first) steps(first, last);
      ev.segStart = end;
    }

    /** The open stretch's steps to the end of time, added ({@code sign} 1) or taken back (-1). */
    void finish(int sign) {
      this.sign = sign;
      if (ev.status == Status.OPEN) steps(rules.day(ev.segStart), Integer.MAX_VALUE);
      this.sign = 1;
    }

    /** Steps for the days [first, last]; last is MAX_VALUE while the dossier is still pending. */
    private void steps(int first, int last) {
      if (ev.paused) {
        range(Kind.PENDING_END_PAUSED, first, last);
        return;
      }
      // In time at the end of day T while T <= the due date; overdue from the day after.
      int dueDay = rules.day(ev.due);
      range(Kind.PENDING_END_IN_TIME, first, Math.min(last, dueDay));
      if (dueDay != Integer.MAX_VALUE) range(Kind.PENDING_END_OVERDUE, Math.max(first, dueDay + 1), last);
    }

    private void range(Kind kind, int first, int last) {
      if (first > last) return;
      add(kind, ev.holder, null, first, 1);
      if (last != Integer.MAX_VALUE) add(kind, ev.holder, null, last + 1, -1);
    }

    private void add(Kind kind, String unit, String other, int day, int count) {
      facts.merge(new Fact.Key(kind, unit, other, day, ev.field), sign * count, (a, b) -> a + b == 0 ? null : a + b);
    }

    private Rejection reject(RejectReason r, String detail) {
      return new Rejection(r, detail);
    }
  }

  static Kind receivedKind(Channel c) {
    return switch (c) {
      case ONLINE -> Kind.RECEIVED_ONLINE;
      case IN_PERSON -> Kind.RECEIVED_IN_PERSON;
      case POSTAL -> Kind.RECEIVED_POSTAL;
    };
  }

  static Kind completedKind(Outcome o) {
    return switch (o) {
      case EARLY -> Kind.COMPLETED_EARLY;
      case ON_TIME -> Kind.COMPLETED_ON_TIME;
      case LATE -> Kind.COMPLETED_LATE;
    };
  }
}
