package vn.sla.sim;

import static vn.sla.sim.WorkCalendar.MORNING_SECONDS;
import static vn.sla.sim.WorkCalendar.OFFICE_SECONDS;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;

/**
 * The simulated province as an ordered stream of records: pure (registry, settings, time
 * range in, records out), with no clock and no Kafka, so backfill, live mode, the file
 * export and the tests all run the same code.
 *
 * <p>Dossiers arrive as a Poisson process over office hours. Each day's arrivals come from
 * that day's own random stream, and each dossier's whole life is planned when it arrives
 * ({@link DossierPlanner}). A priority queue holds one cursor per dossier with records still
 * to send, ordered by the time of its next record, so memory follows the open dossiers, not
 * the history. A day is planned when the stream reaches its midnight, before any record of
 * that day is released, which keeps the output in send-time order.
 *
 * <p>Because days do not depend on where the generator started, a generator started earlier
 * and one started later agree on every dossier they both produce: {@code receivedFrom}
 * drops dossiers received before it, {@code emitFrom} drops records sent before it (what an
 * earlier run already sent).
 *
 * <p>With live spans ({@link LiveWindows}, from {@code --live-every-day}), a dossier received
 * inside a span is live: on every day of the week, holidays included, a second Poisson
 * process runs from 06:00 to 22:00 at the mean office-hours rate of a working day, from its
 * own random stream, and the office process keeps only its arrivals outside the spans. Live
 * dossiers take the day's numbers after all of the office ones (every office candidate is
 * drawn and numbered whatever the range), so numbers never clash and do not depend on where
 * a span starts. Without spans nothing of the live process runs: the output is as before.
 */
public final class EventGenerator {
  /** Mondays are the busiest, Fridays the quietest; the mean over a week is 1. */
  private static final double[] DAY_OF_WEEK = {1.15, 1.05, 1.0, 0.95, 0.85};
  /** Mornings are busier than afternoons; the mean over the office day is 1. */
  private static final double MORNING = 1.15;
  private static final double AFTERNOON = (OFFICE_SECONDS - MORNING * MORNING_SECONDS) / (OFFICE_SECONDS - MORNING_SECONDS);
  /** Key of the live process's random streams, apart from the office days' (ASCII "LIVE"). */
  private static final long LIVE_STREAM = 0x4C495645L;

  private final GeneratorSettings settings;
  private final WorkCalendar cal;
  private final Province province;
  private final DossierPlanner planner;
  private final EventJson json;
  private final long receivedFrom;
  private final long receivedUntil;
  private final long emitFrom;
  private final LiveWindows live;
  private final LiveHours liveHours;
  private final PriorityQueue<Cursor> queue = new PriorityQueue<>();
  private LocalDate nextDay;
  private long nextDayStart;
  private long order;

  /** Dossiers received from {@code from} on, every record from {@code from} on. */
  public EventGenerator(UnitRegistry registry, GeneratorSettings settings, long from) {
    this(registry, settings, from, Long.MAX_VALUE, from);
  }

  /**
   * @param receivedFrom dossiers received before this instant do not exist
   * @param receivedUntil no dossier is received at or after this instant (their lives go on)
   * @param emitFrom records to be sent before this instant are skipped (already sent)
   */
  public EventGenerator(UnitRegistry registry, GeneratorSettings settings, long receivedFrom, long receivedUntil, long emitFrom) {
    this(registry, settings, receivedFrom, receivedUntil, emitFrom, LiveWindows.NONE);
  }

  /**
   * As above, and dossiers received inside {@code live} are live ones (see the class comment);
   * {@link LiveWindows#NONE} is the office calendar only.
   */
  EventGenerator(UnitRegistry registry, GeneratorSettings settings, long receivedFrom, long receivedUntil, long emitFrom,
      LiveWindows live) {
    this.settings = settings;
    SlaRules rules = SlaRules.defaults();
    this.cal = new WorkCalendar(rules.zone());
    this.province = new Province(registry, settings.seed());
    this.planner = new DossierPlanner(cal, province, rules, settings.badRate(), settings.duplicateRate());
    this.json = new EventJson(rules.zone());
    this.receivedFrom = receivedFrom;
    this.receivedUntil = receivedUntil;
    this.emitFrom = emitFrom;
    this.live = live;
    this.liveHours = new LiveHours(rules.zone());
    this.nextDay = cal.date(receivedFrom);
    this.nextDayStart = dayStart(nextDay);
  }

  /** Every record of a time range, in send order: for tests and small exports. */
  public static List<SimRecord> generate(UnitRegistry registry, GeneratorSettings settings, long from, long until) {
    return generate(registry, settings, from, until, LiveWindows.NONE);
  }

  /** As above, with live spans. */
  static List<SimRecord> generate(UnitRegistry registry, GeneratorSettings settings, long from, long until, LiveWindows live) {
    List<SimRecord> out = new ArrayList<>();
    new EventGenerator(registry, settings, from, Long.MAX_VALUE, from, live).drainTo(until, out::add);
    return out;
  }

  /** Sends every record due at or before {@code until} (send time, inclusive), in send order. */
  public void drainTo(long until, Consumer<SimRecord> sink) {
    while (true) {
      Cursor head = queue.peek();
      if (nextDayStart <= until && (head == null || nextDayStart <= head.emitAt)) {
        planDay(nextDay);
        nextDay = nextDay.plusDays(1);
        nextDayStart = dayStart(nextDay);
        continue;
      }
      if (head == null || head.emitAt > until) return;
      queue.poll();
      DossierPlan.Emission e = head.plan.emissions().get(head.next);
      if (head.advance()) queue.add(head);
      if (e.emitAt() >= emitFrom) sink.accept(render(head.plan, e));
    }
  }

