package vn.sla.server.reports;

import java.util.Map;

/**
 * The Vietnamese names of the fields (lĩnh vực) by their event code, for reports. A code not
 * listed shows as itself: the events' `field` is free text (dossier-events.md).
 */
public final class FieldNames {
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("bao-hiem-xa-hoi", "Bảo hiểm xã hội"),
      Map.entry("bao-tro-xa-hoi", "Bảo trợ xã hội"),
      Map.entry("cong-thuong", "Công thương"),
      Map.entry("dat-dai", "Đất đai"),
      Map.entry("dau-tu", "Đầu tư"),
      Map.entry("giao-duc", "Giáo dục và đào tạo"),
      Map.entry("giao-thong", "Giao thông vận tải"),
      Map.entry("ho-tich", "Hộ tịch"),
      Map.entry("khoa-hoc-cong-nghe", "Khoa học và công nghệ"),
      Map.entry("kinh-doanh", "Đăng ký kinh doanh"),
      Map.entry("lao-dong", "Lao động, việc làm"),
      Map.entry("moi-truong", "Môi trường"),
      Map.entry("ngoai-vu", "Ngoại vụ"),
      Map.entry("noi-vu", "Nội vụ"),
      Map.entry("nong-nghiep", "Nông nghiệp"),
      Map.entry("ton-giao", "Tôn giáo"),
      Map.entry("tu-phap", "Tư pháp"),
      Map.entry("van-hoa", "Văn hóa, thể thao và du lịch"),
      Map.entry("xay-dung", "Xây dựng"),
      Map.entry("y-te", "Y tế"));

  private FieldNames() {}

  public static String name(String code) {
    return code == null ? "?" : NAMES.getOrDefault(code, code);
  }
}
