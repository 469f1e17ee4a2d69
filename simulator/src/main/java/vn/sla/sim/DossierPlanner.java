package vn.sla.sim;

import static vn.sla.sim.WorkCalendar.AFTERNOON_END;
import static vn.sla.sim.WorkCalendar.MORNING_END;
import static vn.sla.sim.WorkCalendar.MORNING_START;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import vn.sla.core.event.Channel;
import vn.sla.core.event.EventType;
import vn.sla.core.rules.Outcome;
import vn.sla.core.rules.SlaRules;

/**
 * Plans the whole lifecycle of one dossier at the moment it is received. Pure: the same
 * inputs and random stream give the same plan.
 *
 * <p>Times are planned on the office-time axis of {@link WorkCalendar}, so officials act in
 * office hours on working days. The outcome is chosen first (early, on time, late) and the
 * completion placed to produce it, judged the way the pipeline judges it: by the local date
 * of completion against the SLA due time after pause shifts ({@link SlaRules}).
 *
 * <p>A live dossier of {@code --live-every-day} is planned the same way on {@link LiveHours}
 * instead (06:00-22:00 every day), so its pauses, completions and hand-overs also happen in
 * the evening, at weekends and on holidays. Its due dates still count working days.
 */
final class DossierPlanner {
  // Shares of the whole lifecycle (of all dossiers received).
  static final double P_PAUSE = 0.10;
  static final double P_TRANSFER = 0.03;
  static final double P_WITHDRAW = 0.015;
  static final double P_RETURNED = 0.80;
  // Outcome shares among completed dossiers; on time is the rest (63%).
  static final double P_EARLY = 0.35;
  static final double P_LATE = 0.02;
  static final double P_ONLINE = 0.35;
  static final double P_POSTAL = 0.05;

  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  /** The longest a re-sent duplicate trails its original, like a producer retry. */
  private static final long MAX_DUPLICATE_DELAY = 2 * MINUTE;

  private final WorkCalendar cal;
  private final LiveHours liveHours;
  private final Province province;
  private final SlaRules rules;
  private final double badRate;
  private final double duplicateRate;

  DossierPlanner(WorkCalendar cal, Province province, SlaRules rules, double badRate, double duplicateRate) {
    this.cal = cal;
    this.liveHours = new LiveHours(cal.zone());
    this.province = province;
    this.rules = rules;
    this.badRate = badRate;
    this.duplicateRate = duplicateRate;
  }

  /** The plan of a dossier received in office hours, its life in office hours. */
  DossierPlan plan(String dossierId, Province.Desk desk, long receivedAt, SplittableRandom rnd) {
    return plan(dossierId, desk, receivedAt, rnd, false);
  }

