package vn.sla.sim;

import java.time.Duration;
import java.util.List;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;

/**
 * Where to pick up a topic that already has data, decided from its first and last records.
 * Pure, so it is tested without Kafka.
 *
 * <p>The topic is "ours" when its earliest record is a receipt this generator produces with
 * the same seed and registry: then the generator is rebuilt over the same days and resumes
 * at the newest {@code occurredAt} found. Otherwise nothing before now is simulated, so no
 * event is ever sent for a dossier the topic never received.
 *
 * <p>Live spans ({@code --live-every-day}): which dossiers exist depends on them, so the
 * spans the topic was written with (the {@link LiveWindows#HEADER} of its newest record) are
 * kept up to the point where this run takes over, {@code max(now, newest + 1 ms)}; from there
 * on this run's flag decides. A topic written without the flag and a run without it give no
 * spans at all, exactly as before the flag existed.
 *
 * @param ours whether the topic was recognised as written by this simulator and settings
 * @param receivedFrom dossiers received from then on are simulated
 * @param emitFrom records from then on are sent (the newest occurredAt found, or now)
 * @param live the live spans to generate with (and to write with every record)
 */
record Resumption(boolean ours, long receivedFrom, long emitFrom, LiveWindows live) {
  Resumption(boolean ours, long receivedFrom, long emitFrom) {
    this(ours, receivedFrom, emitFrom, LiveWindows.NONE);
  }

  /** Longer than any planned lifecycle (about 40 working days, Tết included). */
  static final Duration LOOKBACK = Duration.ofDays(90);

  /** For a topic written without live spans and a run without {@code --live-every-day}. */
  static Resumption of(List<String> firstValues, List<String> lastValues, UnitRegistry registry,
      GeneratorSettings settings, long now) {
    return of(firstValues, lastValues, null, false, registry, settings, now);
  }

  /**
   * @param liveHeader the {@link LiveWindows#HEADER} of the topic's newest record, null when it has none
   * @param liveEveryDay whether this run has {@code --live-every-day}
   */
  static Resumption of(List<String> firstValues, List<String> lastValues, String liveHeader, boolean liveEveryDay,
      UnitRegistry registry, GeneratorSettings settings, long now) {
    Resumption fresh = new Resumption(false, now, now, liveEveryDay ? LiveWindows.from(now) : LiveWindows.NONE);
    EventParser parser = new EventParser(u -> true);
    long firstAt = Long.MAX_VALUE;
    String firstId = null;
    for (String v : firstValues) {
      ParseResult r = parser.parse(v);
      if (r.isOk() && r.event().occurredAt < firstAt) {
        firstAt = r.event().occurredAt;
        firstId = r.event().eventId;
      }
    }
    long lastAt = Long.MIN_VALUE;
    for (String v : lastValues) {
      ParseResult r = parser.parse(v);
      if (r.isOk()) lastAt = Math.max(lastAt, r.event().occurredAt);
    }
    if (firstId == null || lastAt == Long.MIN_VALUE) return fresh;
    LiveWindows written;
    try {
      written = LiveWindows.parse(liveHeader);
    } catch (IllegalArgumentException e) {
      return fresh;
    }
    // Would this generator have sent the topic's first record? It was a receipt at firstAt.
    String wanted = "\"eventId\":\"" + firstId + "\"";
    boolean[] found = {false};
    new EventGenerator(registry, settings, firstAt, firstAt + 1, firstAt, written)
        .drainTo(firstAt, r -> found[0] |= r.kind() == SimRecord.Kind.EVENT && r.value().contains(wanted));
    if (!found[0]) return fresh;
    // Records at lastAt are sent again, so this run takes over strictly after it. Spans
    // that ended before the topic's first record concern no dossier in it.
    LiveWindows live = written.continuedAt(Math.max(now, lastAt + 1), liveEveryDay, firstAt);
    // Dossiers received before the lookback have no record left after lastAt.
    return new Resumption(true, Math.max(firstAt, lastAt - LOOKBACK.toMillis()), lastAt, live);
  }
}
