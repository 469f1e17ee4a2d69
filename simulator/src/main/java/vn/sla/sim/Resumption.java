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
 * @param ours whether the topic was recognised as written by this simulator and settings
 * @param receivedFrom dossiers received from then on are simulated
 * @param emitFrom records from then on are sent (the newest occurredAt found, or now)
 */
record Resumption(boolean ours, long receivedFrom, long emitFrom) {
  /** Longer than any planned lifecycle (about 40 working days, Tết included). */
  static final Duration LOOKBACK = Duration.ofDays(90);

  static Resumption of(List<String> firstValues, List<String> lastValues, UnitRegistry registry,
      GeneratorSettings settings, long now) {
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
    if (firstId == null || lastAt == Long.MIN_VALUE) return new Resumption(false, now, now);
    // Would this generator have sent the topic's first record? It was a receipt at firstAt.
    String wanted = "\"eventId\":\"" + firstId + "\"";
    boolean[] found = {false};
    new EventGenerator(registry, settings, firstAt, firstAt + 1, firstAt)
        .drainTo(firstAt, r -> found[0] |= r.kind() == SimRecord.Kind.EVENT && r.value().contains(wanted));
    if (!found[0]) return new Resumption(false, now, now);
    // Dossiers received before the lookback have no record left after lastAt.
    return new Resumption(true, Math.max(firstAt, lastAt - LOOKBACK.toMillis()), lastAt);
  }
}
