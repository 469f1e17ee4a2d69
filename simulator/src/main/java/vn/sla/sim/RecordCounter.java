package vn.sla.sim;

import vn.sla.core.event.EventType;

/**
 * Records sent, by event type, plus duplicates and bad records; for the progress and summary
 * lines. Used by the one thread that sends, so plain counters.
 */
final class RecordCounter {
  private static final EventType[] TYPES = EventType.values();
  private static final int DUPLICATES = TYPES.length;
  private static final int BAD = TYPES.length + 1;
  private final long[] counts = new long[TYPES.length + 2];

  void count(SimRecord r) {
    switch (r.kind()) {
      case EVENT -> counts[r.type().ordinal()]++;
      case DUPLICATE -> counts[DUPLICATES]++;
      case BAD -> counts[BAD]++;
    }
  }

  long total() {
    long t = 0;
    for (long c : counts) t += c;
    return t;
  }

  long of(EventType t) {
    return counts[t.ordinal()];
  }

  long duplicates() {
    return counts[DUPLICATES];
  }

  long bad() {
    return counts[BAD];
  }

  /** e.g. "RECEIVED=120 PAUSED=12 ... duplicates=1 bad=0". */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (EventType t : TYPES) sb.append(t.name()).append('=').append(of(t)).append(' ');
    return sb.append("duplicates=").append(duplicates()).append(" bad=").append(bad()).toString();
  }

  /** This counter's values minus an earlier snapshot's, for per-interval summaries. */
  RecordCounter minus(RecordCounter earlier) {
    RecordCounter d = new RecordCounter();
    for (int i = 0; i < counts.length; i++) d.counts[i] = counts[i] - earlier.counts[i];
    return d;
  }

  RecordCounter copy() {
    return minus(new RecordCounter());
  }
}
