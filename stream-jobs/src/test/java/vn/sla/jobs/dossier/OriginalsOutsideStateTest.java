package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sla.jobs.dossier.SettleWithoutReplayTest.Run;
import vn.sla.jobs.dossier.SettleWithoutReplayTest.Step;

/**
 * Original bytes beside the keyed state ({@link PendingOriginals}) against the previous way,
 * bytes in the dossier's state with a timer per event to forget them: the same random
 * histories (several dossiers, every event type, duplicates, arrivals out of order and later
 * than the tolerance, refusals, the progress in random steps, to the end of time) through both.
 * After every step both have emitted the same records (unit deltas, statuses, timelines, dead
 * letters with their payloads and origins, quality marks), and each dossier's in the same
 * order. Only the order between dossiers within one step may differ: timers of one watermark
 * fire in the order of Flink's timer queue, which holds fewer timers now. The new way restarts
 * from a checkpoint at a random watermark of each history, so the bytes still pending then come
 * back from the checkpoint. It never has more timers than before.
 */
class OriginalsOutsideStateTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void theDossierEmitsExactlyWhatItDidWithTheBytesInItsState(int block) throws Exception {
    long timersBefore = 0;
    long timersNow = 0;
    long deadLetters = 0;
    int restarts = 0;
    for (int seed = block * 1000; seed < block * 1000 + 60; seed++) {
      Random r = new Random(seed);
      List<Step> steps = SettleWithoutReplayTest.history(r);
      int restartAt = r.nextInt(steps.size());
      Run before = new Run(true, true);
      Run now = new Run(true, false);
      int[] seen = new int[5];
      for (int i = 0; i < steps.size(); i++) {
        // Just before a watermark: timers registered since the last one fire at it in both runs.
        if (i >= restartAt && steps.get(i).event() == null && now.earlier.isEmpty()) {
          now.restart();
          restarts++;
        }
        before.apply(steps.get(i));
        now.apply(steps.get(i));
        assertSameOutputs(before, now, seen, "seed " + seed + ", step " + i, steps);
        assertThat(now.h.numKeyedStateEntries()).as("seed %d, state after step %d", seed, i).isEqualTo(before.h.numKeyedStateEntries());
        assertThat(now.h.numEventTimeTimers()).as("seed %d, timers after step %d", seed, i).isLessThanOrEqualTo(before.h.numEventTimeTimers());
        timersBefore += before.h.numEventTimeTimers();
        timersNow += now.h.numEventTimeTimers();
      }
      deadLetters += before.allChannels().get(3).size();
      before.h.close();
      now.h.close();
    }
    // The comparison means something only if refusals, restarts and saved timers happened.
    assertThat(deadLetters).isGreaterThan(30);
    assertThat(restarts).isGreaterThan(30);
    assertThat(timersNow).isLessThan(timersBefore);
  }

  /**
   * After a step, both runs have emitted the same records on every output: this step's in any
   * order, each dossier's in the same order. {@code seen} holds where this step's records
   * begin, per output, and moves on.
   */
  static void assertSameOutputs(Run expected, Run actual, int[] seen, String where, List<Step> steps) {
    List<List<String>> a = expected.allChannels();
    List<List<String>> b = actual.allChannels();
    for (int c = 0; c < a.size(); c++) {
      assertThat(b.get(c)).as("%s, output %d of %s", where, c, steps).hasSameSizeAs(a.get(c));
      assertThat(b.get(c).subList(seen[c], b.get(c).size()))
          .as("%s, output %d of %s", where, c, steps)
          .containsExactlyInAnyOrderElementsOf(a.get(c).subList(seen[c], a.get(c).size()));
      assertThat(perDossier(b.get(c))).as("%s, output %d", where, c).isEqualTo(perDossier(a.get(c)));
      seen[c] = a.get(c).size();
    }
  }

  /** The records of each dossier in order ("status D0 ...", "dead D0 ..."); the unit deltas carry no dossier and stay whole. */
  static Map<String, List<String>> perDossier(List<String> records) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String s : records) {
      String[] w = s.split(" ", 3);
      String key = w[0].equals("delta") || w[0].equals("quality") || w.length < 2 ? "*" : w[1];
      if (key.equals("*")) continue;
      m.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    return new java.util.TreeMap<>(m);
  }
}
