package vn.sla.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Breakdowns add up to the total, the month's ranking, and the workbook read back with the library that wrote it. */
class ReportBreakdownTest {
  static PeriodReport report(String unit, long carried, long online, long inPerson, long early, long onTime, long late,
      long withdrawn, long in, long out, long inTime, long overdue, long paused) {
    PeriodReport r = new PeriodReport();
    r.unitId = unit;
    r.from = "2026-11-01";
    r.to = "2026-11-30";
    r.carriedOver = carried;
    r.received.online = online;
    r.received.inPerson = inPerson;
    r.completed.early = early;
    r.completed.onTime = onTime;
    r.completed.late = late;
    r.withdrawn = withdrawn;
    r.transferredIn = in;
    r.transferredOut = out;
    r.pendingAtEnd.inTime = inTime;
    r.pendingAtEnd.overdue = overdue;
    r.pendingAtEnd.paused = paused;
    r.derive();
    return r;
  }

  // huyen: its own desk received 2 dossiers; xa-a sent one dossier to xa-b (in and out of both, neither of huyen).
  static final PeriodReport XA_A = report("xa-a", 3, 5, 1, 2, 1, 1, 0, 0, 1, 2, 2, 0);
  static final PeriodReport XA_B = report("xa-b", 1, 2, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0);
  static final PeriodReport HUYEN = report("huyen", 4, 9, 1, 4, 1, 2, 1, 0, 0, 3, 3, 0);

  @Test
  void theRowsAddUpToTheTotalWithTheUnitsOwnDeskAndInternalTransfersAsTheRemainder() {
    assertThat(XA_A.reconciles()).isTrue();
    assertThat(XA_B.reconciles()).isTrue();
    assertThat(HUYEN.reconciles()).isTrue();
    ReportBreakdown b = ReportBreakdown.of("unit", HUYEN, List.of("xa-a", "xa-b"), Map.of("xa-a", XA_A, "xa-b", XA_B),
        id -> "Xã " + id, "Tại chính đơn vị");
    assertThat(b.rows).extracting(r -> r.key).containsExactly("xa-a", "xa-b", ReportBreakdown.REST);
    assertThat(b.addsUp()).isTrue();
    ReportBreakdown.Row rest = b.rows.get(2);
    assertThat(rest.received.total).isEqualTo(2);
    // the transfer between the two communes: +1 out and +1 in among the children, none for the district
    assertThat(rest.transferredIn).isEqualTo(-1);
    assertThat(rest.transferredOut).isEqualTo(-1);
    assertThat(rest.reconciles()).isTrue();
    long receivedSum = b.rows.stream().mapToLong(r -> r.received.total).sum();
    assertThat(receivedSum).isEqualTo(HUYEN.received.total);
  }

  @Test
  void partsThatExplainEverythingLeaveNoRemainder() {
    PeriodReport total = report("huyen", 4, 7, 1, 3, 1, 2, 1, 1, 1, 2, 3, 0);
    ReportBreakdown b = ReportBreakdown.of("field", total, List.of("dat-dai", "ho-tich", "nothing"),
        Map.of("dat-dai", XA_A, "ho-tich", XA_B), FieldNames::name, "Không rõ lĩnh vực");
    assertThat(b.rows).extracting(r -> r.name).containsExactly("Đất đai", "Hộ tịch");
    assertThat(b.addsUp()).isTrue();
  }

