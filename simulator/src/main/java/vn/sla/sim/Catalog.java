package vn.sla.sim;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import vn.sla.core.registry.Unit;

/**
 * What the desks of a province handle: procedures by kind of unit, and the Vietnamese texts
 * the source systems put in their events. The procedure codes follow the national
 * catalogue's shape ({@code 1.004227}) and the deadlines are typical of their kind, but they
 * are illustrative, not an extract of the catalogue.
 *
 * <p>The registry decides which units exist; this class only guesses from a unit's level and
 * name what it is likely to receive (a "Sở Y tế" receives health dossiers), so any registry
 * works, and a unit the guesses do not recognise gets a generic mix.
 */
final class Catalog {
  private Catalog() {}

  /** One administrative procedure: its field (lĩnh vực), code, deadline in working days, relative frequency. */
  record Procedure(String field, String code, int days, double weight) {}

  /** The procedures a kind of unit receives, with cumulative weights for sampling. */
  static final class Profile {
    final String name;
    final List<Procedure> procedures;
    private final double[] cumulative;

    Profile(String name, Procedure... procedures) {
      this.name = name;
      this.procedures = List.of(procedures);
      cumulative = new double[procedures.length];
      double sum = 0;
      for (int i = 0; i < procedures.length; i++) cumulative[i] = sum += procedures[i].weight();
    }

