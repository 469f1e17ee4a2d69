package vn.sla.sim;

/** Sampling from cumulative weights. */
final class Weighted {
  private Weighted() {}

  /** The first index whose cumulative weight exceeds {@code x} (x in [0, total)). */
  static int index(double[] cumulative, double x) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