  /** The send time of the next record or day to plan; Long.MAX_VALUE when nothing is left. */
  public long nextEmitAt() {
    Cursor head = queue.peek();
    return Math.min(head == null ? Long.MAX_VALUE : head.emitAt, nextDayStart);
  }

  /**
   * Dossiers with records still to send: the open ones, and those of the current day not
   * yet received (a day is planned at its midnight).
   */
  public int openDossiers() {
    return queue.size();
  }

  public GeneratorSettings settings() {
    return settings;
  }

  LiveWindows live() {
    return live;
  }

  private long dayStart(LocalDate d) {
    long s = cal.startOfDay(d);
    return s >= receivedUntil ? Long.MAX_VALUE : s;
  }

  private void planDay(LocalDate d) {
    if (province.desks().isEmpty()) return;
    String yymmdd = String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth());
    // Dossier numbers per desk: the office process's first, then the live one's.
    int[] seq = new int[province.desks().size()];
    if (cal.isWorkingDay(d)) planOfficeDay(d, yymmdd, seq);
    if (!live.isEmpty()) planLiveDay(d, yymmdd, seq);
  }

  private void planOfficeDay(LocalDate d, String yymmdd, int[] seq) {
    double rate = settings.dossiersPerDay() * DAY_OF_WEEK[d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()] / OFFICE_SECONDS;
    double max = rate * Math.max(MORNING, AFTERNOON);
    if (!(max > 0)) return;
    SplittableRandom day = new SplittableRandom(Seeds.mix(settings.seed(), d.toEpochDay()));
    long base = cal.dayStartPos(d);
    // Non-homogeneous Poisson process by thinning: candidates at the peak rate, each kept
    // with probability rate(t) / peak. Every draw is made whatever the time range, so the
    // day's dossiers are the same whoever asks.
    for (double t = 0; ; ) {
      t += -Math.log(1 - day.nextDouble()) / max;
      if (t >= OFFICE_SECONDS) break;
      double keep = (t < MORNING_SECONDS ? MORNING : AFTERNOON) / Math.max(MORNING, AFTERNOON);
      if (day.nextDouble() >= keep) continue;
      Province.Desk desk = province.pick(day);
      SplittableRandom life = day.split();
      int n = ++seq[desk.index()];
      long at = cal.toInstant(base + (long) t);
      // Inside a live span the live process receives instead.
      if (at < receivedFrom || at >= receivedUntil || live.contains(at)) continue;
      queue.add(new Cursor(planner.plan(dossierId(desk, yymmdd, n), desk, at, life), order++));
    }
  }

  /**
   * The live process of a day: 06:00 to 22:00 whatever the day, at the mean rate of a
   * working day's office hours, flat. Only days that touch a live span draw anything; there,
   * as in the office process, every candidate is drawn whatever the range.
   */
  private void planLiveDay(LocalDate d, String yymmdd, int[] seq) {
    long open = liveHours.openAt(d);
    if (!live.overlaps(open, liveHours.closeAt(d))) return;
    double rate = settings.dossiersPerDay() / OFFICE_SECONDS;
    if (!(rate > 0)) return;
    SplittableRandom day = new SplittableRandom(Seeds.mix(Seeds.mix(settings.seed(), LIVE_STREAM), d.toEpochDay()));
    for (double t = 0; ; ) {
      t += -Math.log(1 - day.nextDouble()) / rate;
      if (t >= LiveHours.DAY_SECONDS) break;
      Province.Desk desk = province.pick(day);
      SplittableRandom life = day.split();
      int n = ++seq[desk.index()];
      long at = open + (long) t * 1000L;
      if (at < receivedFrom || at >= receivedUntil || !live.contains(at)) continue;
      queue.add(new Cursor(planner.plan(dossierId(desk, yymmdd, n), desk, at, life, true), order++));
    }
  }

  private static String dossierId(Province.Desk desk, String yymmdd, int n) {
    return desk.code() + "-" + yymmdd + "-" + (n < 10000 ? String.format("%04d", n) : Integer.toString(n));
  }

  private SimRecord render(DossierPlan p, DossierPlan.Emission e) {
    PlannedEvent ev = p.events().get(e.event());
    if (e.kind() == SimRecord.Kind.BAD) {
      EventJson.Keyed k = json.bad(p, ev, e.noiseSeed(), province);
      return new SimRecord(e.emitAt(), ev.occurredAt(), k.key(), k.value(), e.kind(), ev.type());
    }
    return new SimRecord(e.emitAt(), ev.occurredAt(), p.dossierId(), json.event(p, ev), e.kind(), ev.type());
  }

  /**
   * A dossier with records still to send, and which is next. Ordered by the send time of
   * that record, then by creation, so records sent at the same instant keep a fixed order.
   * The send time is cached in a field: the queue compares it millions of times.
   */
  private static final class Cursor implements Comparable<Cursor> {
    final DossierPlan plan;
    final long order;
    int next;
    long emitAt;

    Cursor(DossierPlan plan, long order) {
      this.plan = plan;
      this.order = order;
      this.emitAt = plan.emissions().get(0).emitAt();
    }

    /** Moves to the next record; false when none is left. */
    boolean advance() {
      if (++next >= plan.emissions().size()) return false;
      emitAt = plan.emissions().get(next).emitAt();
      return true;
    }

    @Override
    public int compareTo(Cursor o) {
      int c = Long.compare(emitAt, o.emitAt);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}
