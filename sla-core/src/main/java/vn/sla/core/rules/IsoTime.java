package vn.sla.core.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 date-times with offset, read and written as {@link OffsetDateTime#parse} and
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} do, without their general machinery for the
 * common shapes. Every event carries two of them and every status and figure writes some: in a
 * replay java.time's parser and printer were over half of the source's thread and a fifth of
 * the dossier function's. The results are the same as java.time's for every input
 * ({@code IsoTimeTest} compares them on random values); anything outside the common shapes
 * goes to java.time itself.
 */
public final class IsoTime {
  private IsoTime() {}

  private static final long DAY_SECONDS = 86_400L;

  /** Epoch milliseconds of an ISO-8601 date-time with offset, as {@code OffsetDateTime.parse(s).toInstant().toEpochMilli()}. */
  public static long parseMillis(String s) {
    long quick = quickParse(s);
    if (quick != NOT_QUICK) return quick;
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  private static final long NOT_QUICK = Long.MIN_VALUE;

  /** The shape yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm), valid values only; NOT_QUICK otherwise. */
  static long quickParse(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return NOT_QUICK;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_QUICK;
    }
    int i = 19;
    long nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      int len = i - start;
      if (len < 1 || len > 9) return NOT_QUICK;
      nanos = digits(s, start, len);
      for (int k = len; k < 9; k++) nanos *= 10;
    }
    if (i >= n) return NOT_QUICK;
    int offsetSeconds;
    char c = s.charAt(i);
    if (c == 'Z') {
      if (i + 1 != n) return NOT_QUICK;
      offsetSeconds = 0;
    } else if (c == '+' || c == '-') {
      if (i + 6 != n || s.charAt(i + 3) != ':') return NOT_QUICK;
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 17 || om > 59) return NOT_QUICK; // +18:00 and beyond: java.time decides
      offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
    } else {
      return NOT_QUICK;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay(); // also refuses 30 February
    } catch (DateTimeException e) {
      return NOT_QUICK;
    }
    long seconds = epochDay * DAY_SECONDS + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000L + nanos / 1_000_000L;
  }

  /** The value of {@code len} ASCII digits at {@code from}, -1 if any is not a digit. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** As {@code OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).format(ISO_OFFSET_DATE_TIME)}. */
  public static String format(long millis, ZoneId zone) {
    int offset = zone.getRules().getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds();
    long local = Math.floorDiv(millis, 1000L) + offset;
    int milli = (int) Math.floorMod(millis, 1000L);
    long epochDay = Math.floorDiv(local, DAY_SECONDS);
    int secondOfDay = (int) Math.floorMod(local, DAY_SECONDS);
    if (epochDay < -719_162 || epochDay > 2_932_896 || offset % 60 != 0) { // outside years 0001-9999, or an offset with seconds
      return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    StringBuilder b = new StringBuilder(29);
    pad(b, date.getYear(), 4).append('-');
    pad(b, date.getMonthValue(), 2).append('-');
    pad(b, date.getDayOfMonth(), 2).append('T');
    pad(b, secondOfDay / 3600, 2).append(':');
    pad(b, secondOfDay / 60 % 60, 2).append(':');
    pad(b, secondOfDay % 60, 2);
    if (milli != 0) {
      // As few digits as the value needs, as ISO_OFFSET_DATE_TIME prints the fraction.
      int digits = milli % 100 == 0 ? 1 : milli % 10 == 0 ? 2 : 3;
      b.append('.');
      int v = digits == 1 ? milli / 100 : digits == 2 ? milli / 10 : milli;
      pad(b, v, digits);
    }
    if (offset == 0) return b.append('Z').toString();
    int abs = Math.abs(offset);
    b.append(offset < 0 ? '-' : '+');
    pad(b, abs / 3600, 2).append(':');
    pad(b, abs / 60 % 60, 2);
    return b.toString();
  }

  private static StringBuilder pad(StringBuilder b, int v, int width) {
    String d = Integer.toString(v);
    for (int i = d.length(); i < width; i++) b.append('0');
    return b.append(d);
  }
}
