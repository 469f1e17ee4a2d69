package vn.sla.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The hours of the live part with {@code --live-every-day}: every day of the week, holidays
 * included, from 06:00 to 22:00 local, without a lunch break. Position {@code p} is second
 * {@code p % DAY_SECONDS} after 06:00 of the day with epoch day number {@code p / DAY_SECONDS}.
 * Not a real desk's hours: it exists so that a demo opened at any time of the week shows
 * dossiers coming in and moving on.
 */
final class LiveHours implements TimeAxis {
  /** 06:00 local. */
  static final int OPEN = 6 * 3600;
  /** 22:00 local. */
  static final int CLOSE = 22 * 3600;
  /** 16 open hours a day. */
  static final int DAY_SECONDS = CLOSE - OPEN;

  private final ZoneId zone;

  LiveHours(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public int daySeconds() {
    return DAY_SECONDS;
  }

  @Override
  public long dayStartPos(LocalDate d) {
    return d.toEpochDay() * DAY_SECONDS;
  }

  /** The instant a date opens (06:00) or closes (22:00). */
  long openAt(LocalDate d) {
    return at(d, OPEN);
  }

  long closeAt(LocalDate d) {
    return at(d, CLOSE);
  }

  @Override
  public long toInstant(long pos) {
    long day = Math.floorDiv(pos, (long) DAY_SECONDS);
    int s = (int) Math.floorMod(pos, (long) DAY_SECONDS);
    return at(LocalDate.ofEpochDay(day), OPEN + s);
  }

  @Override
  public long posAtOrAfter(long epochMillis) {
    LocalDateTime t = local(epochMillis);
    long base = dayStartPos(t.toLocalDate());
    // Round up to the whole second: positions are whole seconds.
    long sec = t.toLocalTime().toSecondOfDay() + (t.getNano() > 0 ? 1 : 0);
    if (sec <= OPEN) return base;
    if (sec < CLOSE) return base + (sec - OPEN);
    return base + DAY_SECONDS;
  }

  @Override
  public long posAtOrBefore(long epochMillis) {
    LocalDateTime t = local(epochMillis);
    long base = dayStartPos(t.toLocalDate());
    long sec = t.toLocalTime().toSecondOfDay();
    if (sec < OPEN) return base - 1;
    if (sec < CLOSE) return base + (sec - OPEN);
    return base + DAY_SECONDS - 1;
  }

  private long at(LocalDate d, int secondOfDay) {
    return d.atTime(LocalTime.ofSecondOfDay(secondOfDay)).atZone(zone).toInstant().toEpochMilli();
  }

  private LocalDateTime local(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
  }
}
