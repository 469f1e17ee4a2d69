package vn.sla.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SlaRulesTest {
  private final SlaRules rules = SlaRules.defaults();

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  @Test
  void outcomeIsJudgedByLocalDateNotTimeOfDay() {
    long due = t("2023-10-20T16:00:00+07:00");
    assertThat(rules.classify(t("2023-10-19T23:59:59+07:00"), due)).isEqualTo(Outcome.EARLY);
    assertThat(rules.classify(t("2023-10-20T00:00:00+07:00"), due)).isEqualTo(Outcome.ON_TIME);
    assertThat(rules.classify(t("2023-10-20T23:59:00+07:00"), due)).isEqualTo(Outcome.ON_TIME);
    assertThat(rules.classify(t("2023-10-21T00:00:00+07:00"), due)).isEqualTo(Outcome.LATE);
  }

  @Test
  void localDateUsesTheDeploymentZoneNotUtc() {
    // 18:30 UTC on the 19th is 01:30 on the 20th in Vietnam: on time, not early.
    long due = t("2023-10-20T16:00:00+07:00");
    assertThat(rules.classify(t("2023-10-19T18:30:00Z"), due)).isEqualTo(Outcome.ON_TIME);
    SlaRules utc = new SlaRules(ZoneId.of("UTC"), Duration.ofHours(24));
    assertThat(utc.classify(t("2023-10-19T18:30:00Z"), due)).isEqualTo(Outcome.EARLY);
  }

  @Test
  void becomesOverdueAtLocalMidnightAfterTheDueDate() {
    long due = t("2023-10-20T16:00:00+07:00");
    assertThat(rules.overdueFrom(due)).isEqualTo(t("2023-10-21T00:00:00+07:00"));
    assertThat(rules.bucket(t("2023-10-20T23:59:59.999+07:00"), due, false)).isEqualTo(Bucket.DUE_SOON);
    assertThat(rules.bucket(t("2023-10-21T00:00:00+07:00"), due, false)).isEqualTo(Bucket.OVERDUE);
  }

  @Test
  void dueSoonBoundaryIsInclusive() {
    long due = t("2023-10-20T16:00:00+07:00");
    assertThat(rules.bucket(t("2023-10-19T15:59:59.999+07:00"), due, false)).isEqualTo(Bucket.IN_TIME);
    assertThat(rules.bucket(t("2023-10-19T16:00:00+07:00"), due, false)).isEqualTo(Bucket.DUE_SOON);
    assertThat(rules.nextTransition(t("2023-10-18T09:00:00+07:00"), due)).isEqualTo(t("2023-10-19T16:00:00+07:00"));
    assertThat(rules.nextTransition(t("2023-10-19T16:00:00+07:00"), due)).isEqualTo(t("2023-10-21T00:00:00+07:00"));
    assertThat(rules.nextTransition(t("2023-10-21T00:00:00+07:00"), due)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void dossierDueEarlierTodayIsDueSoonUntilMidnight() {
    long due = t("2023-10-20T08:00:00+07:00");
    assertThat(rules.bucket(t("2023-10-20T15:00:00+07:00"), due, false)).isEqualTo(Bucket.DUE_SOON);
  }

  @Test
  void pausedIsNeitherInTimeNorOverdue() {
    long due = t("2023-10-20T16:00:00+07:00");
    assertThat(rules.bucket(t("2023-11-20T00:00:00+07:00"), due, true)).isEqualTo(Bucket.PAUSED);
  }

  @Test
  void pauseShiftsTheDueTimeByItsLength() {
    long due = t("2023-10-20T16:00:00+07:00");
    long shifted = SlaRules.shift(due, t("2023-10-18T10:00:00+07:00"), t("2023-10-19T12:30:00+07:00"));
    assertThat(shifted).isEqualTo(t("2023-10-21T18:30:00+07:00"));
    assertThat(SlaRules.shift(Long.MAX_VALUE - 5, 0, 100)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void farFutureSaturatesInsteadOfOverflowing() {
    assertThat(rules.day(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(rules.bucket(t("2030-01-01T00:00:00+07:00"), Long.MAX_VALUE, false)).isEqualTo(Bucket.IN_TIME);
  }

  @Test
  void dueSideBoundariesAgreeWithTheBucketAtEveryBoundary() {
    long now = t("2023-10-20T15:00:00+07:00");
    long overdueBefore = rules.overdueWhenDueBefore(now);
    long dueSoonBefore = rules.dueSoonWhenDueBefore(now);
    assertThat(overdueBefore).isEqualTo(t("2023-10-20T00:00:00+07:00"));
    assertThat(dueSoonBefore).isEqualTo(t("2023-10-21T15:00:00.001+07:00"));
    for (long due : new long[] {overdueBefore - 1, overdueBefore, dueSoonBefore - 1, dueSoonBefore}) {
      Bucket expected = due < overdueBefore ? Bucket.OVERDUE : due < dueSoonBefore ? Bucket.DUE_SOON : Bucket.IN_TIME;
      assertThat(rules.bucket(now, due, false)).as("due %d", due).isEqualTo(expected);
    }
    assertThat(rules.dueSoonWhenDueBefore(Long.MAX_VALUE - 10)).isEqualTo(Long.MAX_VALUE);
  }
}
