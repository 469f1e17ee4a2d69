package vn.sla.core.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The contract's approximation of Decision 766's progress group (sla-rules.md):
 * 20 × (early + on time + pending in time + pending paused) / (completed + pending),
 * two decimals, half up; 20 when there is nothing to score.
 */
public final class ProgressScore {
  private ProgressScore() {}

  public static double of(long early, long onTime, long pendingInTime, long pendingPaused, long completed, long pendingTotal) {
    long denominator = completed + pendingTotal;
    if (denominator == 0) return 20;
    long good = early + onTime + pendingInTime + pendingPaused;
    return BigDecimal.valueOf(20L * good).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP).doubleValue();
  }
}
