package vn.sla.sim;

/**
 * Derives independent seeds from the run's seed and a key (a day, a unit). Each day and
 * each unit draws from its own stream, so what happens on one day does not depend on when
 * the generator started: a restarted simulator regenerates exactly the same dossiers.
 */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, long key) {
    return mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (key + 1));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as used by SplittableRandom. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
