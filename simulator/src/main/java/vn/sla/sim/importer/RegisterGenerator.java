package vn.sla.sim.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;

/**
 * A made-up register of dossiers in the shape of a one-stop system's export (import-csv.md):
 * each dossier's whole life is drawn first, and an export at an instant shows what had
 * happened by then, so a later export of the same register adds completions, returns,
 * withdrawals, apologies and newly received dossiers. Besides the CSV it writes the events the
 * contract says each row becomes, built here from the drawn lives and not by
 * {@link RegisterMapper}, so a test can compare the import with a reference model fed these.
 *
 * <p>The rows carry what real exports do: a byte-order mark, {@code ;} separators, columns of
 * names, addresses (quoted, some with separators and line breaks) and phone numbers, trailing
 * empty columns, dates with and without a time, units by id or by name, channels in Vietnamese
 * or English.
 */
public final class RegisterGenerator {
  /** One dossier's drawn life; a time of -1 is an event that never happens. */
  public record Life(String dossierId, Unit unit, boolean unitByName, String field, String procedure, String channel,
      long received, LocalDate dueDate, long apology, LocalDate newDueDate, long completed, long returned, long withdrawn,
      int person) {}

  static final String[] FIELDS = {"ho-tich", "dat-dai", "chung-thuc", "xay-dung", "dang-ky-kinh-doanh", "lao-dong"};
  static final String[] PROCEDURES = {"1.001193", "1.004227", "2.000815", "1.009994", "2.001612", "1.000105"};
  static final String[] CHANNELS = {"ONLINE", "IN_PERSON", "POSTAL"};
  static final String[] CHANNELS_VN = {"Trực tuyến", "Trực tiếp", "Bưu chính"};
  static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
  static final String[] GIVEN = {"Thị Mẫu", "Văn Thử", "Thị Ví Dụ", "Văn Giả", "Minh Bịa", "Thu Mẫu"};
  static final String HEADER = "Mã hồ sơ;Họ và tên người nộp;Địa chỉ;Số điện thoại;Đơn vị tiếp nhận;Lĩnh vực;Mã thủ tục;"
      + "Hình thức nộp;Ngày tiếp nhận;Ngày hẹn trả;Ngày xin lỗi;Ngày hẹn trả mới;Ngày có kết quả;Ngày trả kết quả;Ngày rút hồ sơ;;";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final ZoneId zone;

  public RegisterGenerator(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * {@code rows} dossiers received at the given units between {@code from} and {@code to}
   * (local dates, both included), on working hours: 85% completed (a few late, most returned),
   * 3% withdrawn, the rest still open at their end; one in twenty late ones with an apology
   * and a new date promised.
   */
  public List<Life> draw(List<Unit> units, LocalDate from, LocalDate to, int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long days = to.toEpochDay() - from.toEpochDay() + 1;
    List<Life> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      // Received in order of the register's numbering: the i-th dossier on its day.
      LocalDate day = LocalDate.ofEpochDay(from.toEpochDay() + (long) i * days / rows);
      Unit unit = units.get(r.nextInt(units.size()));
      long received = at(day, LocalTime.of(7 + r.nextInt(10), r.nextInt(60)));
      int allowed = 1 + r.nextInt(15);
      LocalDate due = day.plusDays(allowed);
      long dueEnd = at(due, LocalTime.of(23, 59, 59));
      int fate = r.nextInt(100);
      long completed = -1, returned = -1, withdrawn = -1, apology = -1;
      LocalDate newDue = null;
      if (fate < 85) {
        // Mostly within the allowed days, one in eight later (late), a few on the due day itself.
        double f = r.nextInt(8) == 0 ? 1.05 + r.nextDouble() * 0.8 : r.nextDouble() * 0.98;
        completed = received + 60_000L * Math.max(1, Math.round(f * (dueEnd - received) / 60_000.0));
        if (completed > dueEnd && r.nextInt(3) == 0) {
          // The apology goes out before the dossier is finished, with a new date promised.
          apology = received + (completed - received) / 2 / 60_000L * 60_000L;
          if (apology <= received) apology = -1;
          else newDue = LocalDate.ofInstant(Instant.ofEpochMilli(completed), zone).plusDays(1 + r.nextInt(5));
        }
        if (r.nextInt(10) < 8) returned = completed + 60_000L * (5 + r.nextInt(3 * 24 * 60));
      } else if (fate < 88) {
        withdrawn = received + 60_000L * (1 + r.nextInt(allowed * 24 * 60));
      }
      // The seed is in the code, so registers drawn with other seeds are other dossiers.
      String id = String.format("000.%02d.%02d.H01-%s-%06d", Math.floorMod(seed, 100), Math.floorMod(unit.unitId().hashCode(), 100),
          day.format(DateTimeFormatter.ofPattern("yyMMdd")), i);
      out.add(new Life(id, unit, r.nextInt(10) == 0, FIELDS[r.nextInt(FIELDS.length)], PROCEDURES[r.nextInt(PROCEDURES.length)],
          CHANNELS[r.nextInt(CHANNELS.length)], received, due, apology, newDue, completed, returned, withdrawn, r.nextInt(1_000_000)));
    }
    return out;
  }

