package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sla.core.registry.UnitRegistry;

/** Picking up a topic that already has data, without Kafka: its first and last records decide. */
class ResumptionTest {
  static final UnitRegistry REGISTRY = EventGeneratorTest.REGISTRY;
  static final long START = EventGeneratorTest.START;
  static final long DAY = EventGeneratorTest.DAY;
  static final long NOW = START + 6 * DAY;

  final List<SimRecord> sent = EventGenerator.generate(REGISTRY, GeneratorSettings.defaults(), START, START + 4 * DAY);
  final List<String> first = sent.subList(0, 5).stream().map(SimRecord::value).toList();
  final List<String> last = sent.subList(sent.size() - 5, sent.size()).stream().map(SimRecord::value).toList();

  @Test
  void aTopicWrittenWithTheSameSeedIsContinued() {
    Resumption r = Resumption.of(first, last, REGISTRY, GeneratorSettings.defaults(), NOW);
    assertThat(r.ours()).isTrue();
    assertThat(r.receivedFrom()).isEqualTo(sent.get(0).occurredAt());
    assertThat(r.emitFrom()).isEqualTo(sent.stream().skip(sent.size() - 5L).mapToLong(SimRecord::occurredAt).max().orElseThrow());
    // Continuing gives exactly what an uninterrupted run sends after that instant.
    List<SimRecord> resumed = new java.util.ArrayList<>();
    new EventGenerator(REGISTRY, GeneratorSettings.defaults(), r.receivedFrom(), Long.MAX_VALUE, r.emitFrom()).drainTo(NOW, resumed::add);
    List<SimRecord> uninterrupted = EventGenerator.generate(REGISTRY, GeneratorSettings.defaults(), START, NOW);
    assertThat(resumed).isEqualTo(uninterrupted.stream().filter(x -> x.emitAt() >= r.emitFrom()).toList());
  }

  @Test
  void aTopicWrittenOtherwiseOnlyGetsNewDossiers() {
    GeneratorSettings otherSeed = new GeneratorSettings(7, 2700, 0.001, 0.002);
    assertThat(Resumption.of(first, last, REGISTRY, otherSeed, NOW)).isEqualTo(new Resumption(false, NOW, NOW));
    assertThat(Resumption.of(List.of("not json"), last, REGISTRY, GeneratorSettings.defaults(), NOW).ours()).isFalse();
    assertThat(Resumption.of(List.of(), List.of(), REGISTRY, GeneratorSettings.defaults(), NOW).ours()).isFalse();
  }
}
