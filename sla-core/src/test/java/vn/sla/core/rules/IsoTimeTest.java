package vn.sla.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IsoTime against java.time itself, on random values: the same text, the same instants, the same refusals. */
class IsoTimeTest {
  static final List<ZoneId> ZONES = List.of(ZoneId.of("Asia/Ho_Chi_Minh"), ZoneId.of("UTC"), ZoneId.of("America/St_Johns"),
      ZoneId.of("Asia/Kathmandu"), ZoneId.of("Pacific/Chatham"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/Los_Angeles"));

  static long randomMillis(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1_700_000_000_000L + r.nextLong(Duration.ofDays(800).toMillis()); // around now
      case 1 -> -62135596800000L + r.nextLong(253402300800000L + 62135596800000L); // years 1 to 9999
      case 2 -> (r.nextLong(4_000_000_000L) - 2_000_000_000L) * 1000L; // whole seconds, 1906 to 2033
      default -> r.nextLong(Long.MAX_VALUE / 8) * (r.nextBoolean() ? 1 : -1); // far away
    };
  }

  @Test
  void formatsAsIsoOffsetDateTime() {
    Random r = new Random(11);
    for (int i = 0; i < 300_000; i++) {
      long m = randomMillis(r);
      if (r.nextInt(4) == 0) m -= Math.floorMod(m, 1000L) - r.nextInt(10) * 100L; // short fractions
      ZoneId z = ZONES.get(r.nextInt(ZONES.size()));
      String expected = OffsetDateTime.ofInstant(Instant.ofEpochMilli(m), z).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      assertThat(IsoTime.format(m, z)).as("%d in %s", m, z).isEqualTo(expected);
    }
    assertThat(IsoTime.format(1_742_000_000_120L, ZoneId.of("Asia/Ho_Chi_Minh"))).isEqualTo("2025-03-15T07:53:20.12+07:00");
  }

  /** java.time's reading: the instant, or null when it refuses. */
  static Long javaTime(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Long ours(String s) {
    try {
      return IsoTime.parseMillis(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void readsWhatOffsetDateTimeReadsAndRefusesWhatItRefuses() {
    Random r = new Random(13);
    String noise = "0123456789-+:.TZtz ";
    int quick = 0;
    for (int i = 0; i < 300_000; i++) {
      long m = randomMillis(r);
      ZoneId z = ZONES.get(r.nextInt(ZONES.size()));
      String s = OffsetDateTime.ofInstant(Instant.ofEpochMilli(m), z).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      if (r.nextBoolean()) s = s.replaceFirst("\\.\\d+", "." + "123456789".substring(0, 1 + r.nextInt(9))); // longer fractions
      int mutations = r.nextInt(3);
      StringBuilder b = new StringBuilder(s);
      for (int k = 0; k < mutations && b.length() > 0; k++) {
        int at = r.nextInt(b.length());
        switch (r.nextInt(3)) {
          case 0 -> b.setCharAt(at, noise.charAt(r.nextInt(noise.length())));
          case 1 -> b.deleteCharAt(at);
          default -> b.insert(at, noise.charAt(r.nextInt(noise.length())));
        }
      }
      String t = b.toString();
      if (IsoTime.quickParse(t) != Long.MIN_VALUE) quick++;
      assertThat(ours(t)).as("'%s'", t).isEqualTo(javaTime(t));
    }
    assertThat(quick).as("the unmutated ones in years 1 to 9999 go the quick way").isGreaterThan(60_000);
    assertThat(ours("2025-02-29T10:00:00+07:00")).isNull();
    assertThat(ours("2024-02-29T10:00:00.5-03:30")).isEqualTo(javaTime("2024-02-29T10:00:00.5-03:30"));
  }

  @Test
  void daysAndMidnightsAreTheLocalDatesOfTheZone() {
    Random r = new Random(17);
    for (ZoneId z : ZONES) {
      SlaRules rules = new SlaRules(z, Duration.ofHours(24));
      for (int i = 0; i < 50_000; i++) {
        long m = randomMillis(r);
        if (m >= SlaRules.END_OF_TIME) continue;
        assertThat(rules.day(m)).as("day of %d in %s", m, z).isEqualTo((int) Instant.ofEpochMilli(m).atZone(z).toLocalDate().toEpochDay());
        long d = r.nextInt(200_000) - 100_000;
        assertThat(rules.startOfDay(d)).isEqualTo(LocalDate.ofEpochDay(d).atStartOfDay(z).toInstant().toEpochMilli());
        assertThat(rules.startOfDay(d)).as("again, from the cache").isEqualTo(LocalDate.ofEpochDay(d).atStartOfDay(z).toInstant().toEpochMilli());
      }
    }
  }
}
