package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import vn.sla.core.rules.SlaRules;

class WorkCalendarTest {
  final WorkCalendar cal = new WorkCalendar(SlaRules.DEFAULT_ZONE);

  static long at(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  @Test
  void workingDaysSkipWeekendsAndHolidays() {
    assertThat(cal.isWorkingDay(LocalDate.parse("2026-11-20"))).isTrue(); // Friday
    assertThat(cal.isWorkingDay(LocalDate.parse("2026-11-21"))).isFalse(); // Saturday
    assertThat(cal.isWorkingDay(LocalDate.parse("2026-09-02"))).isFalse(); // National Day
    assertThat(cal.plusWorkingDays(LocalDate.parse("2026-11-20"), 1)).isEqualTo("2026-11-23");
    assertThat(cal.plusWorkingDays(LocalDate.parse("2026-11-21"), 1)).isEqualTo("2026-11-23");
    assertThat(cal.plusWorkingDays(LocalDate.parse("2026-11-16"), 5)).isEqualTo("2026-11-23");
    // Tết 2026: the 9-day break from 14 to 22 February.
    assertThat(cal.plusWorkingDays(LocalDate.parse("2026-02-13"), 1)).isEqualTo("2026-02-23");
    assertThat(cal.plusWorkingDays(LocalDate.parse("2025-04-29"), 1)).isEqualTo("2025-05-05");
  }

  @Test
  void officeAxisSkipsLunchNightsAndWeekends() {
    long friday = cal.posAtOrAfter(at("2026-11-20T16:59:00+07:00"));
    assertThat(cal.toInstant(friday)).isEqualTo(at("2026-11-20T16:59:00+07:00"));
    assertThat(cal.toInstant(friday + 60)).isEqualTo(at("2026-11-23T07:00:00+07:00"));
    assertThat(cal.toInstant(cal.posAtOrAfter(at("2026-11-20T12:00:00+07:00")))).isEqualTo(at("2026-11-20T13:30:00+07:00"));
    assertThat(cal.toInstant(cal.posAtOrBefore(at("2026-11-20T12:00:00+07:00")))).isEqualTo(at("2026-11-20T11:29:59+07:00"));
    assertThat(cal.toInstant(cal.posAtOrBefore(at("2026-11-22T12:00:00+07:00")))).isEqualTo(at("2026-11-20T16:59:59+07:00"));
    assertThat(cal.toInstant(cal.posAtOrAfter(at("2026-11-22T12:00:00+07:00")))).isEqualTo(at("2026-11-23T07:00:00+07:00"));
    assertThat(cal.toInstant(cal.posAtOrAfter(at("2026-11-20T17:00:00+07:00")))).isEqualTo(at("2026-11-23T07:00:00+07:00"));
    long mon = cal.dayStartPos(LocalDate.parse("2026-11-23"));
    assertThat(mon - cal.dayStartPos(LocalDate.parse("2026-11-20"))).isEqualTo(WorkCalendar.OFFICE_SECONDS);
    assertThat(cal.isOfficeTime(at("2026-11-20T11:30:00+07:00"))).isTrue();
    assertThat(cal.isOfficeTime(at("2026-11-20T11:30:01+07:00"))).isFalse();
    assertThat(cal.isOfficeTime(at("2026-11-21T09:00:00+07:00"))).isFalse();
  }
}
