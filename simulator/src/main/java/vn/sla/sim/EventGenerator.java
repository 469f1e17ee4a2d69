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
 */
public final class EventGenerator {
  /** Mondays are the busiest, Fridays the quietest; the mean over a week is 1. */
  private static final double[] DAY_OF_WEEK = {1.15, 1.05, 1.0, 0.95, 0.85};
  /** Mornings are busier than afternoons; the mean over the office day is 1. */
  private static final double MORNING = 1.15;
  private static final double AFTERNOON = (OFFICE_SECONDS - MORNING * MORNING_SECONDS) / (OFFICE_SECONDS - MORNING_SECONDS);

  private final GeneratorSettings settings;
  private final WorkCalendar cal;
  private final Province province;
  private final DossierPlanner planner;
  private final EventJson json;
  private final long receivedFrom;
  private final long receivedUntil;
  private final long emitFrom;
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
    this.settings = settings;
    SlaRules rules = SlaRules.defaults();
    this.cal = new WorkCalendar(rules.zone());
    this.province = new Province(registry, settings.seed());
    this.planner = new DossierPlanner(cal, province, rules, settings.badRate(), settings.duplicateRate());
    this.json = new EventJson(rules.zone());
    this.receivedFrom = receivedFrom;
    this.receivedUntil = receivedUntil;
    this.emitFrom = emitFrom;
    this.nextDay = cal.date(receivedFrom);
    this.nextDayStart = dayStart(nextDay);
  }

  /** Every record of a time range, in send order: for tests and small exports. */
  public static List<SimRecord> generate(UnitRegistry registry, GeneratorSettings settings, long from, long until) {
    List<SimRecord> out = new ArrayList<>();
    new EventGenerator(registry, settings, from).drainTo(until, out::add);
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

  private long dayStart(LocalDate d) {
    long s = cal.startOfDay(d);
    return s >= receivedUntil ? Long.MAX_VALUE : s;
  }

  private void planDay(LocalDate d) {
    if (!cal.isWorkingDay(d)) return;
    double rate = settings.dossiersPerDay() * DAY_OF_WEEK[d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()] / OFFICE_SECONDS;
    double max = rate * Math.max(MORNING, AFTERNOON);
    if (!(max > 0) || province.desks().isEmpty()) return;
    SplittableRandom day = new SplittableRandom(Seeds.mix(settings.seed(), d.toEpochDay()));
    String yymmdd = String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth());
    int[] seq = new int[province.desks().size()];
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
      if (at < receivedFrom || at >= receivedUntil) continue;
      String id = desk.code() + "-" + yymmdd + "-" + (n < 10000 ? String.format("%04d", n) : Integer.toString(n));
      queue.add(new Cursor(planner.plan(id, desk, at, life), order++));
    }
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
