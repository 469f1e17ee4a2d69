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
