package vn.sla.core.rules;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The date and SLA arithmetic of sla-rules.md, pure and time-zone aware. Outcomes are
 * judged by local date, not time of day; a dossier becomes overdue at the local midnight
 * after its due date, and due soon {@code dueSoonWindow} before its due time.
 */
public final class SlaRules implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  public static final Duration DEFAULT_DUE_SOON = Duration.ofHours(24);

  private final String zoneId;
  private final long dueSoonMillis;
  private transient ZoneId zone;

  public SlaRules(ZoneId zone, Duration dueSoonWindow) {
    if (dueSoonWindow.isNegative()) throw new IllegalArgumentException("dueSoonWindow must not be negative");
    this.zoneId = zone.getId();
    this.zone = zone;
    this.dueSoonMillis = dueSoonWindow.toMillis();
  }

  public static SlaRules defaults() {
    return new SlaRules(DEFAULT_ZONE, DEFAULT_DUE_SOON);
  }

  public ZoneId zone() {
    if (zone == null) zone = ZoneId.of(zoneId);
    return zone;
  }

  public long dueSoonMillis() {
    return dueSoonMillis;
  }

  public LocalDate localDate(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(zone()).toLocalDate();
  }

  /** The local date as an epoch day number, the key of per-day figures. */
  public int day(long epochMillis) {
    // Saturate far-future instants (a due time shifted to "never") instead of overflowing.
    if (epochMillis >= END_OF_TIME) return Integer.MAX_VALUE;
    if (epochMillis < YEAR_ONE) return (int) localDate(epochMillis).toEpochDay();
    // The same as the local date's epoch day, without building a ZonedDateTime (called for every delta).
    int offset = zone().getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
    return (int) Math.floorDiv(epochMillis + offset * 1000L, 86_400_000L);
  }

  private static final long YEAR_ONE = -62135596800000L; // 0001-01-01T00:00Z

  /** Midnights already worked out, by day (direct-mapped; each entry immutable, so threads may share it). */
  private transient Midnight[] midnights;

  private record Midnight(long day, long millis) {}

  /**
   * The end of time, 10000-01-01 UTC: a due time or a "now" at or beyond it means "never" (a
   * due time shifted past any date, the job's final watermark). The one constant for it.
   */
  public static final long END_OF_TIME = 253402300800000L;

  /** The instant of local midnight starting {@code epochDay}. */
  public long startOfDay(long epochDay) {
    Midnight[] cache = midnights;
    if (cache == null) midnights = cache = new Midnight[4096];
    int slot = (int) (epochDay & (cache.length - 1));
    Midnight m = cache[slot];
    if (m != null && m.day == epochDay) return m.millis;
    long millis = LocalDate.ofEpochDay(epochDay).atStartOfDay(zone()).toInstant().toEpochMilli();
    cache[slot] = new Midnight(epochDay, millis);
    return millis;
  }

  public Outcome classify(long completedAt, long due) {
    int c = day(completedAt);
    int d = day(due);
    return c < d ? Outcome.EARLY : c == d ? Outcome.ON_TIME : Outcome.LATE;
  }

  /** The instant a running dossier becomes overdue: local midnight after its due date. */
  public long overdueFrom(long due) {
    return startOfDay(day(due) + 1L);
  }

  /** The instant a running dossier becomes due soon. */
  public long dueSoonFrom(long due) {
    return due - dueSoonMillis;
  }

  public Bucket bucket(long now, long due, boolean paused) {
    if (paused) return Bucket.PAUSED;
    if (now >= overdueFrom(due)) return Bucket.OVERDUE;
    if (now >= dueSoonFrom(due)) return Bucket.DUE_SOON;
    return Bucket.IN_TIME;
  }

  /**
   * {@link #bucket} seen from the due side, for a list in due order: at {@code now}, a running
   * dossier is overdue exactly when it is due before this instant (local midnight today).
   */
  public long overdueWhenDueBefore(long now) {
    return startOfDay(day(now));
  }

  /**
   * At {@code now}, a running dossier that is not overdue is due soon exactly when it is due
   * before this instant (now plus the window, inclusive), saturating instead of overflowing.
   */
  public long dueSoonWhenDueBefore(long now) {
    long last = now + dueSoonMillis;
    return last < now || last == Long.MAX_VALUE ? Long.MAX_VALUE : last + 1;
  }

  /**
   * The first instant after {@code now} at which a running dossier due at {@code due}
   * changes bucket, or {@link Long#MAX_VALUE} when it never will (already overdue).
   */
  public long nextTransition(long now, long due) {
    long soon = dueSoonFrom(due);
    if (now < soon) return soon;
    long over = overdueFrom(due);
    return now < over ? over : Long.MAX_VALUE;
  }

  /** Shift a due time by the length of a pause, saturating instead of overflowing. */
  public static long shift(long due, long pausedAt, long resumedAt) {
    long pause = Math.max(0, resumedAt - pausedAt);
    long shifted = due + pause;
    return shifted < due ? Long.MAX_VALUE : shifted;
  }
}
