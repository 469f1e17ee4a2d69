package vn.sla.server.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The period report as an Excel workbook (Apache POI): the report in the layout of the
 * published ones, then its breakdowns by child unit and by field, with Vietnamese headers.
 * Counts are numbers, rates are numbers formatted as percent (Excel shows them in the reader's
 * locale, 33,72% in Vietnamese), and each breakdown ends with its total row, which equals the
 * report's own figures.
 */
public final class ReportXlsx {
  private static final DateTimeFormatter VN = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  public static final String SHEET_REPORT = "Báo cáo";
  public static final String SHEET_BY_UNIT = "Theo đơn vị";
  public static final String SHEET_BY_FIELD = "Theo lĩnh vực";
  /** The breakdown sheets' column headers, in order after the first (the unit or field). */
  public static final List<String> COLUMNS = List.of("Kỳ trước chuyển sang", "Tiếp nhận", "Trực tuyến", "Trực tiếp",
      "Bưu chính công ích", "Nhận liên thông", "Chuyển liên thông", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
      "Rút hồ sơ", "Đang giải quyết cuối kỳ", "Trong hạn", "Quá hạn (cuối kỳ)", "Tạm dừng", "Tỷ lệ đúng hạn (trước hạn + đúng hạn)");

  private ReportXlsx() {}

