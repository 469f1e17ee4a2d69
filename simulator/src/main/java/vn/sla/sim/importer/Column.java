package vn.sla.sim.importer;

import java.text.Normalizer;
import java.util.Locale;

/** The columns of import-csv.md, found by their Vietnamese header (or its English name). */
public enum Column {
  DOSSIER_ID("Mã hồ sơ", "dossierId", true),
  UNIT("Đơn vị tiếp nhận", "unitId", true),
  FIELD("Lĩnh vực", "field", true),
  PROCEDURE_CODE("Mã thủ tục", "procedureCode", false),
  CHANNEL("Hình thức nộp", "channel", true),
  RECEIVED_AT("Ngày tiếp nhận", "receivedAt", true),
  DUE_AT("Ngày hẹn trả", "dueAt", true),
  APOLOGY_AT("Ngày xin lỗi", "apologyAt", false),
  NEW_DUE_AT("Ngày hẹn trả mới", "newDueAt", false),
  COMPLETED_AT("Ngày có kết quả", "completedAt", false),
  RETURNED_AT("Ngày trả kết quả", "returnedAt", false),
  WITHDRAWN_AT("Ngày rút hồ sơ", "withdrawnAt", false);

  public final String header;
  public final String english;
  public final boolean required;

  Column(String header, String english, boolean required) {
    this.header = header;
    this.english = english;
    this.required = required;
  }

  /** The column a header names, or null for a column the import ignores. */
  public static Column of(String header) {
    String k = key(header);
    if (k.isEmpty()) return null;
    for (Column c : values()) {
      if (key(c.header).equals(k) || key(c.english).equals(k)) return c;
    }
    return null;
  }

  /**
   * Case, Vietnamese diacritics (any Unicode normal form), đ, and spaces, underscores or
   * hyphens anywhere do not matter: "Mã hồ sơ", "MA HO SO", "ma_ho_so" and "mahoso" are one.
   */
  static String key(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) continue;
      if (c == 'đ' || c == 'Đ') c = 'd';
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '_' || c == '-' || c == '\uFEFF') continue;
      sb.append(c);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
