package vn.sla.jobs.unit;

import java.util.Arrays;

/**
 * The running (not paused) open dossiers of a unit that are due on one local day and not yet
 * overdue: how many per distinct due time, and how many of those without an apology letter.
 * Sorted by due time. Once the day is over they are all overdue and the entry goes.
 */
public class DueDay {
  public long[] dues = new long[0];
  public long[] counts = new long[0];
  public long[] withoutApology = new long[0];

  /** Adds (or with negative counts removes) dossiers due at {@code due}. */
  public void add(long due, long count, long noApology) {
    int i = Arrays.binarySearch(dues, due);
    if (i < 0) {
      i = -i - 1;
      dues = insert(dues, i, due);
      counts = insert(counts, i, 0);
      withoutApology = insert(withoutApology, i, 0);
    }
    counts[i] += count;
    withoutApology[i] += noApology;
    if (counts[i] == 0 && withoutApology[i] == 0) {
      dues = remove(dues, i);
      counts = remove(counts, i);
      withoutApology = remove(withoutApology, i);
    }
  }

  /** How many are due at exactly {@code due}. */
  public long countAt(long due) {
    int i = Arrays.binarySearch(dues, due);
    return i < 0 ? 0 : counts[i];
  }

  public long total() {
    long n = 0;
    for (long c : counts) n += c;
    return n;
  }

  public long totalWithoutApology() {
    long n = 0;
    for (long c : withoutApology) n += c;
    return n;
  }

  public boolean isEmpty() {
    return dues.length == 0;
  }

  private static long[] insert(long[] a, int i, long v) {
    long[] b = new long[a.length + 1];
    System.arraycopy(a, 0, b, 0, i);
    b[i] = v;
    System.arraycopy(a, i, b, i + 1, a.length - i);
    return b;
  }

  private static long[] remove(long[] a, int i) {
    long[] b = new long[a.length - 1];
    System.arraycopy(a, 0, b, 0, i);
    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
    return b;
  }
}
