package vn.sla.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Working days and office hours of a one-stop desk, and an "office-time axis" on which the
 * simulator plans: position {@code p} is second {@code p % OFFICE_SECONDS} of the office day
 * of working day number {@code p / OFFICE_SECONDS}. Adding office seconds on that axis skips
 * nights, lunch breaks, weekends and holidays by construction, which is how desks count
 * "N working days" and why the planner never has to special-case them.
 *
 * <p>Holidays: the fixed solar ones every year, plus Tết and the Hùng Kings' day for the
 * years around the simulated period. Dates of years whose official decision was not at hand
 * are approximations; make-up working Saturdays are not modelled. A simulator only needs the
 * calendar to look like a real one.
 */
public final class WorkCalendar implements TimeAxis {
  public static final int MORNING_START = 7 * 3600;
  public static final int MORNING_END = 11 * 3600 + 1800;
  public static final int AFTERNOON_START = 13 * 3600 + 1800;
  public static final int AFTERNOON_END = 17 * 3600;
  public static final int MORNING_SECONDS = MORNING_END - MORNING_START;
  /** 8 office hours: 07:00-11:30 and 13:30-17:00. */
  public static final int OFFICE_SECONDS = MORNING_SECONDS + (AFTERNOON_END - AFTERNOON_START);

  /**
   * The axis covers these years: --until may lie in 2001-2099, history reaches ten years
   * back, lifecycles a few months forward. Cheap: under a megabyte of tables.
   */
  private static final LocalDate FIRST = LocalDate.of(1990, 1, 1);
  private static final LocalDate END = LocalDate.of(2101, 1, 1);

  private final ZoneId zone;
  private final Set<LocalDate> holidays;
  /** For each day from FIRST: the number of working days strictly before it. */
  private final int[] workingDaysBefore;
  /** The epoch day of working day number i. */
  private final long[] workingDayEpochDay;

