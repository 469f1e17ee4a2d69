package vn.sla.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressScoreTest {
  @Test
  void scoresTheShareOfGoodDossiersOutOfTwenty() {
    // 3 early, 5 on time, 2 late completed; 4 pending in time, 1 paused, 3 overdue: 13 good of 18.
    assertThat(ProgressScore.of(3, 5, 4, 1, 10, 8)).isEqualTo(14.44);
    assertThat(ProgressScore.of(0, 0, 0, 0, 0, 0)).isEqualTo(20);
    assertThat(ProgressScore.of(0, 0, 0, 0, 3, 0)).isZero();
  }

  @Test
  void roundsHalfUp() {
    // 20 × 1 / 8 = 2.5 exactly; 20 × 1 / 16 = 1.25; 20 × 1 / 32 = 0.625 → 0.63
    assertThat(ProgressScore.of(1, 0, 0, 0, 32, 0)).isEqualTo(0.63);
    assertThat(ProgressScore.of(1, 0, 0, 0, 16, 0)).isEqualTo(1.25);
  }
}
