package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.Channel;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.event.RejectReason;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.Outcome;
import vn.sla.core.rules.SlaRules;

/**
 * Ten working days of a province (two weeks of arrivals from a Monday, every dossier followed
 * to the end of its life), checked against the event contract and the intended shares.
 * Everything is recomputed from the JSON as the pipeline would see it, not taken from the plans.
 */
class EventGeneratorTest {
  static final UnitRegistry REGISTRY = UnitRegistry.load(RegistryFilesTest.TWO_TIER);
  static final ZoneId ZONE = SlaRules.DEFAULT_ZONE;
  static final SlaRules RULES = SlaRules.defaults();
  static final long DAY = 86_400_000L;
  /** Monday 5 October 2026, 00:00 local. */
  static final long START = at("2026-10-05T00:00:00+07:00");
  static final long ARRIVALS_END = START + 14 * DAY;
  /** Long after the last planned event of any dossier received in the first two weeks. */
  static final long END = START + 120 * DAY;
  static final EventParser PARSER = new EventParser(REGISTRY::contains);

  static List<SimRecord> records;
  /** Intended-good events per dossier, in send order. */
  static Map<String, List<DossierEvent>> dossiers;
  static long events;

  static long at(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  @BeforeAll
  static void generate() {
    records = new ArrayList<>();
    new EventGenerator(REGISTRY, GeneratorSettings.defaults(), START, ARRIVALS_END, START).drainTo(END, records::add);
    dossiers = new LinkedHashMap<>();
    for (SimRecord r : records) {
      if (r.kind() != SimRecord.Kind.EVENT) continue;
      ParseResult p = PARSER.parse(r.value());
      assertThat(p.isOk()).as("%s", p.rejection()).isTrue();
      dossiers.computeIfAbsent(p.event().dossierId, k -> new ArrayList<>()).add(p.event());
      events++;
    }
  }

  @Test
  void aRealisticVolume() {
    // 10 working days at 2,700 a day on average.
    assertThat(dossiers.size()).isBetween(25_000, 29_000);
    // RECEIVED, COMPLETED, RETURNED for most; pauses, transfers, apologies for some.
    assertThat((double) events / dossiers.size()).isBetween(2.9, 3.2);
  }

  @Test
  void intendedGoodRecordsAllParseAndBadOnesAreAllRejected() {
    long good = 0;
    long bad = 0;
    for (SimRecord r : records) {
      ParseResult p = PARSER.parse(r.value());
      if (r.kind() == SimRecord.Kind.BAD) {
        assertThat(p.isOk()).as(r.value()).isFalse();
        bad++;
      } else {
        assertThat(p.isOk()).as("%s: %s", r.value(), p.rejection()).isTrue();
        assertThat(r.key()).isEqualTo(p.event().dossierId);
        good++;
      }
    }
    assertThat(good).isGreaterThan(events);
    assertThat(bad).isPositive();
  }

  @Test
  void everyDossierHasAValidLifecycleInTimeOrder() {
    for (var entry : dossiers.entrySet()) {
      List<DossierEvent> ev = entry.getValue();
      assertThat(ev.get(0).type).as(entry.getKey()).isEqualTo(EventType.RECEIVED);
      boolean paused = false;
      boolean completed = false;
      boolean returned = false;
      boolean withdrawn = false;
      long previous = Long.MIN_VALUE;
      for (int i = 0; i < ev.size(); i++) {
        DossierEvent e = ev.get(i);
        String where = entry.getKey() + " event " + i + " " + e.type;
        assertThat(e.occurredAt).as(where).isGreaterThan(previous);
        previous = e.occurredAt;
        assertThat(withdrawn).as(where + ": nothing after WITHDRAWN").isFalse();
        if (completed) assertThat(e.type).as(where + ": only RETURNED after COMPLETED").isEqualTo(EventType.RETURNED);
        switch (e.type) {
          case RECEIVED -> assertThat(i).as(where).isZero();
          case PAUSED -> {
            assertThat(paused).as(where).isFalse();
            paused = true;
          }
          case RESUMED -> {
            assertThat(paused).as(where).isTrue();
            paused = false;
          }
          case COMPLETED -> {
            assertThat(paused).as(where + ": planned completions come after the resume").isFalse();
            completed = true;
          }
          case RETURNED -> {
            assertThat(completed && !returned).as(where).isTrue();
            returned = true;
          }
          case WITHDRAWN -> withdrawn = true;
          case TRANSFERRED -> assertThat(e.toUnitId).isNotEqualTo(ev.get(0).unitId);
          case APOLOGY_ISSUED -> assertThat(e.dueAt).as(where).isNotNull();
        }
      }
      // Every lifecycle ends: the window is long enough for all of them.
      assertThat(completed || withdrawn).as(entry.getKey()).isTrue();
    }
  }

  @Test
  void intakeOnlyInOfficeHoursOnWorkingDays() {
    WorkCalendar cal = new WorkCalendar(ZONE);
    int morning = 0;
    int afternoon = 0;
    for (List<DossierEvent> ev : dossiers.values()) {
      var t = Instant.ofEpochMilli(ev.get(0).occurredAt).atZone(ZONE);
      assertThat(t.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
      assertThat(cal.isWorkingDay(t.toLocalDate())).isTrue();
      LocalTime time = t.toLocalTime();
      boolean am = !time.isBefore(LocalTime.of(7, 0)) && !time.isAfter(LocalTime.of(11, 30));
      boolean pm = !time.isBefore(LocalTime.of(13, 30)) && !time.isAfter(LocalTime.of(17, 0));
      assertThat(am || pm).as("received at %s", t).isTrue();
      if (am) morning++;
      else afternoon++;
    }
    // Mornings are busier (4.5 h at a higher rate against 3.5 h).
    assertThat(morning).isGreaterThan(afternoon);
    assertThat(afternoon).isGreaterThan(dossiers.size() / 4);
  }

  @Test
  void channelShares() {
    Map<Channel, Integer> n = new EnumMap<>(Channel.class);
    for (List<DossierEvent> ev : dossiers.values()) n.merge(ev.get(0).channel, 1, Integer::sum);
    double all = dossiers.size();
    assertThat(n.get(Channel.ONLINE) / all).isCloseTo(0.35, within(0.05));
    assertThat(n.get(Channel.IN_PERSON) / all).isCloseTo(0.60, within(0.05));
    assertThat(n.get(Channel.POSTAL) / all).isCloseTo(0.05, within(0.02));
  }

  @Test
  void outcomeSharesOfCompletedDossiers() {
    Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
    for (List<DossierEvent> ev : dossiers.values()) {
      Outcome o = outcome(ev);
      if (o != null) n.merge(o, 1, Integer::sum);
    }
    double completed = n.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(n.get(Outcome.EARLY) / completed).isCloseTo(0.35, within(0.05));
    assertThat(n.get(Outcome.ON_TIME) / completed).isCloseTo(0.63, within(0.05));
    assertThat(n.get(Outcome.LATE) / completed).isCloseTo(0.02, within(0.01));
  }

  @Test
  void lifecycleShares() {
    double all = dossiers.size();
    assertThat(share(EventType.PAUSED) / all).isCloseTo(0.10, within(0.02));
    assertThat(share(EventType.TRANSFERRED) / all).isCloseTo(0.03, within(0.01));
    assertThat(share(EventType.WITHDRAWN) / all).isCloseTo(0.015, within(0.007));
    assertThat((double) share(EventType.RETURNED) / share(EventType.COMPLETED)).isCloseTo(0.80, within(0.03));
    long resumed = 0;
    long recomputed = 0;
    for (List<DossierEvent> ev : dossiers.values()) {
      for (DossierEvent e : ev) {
        if (e.type == EventType.RESUMED) {
          resumed++;
          if (e.dueAt != null) recomputed++;
        }
      }
    }
    assertThat((double) recomputed / resumed).isCloseTo(0.5, within(0.1));
  }

  @Test
  void pausesLastOneToFiveWorkingDays() {
    WorkCalendar cal = new WorkCalendar(ZONE);
    for (List<DossierEvent> ev : dossiers.values()) {
      for (int i = 1; i < ev.size(); i++) {
        if (ev.get(i).type == EventType.RESUMED) {
          long office = cal.posAtOrAfter(ev.get(i).occurredAt) - cal.posAtOrAfter(ev.get(i - 1).occurredAt);
          assertThat(office).isBetween(WorkCalendar.OFFICE_SECONDS / 2L, 6L * WorkCalendar.OFFICE_SECONDS);
        }
      }
    }
  }

  @Test
  void lateDossiersGetAnApologyADayBeforeTheirDeadline() {
    int late = 0;
    for (List<DossierEvent> ev : dossiers.values()) {
      Outcome o = outcome(ev);
      List<DossierEvent> apologies = ev.stream().filter(e -> e.type == EventType.APOLOGY_ISSUED).toList();
      if (o == Outcome.LATE) {
        late++;
        assertThat(apologies).hasSize(1);
        DossierEvent a = apologies.get(0);
        assertThat(a.occurredAt).isLessThanOrEqualTo(slaDueBefore(ev, a) - DAY);
        assertThat(RULES.localDate(a.dueAt)).isAfter(RULES.localDate(slaDueBefore(ev, a)));
      } else {
        assertThat(apologies).isEmpty();
      }
    }
    assertThat(late).isPositive();
  }

  @Test
  void dueDatesFollowTheProcedureDeadline() {
    WorkCalendar cal = new WorkCalendar(ZONE);
    Set<String> fields = new HashSet<>();
    for (List<DossierEvent> ev : dossiers.values()) {
      DossierEvent r = ev.get(0);
      fields.add(r.field);
      assertThat(r.procedureCode).matches("[12]\\.\\d{6}");
      var due = Instant.ofEpochMilli(r.dueAt).atZone(ZONE);
      assertThat(due.toLocalTime()).isEqualTo(LocalTime.of(17, 0));
      LocalDate received = RULES.localDate(r.occurredAt);
      boolean within = false;
      for (int n = 1; n <= 15; n++) within |= cal.plusWorkingDays(received, n).equals(due.toLocalDate());
      assertThat(within).as("due %s for receipt %s", due, received).isTrue();
    }
    assertThat(fields).contains("dat-dai", "ho-tich", "xay-dung", "kinh-doanh", "tu-phap", "dau-tu", "giao-thong", "y-te", "giao-duc");
  }

  @Test
  void idsAreUniqueAndShapedLikeRealOnes() {
    Set<String> eventIds = new HashSet<>();
    for (var entry : dossiers.entrySet()) {
      assertThat(entry.getKey()).matches("\\d{3}\\.\\d{2}\\.\\d{2}\\.H99-\\d{6}-\\d{4,}");
      assertThat(entry.getValue().stream().filter(e -> e.type == EventType.RECEIVED)).hasSize(1);
      for (DossierEvent e : entry.getValue()) assertThat(eventIds.add(e.eventId)).as(e.eventId).isTrue();
    }
  }

  @Test
  void recordsComeInSendOrderAndNeverAheadOfTheClock() {
    long previous = Long.MIN_VALUE;
    for (SimRecord r : records) {
      assertThat(r.emitAt()).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(r.occurredAt());
      previous = r.emitAt();
    }
    // Live mode drains in small steps: the same records, none beyond the step's "now".
    long until = START + 8 * DAY;
    EventGenerator gen = new EventGenerator(REGISTRY, GeneratorSettings.defaults(), START, ARRIVALS_END, START);
    List<SimRecord> stepped = new ArrayList<>();
    for (long now = START; now < until; ) {
      long step = now = Math.min(until, now + 7 * 60_000L);
      gen.drainTo(now, r -> {
        assertThat(r.emitAt()).isLessThanOrEqualTo(step);
        stepped.add(r);
      });
    }
    assertThat(stepped).isEqualTo(records.stream().filter(r -> r.emitAt() <= until).toList());
  }

  @Test
  void noiseAtTheConfiguredRates() {
    long dup = records.stream().filter(r -> r.kind() == SimRecord.Kind.DUPLICATE).count();
    long bad = records.stream().filter(r -> r.kind() == SimRecord.Kind.BAD).count();
    // Defaults 0.002 and 0.001 of ~130,000 events: about 260 and 130.
    assertThat((double) dup / events).isCloseTo(0.002, within(0.0007));
    assertThat((double) bad / events).isCloseTo(0.001, within(0.0005));

    List<SimRecord> noisy = EventGenerator.generate(REGISTRY, new GeneratorSettings(42, 2700, 0.02, 0.05), START, START + 7 * DAY);
    Map<String, String> sentValueByEventId = new HashMap<>();
    Map<String, Long> lastSentOfDossier = new HashMap<>();
    Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
    long ev = 0;
    long dups = 0;
    long bads = 0;
    for (SimRecord r : noisy) {
      switch (r.kind()) {
        case EVENT -> {
          DossierEvent e = PARSER.parse(r.value()).event();
          sentValueByEventId.put(e.eventId, r.value());
          lastSentOfDossier.put(e.dossierId, e.occurredAt);
          ev++;
        }
        case DUPLICATE -> {
          DossierEvent e = PARSER.parse(r.value()).event();
          // An exact re-send of an event already sent, before the dossier's next event.
          assertThat(sentValueByEventId.get(e.eventId)).isEqualTo(r.value());
          assertThat(lastSentOfDossier.get(e.dossierId)).isEqualTo(e.occurredAt);
          dups++;
        }
        case BAD -> {
          reasons.merge(PARSER.parse(r.value()).rejection().reason(), 1, Integer::sum);
          bads++;
        }
      }
    }
    assertThat((double) dups / ev).isCloseTo(0.05, within(0.005));
    assertThat((double) bads / ev).isCloseTo(0.02, within(0.003));
    assertThat(reasons).containsKeys(RejectReason.INVALID_JSON, RejectReason.MISSING_FIELD, RejectReason.UNKNOWN_UNIT);
    assertThat(noisy).allSatisfy(r -> assertThat(r.value()).doesNotContain("\n"));
  }

  @Test
  void deterministicForASeedAndStart() {
    GeneratorSettings s = GeneratorSettings.defaults();
    List<SimRecord> a = EventGenerator.generate(REGISTRY, s, START, START + 3 * DAY);
    List<SimRecord> b = EventGenerator.generate(REGISTRY, s, START, START + 3 * DAY);
    List<SimRecord> other = EventGenerator.generate(REGISTRY, new GeneratorSettings(43, 2700, 0.001, 0.002), START, START + 3 * DAY);
    assertThat(a).isNotEmpty().isEqualTo(b);
    assertThat(other.get(0).value()).isNotEqualTo(a.get(0).value());
  }

  @Test
  void aRestartedGeneratorContinuesTheSameDossiers() {
    GeneratorSettings s = GeneratorSettings.defaults();
    long until = START + 20 * DAY;
    long restart = at("2026-10-14T10:17:00+07:00");
    List<SimRecord> full = EventGenerator.generate(REGISTRY, s, START, until);
    // Same history, but records before the restart were already sent.
    List<SimRecord> resumed = new ArrayList<>();
    new EventGenerator(REGISTRY, s, START, Long.MAX_VALUE, restart).drainTo(until, resumed::add);
    assertThat(resumed).isEqualTo(full.stream().filter(r -> r.emitAt() >= restart).toList());
    // A generator that only knows dossiers from the restart on agrees on every one of them.
    List<String> later = EventGenerator.generate(REGISTRY, s, restart, until).stream().map(SimRecord::value).toList();
    assertThat(later).isNotEmpty();
    Set<String> known = new HashSet<>(full.stream().map(SimRecord::value).toList());
    assertThat(later.stream().filter(v -> !known.contains(v)).toList()).isEmpty();
  }

  private static long share(EventType type) {
    return dossiers.values().stream().filter(ev -> ev.stream().anyMatch(e -> e.type == type)).count();
  }

  /** The SLA due time in force just before {@code upTo}, by the contract's rules. */
  private static long slaDueBefore(List<DossierEvent> ev, DossierEvent upTo) {
    long due = ev.get(0).dueAt;
    long pausedAt = -1;
    for (DossierEvent e : ev) {
      if (e == upTo) break;
      if (e.type == EventType.PAUSED) pausedAt = e.occurredAt;
      if (e.type == EventType.RESUMED) due = e.dueAt != null ? e.dueAt : SlaRules.shift(due, pausedAt, e.occurredAt);
    }
    return due;
  }

  /** Classification of a completed dossier as the pipeline does it; null when never completed. */
  static Outcome outcome(List<DossierEvent> ev) {
    for (DossierEvent e : ev) {
      if (e.type == EventType.COMPLETED) return RULES.classify(e.occurredAt, slaDueBefore(ev, e));
    }
    return null;
  }
}