  public WorkCalendar(ZoneId zone) {
    this.zone = zone;
    this.holidays = vietnameseHolidays();
    int days = (int) (END.toEpochDay() - FIRST.toEpochDay());
    workingDaysBefore = new int[days + 1];
    long[] wd = new long[days];
    int n = 0;
    for (int i = 0; i < days; i++) {
      workingDaysBefore[i] = n;
      LocalDate d = FIRST.plusDays(i);
      if (isWorkingDay(d)) wd[n++] = d.toEpochDay();
    }
    workingDaysBefore[days] = n;
    workingDayEpochDay = java.util.Arrays.copyOf(wd, n);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The office day: {@link #OFFICE_SECONDS}. */
  @Override
  public int daySeconds() {
    return OFFICE_SECONDS;
  }

  /** Monday to Friday, not a public holiday. */
  public boolean isWorkingDay(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !holidays.contains(d);
  }

  /** True on a working day between 07:00 and 11:30 or 13:30 and 17:00 local (ends inclusive). */
  public boolean isOfficeTime(long epochMillis) {
    ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
    if (!isWorkingDay(t.toLocalDate())) return false;
    double s = t.toLocalTime().toNanoOfDay() / 1e9;
    return (s >= MORNING_START && s <= MORNING_END) || (s >= AFTERNOON_START && s <= AFTERNOON_END);
  }

  public LocalDate date(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
  }

  /** The instant of a local wall-clock time of a date. */
  public long instantAt(LocalDate d, int secondOfDay) {
    return d.atTime(LocalTime.ofSecondOfDay(secondOfDay)).atZone(zone).toInstant().toEpochMilli();
  }

  public long startOfDay(LocalDate d) {
    return d.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The {@code n}-th working day after {@code d} ({@code d} itself not counted), n >= 1. */
  public LocalDate plusWorkingDays(LocalDate d, int n) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1");
    int idx = before(d) + (isWorkingDay(d) ? 1 : 0) + n - 1;
    return LocalDate.ofEpochDay(workingDay(idx));
  }

  /** The axis position of office second 0 (07:00) of a working day; a non-working day maps to the next one. */
  @Override
  public long dayStartPos(LocalDate d) {
    return (long) before(d) * OFFICE_SECONDS;
  }

  /** The instant at an axis position. */
  @Override
  public long toInstant(long pos) {
    int idx = (int) Math.floorDiv(pos, (long) OFFICE_SECONDS);
    int s = (int) Math.floorMod(pos, (long) OFFICE_SECONDS);
    int secondOfDay = s < MORNING_SECONDS ? MORNING_START + s : AFTERNOON_START + (s - MORNING_SECONDS);
    return instantAt(LocalDate.ofEpochDay(workingDay(idx)), secondOfDay);
  }

  /** The first axis position whose instant is at or after {@code epochMillis}. */
  @Override
  public long posAtOrAfter(long epochMillis) {
    LocalDateTime t = local(epochMillis);
    LocalDate d = t.toLocalDate();
    long base = dayStartPos(d);
    if (!isWorkingDay(d)) return base;
    // Round up to the whole second: positions are whole seconds.
    long sec = t.toLocalTime().toSecondOfDay() + (t.getNano() > 0 ? 1 : 0);
    if (sec <= MORNING_START) return base;
    if (sec < MORNING_END) return base + (sec - MORNING_START);
    if (sec <= AFTERNOON_START) return base + MORNING_SECONDS;
    if (sec < AFTERNOON_END) return base + MORNING_SECONDS + (sec - AFTERNOON_START);
    return base + OFFICE_SECONDS;
  }

  /** The last axis position whose instant is at or before {@code epochMillis}. */
  @Override
  public long posAtOrBefore(long epochMillis) {
    LocalDateTime t = local(epochMillis);
    LocalDate d = t.toLocalDate();
    long base = dayStartPos(d);
    if (!isWorkingDay(d)) return base - 1;
    long sec = t.toLocalTime().toSecondOfDay();
    if (sec < MORNING_START) return base - 1;
    if (sec < MORNING_END) return base + (sec - MORNING_START);
    if (sec < AFTERNOON_START) return base + MORNING_SECONDS - 1;
    if (sec < AFTERNOON_END) return base + MORNING_SECONDS + (sec - AFTERNOON_START);
    return base + OFFICE_SECONDS - 1;
  }

  private LocalDateTime local(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
  }

  private int before(LocalDate d) {
    long i = d.toEpochDay() - FIRST.toEpochDay();
    if (i < 0 || i >= workingDaysBefore.length) {
      throw new IllegalArgumentException("date " + d + " is outside the simulated calendar " + FIRST + " to " + END);
    }
    return workingDaysBefore[(int) i];
  }

  private long workingDay(int idx) {
    if (idx < 0 || idx >= workingDayEpochDay.length) {
      throw new IllegalArgumentException("working day #" + idx + " is outside the simulated calendar " + FIRST + " to " + END);
    }
    return workingDayEpochDay[idx];
  }

  /** Days off for civil servants (Labour Code 2019, art. 112) and the published Tết schedules. */
  private static Set<LocalDate> vietnameseHolidays() {
    Set<LocalDate> h = new HashSet<>();
    for (int y = FIRST.getYear(); y < END.getYear(); y++) {
      h.add(LocalDate.of(y, 1, 1));
      h.add(LocalDate.of(y, 4, 30));
      h.add(LocalDate.of(y, 5, 1));
      h.add(LocalDate.of(y, 9, 2));
    }
    // Tết Nguyên đán, the Hùng Kings' commemoration (10/3 lunar), National Day's second day
    // and compensation days, as decided (or, for later years, as expected) per year.
    range(h, "2023-01-20", "2023-01-26");
    add(h, "2023-01-02", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04");
    range(h, "2024-02-08", "2024-02-14");
    add(h, "2024-04-18", "2024-04-29", "2024-09-03");
    range(h, "2025-01-25", "2025-02-02");
    add(h, "2025-04-07", "2025-05-02", "2025-09-01");
    range(h, "2026-02-14", "2026-02-22");
    add(h, "2026-04-27", "2026-09-01");
    range(h, "2027-02-04", "2027-02-10");
    add(h, "2027-04-16", "2027-05-03", "2027-09-03");
    return h;
  }

  private static void range(Set<LocalDate> h, String from, String to) {
    for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) h.add(d);
  }

  private static void add(Set<LocalDate> h, String... days) {
    for (String d : days) h.add(LocalDate.parse(d));
  }
}