    Procedure pick(SplittableRandom rnd) {
      return procedures.get(Weighted.index(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1]));
    }
  }

  private static Procedure p(String field, String code, int days, double weight) {
    return new Procedure(field, code, days, weight);
  }

  // Communes and wards: civil status and certification dominate, then land.
  static final Profile COMMUNE = new Profile("commune",
      p("ho-tich", "1.001193", 1, 14), // birth registration
      p("ho-tich", "1.000656", 1, 4), // death registration
      p("ho-tich", "1.000894", 1, 6), // marriage registration
      p("ho-tich", "1.004873", 3, 10), // certificate of marital status
      p("ho-tich", "1.004859", 3, 4), // change or correction of civil status
      p("tu-phap", "2.000815", 1, 12), // certified copies
      p("tu-phap", "2.000884", 1, 6), // certified signatures
      p("tu-phap", "2.001035", 2, 4), // certified contracts
      p("dat-dai", "1.004227", 10, 8), // registration of changes of land use rights
      p("dat-dai", "1.004203", 15, 5), // first land use right certificate
      p("dat-dai", "1.003003", 15, 3), // land parcel split or merge
      p("kinh-doanh", "2.000720", 3, 6), // household business registration
      p("kinh-doanh", "2.000575", 3, 2), // household business changes
      p("xay-dung", "1.009994", 15, 5), // building permit, individual house
      p("bao-tro-xa-hoi", "1.001776", 7, 3), // monthly social allowance
      p("bao-tro-xa-hoi", "1.001739", 5, 1), // funeral support
      p("nong-nghiep", "1.003605", 7, 2));

  // Districts of the former three-tier shape: land, business, construction.
  static final Profile DISTRICT = new Profile("district",
      p("dat-dai", "1.004227", 10, 8),
      p("dat-dai", "1.004203", 15, 6),
      p("kinh-doanh", "2.000720", 3, 6),
      p("xay-dung", "1.009994", 15, 5),
      p("tu-phap", "2.000815", 1, 3),
      p("ho-tich", "1.001695", 5, 1),
      p("bao-tro-xa-hoi", "1.001776", 7, 4),
      p("giao-duc", "1.005095", 5, 1),
      p("y-te", "1.003046", 5, 1));

  // The provincial service centre receives on behalf of departments.
  static final Profile CENTER = new Profile("center",
      p("kinh-doanh", "1.001612", 3, 5),
      p("dau-tu", "1.009645", 15, 2),
      p("dat-dai", "1.004227", 10, 3),
      p("xay-dung", "1.009972", 15, 2),
      p("tu-phap", "2.000488", 10, 3));

  static final Profile DEPARTMENT_GENERIC = new Profile("department",
      p("kinh-doanh", "1.001612", 3, 1),
      p("dau-tu", "1.009645", 15, 1),
      p("xay-dung", "1.009972", 15, 1),
      p("tu-phap", "2.000488", 10, 1));

  /** Departments recognised by a word of their name (lowercase, NFC), most specific first. */
  private static final List<Object[]> DEPARTMENTS = List.of(
      new Object[] {new String[] {"tư pháp"}, new Profile("justice",
          p("tu-phap", "2.000488", 10, 12), // criminal record certificate
          p("tu-phap", "2.000955", 7, 2), // lawyers' practice
          p("tu-phap", "2.000505", 15, 1), // notaries
          p("ho-tich", "1.001766", 15, 1))}, // nationality
      new Object[] {new String[] {"xây dựng"}, new Profile("construction",
          p("xay-dung", "1.009972", 15, 5), // building permit, works
          p("xay-dung", "1.009991", 15, 3), // design appraisal
          p("giao-thong", "1.002835", 3, 4), // special-use vehicle registration
          p("giao-thong", "1.001777", 2, 3))}, // cross-border transport permit
      new Object[] {new String[] {"nông nghiệp", "môi trường"}, new Profile("agriculture-environment",
          p("dat-dai", "1.004227", 10, 6),
          p("dat-dai", "1.004221", 15, 4),
          p("moi-truong", "1.010727", 15, 3), // environmental permit
          p("nong-nghiep", "1.003581", 7, 3),
          p("nong-nghiep", "1.008003", 5, 2))},
      new Object[] {new String[] {"tài chính"}, new Profile("finance",
          p("kinh-doanh", "1.001612", 3, 12), // company registration
          p("kinh-doanh", "1.002033", 3, 8), // company changes
          p("dau-tu", "1.009645", 15, 2), // investment policy approval
          p("dau-tu", "1.009757", 15, 2))}, // investment registration certificate
      new Object[] {new String[] {"y tế"}, new Profile("health",
          p("y-te", "1.002239", 10, 6), // practice certificate
          p("y-te", "1.004505", 15, 2), // operating licence
          p("y-te", "1.001978", 15, 4))}, // pharmacy eligibility
      new Object[] {new String[] {"giáo dục"}, new Profile("education",
          p("giao-duc", "1.005095", 1, 5), // copies of diplomas
          p("giao-duc", "1.005088", 5, 3), // recognition of diplomas
          p("giao-duc", "1.006390", 15, 1))}, // school operation
      new Object[] {new String[] {"công thương"}, new Profile("industry-trade",
          p("cong-thuong", "2.000150", 10, 4), // alcohol trading licence
          p("cong-thuong", "2.000620", 15, 2), // fuel retail
          p("cong-thuong", "2.000190", 5, 4))}, // promotions
      new Object[] {new String[] {"nội vụ"}, new Profile("home-affairs",
          p("lao-dong", "1.000459", 5, 5), // work permits for foreigners
          p("lao-dong", "1.001881", 15, 3),
          p("noi-vu", "1.005384", 15, 1))},
      new Object[] {new String[] {"văn hóa", "văn hoá", "du lịch"}, new Profile("culture",
          p("van-hoa", "1.001029", 5, 2),
          p("van-hoa", "1.003725", 10, 3), // travel agencies
          p("van-hoa", "1.000890", 5, 2))},
      new Object[] {new String[] {"khoa học"}, new Profile("science",
          p("khoa-hoc-cong-nghe", "2.000311", 10, 2))},
      new Object[] {new String[] {"dân tộc", "tôn giáo"}, new Profile("ethnic-religion",
          p("ton-giao", "1.001078", 10, 1))},
      new Object[] {new String[] {"ngoại vụ"}, new Profile("foreign-affairs",
          p("ngoai-vu", "2.001888", 5, 1))},
      new Object[] {new String[] {"khu kinh tế", "khu công nghiệp"}, new Profile("economic-zone",
          p("dau-tu", "1.009645", 15, 3),
          p("xay-dung", "1.009972", 15, 2),
          p("lao-dong", "1.000459", 5, 3))},
      new Object[] {new String[] {"công an"}, new Profile("police",
          p("giao-thong", "1.001924", 5, 6), // driving licence renewal
          p("giao-thong", "1.002209", 2, 3))},
      new Object[] {new String[] {"bảo hiểm"}, new Profile("social-insurance",
          p("bao-hiem-xa-hoi", "1.000049", 5, 4))});

  /** How busy a kind of unit's desk is, relative to a commune's. */
  static double baseWeight(Unit u) {
    String level = level(u);
    String name = normalized(u.name());
    return switch (level) {
      case "PROVINCE" -> 0; // the province itself runs no desk; its centre does
      case "COMMUNE" -> name.startsWith("phường") ? 1.4 : 1.0; // urban wards are busier
      case "DEPARTMENT" -> 1.6;
      case "CENTER" -> 4.0;
      case "DISTRICT" -> 6.0;
      default -> 1.0;
    };
  }

  static Profile profileOf(Unit u) {
    return switch (level(u)) {
      case "COMMUNE" -> COMMUNE;
      case "DISTRICT" -> DISTRICT;
      case "CENTER" -> CENTER;
      case "DEPARTMENT" -> departmentProfile(normalized(u.name()));
      default -> CENTER;
    };
  }

  private static Profile departmentProfile(String name) {
    for (Object[] d : DEPARTMENTS) {
      for (String word : (String[]) d[0]) if (name.contains(word)) return (Profile) d[1];
    }
    return DEPARTMENT_GENERIC;
  }

  static String level(Unit u) {
    return u.level() == null ? "" : u.level().trim().toUpperCase(Locale.ROOT);
  }

  private static String normalized(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  static final List<String> PAUSE_REASONS = List.of(
      "Yêu cầu bổ sung bản sao giấy chứng nhận quyền sử dụng đất",
      "Bổ sung giấy tờ tùy thân của người được ủy quyền",
      "Hồ sơ thiếu chữ ký của người đại diện theo pháp luật",
      "Chờ công dân nộp phí, lệ phí",
      "Bổ sung bản vẽ thiết kế theo ý kiến thẩm định",
      "Chờ kết quả xác minh của cơ quan liên quan",
      "Yêu cầu bổ sung văn bản thỏa thuận phân chia di sản",
      "Thông tin trên tờ khai không khớp với Cơ sở dữ liệu quốc gia về dân cư");

  static final String RESUME_REASON = "Công dân đã bổ sung đầy đủ hồ sơ";

  static final List<String> TRANSFER_REASONS = List.of(
      "Chuyển liên thông theo thẩm quyền giải quyết",
      "Chuyển cơ quan chuyên môn thẩm định",
      "Tiếp nhận nhầm thẩm quyền, chuyển đơn vị giải quyết");

  static final List<String> WITHDRAW_REASONS = List.of(
      "Công dân xin rút hồ sơ",
      "Hồ sơ không đủ điều kiện giải quyết, trả lại kèm văn bản nêu rõ lý do",
      "Doanh nghiệp đề nghị dừng thực hiện thủ tục");

  static final String WITHDRAW_UNSUPPLEMENTED = "Người nộp không bổ sung hồ sơ theo yêu cầu";

  static final List<String> APOLOGY_REASONS = List.of(
      "Hồ sơ phải lấy ý kiến của cơ quan liên quan, xin lỗi và hẹn lại ngày trả kết quả",
      "Chậm xác minh thực địa, gửi thư xin lỗi công dân và hẹn lại ngày trả",
      "Hệ thống phần mềm gặp sự cố, xin lỗi và hẹn lại ngày trả kết quả");

  /** Unit ids that look real but are not in the registry: units dissolved by the 2025 merger, typos. */
  static final List<String> UNKNOWN_UNITS = List.of(
      "huyen-giong-rieng-cu", "xa-thanh-loc-cu", "phuong-1", "so-giao-thong-van-tai",
      "so-lao-dong-thuong-binh-va-xa-hoi", "so-ke-hoach-va-dau-tu", "xa-ngoc-chuc ");

  static <T> T any(List<T> list, SplittableRandom rnd) {
    return list.get(rnd.nextInt(list.size()));
  }
}
