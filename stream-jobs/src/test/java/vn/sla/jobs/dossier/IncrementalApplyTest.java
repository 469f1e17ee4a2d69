package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sla.jobs.dossier.SettleWithoutReplayTest.Run;
import vn.sla.jobs.dossier.SettleWithoutReplayTest.Step;

/**
 * An event that arrives in its dossier's order applied alone ({@link DossierFunction}'s
 * {@code applyNext}) against the replay of the dossier's events it stands in for: the same
 * random histories (several dossiers, every event type, duplicates, arrivals out of order and
 * later than the tolerance, refusals, the progress in random steps, to the end of time) through
 * both. After every step both have emitted the same records: the same unit deltas (each a net
 * change of one counter; their order within one arrival is the order of a hash map, so they are
 * compared as a multiset per step), and the same statuses, timelines, dead letters and quality
 * marks, each dossier's in the same order. Both leave the same state entries and timers. The
 * incremental run restarts from a checkpoint at a random watermark of each history, so the
 * lifecycle it keeps comes back from the serializer. Half of the histories keep the events'
 * original bytes in the state, as state restored from an older layout does.
 */
class IncrementalApplyTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void anEventInOrderAppliedAloneEmitsExactlyWhatTheReplayEmits(int block) throws Exception {
    long inOrder = 0;
    long replayed = 0;
    long deadLetters = 0;
    int restarts = 0;
    for (int seed = block * 1000 + 500; seed < block * 1000 + 580; seed++) {
      Random r = new Random(seed);
      List<Step> steps = SettleWithoutReplayTest.history(r);
      int restartAt = r.nextInt(steps.size());
      // Half of the blocks keep new events' bytes in the state, as state restored from layout 3 holds them.
      boolean originalsInState = block > 4;
      Run replay = new Run(true, originalsInState);
      replay.function =
          new DossierFunction(SettleWithoutReplayTest.RULES, SettleWithoutReplayTest.RETENTION, true, true, originalsInState, false);
      replay.h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(replay.function, e -> e.event.dossierId, Types.STRING);
      Run now = new Run(true, originalsInState);
      int[] seen = new int[5];
      for (int i = 0; i < steps.size(); i++) {
        if (i >= restartAt && steps.get(i).event() == null && now.earlier.isEmpty()) {
          inOrder += now.function.appliedInOrder();
          now.restart();
          restarts++;
        }
        replay.apply(steps.get(i));
        now.apply(steps.get(i));
        OriginalsOutsideStateTest.assertSameOutputs(replay, now, seen, "seed " + seed + ", step " + i, steps);
        assertThat(now.h.numKeyedStateEntries()).as("seed %d, state after step %d", seed, i).isEqualTo(replay.h.numKeyedStateEntries());
        assertThat(now.h.numEventTimeTimers()).as("seed %d, timers after step %d", seed, i).isEqualTo(replay.h.numEventTimeTimers());
      }
      inOrder += now.function.appliedInOrder();
      assertThat(replay.function.appliedInOrder()).isZero();
      deadLetters += replay.allChannels().get(3).size();
      replay.h.close();
      now.h.close();
    }
    // The comparison means something only if both paths ran, refusals and restarts happened.
    assertThat(inOrder).as("events applied alone").isGreaterThan(200);
    assertThat(deadLetters).isGreaterThan(30);
    assertThat(restarts).isGreaterThan(40);
  }
}
