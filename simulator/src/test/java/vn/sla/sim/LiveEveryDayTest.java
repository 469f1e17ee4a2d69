package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.Outcome;

/**
 * {@code --live-every-day}: the live part (dossiers received from the start instant on) has
 * intake every day 06:00-22:00; the backfill, and everything without the flag, is unchanged.
 */
class LiveEveryDayTest {
  static final UnitRegistry REGISTRY = EventGeneratorTest.REGISTRY;
  static final long DAY = EventGeneratorTest.DAY;
  static final long HOUR = 3_600_000L;
  static final EventParser PARSER = EventGeneratorTest.PARSER;
  static final WorkCalendar CAL = new WorkCalendar(EventGeneratorTest.ZONE);
  /** Sunday 11 October 2026, 10:00 local: no office is open. */
  static final long SUNDAY_10 = EventGeneratorTest.at("2026-10-11T10:00:00+07:00");
  /** Wednesday 14 October 2026, mid-morning, with the milliseconds of a real clock. */
  static final long WEDNESDAY = EventGeneratorTest.at("2026-10-14T10:17:00.123+07:00");

  /** A week of live intake from the Sunday, every dossier followed to the end of its life. */
  static Map<String, List<DossierEvent>> liveWeek;

  static SimOptions options(String... args) throws SimOptions.BadArgumentException {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--backfill-days=14");
    return SimOptions.parse(a.toArray(String[]::new));
  }

  /** What the runner sends for an empty topic started at {@code now}: the backfill, then live up to {@code until}. */
  static List<SimRecord> run(SimOptions o, long now, long until) {
    List<SimRecord> out = new ArrayList<>();
    EventGenerator gen = KafkaRunner.forEmptyTopic(o, REGISTRY, now);
    gen.drainTo(now, out::add);
    gen.drainTo(until, out::add);
    return out;
  }

  static List<DossierEvent> events(List<SimRecord> records, Predicate<DossierEvent> which) {
    List<DossierEvent> out = new ArrayList<>();
    for (SimRecord r : records) {
      if (r.kind() != SimRecord.Kind.EVENT) continue;
      ParseResult p = PARSER.parse(r.value());
      assertThat(p.isOk()).as("%s", p.rejection()).isTrue();
      if (which.test(p.event())) out.add(p.event());
    }
    return out;
  }

  static ZonedDateTime local(long t) {
    return Instant.ofEpochMilli(t).atZone(EventGeneratorTest.ZONE);
  }

  static boolean inLiveHours(long t) {
    LocalTime time = local(t).toLocalTime();
    return !time.isBefore(LocalTime.of(6, 0)) && time.isBefore(LocalTime.of(22, 0));
  }

  @BeforeAll
  static void generateLiveWeek() {
    List<SimRecord> records = new ArrayList<>();
    new EventGenerator(REGISTRY, GeneratorSettings.defaults(), SUNDAY_10, SUNDAY_10 + 7 * DAY, SUNDAY_10,
        LiveWindows.from(SUNDAY_10)).drainTo(SUNDAY_10 + 150 * DAY, records::add);
    liveWeek = new LinkedHashMap<>();
    for (DossierEvent e : events(records, e -> true)) liveWeek.computeIfAbsent(e.dossierId, k -> new ArrayList<>()).add(e);
  }

  @Test
  void aSundayLiveHourReceivesDossiersOnlyWithTheFlag() throws Exception {
    long from = SUNDAY_10;
    long to = SUNDAY_10 + HOUR;
    Predicate<DossierEvent> receivedInTheHour = e -> e.type == EventType.RECEIVED && e.occurredAt >= from && e.occurredAt < to;

    List<DossierEvent> with = events(run(options("--live-every-day"), SUNDAY_10, to), receivedInTheHour);
    // A working day's office-hours rate: 2,700 / 8 h, about one every 11 s.
    assertThat(with).hasSizeBetween(280, 400);
    assertThat(with).allSatisfy(e -> assertThat(local(e.occurredAt).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY));

    assertThat(events(run(options(), SUNDAY_10, to), receivedInTheHour)).isEmpty();
  }

  @Test
  void aHolidayAndItsNightAreLiveFrom6To22() throws Exception {
    // National Day, Wednesday 2 September 2026, started at 03:00 local.
    long start = EventGeneratorTest.at("2026-09-02T03:00:00.250+07:00");
    List<DossierEvent> received = events(run(options("--live-every-day"), start, start + DAY),
        e -> e.type == EventType.RECEIVED && e.occurredAt >= start);
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-09-02"))).isFalse();
    // 16 hours at 2,700 / 8 h.
    assertThat(received).hasSizeBetween(5000, 5800);
    assertThat(received).allSatisfy(e -> assertThat(inLiveHours(e.occurredAt)).as("%s", local(e.occurredAt)).isTrue());
    assertThat(received.stream().filter(e -> local(e.occurredAt).getHour() < 7)).isNotEmpty();
    assertThat(received.stream().filter(e -> local(e.occurredAt).getHour() >= 21)).isNotEmpty();
  }