  @Test
  void theMonthsRankingCountsLateAndStillOverdueAgainstTheSameDaysOfLastMonth() {
    OverdueRanking.Periods p = OverdueRanking.Periods.of(YearMonth.of(2026, 12), LocalDate.of(2026, 12, 2));
    assertThat(p).isEqualTo(new OverdueRanking.Periods(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2),
        LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)));
    // A finished month against the whole month before, 31 March against all of February.
    assertThat(OverdueRanking.Periods.of(YearMonth.of(2026, 3), LocalDate.of(2026, 12, 2)).previousTo()).isEqualTo(LocalDate.of(2026, 2, 28));
    OverdueRanking o = OverdueRanking.of("huyen", YearMonth.of(2026, 12), p, List.of("xa-a", "xa-b", "xa-c"),
        Map.of("xa-a", XA_A, "xa-b", XA_B), Map.of("xa-a", XA_B, "xa-c", XA_B), id -> "Xã " + id, 10);
    assertThat(o.units).extracting(e -> e.unitId).containsExactly("xa-a", "xa-b", "xa-c");
    OverdueRanking.Entry a = o.units.get(0);
    assertThat(a.overdue).isEqualTo(3); // 1 late + 2 overdue at the end
    assertThat(a.previous).isEqualTo(2);
    assertThat(a.change).isEqualTo(1);
    assertThat(o.units.get(2).overdue).isZero();
    assertThat(o.units.get(2).change).isEqualTo(-2);
    assertThat(OverdueRanking.of("huyen", YearMonth.of(2026, 12), p, List.of("xa-a", "xa-b"), Map.of("xa-a", XA_A, "xa-b", XA_B),
        Map.of(), id -> id, 1).units).hasSize(1);
  }

  @Test
  void theWorkbookHoldsTheReportsNumbersAsNumbersWithVietnameseHeaders() throws Exception {
    ReportBreakdown byUnit = ReportBreakdown.of("unit", HUYEN, List.of("xa-a", "xa-b"), Map.of("xa-a", XA_A, "xa-b", XA_B),
        id -> "Xã " + id, "Tại chính đơn vị");
    ReportBreakdown byField = ReportBreakdown.of("field", HUYEN, List.of("dat-dai"), Map.of("dat-dai", HUYEN), FieldNames::name, "?");
    byte[] xlsx = ReportXlsx.render(HUYEN, "Huyện <Một>", byUnit, byField);
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      Sheet report = wb.getSheet(ReportXlsx.SHEET_REPORT);
      assertThat(report.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Huyện <Một>");
      assertThat(report.getRow(1).getCell(1).getStringCellValue()).isEqualTo("01/11/2026 - 30/11/2026");
      Row received = find(report, "Số hồ sơ tiếp nhận");
      assertThat(received.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(received.getCell(1).getNumericCellValue()).isEqualTo(10);
      Row late = find(report, "- Trả quá hạn");
      assertThat(late.getCell(1).getNumericCellValue()).isEqualTo(2);
      assertThat(late.getCell(2).getNumericCellValue()).isCloseTo(2.0 / 7, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(late.getCell(2).getCellStyle().getDataFormatString()).isEqualTo("0.00%");

      Sheet units = wb.getSheet(ReportXlsx.SHEET_BY_UNIT);
      assertThat(units.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Đơn vị");
      assertThat(units.getRow(1).getCell(2).getStringCellValue()).isEqualTo("Tiếp nhận");
      Row total = find(units, "Tổng cộng");
      for (int c = 1; c <= 16; c++) {
        double sum = 0;
        for (int r = 2; r < total.getRowNum(); r++) sum += units.getRow(r).getCell(c).getNumericCellValue();
        assertThat(sum).as(ReportXlsx.COLUMNS.get(c - 1)).isEqualTo(total.getCell(c).getNumericCellValue());
      }
      assertThat(total.getCell(2).getNumericCellValue()).isEqualTo(10);
      assertThat(wb.getSheet(ReportXlsx.SHEET_BY_FIELD).getRow(2).getCell(0).getStringCellValue()).isEqualTo("Đất đai");
    }
  }

  static Row find(Sheet s, String label) {
    for (Row r : s) {
      if (r.getCell(0) != null && label.equals(r.getCell(0).getStringCellValue())) return r;
    }
    throw new AssertionError("no row '" + label + "' in " + s.getSheetName());
  }
}
