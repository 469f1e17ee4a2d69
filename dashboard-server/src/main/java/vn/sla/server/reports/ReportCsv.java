package vn.sla.server.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The period report as CSV, in the layout of the published reports (one line per figure),
 * UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly. Rates are percent
 * with a decimal comma, as Vietnamese readers write them, and state their denominator.
 */
public final class ReportCsv {
  private static final DateTimeFormatter VN = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  private ReportCsv() {}

  public static String render(PeriodReport r, String unitName) {
    StringBuilder b = new StringBuilder("\uFEFF");
    line(b, "Đơn vị", unitName, "");
    line(b, "Kỳ báo cáo", LocalDate.parse(r.from).format(VN) + " - " + LocalDate.parse(r.to).format(VN), "");
    line(b, "Chỉ tiêu", "Số lượng", "Tỷ lệ (trên số hồ sơ đã giải quyết)");
    line(b, "Số hồ sơ tiếp nhận", r.received.total, null);
    line(b, "- Trực tuyến", r.received.online, null);
    line(b, "- Trực tiếp", r.received.inPerson, null);
    line(b, "- Bưu chính công ích", r.received.postal, null);
    line(b, "Kỳ trước chuyển sang", r.carriedOver, null);
    line(b, "Nhận liên thông (chuyển đến)", r.transferredIn, null);
    line(b, "Chuyển liên thông (chuyển đi)", r.transferredOut, null);
    line(b, "Số hồ sơ đã giải quyết", r.completed.total, null);
    line(b, "- Trả trước hạn", r.completed.early, percent(r.completed.earlyRate));
    line(b, "- Trả đúng hạn", r.completed.onTime, percent(r.completed.onTimeRate));
    line(b, "- Trả quá hạn", r.completed.late, percent(r.completed.lateRate));
    line(b, "Rút hồ sơ", r.withdrawn, null);
    line(b, "Đang giải quyết cuối kỳ", r.pendingAtEnd.total, null);
    line(b, "- Trong hạn", r.pendingAtEnd.inTime, null);
    line(b, "- Quá hạn", r.pendingAtEnd.overdue, null);
    line(b, "- Tạm dừng", r.pendingAtEnd.paused, null);
    line(b, "Điểm tiến độ (Quyết định 766, ước tính trên 20)",
        new BigDecimal(r.progressScore766).setScale(2, RoundingMode.HALF_UP).toPlainString().replace('.', ','), "");
    line(b, "Đối chiếu: kỳ trước + tiếp nhận + nhận liên thông = đã giải quyết + rút + chuyển đi + đang giải quyết",
        r.reconciles() ? "khớp" : "KHÔNG KHỚP", "");
    return b.toString();
  }

  private static String percent(double fraction) {
    return new BigDecimal(fraction * 100).setScale(2, RoundingMode.HALF_UP).toPlainString().replace('.', ',') + "%";
  }

  private static void line(StringBuilder b, String label, Object value, String rate) {
    b.append(cell(label)).append(',').append(value instanceof Number ? value.toString() : cell(String.valueOf(value)))
        .append(',').append(rate == null ? "" : cell(rate)).append("\r\n");
  }

  /** Quoted, and neutralised against spreadsheet formulas (names are data, never code). */
  static String cell(String s) {
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !s.startsWith("- ")) s = "'" + s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
