package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.event.EventParser;
import vn.sla.core.registry.Unit;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.sim.importer.ImportMain;
import vn.sla.sim.importer.RegisterGenerator;

/**
 * {@code ./sla import} as an office adopting the product uses it, on a stack of its own that went
 * live on an empty topic a few days after the register ends: a file of bad rows (each refused
 * with its line, nothing of them in the figures), a district's register of a year, the same file
 * again (nothing sent, nothing changes), then a newer export (only its completions, returns,
 * withdrawals and new dossiers). After each, every unit's period reports through the API equal
 * the reference model's, fed the events import-csv.md says the rows become, built by the
 * register's generator from the drawn lives and not by the importer's mapper.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportIT {
  static final Path UNITS = Path.of("..", "deploy", "units-sample-3tier.csv");
  static final ZoneId ZONE = SlaRules.DEFAULT_ZONE;
  static final LocalDate FROM = LocalDate.of(2025, 10, 1);
  static final LocalDate TO = LocalDate.of(2026, 9, 30);
  static final long EXPORT_1 = at(LocalDate.of(2026, 8, 31), LocalTime.of(23, 59));
  static final long EXPORT_2 = at(LocalDate.of(2026, 10, 1), LocalTime.of(23, 59));
  static final long CLOCK_START = at(LocalDate.of(2026, 10, 5), LocalTime.of(8, 0));
  static final int ROWS = 3_000;

  static UnitRegistry registry;
  static Stack stack;
  static RegisterGenerator generator = new RegisterGenerator(ZONE);
  static List<RegisterGenerator.Life> lives;
  static List<String> first;
  static List<String> newer;
  @TempDir static Path dir;

  static long at(LocalDate d, LocalTime t) {
    return d.atTime(t).atZone(ZONE).toInstant().toEpochMilli();
  }

  @BeforeAll
  static void start() throws Exception {
    registry = UnitRegistry.load(UNITS);
    // A district's communes and the district's own desk.
    List<Unit> desks = registry.all().stream()
        .filter(u -> u.unitId().equals("huyen-giong-rieng") || "huyen-giong-rieng".equals(u.parentId())).toList();
    assertThat(desks).hasSizeGreaterThan(3);
    lives = generator.draw(desks, FROM, TO, ROWS, 7);
    first = generator.events(lives, EXPORT_1);
    Set<String> sent = new HashSet<>(first);
    newer = generator.events(lives, EXPORT_2).stream().filter(e -> !sent.contains(e)).toList();
    // The register has every kind of row the test means: closed, open, withdrawn, with apologies.
    assertThat(first).anyMatch(e -> e.contains("\"APOLOGY_ISSUED\"")).anyMatch(e -> e.contains("\"WITHDRAWN\""));
    assertThat(newer).anyMatch(e -> e.contains("\"COMPLETED\"")).anyMatch(e -> e.contains("\"RECEIVED\""));
    stack = Stack.empty(registry, CLOCK_START);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  static Path write(String name, long exportAt) throws Exception {
    Path f = dir.resolve(name);
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      generator.writeCsv(lives, exportAt, w);
    }
    return f;
  }

  record Run(int exit, List<String> lines) {
    String summary() {
      return lines.stream().filter(l -> l.startsWith("summary:")).findFirst().orElseThrow();
    }
  }

  static Run importFile(Path file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = ImportMain.run(new String[] {file.toString(), "--bootstrap=" + stack.kafka.bootstrap(), "--topic="
        + stack.jobConfig.eventsTopic, "--units=" + UNITS, "--zone=" + ZONE.getId(), "--ledger-dir=" + dir.resolve("ledger")},
        new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    return new Run(exit, List.of(bytes.toString(StandardCharsets.UTF_8).split("\n")));
  }

  /** The job has digested events up to {@code newest} and follows the wall clock again. */
  static void digested(List<String> events) throws Exception {
    EventParser parser = new EventParser(registry::contains);
    long newest = events.stream().mapToLong(e -> parser.parse(e).event().occurredAt).max().orElseThrow();
    Stack.await("the job has digested the import", 180, () -> stack.store().clock() != null
        && stack.store().clock().progressMillis >= newest - Stack.TOLERANCE && !stack.store().clock().catchingUp);
  }

  /** Each month of the register, the whole year, and the days around the exports. */
  static List<int[]> periods() {
    List<int[]> p = new ArrayList<>();
    for (LocalDate m = FROM; !m.isAfter(TO); m = m.plusMonths(1)) {
      p.add(new int[] {(int) m.toEpochDay(), (int) m.plusMonths(1).minusDays(1).toEpochDay()});
    }
    p.add(new int[] {(int) FROM.toEpochDay(), (int) TO.toEpochDay()});
    p.add(new int[] {(int) LocalDate.of(2026, 8, 30).toEpochDay(), (int) LocalDate.of(2026, 10, 2).toEpochDay()});
    return p;
  }

  static ReferenceModel model(List<String> events) {
    return new ReferenceModel(registry, Stack.RULES, Stack.TOLERANCE, events);
  }

  @Test
  @Order(1)
  void badRowsAreRefusedWithTheirLineAndReachNoFigure() throws Exception {
    String header = "Mã hồ sơ;Họ và tên;Đơn vị tiếp nhận;Lĩnh vực;Hình thức nộp;Ngày tiếp nhận;Ngày hẹn trả;"
        + "Ngày có kết quả;Ngày trả kết quả;Ngày rút hồ sơ";
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, String.join("\r\n",
        header,
        ";Nguyễn Văn Giả;xa-ngoc-chuc;ho-tich;Trực tuyến;02/03/2026 08:00;05/03/2026;;;",
        "BAD-2;Trần Thị Mẫu;xa-khong-co;ho-tich;Trực tuyến;02/03/2026 08:00;05/03/2026;;;",
        "BAD-3;Lê Văn Thử;xa-ngoc-chuc;ho-tich;Fax;02/03/2026 08:00;05/03/2026;;;",
        "BAD-4;Phạm Thị Ví Dụ;xa-ngoc-chuc;ho-tich;Trực tiếp;31/02/2026 08:00;05/03/2026;;;",
        "BAD-5;Hoàng Văn Bịa;xa-ngoc-chuc;ho-tich;Trực tiếp;02/03/2026 08:00;05/03/2026;04/03/2026 10:00;;04/03/2026 11:00",
        "BAD-6;Vũ Thị Mẫu;xa-ngoc-chuc;ho-tich;Trực tiếp;02/03/2026 08:00;05/03/2026;01/03/2026 10:00;;",
        "BAD-7;Đặng Văn Giả;xa-ngoc-chuc;ho-tich;Trực tiếp;02/03/2026 08:00;05/03/2026;;03/03/2026 09:00;",
        "BAD-8;Bùi Thị Thử;xa-ngoc-chuc;;Trực tiếp;02/03/2026 08:00;05/03/2026;;;",
        "BAD-9;Nguyễn Thị Bịa;xa-ngoc-chuc;ho-tich;Trực tiếp;02/03/2026 08:00;;;;",
        "BAD-10;Trần Văn Mẫu;xa-ngoc-chuc;ho-tich;Bưu chính;02/03/2036 08:00;05/03/2036;;;") + "\r\n",
        StandardCharsets.UTF_8);
    Run run = importFile(bad);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines().stream().filter(l -> l.startsWith("refused:")).toList()).containsExactly(
        "refused: line 2: 'Mã hồ sơ' is empty",
        "refused: line 3: unknown unit 'xa-khong-co' (neither a unitId nor a unit name of the registry)",
        "refused: line 4: unknown channel 'Fax' (expected Trực tuyến, Trực tiếp or Bưu chính)",
        "refused: line 5: 'Ngày tiếp nhận' has the date '31/02/2026 08:00', not dd/MM/yyyy [HH:mm[:ss]] nor an ISO-8601 date-time",
        "refused: line 6: has both 'Ngày có kết quả' and 'Ngày rút hồ sơ'",
        "refused: line 7: 'Ngày có kết quả' (2026-03-01T10:00:00+07:00) is before 'Ngày tiếp nhận' (2026-03-02T08:00:00+07:00)",
        "refused: line 8: has 'Ngày trả kết quả' but no 'Ngày có kết quả'",
        "refused: line 9: 'Lĩnh vực' is empty",
        "refused: line 10: 'Ngày hẹn trả' is empty",
        "refused: line 11: a date is more than 24 hours in the future: 2036-03-02T08:00:00+07:00");
    assertThat(run.summary()).startsWith("summary: rows read 10, rows imported 0, events sent 0, rows refused 10");
    // Never a citizen's name in what the command prints.
    assertThat(String.join("\n", run.lines())).doesNotContain("Nguyễn", "Trần", "Văn", "Thị");
  }

  @Test
  @Order(2)
  void aYearsRegisterGivesTheReportsOfTheModel() throws Exception {
    Run run = importFile(write("register.csv", EXPORT_1));
    assertThat(run.exit()).as(String.join("\n", run.lines())).isZero();
    long rows = lives.stream().filter(l -> l.received() <= EXPORT_1).count();
    assertThat(run.summary()).startsWith("summary: rows read " + rows + ", rows imported " + rows + ", events sent "
        + first.size() + ", rows refused 0");
    // The model is not trivially empty: the district received every row, and the year has late
    // completions, withdrawals and overdue dossiers at its end.
    var year = model(first).report("huyen-giong-rieng", (int) FROM.toEpochDay(), (int) TO.toEpochDay());
    assertThat(year.get("received.online") + year.get("received.inPerson") + year.get("received.postal")).isEqualTo(rows);
    assertThat(year.get("completed.late")).isPositive();
    assertThat(year.get("withdrawn")).isPositive();
    assertThat(year.get("pendingAtEnd.overdue")).isPositive();
    digested(first);
    ReportCheck.untilEqual(stack.base(), model(first), registry, periods(), 90);
  }

  @Test
  @Order(3)
  void theSameFileAgainSendsNothingAndChangesNothing() throws Exception {
    Run run = importFile(dir.resolve("register.csv"));
    assertThat(run.exit()).isZero();
    assertThat(run.summary()).contains(", events sent 0, rows refused 0");
    assertThat(run.lines()).contains("not sent again: " + first.size() + " events an earlier import of this register delivered already");
    ReportCheck.equalsModel(stack.base(), model(first), registry, periods());
  }

  @Test
  @Order(4)
  void aNewerExportMovesOnlyWhatHappenedSince() throws Exception {
    Run run = importFile(write("register-newer.csv", EXPORT_2));
    assertThat(run.exit()).as(String.join("\n", run.lines())).isZero();
    assertThat(run.summary()).contains(", events sent " + newer.size() + ", rows refused 0");
    List<String> all = new ArrayList<>(first);
    all.addAll(newer);
    // What the newer export adds shows in the reports: the year's figures differ from the first export's.
    int from = (int) FROM.toEpochDay();
    int to = (int) LocalDate.of(2026, 10, 2).toEpochDay();
    assertThat(model(all).report("huyen-giong-rieng", from, to)).isNotEqualTo(model(first).report("huyen-giong-rieng", from, to));
    digested(all);
    ReportCheck.untilEqual(stack.base(), model(all), registry, periods(), 90);
    // The job's clock is the wall clock's again: the live figures are today's, not the register's end.
    String asOf = new io.vertx.core.json.JsonObject(Http.get(stack.base() + "/api/units/tinh-an-phu/live", Stack.TOKEN).body())
        .getString("asOf");
    assertThat(OffsetDateTime.parse(asOf).toInstant().toEpochMilli()).isGreaterThanOrEqualTo(CLOCK_START);
  }
}