  /** @param live plan the life on {@link LiveHours} (a live dossier of --live-every-day), not in office hours */
  DossierPlan plan(String dossierId, Province.Desk desk, long receivedAt, SplittableRandom rnd, boolean live) {
    // Office dossiers use `cal` throughout, with exactly the draws they always had.
    TimeAxis ax = live ? liveHours : cal;
    int daySeconds = ax.daySeconds();
    Catalog.Procedure proc = desk.profile().pick(rnd);
    Channel channel = channel(rnd);
    List<PlannedEvent> ev = new ArrayList<>(6);
    long due = endOfOfficeDay(cal.plusWorkingDays(cal.date(receivedAt), proc.days()));
    ev.add(new PlannedEvent(EventType.RECEIVED, receivedAt, uuid(rnd), due, null, null));
    long last = receivedAt;
    Province.Desk holder = desk;
    boolean withdraw = rnd.nextDouble() < P_WITHDRAW;
    boolean closed = false;

    // Supplement requested: the clock stops, the citizen comes back 1-5 working days later.
    if (rnd.nextDouble() < P_PAUSE) {
      long pPos = between(rnd, ax.posAtOrAfter(last), ax.posAtOrBefore(due), 0.05, 0.5, 600);
      long paused = ax.toInstant(pPos);
      int days = 1 + rnd.nextInt(5);
      long qPos = Math.max(pPos + 1800, pPos + (long) days * daySeconds + rnd.nextLong(-daySeconds / 4, daySeconds / 4));
      long resumed = ax.toInstant(qPos);
      ev.add(new PlannedEvent(EventType.PAUSED, paused, uuid(rnd), null, null, Catalog.any(Catalog.PAUSE_REASONS, rnd)));
      if (withdraw && rnd.nextBoolean()) {
        // The citizen never brought the missing papers.
        ev.add(new PlannedEvent(EventType.WITHDRAWN, resumed, uuid(rnd), null, null, Catalog.WITHDRAW_UNSUPPLEMENTED));
        closed = true;
      } else if (rnd.nextBoolean()) {
        // This desk's software recomputes the deadline from zero once the dossier is complete.
        due = endOfOfficeDay(cal.plusWorkingDays(cal.date(resumed), proc.days()));
        ev.add(new PlannedEvent(EventType.RESUMED, resumed, uuid(rnd), due, null, Catalog.RESUME_REASON));
      } else {
        // No new due time on the event: the pipeline shifts the old one by the pause.
        due = SlaRules.shift(due, paused, resumed);
        ev.add(new PlannedEvent(EventType.RESUMED, resumed, uuid(rnd), null, null, Catalog.RESUME_REASON));
      }
      last = resumed;
    }

    // Liên thông: another unit takes the dossier over; the SLA due time does not change.
    if (!closed && rnd.nextDouble() < P_TRANSFER) {
      Province.Desk to = province.transferTarget(holder, rnd);
      long from = ax.posAtOrAfter(last + MINUTE);
      long until = ax.posAtOrBefore(due);
      if (to != null && until - from > 1200) {
        long x = ax.toInstant(between(rnd, from, until, 0.05, 0.5, 600));
        ev.add(new PlannedEvent(EventType.TRANSFERRED, x, uuid(rnd), null, to.unitId(), Catalog.any(Catalog.TRANSFER_REASONS, rnd)));
        holder = to;
        last = x;
      }
    }

    Outcome outcome = null;
    if (!closed && withdraw) {
      long w = ax.toInstant(between(rnd, ax.posAtOrAfter(last + MINUTE), ax.posAtOrBefore(due), 0.1, 0.9, 600));
      ev.add(new PlannedEvent(EventType.WITHDRAWN, w, uuid(rnd), null, null, Catalog.any(Catalog.WITHDRAW_REASONS, rnd)));
      closed = true;
    }
    if (!closed) {
      long completed = complete(ev, last, due, rnd, ax);
      outcome = rules.classify(completed, due);
      if (rnd.nextDouble() < P_RETURNED) {
        // Handed over a few office hours later (the citizen comes back, or the post leaves).
        long r = ax.toInstant(ax.posAtOrAfter(completed + SECOND) + rnd.nextLong(1800, 4 * 3600));
        ev.add(new PlannedEvent(EventType.RETURNED, r, uuid(rnd), null, null, null));
      }
    }
    return new DossierPlan(dossierId, desk.unitId(), proc.field(), proc.code(), channel, List.copyOf(ev),
        emissions(ev, rnd), due, outcome);
  }