  private long at(LocalDate d, LocalTime t) {
    return d.atTime(t).atZone(zone).toInstant().toEpochMilli();
  }

  /** The register as exported at {@code exportAt}: the dossiers received by then, with what had happened to them. */
  public void writeCsv(List<Life> lives, long exportAt, Writer w) throws IOException {
    w.write('\uFEFF');
    w.write(HEADER);
    w.write("\r\n");
    StringBuilder sb = new StringBuilder(256);
    for (Life l : lives) {
      if (l.received > exportAt) continue;
      sb.setLength(0);
      sb.append(l.dossierId).append(';');
      sb.append(FAMILY[l.person % FAMILY.length]).append(' ').append(GIVEN[l.person / 8 % GIVEN.length]).append(';');
      switch (l.person % 3) {
        case 0 -> sb.append("\"Số ").append(l.person % 300).append("; ấp Bịa, ").append(l.unit.name()).append('"');
        case 1 -> sb.append("\"Tổ ").append(l.person % 40).append("\nKhu phố Giả\"");
        default -> sb.append("Khu phố Mẫu");
      }
      sb.append(';').append(String.format("09%08d", l.person)).append(';');
      sb.append(l.unitByName ? l.unit.name() : l.unit.unitId()).append(';');
      sb.append(l.field).append(';').append(l.procedure).append(';');
      int c = List.of(CHANNELS).indexOf(l.channel);
      sb.append(l.person % 7 == 0 ? l.channel : CHANNELS_VN[c]).append(';');
      sb.append(minute(l.received)).append(';');
      sb.append(DAY.format(l.dueDate)).append(';');
      boolean apology = l.apology >= 0 && l.apology <= exportAt;
      sb.append(apology ? minute(l.apology) : "").append(';');
      sb.append(apology && l.newDueDate != null ? DAY.format(l.newDueDate) : "").append(';');
      sb.append(happened(l.completed, exportAt) ? minute(l.completed) : "").append(';');
      sb.append(happened(l.returned, exportAt) ? minute(l.returned) : "").append(';');
      sb.append(happened(l.withdrawn, exportAt) ? minute(l.withdrawn) : "").append(";;\r\n");
      w.write(sb.toString());
    }
  }

  private static boolean happened(long t, long exportAt) {
    return t >= 0 && t <= exportAt;
  }

  private String minute(long t) {
    return MINUTE.format(Instant.ofEpochMilli(t).atZone(zone));
  }

  private String iso(long t) {
    return ISO.format(Instant.ofEpochMilli(t).atZone(zone).toOffsetDateTime());
  }

