package vn.sla.jobs.dossier;

/**
 * 64-bit fingerprints of event ids and status signatures, for the keyed state: a closed
 * dossier's tombstone keeps 8 bytes per event instead of a 36-character id. Two different
 * ids of one dossier share a fingerprint with a chance of about 1 in 2^64 per pair, far
 * below any other failure; the function only ever compares ids within one dossier.
 */
public final class EventIds {
  private EventIds() {}

  /** FNV-1a over the UTF-16 code units, then a 64-bit finaliser (MurmurHash3's fmix64). */
  public static long fingerprint(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return fmix64(h);
  }

  /**
   * A 64-bit hash of a long text (a published timeline, compared with its predecessor to skip
   * republishing the same): four characters a step (MurmurHash3's mixing), not one as
   * {@link #fingerprint} (which event ids in the state keep using), whose chain of multiplies
   * over a dossier's whole timeline at every event was 3% of a replay.
   */
  public static long textHash(String s) {
    int n = s.length();
    long h = 0x9e3779b97f4a7c15L ^ n;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
      k *= 0x87c37b91114253d5L;
      k = Long.rotateLeft(k, 31);
      k *= 0x4cf5ad432745937fL;
      h ^= k;
      h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }
    for (; i < n; i++) {
      h ^= s.charAt(i) * 0x87c37b91114253d5L;
      h = Long.rotateLeft(h, 31) * 0x4cf5ad432745937fL;
    }
    return fmix64(h);
  }

  /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  public static boolean contains(long[] fingerprints, long fingerprint) {
    if (fingerprints == null) return false;
    for (long x : fingerprints) if (x == fingerprint) return true;
    return false;
  }

  public static long[] append(long[] fingerprints, long fingerprint) {
    long[] a = fingerprints == null ? new long[1] : java.util.Arrays.copyOf(fingerprints, fingerprints.length + 1);
    a[a.length - 1] = fingerprint;
    return a;
  }
}