  /**
   * Adds COMPLETED (and APOLOGY_ISSUED for a planned late one) after {@code last}; returns
   * the completion instant. An outcome that cannot be placed (no office time left before the
   * due date for "early", no full day before the deadline for an apology) becomes on time.
   * Times are placed on {@code ax}: the office calendar, or the live hours.
   */
  private long complete(List<PlannedEvent> ev, long last, long due, SplittableRandom rnd, TimeAxis ax) {
    double u = rnd.nextDouble();
    Outcome target = u < P_EARLY ? Outcome.EARLY : u < 1 - P_LATE ? Outcome.ON_TIME : Outcome.LATE;
    LocalDate dueDate = cal.date(due);
    long firstPos = ax.posAtOrAfter(last + MINUTE);
    if (target == Outcome.LATE) {
      // The apology must go out at least a day before the deadline, with a new return date.
      long apologyEnd = ax.posAtOrBefore(due - DAY);
      if (apologyEnd - firstPos > 600) {
        long a = ax.toInstant(between(rnd, firstPos, apologyEnd, 0.3, 1.0, 600));
        LocalDate promised = cal.plusWorkingDays(dueDate, 1 + rnd.nextInt(3));
        ev.add(new PlannedEvent(EventType.APOLOGY_ISSUED, a, uuid(rnd), endOfOfficeDay(promised), null,
            Catalog.any(Catalog.APOLOGY_REASONS, rnd)));
        long c = ax.toInstant(ax.dayStartPos(promised) + rnd.nextLong(ax.daySeconds()));
        return addCompleted(ev, c, rnd);
      }
      target = Outcome.ON_TIME;
    }
    if (target == Outcome.EARLY) {
      // Any office time after the last event and before the due date; skewed towards the
      // deadline, as desks work their queue by due date.
      long earlyEnd = ax.posAtOrBefore(cal.startOfDay(dueDate) - SECOND);
      if (earlyEnd > firstPos) {
        long c = ax.toInstant(firstPos + (long) (Math.sqrt(rnd.nextDouble()) * (earlyEnd - firstPos)));
        return addCompleted(ev, c, rnd);
      }
    }
    // On time: on the due date itself. A due date shifted onto a weekend or holiday is met
    // by the duty officers of a morning desk. Live desks work their whole hours every day.
    boolean live = ax != cal;
    long from = Math.max(live ? liveHours.openAt(dueDate) : cal.instantAt(dueDate, MORNING_START), last + MINUTE);
    long to = live ? liveHours.closeAt(dueDate) : cal.instantAt(dueDate, cal.isWorkingDay(dueDate) ? AFTERNOON_END : MORNING_END);
    long c;
    if (from >= to) {
      // The last event was at the very end of the due date: finish minutes later, same date.
      c = Math.min(last + MINUTE + rnd.nextLong(10) * MINUTE, cal.startOfDay(dueDate.plusDays(1)) - SECOND);
    } else if (live || cal.isWorkingDay(dueDate)) {
      long a = ax.posAtOrAfter(from);
      long b = ax.posAtOrBefore(to - SECOND);
      c = ax.toInstant(a + rnd.nextLong(Math.max(1, b - a + 1)));
    } else {
      c = from + rnd.nextLong((to - from) / SECOND) * SECOND;
    }
    return addCompleted(ev, c, rnd);
  }

  private static long addCompleted(List<PlannedEvent> ev, long c, SplittableRandom rnd) {
    ev.add(new PlannedEvent(EventType.COMPLETED, c, uuid(rnd), null, null, null));
    return c;
  }

  /**
   * The send order of a dossier's records: each event at its time; a bad record derived
   * from it right after; a duplicate re-send up to two minutes later but always before the
   * dossier's next event, so re-sends never reorder a dossier's lifecycle.
   */
  private List<DossierPlan.Emission> emissions(List<PlannedEvent> ev, SplittableRandom rnd) {
    List<DossierPlan.Emission> out = new ArrayList<>(ev.size() + 1);
    for (int i = 0; i < ev.size(); i++) {
      long at = ev.get(i).occurredAt();
      out.add(new DossierPlan.Emission(at, SimRecord.Kind.EVENT, i, 0));
      // Both draws are made for every event so the rates do not change the other choices.
      double dup = rnd.nextDouble();
      double bad = rnd.nextDouble();
      long noise = rnd.nextLong();
      if (bad < badRate) out.add(new DossierPlan.Emission(at, SimRecord.Kind.BAD, i, noise));
      if (dup < duplicateRate) {
        long gap = i + 1 < ev.size() ? (ev.get(i + 1).occurredAt() - at) / 2 : MAX_DUPLICATE_DELAY;
        long delay = Math.floorMod(noise, Math.max(1, Math.min(MAX_DUPLICATE_DELAY, gap) / SECOND)) * SECOND;
        out.add(new DossierPlan.Emission(at + delay, SimRecord.Kind.DUPLICATE, i, noise));
      }
    }
    return out;
  }

  /** A position a fraction {@code lo..hi} of the way from {@code from} to {@code to}, at least {@code minGap} s after {@code from}. */
  private static long between(SplittableRandom rnd, long from, long to, double lo, double hi, long minGap) {
    double f = lo + (hi - lo) * rnd.nextDouble();
    return from + Math.max(minGap, (long) (f * Math.max(0, to - from)));
  }

  private long endOfOfficeDay(LocalDate d) {
    return cal.instantAt(d, AFTERNOON_END);
  }

  private static Channel channel(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    return u < P_ONLINE ? Channel.ONLINE : u < P_ONLINE + P_POSTAL ? Channel.POSTAL : Channel.IN_PERSON;
  }

  /** A version 4 UUID drawn from the dossier's stream: unique in practice, and reproducible. */
  static String uuid(SplittableRandom rnd) {
    long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
