package vn.sla.server.alerting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.registry.UnitRegistry;

/**
 * The alert e-mail, in Vietnamese as people write it: the severity in words, numbers as
 * 10.807 and 12,5%, dates as 15/10/2023 08:00 in the province's time, and a link to the unit's
 * page (the public address the dashboard is reached at, {@code SLA_PUBLIC_URL}). Plain text:
 * names are data, so there is no markup to inject into. Each alert is one line starting with
 * "CẢNH BÁO" (firing) or "ĐÃ HẾT" (resolved), then the link on the next.
 */
public final class AlertEmail {
  static final Map<String, String> METRICS_VI = Map.of(
      "OVERDUE_COUNT", "số hồ sơ quá hạn", "OVERDUE_SHARE", "tỷ lệ hồ sơ quá hạn", "DUE_SOON_COUNT", "số hồ sơ sắp đến hạn",
      "OVERDUE_WITHOUT_APOLOGY", "số hồ sơ quá hạn chưa có thư xin lỗi", "LATE_TODAY", "số hồ sơ trả trễ hạn hôm nay",
      "PROGRESS_SCORE_MTD", "điểm tiến độ tháng (QĐ 766)");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  private final UnitRegistry registry;
  private final ZoneId zone;
  /** e.g. https://sla.tinh.gov.vn (no trailing slash); null: no link. */
  private final String publicUrl;

  public AlertEmail(UnitRegistry registry, ZoneId zone, String publicUrl) {
    this.registry = registry;
    this.zone = zone;
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
  }

  public String subject(List<AlertEvent> batch) {
    long firing = batch.stream().filter(e -> "FIRING".equals(e.state)).count();
    long critical = batch.stream().filter(e -> "FIRING".equals(e.state) && "CRITICAL".equals(e.severity)).count();
    StringBuilder s = new StringBuilder("[Giám sát TTHC] ");
    if (critical > 0) s.append(count(critical)).append(" cảnh báo nghiêm trọng, ");
    s.append(count(firing)).append(" cảnh báo mới, ").append(count(batch.size() - firing)).append(" đã hết");
    return s.toString();
  }

  public String text(List<AlertEvent> batch) {
    StringBuilder b = new StringBuilder();
    for (AlertEvent e : batch) {
      var u = registry.get(e.unitId);
      boolean firing = "FIRING".equals(e.state);
      b.append(firing ? "CẢNH BÁO" : "ĐÃ HẾT").append(" — mức ").append(severity(e.severity)).append(" — ")
          .append(u == null ? e.unitId : u.name()).append(": ")
          .append(e.ruleName == null ? e.ruleId : e.ruleName).append(" — ")
          .append(METRICS_VI.getOrDefault(e.metric, String.valueOf(e.metric))).append(' ').append(value(e.metric, e.value))
          .append(" (ngưỡng ").append("PROGRESS_SCORE_MTD".equals(e.metric) ? "≤ " : "≥ ").append(value(e.metric, e.threshold))
          .append("), lúc ").append(when(e.atMillis, e.at));
      // Published again after a catch-up: it has held since long before this message.
      if (firing && e.firedAtMillis < e.atMillis) b.append(", bắt đầu từ ").append(when(e.firedAtMillis, e.firedAt));
      b.append('\n');
      if (publicUrl != null) b.append("   Xem đơn vị: ").append(unitLink(e.unitId)).append('\n');
    }
    if (publicUrl != null) b.append("\nDanh sách cảnh báo: ").append(publicUrl).append("/#/alerts\n");
    return b.toString();
  }

  /** The unit's page in the dashboard. */
  public String unitLink(String unitId) {
    return publicUrl + "/#/unit/" + java.net.URLEncoder.encode(unitId, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String severity(String s) {
    return "CRITICAL".equals(s) ? "NGHIÊM TRỌNG" : "WARNING".equals(s) ? "Cảnh báo" : String.valueOf(s);
  }

  /** 15/10/2023 08:00 in the province's time; the job's text if the instant is unknown. */
  String when(long millis, String fallback) {
    if (millis <= 0) return String.valueOf(fallback);
    return WHEN.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  /** A share as 12,5% (one decimal, none when whole), a score as 12,50, counts as 10.807. */
  static String value(String metric, double v) {
    if ("OVERDUE_SHARE".equals(metric)) {
      BigDecimal pct = BigDecimal.valueOf(v * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
      if (pct.scale() < 0) pct = pct.setScale(0);
      return pct.toPlainString().replace('.', ',') + "%";
    }
    if ("PROGRESS_SCORE_MTD".equals(metric)) return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString().replace('.', ',');
    if (v == Math.rint(v)) return count((long) v);
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString().replace('.', ',');
  }

  static String count(long n) {
    DecimalFormatSymbols sym = new DecimalFormatSymbols();
    sym.setGroupingSeparator('.');
    sym.setDecimalSeparator(',');
    return new DecimalFormat("#,##0", sym).format(n);
  }
}
