package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.EventType;
import vn.sla.core.registry.UnitRegistry;

/** The live spans of --live-every-day, the live hours, and picking up a topic written with them. */
class LiveWindowsTest {
  static final UnitRegistry REGISTRY = EventGeneratorTest.REGISTRY;
  static final GeneratorSettings SETTINGS = GeneratorSettings.defaults();
  static final long START = EventGeneratorTest.START; // Monday 5 October 2026, 00:00
  static final long DAY = EventGeneratorTest.DAY;
  static final WorkCalendar CAL = new WorkCalendar(EventGeneratorTest.ZONE);

  static long at(String s) {
    return EventGeneratorTest.at(s);
  }

  static List<SimRecord> generate(long from, long until, LiveWindows live) {
    return EventGenerator.generate(REGISTRY, SETTINGS, from, until, live);
  }

  static List<String> values(List<SimRecord> r) {
    return r.stream().map(SimRecord::value).toList();
  }

  static List<SimRecord> continued(Resumption r, long until) {
    List<SimRecord> out = new ArrayList<>();
    new EventGenerator(REGISTRY, SETTINGS, r.receivedFrom(), Long.MAX_VALUE, r.emitFrom(), r.live()).drainTo(until, out::add);
    return out;
  }

  @Test
  void spansFormatParseAndContain() {
    LiveWindows w = LiveWindows.parse("100-200,300-");
    assertThat(w.spans()).containsExactly(new LiveWindows.Span(100, 200), new LiveWindows.Span(300, Long.MAX_VALUE));
    assertThat(w.format()).isEqualTo("100-200,300-");
    assertThat(LiveWindows.parse(w.format())).isEqualTo(w);
    assertThat(w.contains(99)).isFalse();
    assertThat(w.contains(100)).isTrue();
    assertThat(w.contains(200)).isFalse();
    assertThat(w.contains(Long.MAX_VALUE - 1)).isTrue();
    assertThat(w.overlaps(200, 300)).isFalse();
    assertThat(w.overlaps(150, 160)).isTrue();
    assertThat(LiveWindows.parse(null)).isEqualTo(LiveWindows.NONE);
    assertThat(LiveWindows.parse(" ")).isEqualTo(LiveWindows.NONE);
    assertThat(LiveWindows.NONE.format()).isEmpty();
    assertThat(LiveWindows.from(5).format()).isEqualTo("5-");
    for (String bad : List.of("x", "100", "100-50", "1-2,2-3", "3-4,1-2", "1-x")) {
      assertThatThrownBy(() -> LiveWindows.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aContinuingRunKeepsThePastAndItsFlagDecidesTheRest() {
    LiveWindows open = LiveWindows.from(100);
    assertThat(open.continuedAt(500, true, 0)).isEqualTo(open);
    assertThat(open.continuedAt(500, false, 0)).isEqualTo(LiveWindows.parse("100-500"));
    assertThat(LiveWindows.NONE.continuedAt(500, true, 0)).isEqualTo(LiveWindows.from(500));
    assertThat(LiveWindows.NONE.continuedAt(500, false, 0)).isEqualTo(LiveWindows.NONE);
    // On, off, on again: both spans.
    assertThat(LiveWindows.parse("100-500").continuedAt(900, true, 0)).isEqualTo(LiveWindows.parse("100-500,900-"));
    // A span that starts after the takeover (a topic ahead of the clock) is cut away.
    assertThat(LiveWindows.from(700).continuedAt(500, false, 0)).isEqualTo(LiveWindows.NONE);
    // Spans over before the topic's first record are forgotten.
    assertThat(LiveWindows.parse("100-200,300-").continuedAt(900, true, 250)).isEqualTo(LiveWindows.from(300));
  }

  @Test
  void liveHoursRunFrom6To22EveryDay() {
    LiveHours h = new LiveHours(EventGeneratorTest.ZONE);
    long sunday = h.posAtOrAfter(at("2026-10-11T10:00:00+07:00"));
    assertThat(h.toInstant(sunday)).isEqualTo(at("2026-10-11T10:00:00+07:00"));
    assertThat(h.toInstant(h.dayStartPos(LocalDate.parse("2026-10-11")))).isEqualTo(at("2026-10-11T06:00:00+07:00"));
    assertThat(h.toInstant(h.posAtOrAfter(at("2026-10-11T21:59:59.5+07:00")))).isEqualTo(at("2026-10-12T06:00:00+07:00"));
    assertThat(h.toInstant(h.posAtOrAfter(at("2026-10-11T03:00:00+07:00")))).isEqualTo(at("2026-10-11T06:00:00+07:00"));
    assertThat(h.toInstant(h.posAtOrBefore(at("2026-10-11T03:00:00+07:00")))).isEqualTo(at("2026-10-10T21:59:59+07:00"));
    assertThat(h.toInstant(h.posAtOrBefore(at("2026-10-11T23:00:00+07:00")))).isEqualTo(at("2026-10-11T21:59:59+07:00"));
    // One axis day is 16 hours, whatever the date (2 September is a holiday).
    assertThat(h.dayStartPos(LocalDate.parse("2026-09-03")) - h.dayStartPos(LocalDate.parse("2026-09-02")))
        .isEqualTo(LiveHours.DAY_SECONDS).isEqualTo(16 * 3600);
  }

  /** A topic written with the flag from Saturday 09:30, stopped on Saturday evening, picked up on Monday. */
  @Test
  void aTopicWrittenWithTheFlagIsContinuedWithItsSpans() {
    long liveFrom = at("2026-10-10T09:30:00.500+07:00");
    long now = at("2026-10-12T08:00:00.250+07:00");
    LiveWindows written = LiveWindows.from(liveFrom);
    List<SimRecord> sent = generate(START, at("2026-10-10T20:00:00+07:00"), written);
    List<String> first = values(sent.subList(0, 5));
    List<String> last = values(sent.subList(sent.size() - 5, sent.size()));
    long lastAt = sent.get(sent.size() - 1).occurredAt();
    // The topic has live receipts on the Saturday.
    assertThat(sent.stream().filter(r -> r.type() == EventType.RECEIVED && r.occurredAt() >= liveFrom)).hasSizeGreaterThan(1000);

    // Still with the flag: exactly what an uninterrupted run sends from the newest record on.
    Resumption on = Resumption.of(first, last, written.format(), true, REGISTRY, SETTINGS, now);
    assertThat(on.ours()).isTrue();
    assertThat(on.emitFrom()).isEqualTo(lastAt);
    assertThat(on.live()).isEqualTo(written);
    List<SimRecord> uninterrupted = generate(START, now + 3 * DAY, written);
    assertThat(continued(on, now + 3 * DAY)).isEqualTo(uninterrupted.stream().filter(r -> r.emitAt() >= lastAt).toList());

    // Without the flag now: the live dossiers already received go on exactly as they would
    // have; the time the simulator was down is caught up as the earlier run would have had
    // it, and from this run's start on intake keeps office hours again.
    Resumption off = Resumption.of(first, last, written.format(), false, REGISTRY, SETTINGS, now);
    assertThat(off.ours()).isTrue();
    assertThat(off.live()).isEqualTo(new LiveWindows(List.of(new LiveWindows.Span(liveFrom, now))));
    Set<String> known = sent.stream().map(SimRecord::key).collect(Collectors.toSet());
    // (To the end of their lives, without new receipts after the topic's end, to keep it quick.)
    List<SimRecord> ofKnown = new ArrayList<>();
    new EventGenerator(REGISTRY, SETTINGS, off.receivedFrom(), lastAt + 1, off.emitFrom(), off.live())
        .drainTo(now + 60 * DAY, r -> { if (known.contains(r.key())) ofKnown.add(r); });
    List<SimRecord> uninterruptedOfKnown = new ArrayList<>();
    new EventGenerator(REGISTRY, SETTINGS, START, lastAt + 1, START, written)
        .drainTo(now + 60 * DAY, r -> { if (r.emitAt() >= lastAt && known.contains(r.key())) uninterruptedOfKnown.add(r); });
    assertThat(ofKnown).hasSizeGreaterThan(10_000).isEqualTo(uninterruptedOfKnown);
    List<SimRecord> goOn = continued(off, now + 3 * DAY);
    List<SimRecord> newReceipts = goOn.stream().filter(r -> r.type() == EventType.RECEIVED && r.occurredAt() > lastAt).toList();
    assertThat(newReceipts.stream().filter(r -> r.occurredAt() < now && !CAL.isOfficeTime(r.occurredAt()))).hasSizeGreaterThan(5000);
    assertThat(newReceipts.stream().filter(r -> r.occurredAt() >= now)).hasSizeGreaterThan(5000)
        .allSatisfy(r -> assertThat(CAL.isOfficeTime(r.occurredAt())).isTrue());
    // Every record continued (but the deliberately bad ones) is of a dossier received in the topic or after it.
    Set<String> received = newReceipts.stream().map(SimRecord::key).collect(Collectors.toSet());
    assertThat(goOn.stream().filter(r -> r.kind() != SimRecord.Kind.BAD && !known.contains(r.key()) && !received.contains(r.key())))
        .isEmpty();

    // Without the header the live receipts are not ours: spans must travel with the records.
    List<SimRecord> liveOnly = generate(at("2026-10-11T10:00:00+07:00"), at("2026-10-11T12:00:00+07:00"),
        LiveWindows.from(at("2026-10-11T10:00:00+07:00")));
    List<String> liveFirst = values(liveOnly.subList(0, 5));
    List<String> liveLast = values(liveOnly.subList(liveOnly.size() - 5, liveOnly.size()));
    assertThat(Resumption.of(liveFirst, liveLast, LiveWindows.from(at("2026-10-11T10:00:00+07:00")).format(), true, REGISTRY,
        SETTINGS, now).ours()).isTrue();
    assertThat(Resumption.of(liveFirst, liveLast, null, true, REGISTRY, SETTINGS, now).ours()).isFalse();
  }

  @Test
  void aTopicWrittenWithoutTheFlagGetsLiveDossiersFromNowOn() {
    long now = at("2026-10-10T11:00:00.250+07:00"); // Saturday
    List<SimRecord> sent = generate(START, at("2026-10-09T12:00:00+07:00"), LiveWindows.NONE);
    List<String> first = values(sent.subList(0, 5));
    List<String> last = values(sent.subList(sent.size() - 5, sent.size()));
    long lastAt = sent.get(sent.size() - 1).occurredAt();

    Resumption off = Resumption.of(first, last, null, false, REGISTRY, SETTINGS, now);
    assertThat(off).isEqualTo(Resumption.of(first, last, REGISTRY, SETTINGS, now));
    assertThat(off.live()).isEqualTo(LiveWindows.NONE);

    Resumption on = Resumption.of(first, last, null, true, REGISTRY, SETTINGS, now);
    assertThat(on.ours()).isTrue();
    assertThat(on.receivedFrom()).isEqualTo(off.receivedFrom());
    assertThat(on.emitFrom()).isEqualTo(lastAt);
    assertThat(on.live()).isEqualTo(LiveWindows.from(now));
    List<SimRecord> withFlag = continued(on, now + 5 * DAY);
    List<SimRecord> without = continued(off, now + 5 * DAY);
    // The catch-up up to now is as before; from now on the Saturday receives.
    assertThat(withFlag.stream().filter(r -> r.emitAt() < now).toList()).isNotEmpty()
        .isEqualTo(without.stream().filter(r -> r.emitAt() < now).toList());
    assertThat(withFlag.stream().filter(r -> r.type() == EventType.RECEIVED && r.occurredAt() >= now
        && r.occurredAt() < at("2026-10-10T22:00:00+07:00"))).hasSizeGreaterThan(3000);
    assertThat(without.stream().filter(r -> r.type() == EventType.RECEIVED && r.occurredAt() >= now
        && r.occurredAt() < at("2026-10-11T22:00:00+07:00"))).isEmpty();

    // A header that is not ours to read: start afresh.
    assertThat(Resumption.of(first, last, "garbage", true, REGISTRY, SETTINGS, now))
        .isEqualTo(new Resumption(false, now, now, LiveWindows.from(now)));
    assertThat(Resumption.of(first, last, "garbage", false, REGISTRY, SETTINGS, now)).isEqualTo(new Resumption(false, now, now));
  }
}
