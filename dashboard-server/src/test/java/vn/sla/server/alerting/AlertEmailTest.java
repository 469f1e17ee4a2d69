package vn.sla.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.testing.Scenario;

/** The alert e-mail as a Vietnamese reader expects it: severity in words, 12,5%, 15/10/2023 08:00, a link to the unit. */
class AlertEmailTest {
  static AlertEvent event(String unit, String severity, String metric, double value, double threshold, String state, String at, String firedAt) {
    AlertEvent e = new AlertEvent();
    e.alertId = "r|" + unit + "|1";
    e.ruleId = "commune-overdue-share";
    e.ruleName = "Tỷ lệ quá hạn của xã vượt 10%";
    e.unitId = unit;
    e.severity = severity;
    e.metric = metric;
    e.value = value;
    e.threshold = threshold;
    e.state = state;
    e.at = at;
    e.atMillis = OffsetDateTime.parse(at).toInstant().toEpochMilli();
    e.firedAt = firedAt;
    e.firedAtMillis = OffsetDateTime.parse(firedAt).toInstant().toEpochMilli();
    return e;
  }

  final AlertEmail mail = new AlertEmail(Scenario.registry(), SlaRules.DEFAULT_ZONE, "https://sla.tinh.gov.vn/");

  @Test
  void saysTheSeverityTheNumbersAndTheTimeAsVietnameseWriteThem() {
    // 01:00 UTC is 08:00 in Hà Nội.
    String text = mail.text(List.of(event("xa-1a", "CRITICAL", "OVERDUE_SHARE", 0.125, 0.1, "FIRING",
        "2023-10-15T01:00:00Z", "2023-10-15T01:00:00Z")));
    assertThat(text).startsWith("CẢNH BÁO — mức NGHIÊM TRỌNG — Xã Một A: Tỷ lệ quá hạn của xã vượt 10% — ")
        .contains("tỷ lệ hồ sơ quá hạn 12,5% (ngưỡng ≥ 10%), lúc 15/10/2023 08:00")
        .contains("Xem đơn vị: https://sla.tinh.gov.vn/#/unit/xa-1a")
        .contains("Danh sách cảnh báo: https://sla.tinh.gov.vn/#/alerts")
        .doesNotContain("2023-10-15T");
  }

  @Test
  void countsHaveThousandsDotsAndACatchUpSaysWhenItBegan() {
    String text = mail.text(List.of(event("tinh", "WARNING", "OVERDUE_COUNT", 10807, 1000, "FIRING",
        "2023-10-16T02:30:00+07:00", "2023-10-14T23:05:00+07:00")));
    assertThat(text).contains("mức Cảnh báo").contains("số hồ sơ quá hạn 10.807 (ngưỡng ≥ 1.000), lúc 16/10/2023 02:30")
        .contains("bắt đầu từ 14/10/2023 23:05");
    String score = mail.text(List.of(event("tinh", "WARNING", "PROGRESS_SCORE_MTD", 12.5, 14, "RESOLVED",
        "2023-10-16T08:00:00+07:00", "2023-10-16T08:00:00+07:00")));
    assertThat(score).startsWith("ĐÃ HẾT").contains("điểm tiến độ tháng (QĐ 766) 12,50 (ngưỡng ≤ 14,00)");
  }

  @Test
  void theSubjectCountsTheCriticalOnesFirst() {
    var batch = List.of(
        event("xa-1a", "CRITICAL", "OVERDUE_SHARE", 0.2, 0.1, "FIRING", "2023-10-15T01:00:00Z", "2023-10-15T01:00:00Z"),
        event("xa-1b", "WARNING", "OVERDUE_SHARE", 0.2, 0.1, "FIRING", "2023-10-15T01:00:00Z", "2023-10-15T01:00:00Z"),
        event("xa-1b", "WARNING", "OVERDUE_SHARE", 0.01, 0.1, "RESOLVED", "2023-10-15T01:00:00Z", "2023-10-15T01:00:00Z"));
    assertThat(mail.subject(batch)).isEqualTo("[Giám sát TTHC] 1 cảnh báo nghiêm trọng, 2 cảnh báo mới, 1 đã hết");
  }

  @Test
  void withoutAPublicAddressThereIsNoLink() {
    AlertEmail noLink = new AlertEmail(Scenario.registry(), SlaRules.DEFAULT_ZONE, null);
    assertThat(noLink.text(List.of(event("xa-1a", "CRITICAL", "OVERDUE_SHARE", 0.125, 0.1, "FIRING",
        "2023-10-15T01:00:00Z", "2023-10-15T01:00:00Z")))).doesNotContain("http");
  }
}
