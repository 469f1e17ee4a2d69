package vn.sla.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The spans of receipt time in which the simulator ran with {@code --live-every-day}: a
 * dossier received inside one is "live" (received 06:00-22:00 every day, its life planned on
 * {@link LiveHours}), any other follows the office calendar. Normally empty (the flag is off)
 * or one open span from the simulator's start instant.
 *
 * <p>Which dossiers exist depends on these spans, so a run that continues a topic must use
 * the spans of the run that wrote it. They travel with every record the simulator sends, in
 * the Kafka header {@link #HEADER} (absent when there are none, as before the flag existed),
 * formatted like {@code 1763272800000-1763359200000,1763445600000-} (epoch milliseconds,
 * {@code from-until}, an open span without {@code until}).
 *
 * @param spans disjoint, sorted, not adjacent; {@code until} is Long.MAX_VALUE for an open one
 */
record LiveWindows(List<Span> spans) {
  /** The Kafka record header carrying {@link #format()}. */
  static final String HEADER = "sla-sim-live-every-day";
  static final LiveWindows NONE = new LiveWindows(List.of());

  /** Receipt times {@code from <= t < until}. */
  record Span(long from, long until) {
    Span {
      if (from >= until) throw new IllegalArgumentException("empty live span " + from + "-" + until);
    }
  }

  LiveWindows {
    spans = List.copyOf(spans);
    for (int i = 1; i < spans.size(); i++) {
      if (spans.get(i).from() <= spans.get(i - 1).until()) throw new IllegalArgumentException("live spans overlap or touch: " + spans);
    }
  }

  /** Live from {@code start} on, for good: a run with the flag. */
  static LiveWindows from(long start) {
    return new LiveWindows(List.of(new Span(start, Long.MAX_VALUE)));
  }

  boolean isEmpty() {
    return spans.isEmpty();
  }

  boolean contains(long t) {
    for (Span s : spans) if (t >= s.from() && t < s.until()) return true;
    return false;
  }

  /** True when some instant in {@code [from, until)} is live. */
  boolean overlaps(long from, long until) {
    for (Span s : spans) if (s.from() < until && from < s.until()) return true;
    return false;
  }

  /**
   * The spans of a run that continues these from {@code cut} on: kept before {@code cut},
   * and from {@code cut} live for good when {@code liveEveryDay}, not at all otherwise. Spans
   * that end at or before {@code forgetBefore} are dropped (no dossier of theirs is left).
   */
  LiveWindows continuedAt(long cut, boolean liveEveryDay, long forgetBefore) {
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      long until = Math.min(s.until(), cut);
      if (s.from() < until && until > forgetBefore) out.add(new Span(s.from(), until));
    }
    if (liveEveryDay) {
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.until() == cut) out.set(out.size() - 1, new Span(last.from(), Long.MAX_VALUE));
      else out.add(new Span(cut, Long.MAX_VALUE));
    }
    return new LiveWindows(out);
  }

  /** The header value; empty for no spans. */
  String format() {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      if (b.length() > 0) b.append(',');
      b.append(s.from()).append('-');
      if (s.until() != Long.MAX_VALUE) b.append(s.until());
    }
    return b.toString();
  }

  /** Reads {@link #format()}; null or blank is no spans. Throws IllegalArgumentException on anything else. */
  static LiveWindows parse(String text) {
    if (text == null || text.isBlank()) return NONE;
    List<Span> out = new ArrayList<>();
    for (String part : text.trim().split(",")) {
      int dash = part.indexOf('-', 1);
      if (dash < 0) throw new IllegalArgumentException("not a live span: '" + part + "'");
      try {
        long from = Long.parseLong(part.substring(0, dash).trim());
        String u = part.substring(dash + 1).trim();
        out.add(new Span(from, u.isEmpty() ? Long.MAX_VALUE : Long.parseLong(u)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a live span: '" + part + "'", e);
      }
    }
    return new LiveWindows(out);
  }

  @Override
  public String toString() {
    return isEmpty() ? "none" : format();
  }
}