  /**
   * The contract's events of the export at {@code exportAt}, in the order of its rows and, in
   * a row, of the lifecycle (import-csv.md: a date without a time is 23:59:59 for the dates
   * promised, and the times here are whole minutes). Event ids are this generator's own.
   */
  public List<String> events(List<Life> lives, long exportAt) {
    List<String> out = new ArrayList<>();
    for (Life l : lives) {
      if (l.received > exportAt) continue;
      String head = "{\"eventId\":\"gen-" + l.dossierId + "-%s\",\"dossierId\":\"" + l.dossierId + "\",\"type\":\"%s\",\"occurredAt\":\"%s\"";
      out.add(String.format(head, "R", "RECEIVED", iso(l.received)) + ",\"unitId\":\"" + l.unit.unitId() + "\",\"field\":\"" + l.field
          + "\",\"procedureCode\":\"" + l.procedure + "\",\"channel\":\"" + l.channel + "\",\"dueAt\":\""
          + iso(at(l.dueDate, LocalTime.of(23, 59, 59))) + "\"}");
      if (happened(l.apology, exportAt)) {
        out.add(String.format(head, "A", "APOLOGY_ISSUED", iso(l.apology))
            + (l.newDueDate == null ? "" : ",\"dueAt\":\"" + iso(at(l.newDueDate, LocalTime.of(23, 59, 59))) + "\"") + "}");
      }
      if (happened(l.completed, exportAt)) out.add(String.format(head, "C", "COMPLETED", iso(l.completed)) + "}");
      if (happened(l.returned, exportAt)) out.add(String.format(head, "T", "RETURNED", iso(l.returned)) + "}");
      if (happened(l.withdrawn, exportAt)) out.add(String.format(head, "W", "WITHDRAWN", iso(l.withdrawn)) + "}");
    }
    return out;
  }

  /**
   * {@code register FILE.csv --rows=N [--units=units.csv] [--from=yyyy-MM-dd] [--to=yyyy-MM-dd]
   * [--export-at=yyyy-MM-dd] [--seed=S]}: writes a made-up register, for trying the import and
   * for its benchmark. The export instant is the end of its day (default: the day after --to).
   */
  public static void main(String[] args) throws IOException {
    Path file = null;
    int rows = 10_000;
    Path units = Path.of("deploy/units-sample.csv");
    LocalDate to = LocalDate.now(SlaRules.DEFAULT_ZONE).minusDays(1);
    LocalDate from = null;
    LocalDate exportDay = null;
    long seed = 17;
    for (String a : args) {
      if (a.startsWith("--rows=")) rows = Integer.parseInt(a.substring(7));
      else if (a.startsWith("--units=")) units = Path.of(a.substring(8));
      else if (a.startsWith("--from=")) from = LocalDate.parse(a.substring(7));
      else if (a.startsWith("--to=")) to = LocalDate.parse(a.substring(5));
      else if (a.startsWith("--export-at=")) exportDay = LocalDate.parse(a.substring(12));
      else if (a.startsWith("--seed=")) seed = Long.parseLong(a.substring(7));
      else if (a.startsWith("--")) throw new IllegalArgumentException("unknown argument " + a);
      else file = Path.of(a);
    }
    if (file == null) throw new IllegalArgumentException("usage: register FILE.csv --rows=N [--units=..] [--from=..] [--to=..] [--export-at=..] [--seed=..]");
    if (from == null) from = to.minusYears(1).plusDays(1);
    if (exportDay == null) exportDay = to.plusDays(1);
    ZoneId zone = SlaRules.DEFAULT_ZONE;
    UnitRegistry registry = UnitRegistry.load(units);
    RegisterGenerator g = new RegisterGenerator(zone);
    List<Life> lives = g.draw(List.copyOf(registry.all()), from, to, rows, seed);
    long exportAt = exportDay.atTime(LocalTime.of(23, 59)).atZone(zone).toInstant().toEpochMilli();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      g.writeCsv(lives, exportAt, w);
    }
    System.out.println("wrote " + file + ": " + rows + " dossiers received " + DAY.format(from) + " to " + DAY.format(to)
        + ", exported " + DAY.format(exportDay) + " (" + Files.size(file) + " bytes)");
  }
}