  public static byte[] render(PeriodReport r, String unitName, ReportBreakdown byUnit, ReportBreakdown byField) {
    try (Workbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Styles st = new Styles(wb);
      String period = LocalDate.parse(r.from).format(VN) + " - " + LocalDate.parse(r.to).format(VN);
      Sheet s = wb.createSheet(SHEET_REPORT);
      int i = 0;
      text(s.createRow(i++), 0, "Đơn vị", st.bold).getRow().createCell(1).setCellValue(unitName);
      text(s.createRow(i++), 0, "Kỳ báo cáo", st.bold).getRow().createCell(1).setCellValue(period);
      i++;
      Row head = s.createRow(i++);
      text(head, 0, "Chỉ tiêu", st.header);
      text(head, 1, "Số lượng", st.header);
      text(head, 2, "Tỷ lệ (trên số hồ sơ đã giải quyết)", st.header);
      i = line(s, i, st, "Số hồ sơ tiếp nhận", r.received.total, null);
      i = line(s, i, st, "- Trực tuyến", r.received.online, null);
      i = line(s, i, st, "- Trực tiếp", r.received.inPerson, null);
      i = line(s, i, st, "- Bưu chính công ích", r.received.postal, null);
      i = line(s, i, st, "Kỳ trước chuyển sang", r.carriedOver, null);
      i = line(s, i, st, "Nhận liên thông (chuyển đến)", r.transferredIn, null);
      i = line(s, i, st, "Chuyển liên thông (chuyển đi)", r.transferredOut, null);
      i = line(s, i, st, "Số hồ sơ đã giải quyết", r.completed.total, null);
      i = line(s, i, st, "- Trả trước hạn", r.completed.early, r.completed.earlyRate);
      i = line(s, i, st, "- Trả đúng hạn", r.completed.onTime, r.completed.onTimeRate);
      i = line(s, i, st, "- Trả quá hạn", r.completed.late, r.completed.lateRate);
      i = line(s, i, st, "Rút hồ sơ", r.withdrawn, null);
      i = line(s, i, st, "Đang giải quyết cuối kỳ", r.pendingAtEnd.total, null);
      i = line(s, i, st, "- Trong hạn", r.pendingAtEnd.inTime, null);
      i = line(s, i, st, "- Quá hạn", r.pendingAtEnd.overdue, null);
      i = line(s, i, st, "- Tạm dừng", r.pendingAtEnd.paused, null);
      Row score = s.createRow(i++);
      text(score, 0, "Điểm tiến độ (Quyết định 766, ước tính trên 20)", null);
      Cell sc = score.createCell(1);
      sc.setCellValue(Math.round(r.progressScore766 * 100) / 100.0);
      sc.setCellStyle(st.decimal);
      Row check = s.createRow(i + 1);
      text(check, 0, "Đối chiếu: kỳ trước + tiếp nhận + nhận liên thông = đã giải quyết + rút + chuyển đi + đang giải quyết", null);
      text(check, 1, r.reconciles() ? "khớp" : "KHÔNG KHỚP", st.bold);
      s.setColumnWidth(0, 60 * 256);
      s.setColumnWidth(1, 16 * 256);
      s.setColumnWidth(2, 36 * 256);
      if (byUnit != null) breakdown(wb.createSheet(SHEET_BY_UNIT), st, "Đơn vị", period, unitName, byUnit);
      if (byField != null) breakdown(wb.createSheet(SHEET_BY_FIELD), st, "Lĩnh vực", period, unitName, byField);
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void breakdown(Sheet s, Styles st, String first, String period, String unitName, ReportBreakdown b) {
    text(s.createRow(0), 0, unitName + " · " + period, st.bold);
    Row head = s.createRow(1);
    text(head, 0, first, st.header);
    for (int c = 0; c < COLUMNS.size(); c++) text(head, c + 1, COLUMNS.get(c), st.header);
    int i = 2;
    for (ReportBreakdown.Row r : b.rows) values(s.createRow(i++), r.name, r, st, false);
    values(s.createRow(i), "Tổng cộng", b.total, st, true);
    s.setColumnWidth(0, 42 * 256);
    for (int c = 1; c <= COLUMNS.size(); c++) s.setColumnWidth(c, 14 * 256);
    s.createFreezePane(1, 2);
  }

  /** The figures of one row, in the order of {@link #COLUMNS}. */
  public static long[] rowFigures(PeriodReport r) {
    return new long[] {r.carriedOver, r.received.total, r.received.online, r.received.inPerson, r.received.postal, r.transferredIn,
        r.transferredOut, r.completed.total, r.completed.early, r.completed.onTime, r.completed.late, r.withdrawn,
        r.pendingAtEnd.total, r.pendingAtEnd.inTime, r.pendingAtEnd.overdue, r.pendingAtEnd.paused};
  }

  private static void values(Row row, String name, PeriodReport r, Styles st, boolean total) {
    text(row, 0, name, total ? st.bold : null);
    long[] v = rowFigures(r);
    for (int c = 0; c < v.length; c++) {
      Cell cell = row.createCell(c + 1);
      cell.setCellValue(v[c]);
      cell.setCellStyle(total ? st.integerBold : st.integer);
    }
    Cell rate = row.createCell(v.length + 1);
    if (r.completed.total > 0) {
      rate.setCellValue(r.completed.earlyRate + r.completed.onTimeRate);
      rate.setCellStyle(st.percent);
    }
  }

  private static int line(Sheet s, int i, Styles st, String label, long value, Double rate) {
    Row row = s.createRow(i);
    text(row, 0, label, label.startsWith("- ") ? null : st.bold);
    Cell v = row.createCell(1);
    v.setCellValue(value);
    v.setCellStyle(st.integer);
    if (rate != null) {
      Cell c = row.createCell(2);
      c.setCellValue(rate);
      c.setCellStyle(st.percent);
    }
    return i + 1;
  }

  /** A text cell; names are data, never formulas (POI writes strings as strings). */
  private static Cell text(Row row, int col, String value, CellStyle style) {
    Cell c = row.createCell(col);
    c.setCellValue(value);
    if (style != null) c.setCellStyle(style);
    return c;
  }

  private static final class Styles {
    final CellStyle bold, header, integer, integerBold, percent, decimal;

    Styles(Workbook wb) {
      Font b = wb.createFont();
      b.setBold(true);
      bold = wb.createCellStyle();
      bold.setFont(b);
      header = wb.createCellStyle();
      header.setFont(b);
      header.setWrapText(true);
      header.setBorderBottom(BorderStyle.MEDIUM);
      short fmtInt = wb.createDataFormat().getFormat("#,##0");
      integer = wb.createCellStyle();
      integer.setDataFormat(fmtInt);
      integerBold = wb.createCellStyle();
      integerBold.setDataFormat(fmtInt);
      integerBold.setFont(b);
      integerBold.setBorderTop(BorderStyle.THIN);
      percent = wb.createCellStyle();
      percent.setDataFormat(wb.createDataFormat().getFormat("0.00%"));
      decimal = wb.createCellStyle();
      decimal.setDataFormat(wb.createDataFormat().getFormat("0.00"));
    }
  }
}