  @Test
  void theBackfillIsIdenticalWithAndWithoutTheFlag() throws Exception {
    for (long now : new long[] {SUNDAY_10, WEDNESDAY, EventGeneratorTest.at("2026-10-16T18:30:00.999+07:00")}) {
      List<SimRecord> with = new ArrayList<>();
      List<SimRecord> without = new ArrayList<>();
      KafkaRunner.forEmptyTopic(options("--live-every-day"), REGISTRY, now).drainTo(now - 1, with::add);
      KafkaRunner.forEmptyTopic(options(), REGISTRY, now).drainTo(now - 1, without::add);
      assertThat(without).hasSizeGreaterThan(50_000);
      assertThat(with).as("backfill up to %s", local(now)).isEqualTo(without);
      // The runner's backfill call itself (up to now, inclusive), when now is not a whole second.
      if (now % 1000 != 0) {
        List<SimRecord> w = new ArrayList<>();
        List<SimRecord> wo = new ArrayList<>();
        KafkaRunner.forEmptyTopic(options("--live-every-day"), REGISTRY, now).drainTo(now, w::add);
        KafkaRunner.forEmptyTopic(options(), REGISTRY, now).drainTo(now, wo::add);
        assertThat(w).isEqualTo(wo);
      }
    }
  }

  @Test
  void historyDossiersGoOnExactlyAsWithoutTheFlag() {
    // Back-filled dossiers still open at the start keep their office-hours lives to the end.
    long from = WEDNESDAY - 14 * DAY;
    long until = WEDNESDAY + 60 * DAY;
    List<SimRecord> with = new ArrayList<>();
    List<SimRecord> without = new ArrayList<>();
    // New dossiers for a day only: the lives of the old ones are what is compared.
    new EventGenerator(REGISTRY, GeneratorSettings.defaults(), from, WEDNESDAY + DAY, from, LiveWindows.from(WEDNESDAY))
        .drainTo(until, with::add);
    new EventGenerator(REGISTRY, GeneratorSettings.defaults(), from, WEDNESDAY + DAY, from, LiveWindows.NONE)
        .drainTo(until, without::add);
    Set<String> history = new HashSet<>();
    for (SimRecord r : without) {
      if (r.kind() == SimRecord.Kind.EVENT && r.type() == EventType.RECEIVED && r.occurredAt() < WEDNESDAY) history.add(r.key());
    }
    assertThat(history).hasSizeGreaterThan(25_000);
    List<SimRecord> later = without.stream().filter(r -> history.contains(r.key()) && r.emitAt() > WEDNESDAY).toList();
    assertThat(later).hasSizeGreaterThan(20_000);
    assertThat(with.stream().filter(r -> history.contains(r.key())).toList())
        .isEqualTo(without.stream().filter(r -> history.contains(r.key())).toList());
    // With the flag the start day goes on receiving into the evening.
    assertThat(events(with, e -> e.type == EventType.RECEIVED && e.occurredAt >= WEDNESDAY
        && local(e.occurredAt).toLocalDate().equals(local(WEDNESDAY).toLocalDate()) && local(e.occurredAt).getHour() >= 18))
        .hasSizeBetween(1000, 1700);
  }

  @Test
  void withoutTheFlagNothingIsLive() throws Exception {
    SimOptions o = options();
    assertThat(o.liveEveryDay()).isFalse();
    assertThat(KafkaRunner.forEmptyTopic(o, REGISTRY, SUNDAY_10).live()).isEqualTo(LiveWindows.NONE);
    // The same records as the generator always made.
    long from = SUNDAY_10 - 14 * DAY;
    List<SimRecord> runner = run(o, SUNDAY_10, SUNDAY_10 + 3 * DAY);
    assertThat(runner).isEqualTo(EventGenerator.generate(REGISTRY, GeneratorSettings.defaults(), from, SUNDAY_10 + 3 * DAY));
  }

  @Test
  void deterministicForASeedStartAndFlag() throws Exception {
    long until = SUNDAY_10 + 2 * DAY;
    List<SimRecord> a = run(options("--live-every-day"), SUNDAY_10, until);
    List<SimRecord> b = run(options("--live-every-day"), SUNDAY_10, until);
    assertThat(a).isEqualTo(b);
    List<SimRecord> otherSeed = run(options("--live-every-day", "--seed=43"), SUNDAY_10, until);
    Predicate<SimRecord> live = r -> r.occurredAt() >= SUNDAY_10;
    assertThat(otherSeed.stream().filter(live).map(SimRecord::value).toList())
        .isNotEqualTo(a.stream().filter(live).map(SimRecord::value).toList());
    // Stepping the live part in small steps, as the runner does, gives the same records.
    EventGenerator gen = KafkaRunner.forEmptyTopic(options("--live-every-day"), REGISTRY, SUNDAY_10);
    List<SimRecord> stepped = new ArrayList<>();
    gen.drainTo(SUNDAY_10, stepped::add);
    for (long now = SUNDAY_10; now < until; ) {
      long step = now = Math.min(until, now + 3 * 60_000L);
      gen.drainTo(now, r -> {
        assertThat(r.emitAt()).isLessThanOrEqualTo(step);
        stepped.add(r);
      });
    }
    assertThat(stepped).isEqualTo(a);
  }

  @Test
  void liveDossiersHaveValidLifecyclesOnAnyDay() {
    assertThat(liveWeek.size()).isBetween(35_000, 40_600); // 7 x 16 h x 337.5 = 37,800
    int eventsOutsideOffice = 0;
    int late = 0;
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Set<DayOfWeek> completionDays = new HashSet<>();
    long outside = 0;
    long all = 0;
    for (var entry : liveWeek.entrySet()) {
      List<DossierEvent> ev = entry.getValue();
      DossierEvent r = ev.get(0);
      assertThat(r.type).as(entry.getKey()).isEqualTo(EventType.RECEIVED);
      assertThat(inLiveHours(r.occurredAt)).isTrue();
      // Due dates still count working days: 17:00 of the 1st to 15th working day after receipt.
      var due = local(r.dueAt);
      assertThat(due.toLocalTime()).isEqualTo(LocalTime.of(17, 0));
      assertThat(CAL.isWorkingDay(due.toLocalDate())).isTrue();
      boolean within = false;
      for (int n = 1; n <= 15; n++) within |= CAL.plusWorkingDays(local(r.occurredAt).toLocalDate(), n).equals(due.toLocalDate());
      assertThat(within).isTrue();
      long previous = Long.MIN_VALUE;
      boolean ended = false;
      for (DossierEvent e : ev) {
        assertThat(e.occurredAt).as("%s %s", entry.getKey(), e.type).isGreaterThan(previous);
        previous = e.occurredAt;
        all++;
        if (!inLiveHours(e.occurredAt)) outside++;
        if (!CAL.isOfficeTime(e.occurredAt)) eventsOutsideOffice++;
        if (e.type == EventType.COMPLETED) completionDays.add(local(e.occurredAt).getDayOfWeek());
        ended |= e.type == EventType.COMPLETED || e.type == EventType.WITHDRAWN;
      }
      assertThat(ended).as(entry.getKey()).isTrue();
      Outcome o = EventGeneratorTest.outcome(ev);
      if (o != null) outcomes.merge(o, 1, Integer::sum);
      if (o == Outcome.LATE) late++;
    }
    // Everything in the live hours, but a rare completion minutes after a very late event.
    assertThat((double) outside / all).isLessThan(0.001);
    assertThat(eventsOutsideOffice).isGreaterThan(liveWeek.size() / 2);
    assertThat(completionDays).contains(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    double completed = outcomes.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(outcomes.get(Outcome.EARLY) / completed).isCloseTo(0.35, within(0.06));
    assertThat(outcomes.get(Outcome.LATE) / completed).isCloseTo(0.02, within(0.01));
    assertThat(late).isPositive();
  }

  @Test
  void liveAndOfficeDossiersOfTheSameDayHaveDistinctNumbers() throws Exception {
    // The start is mid-morning on a working day: office receipts before it, live ones after.
    List<DossierEvent> received = events(run(options("--live-every-day"), WEDNESDAY, WEDNESDAY + DAY),
        e -> e.type == EventType.RECEIVED && local(e.occurredAt).toLocalDate().equals(local(WEDNESDAY).toLocalDate()));
    Set<String> ids = new HashSet<>();
    Set<String> eventIds = new HashSet<>();
    for (DossierEvent e : received) {
      assertThat(e.dossierId).matches("\\d{3}\\.\\d{2}\\.\\d{2}\\.H99-261014-\\d{4,}");
      assertThat(ids.add(e.dossierId)).as(e.dossierId).isTrue();
      assertThat(eventIds.add(e.eventId)).isTrue();
    }
    assertThat(received.stream().filter(e -> e.occurredAt < WEDNESDAY)).hasSizeBetween(500, 1500);
    assertThat(received.stream().filter(e -> e.occurredAt >= WEDNESDAY)).hasSizeBetween(3500, 4500);
  }
}
