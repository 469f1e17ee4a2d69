package vn.sla.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;

class RegisterMapperTest {
  static final UnitRegistry UNITS = UnitRegistry.load(Path.of("..", "deploy", "units-sample.csv"));
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  static final String[] HEADER = {
    "Mã hồ sơ", "Họ tên người nộp", "Đơn vị tiếp nhận", "Lĩnh vực", "Mã thủ tục", "Hình thức nộp",
    "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày xin lỗi", "Ngày hẹn trả mới", "Ngày có kết quả",
    "Ngày trả kết quả", "Ngày rút hồ sơ", "Số điện thoại"
  };

  static RegisterMapper mapper(String... header) throws RegisterMapper.FileError {
    return RegisterMapper.forHeader(Arrays.asList(header), UNITS, ZONE, CLOCK);
  }

  /** A row in HEADER's order; nulls are empty cells. */
  static CsvReader.Record row(int line, String id, String unit, String field, String proc, String channel,
      String received, String due, String apology, String newDue, String completed, String returned, String withdrawn) {
    String[] c = {id, "Nguyễn Văn Bịa", unit, field, proc, channel, received, due, apology, newDue, completed,
        returned, withdrawn, "0900000000"};
    return new CsvReader.Record(line, Arrays.stream(c).map(s -> s == null ? "" : s).toList());
  }

  static CsvReader.Record closed(int line, String id) {
    return row(line, id, "phuong-rach-gia", "ho-tich", "1.001193", "Trực tuyến", "05/03/2024 08:15",
        "08/03/2024", null, null, "07/03/2024 10:00", "08/03/2024 09:00", null);
  }

  static List<DossierEvent> parsed(RegisterMapper.Result r) {
    EventParser p = new EventParser(UNITS::contains);
    return r.events().stream().map(e -> {
      ParseResult pr = p.parse(e.json());
      assertThat(pr.isOk()).as(e.json() + " -> " + pr.rejection()).isTrue();
      return pr.event();
    }).toList();
  }

  static long at(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  @Test
  void aClosedRowBecomesItsEventsInLifecycleOrderAndTheJobsParserAcceptsThem() throws Exception {
    RegisterMapper.Result r = mapper(HEADER).map(closed(2, "000.00.22.H01-240305-0001"));
    assertThat(r.refused()).isFalse();
    List<DossierEvent> ev = parsed(r);
    assertThat(ev).extracting(e -> e.type).containsExactly(EventType.RECEIVED, EventType.COMPLETED, EventType.RETURNED);
    DossierEvent rec = ev.get(0);
    assertThat(rec.dossierId).isEqualTo("000.00.22.H01-240305-0001");
    assertThat(rec.unitId).isEqualTo("phuong-rach-gia");
    assertThat(rec.field).isEqualTo("ho-tich");
    assertThat(rec.procedureCode).isEqualTo("1.001193");
    assertThat(rec.channel.name()).isEqualTo("ONLINE");
    assertThat(rec.occurredAt).isEqualTo(at("2024-03-05T08:15:00+07:00"));
    assertThat(rec.dueAt).isEqualTo(at("2024-03-08T23:59:59+07:00"));
    assertThat(ev.get(1).occurredAt).isEqualTo(at("2024-03-07T10:00:00+07:00"));
    assertThat(ev.get(2).occurredAt).isEqualTo(at("2024-03-08T09:00:00+07:00"));
    assertThat(r.events()).allSatisfy(e -> assertThat(e.json()).doesNotContain("Nguyễn").doesNotContain("0900000000"));
  }

  @Test
  void eventIdsComeFromTheDossierAndTheTypeOnly() throws Exception {
    RegisterMapper.Result first = mapper(HEADER).map(closed(2, "D-1"));
    // A newer export: same dossier, another line, another due date; the ids stay.
    RegisterMapper.Result again = mapper(HEADER).map(row(9, "D-1", "phuong-rach-gia", "ho-tich", null, "Trực tuyến",
        "05/03/2024 08:15", "09/03/2024", null, null, "07/03/2024 10:00", "08/03/2024 09:00", null));
    assertThat(again.events()).extracting(RegisterMapper.Event::eventId)
        .containsExactlyElementsOf(first.events().stream().map(RegisterMapper.Event::eventId).toList());
    assertThat(first.events()).extracting(RegisterMapper.Event::eventId).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).startsWith("imp-").hasSizeLessThanOrEqualTo(128));
    assertThat(RegisterMapper.eventId("D-1", EventType.COMPLETED)).isNotEqualTo(RegisterMapper.eventId("D-2", EventType.COMPLETED));
  }

  @Test
  void openWithdrawnAndApologisedRows() throws Exception {
    RegisterMapper m = mapper(HEADER);
    RegisterMapper.Result open = m.map(row(2, "O-1", "so-tu-phap", "chung-thuc", null, "Trực tiếp",
        "01/11/2026 14:00", "10/11/2026", null, null, null, null, null));
    assertThat(parsed(open)).extracting(e -> e.type).containsExactly(EventType.RECEIVED);
    assertThat(parsed(open).get(0).channel.name()).isEqualTo("IN_PERSON");
    assertThat(parsed(open).get(0).procedureCode).isNull();
    RegisterMapper.Result w = m.map(row(3, "W-1", "so-tu-phap", "chung-thuc", null, "Bưu chính",
        "01/11/2026", "10/11/2026", null, null, null, null, "03/11/2026 09:30"));
    assertThat(parsed(w)).extracting(e -> e.type).containsExactly(EventType.RECEIVED, EventType.WITHDRAWN);
    assertThat(parsed(w).get(0).channel.name()).isEqualTo("POSTAL");
    RegisterMapper.Result a = m.map(row(4, "A-1", "so-tu-phap", "chung-thuc", null, "POSTAL",
        "01/10/2026 08:00", "05/10/2026", "05/10/2026 16:00", "09/10/2026", "08/10/2026", null, null));
    List<DossierEvent> ev = parsed(a);
    assertThat(ev).extracting(e -> e.type).containsExactly(EventType.RECEIVED, EventType.APOLOGY_ISSUED, EventType.COMPLETED);
    assertThat(ev.get(1).dueAt).isEqualTo(at("2026-10-09T23:59:59+07:00"));
    assertThat(ev.get(2).occurredAt).isEqualTo(at("2026-10-08T00:00:00+07:00"));
  }

  @Test
  void aUnitMayBeNamedByItsExactRegistryName() throws Exception {
    RegisterMapper m = mapper(HEADER);
    RegisterMapper.Result r = m.map(row(2, "N-1", "Phường Rạch Giá", "ho-tich", null, "Trực tuyến",
        "05/03/2024", "08/03/2024", null, null, null, null, null));
    assertThat(parsed(r).get(0).unitId).isEqualTo("phuong-rach-gia");
    // Another Unicode normal form of the same name.
    RegisterMapper.Result nfd = m.map(row(3, "N-2", Normalizer.normalize("Phường Rạch Giá", Normalizer.Form.NFD), "ho-tich",
        null, "Trực tuyến", "05/03/2024", "08/03/2024", null, null, null, null, null));
    assertThat(parsed(nfd).get(0).unitId).isEqualTo("phuong-rach-gia");
  }

  // --- headers ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"Mã hồ sơ", "ma ho so", "MÃ HỒ SƠ", "MA HO SO", "  Mã hồ sơ  ", "dossierId", "DOSSIERID",
      "ma_ho_so", "mahoso"})
  void headerVariantsOfOneColumn(String h) {
    assertThat(Column.of(h)).isEqualTo(Column.DOSSIER_ID);
    assertThat(Column.of(Normalizer.normalize(h, Normalizer.Form.NFD))).isEqualTo(Column.DOSSIER_ID);
  }

  @Test
  void everyColumnByItsHeaderWithAndWithoutDiacriticsAndItsEnglishName() {
    String[][] plain = {
      {"Ma ho so", "dossierId"}, {"Don vi tiep nhan", "unitId"}, {"Linh vuc", "field"},
      {"Ma thu tuc", "procedureCode"}, {"Hinh thuc nop", "channel"}, {"Ngay tiep nhan", "receivedAt"},
      {"Ngay hen tra", "dueAt"}, {"Ngay xin loi", "apologyAt"}, {"Ngay hen tra moi", "newDueAt"},
      {"Ngay co ket qua", "completedAt"}, {"Ngay tra ket qua", "returnedAt"}, {"Ngay rut ho so", "withdrawnAt"}
    };
    Column[] cols = Column.values();
    for (int i = 0; i < cols.length; i++) {
      assertThat(Column.of(cols[i].header)).isEqualTo(cols[i]);
      assertThat(Column.of(cols[i].header.toUpperCase())).isEqualTo(cols[i]);
      assertThat(Column.of(plain[i][0])).isEqualTo(cols[i]);
      assertThat(Column.of(plain[i][1])).isEqualTo(cols[i]);
      assertThat(Column.of(plain[i][1].toLowerCase())).isEqualTo(cols[i]);
    }
    assertThat(Column.of("Họ tên người nộp")).isNull();
    assertThat(Column.of("Địa chỉ")).isNull();
    assertThat(Column.of("Số điện thoại")).isNull();
    assertThat(Column.of("")).isNull();
  }

  @Test
  void columnsInAnyOrderEnglishHeadersAndNoOptionalColumns() throws Exception {
    RegisterMapper m = mapper("dueAt", "Địa chỉ", "CHANNEL", "receivedat", "field", "Unit ID", "dossier id");
    RegisterMapper.Result r = m.map(new CsvReader.Record(2,
        List.of("08/03/2024", "12 Đường Bịa, Phường Bịa", "ONLINE", "05/03/2024", "ho-tich", "phuong-rach-gia", "X-1")));
    List<DossierEvent> ev = parsed(r);
    assertThat(ev).hasSize(1);
    assertThat(ev.get(0).dossierId).isEqualTo("X-1");
    assertThat(r.events().get(0).json()).doesNotContain("Đường");
  }

  @Test
  void aRowShorterThanTheHeaderHasEmptyCells() throws Exception {
    RegisterMapper m = mapper(HEADER);
    RegisterMapper.Result r = m.map(new CsvReader.Record(2, List.of("S-1", "", "phuong-rach-gia", "ho-tich", "",
        "Trực tuyến", "05/03/2024", "08/03/2024")));
    assertThat(parsed(r)).hasSize(1);
  }

  @Test
  void aMissingRequiredColumnIsNamed() {
    assertThatThrownBy(() -> mapper("Mã hồ sơ", "Đơn vị tiếp nhận", "Lĩnh vực", "Hình thức nộp", "Ngày tiếp nhận"))
        .isInstanceOf(RegisterMapper.FileError.class).hasMessageContaining("'Ngày hẹn trả' (dueAt)");
    assertThatThrownBy(() -> mapper("Họ tên", "Số điện thoại"))
        .isInstanceOf(RegisterMapper.FileError.class).hasMessageContaining("'Mã hồ sơ'").hasMessageContaining("'Ngày tiếp nhận'");
  }

  @Test
  void noHeaderOrATwiceNamedColumnIsAFileError() {
    assertThatThrownBy(() -> RegisterMapper.forHeader(null, UNITS, ZONE, CLOCK)).isInstanceOf(RegisterMapper.FileError.class)
        .hasMessageContaining("no header");
    assertThatThrownBy(() -> mapper("", " ")).isInstanceOf(RegisterMapper.FileError.class).hasMessageContaining("no header");
    String[] twice = Arrays.copyOf(HEADER, HEADER.length + 1);
    twice[HEADER.length] = "ma ho so";
    assertThatThrownBy(() -> mapper(twice)).isInstanceOf(RegisterMapper.FileError.class).hasMessageContaining("'Mã hồ sơ' appears twice");
  }

  // --- dates -----------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "05/03/2024|false|2024-03-05T00:00:00+07:00",
    "05/03/2024|true|2024-03-05T23:59:59+07:00",
    "5/3/2024|false|2024-03-05T00:00:00+07:00",
    "05/03/2024 08:15|false|2024-03-05T08:15:00+07:00",
    "05/03/2024 08:15|true|2024-03-05T08:15:00+07:00",
    "05/03/2024 8:15:30|false|2024-03-05T08:15:30+07:00",
    "2024-03-05T08:15:00+07:00|false|2024-03-05T08:15:00+07:00",
    "2024-03-05T01:15:00Z|true|2024-03-05T08:15:00+07:00",
    "2024-03-05T08:15|false|2024-03-05T08:15:00+07:00",
    "2024-03-05T08:15:30.5|false|2024-03-05T08:15:30.5+07:00",
  })
  void everyDateForm(String cell, boolean endOfDay, String expected) {
    assertThat(RegisterMapper.parseDate(cell, endOfDay, ZONE).at()).isEqualTo(at(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"31/02/2024", "2024-03-05", "05-03-2024", "05/03/24", "05/03/2024 25:00", "hôm qua", "05/03/2024 08:15 SA"})
  void unreadableDates(String cell) {
    assertThat(RegisterMapper.parseDate(cell, false, ZONE)).isNull();
  }

  @Test
  void aSameDayDateWithoutATimeKeepsTheLifecycleOrder() throws Exception {
    RegisterMapper.Result r = mapper(HEADER).map(row(2, "S-1", "phuong-rach-gia", "ho-tich", null, "Trực tuyến",
        "05/03/2024 08:15", "05/03/2024", "05/03/2024", null, "05/03/2024", "05/03/2024", null));
    List<DossierEvent> ev = parsed(r);
    assertThat(ev).extracting(e -> e.type)
        .containsExactly(EventType.RECEIVED, EventType.APOLOGY_ISSUED, EventType.COMPLETED, EventType.RETURNED);
    assertThat(ev).extracting(e -> e.occurredAt).containsOnly(at("2024-03-05T08:15:00+07:00"));
  }

  // --- refusals --------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0|'Mã hồ sơ' is empty",
    "2|'Đơn vị tiếp nhận' is empty",
    "3|'Lĩnh vực' is empty",
    "5|'Hình thức nộp' is empty",
    "6|'Ngày tiếp nhận' is empty",
    "7|'Ngày hẹn trả' is empty",
  })
  void aMissingRequiredValue(int cell, String reason) throws Exception {
    CsvReader.Record full = closed(7, "R-1");
    List<String> cells = new java.util.ArrayList<>(full.cells());
    cells.set(cell, "  ");
    RegisterMapper.Result r = mapper(HEADER).map(new CsvReader.Record(7, cells));
    assertThat(r.refused()).isTrue();
    assertThat(r.line()).isEqualTo(7);
    assertThat(r.refusal()).isEqualTo(reason);
    assertThat(r.events()).isEmpty();
  }

  static RegisterMapper.Result refuse(CsvReader.Record row) throws Exception {
    RegisterMapper.Result r = mapper(HEADER).map(row);
    assertThat(r.refused()).as("refused").isTrue();
    assertThat(r.events()).isEmpty();
    assertThat(r.refusal()).doesNotContain("Nguyễn").doesNotContain("0900000000");
    return r;
  }

  @Test
  void unreadableDatesAreRefusedNamingTheColumn() throws Exception {
    assertThat(refuse(row(3, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "31/02/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).contains("'Ngày tiếp nhận' has the date '31/02/2024'");
    assertThat(refuse(row(3, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024", "sớm",
        null, null, null, null, null)).refusal()).contains("'Ngày hẹn trả' has the date 'sớm'");
    assertThat(refuse(row(3, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, "2024-03-07", null, null)).refusal()).contains("'Ngày có kết quả' has the date '2024-03-07'");
  }

  @Test
  void anUnknownUnitOrChannel() throws Exception {
    assertThat(refuse(row(4, "R", "xa-khong-co", "ho-tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).startsWith("unknown unit 'xa-khong-co'");
    assertThat(refuse(row(4, "R", "phường rạch giá", "ho-tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).startsWith("unknown unit");
    assertThat(refuse(row(4, "R", "phuong-rach-gia", "ho-tich", null, "Fax", "05/03/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).startsWith("unknown channel 'Fax'");
  }

  @Test
  void bothACompletionAndAWithdrawal() throws Exception {
    assertThat(refuse(row(5, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, "06/03/2024", null, "07/03/2024")).refusal())
        .isEqualTo("has both 'Ngày có kết quả' and 'Ngày rút hồ sơ'");
  }

  @Test
  void datesOutOfLifecycleOrder() throws Exception {
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        null, null, "04/03/2024 10:00", null, null)).refusal()).startsWith("'Ngày có kết quả' (2024-03-04T10:00:00+07:00) is before 'Ngày tiếp nhận'");
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        null, null, "04/03/2024", null, null)).refusal()).startsWith("'Ngày có kết quả'");
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        null, null, "06/03/2024 10:00", "06/03/2024 09:00", null)).refusal()).startsWith("'Ngày trả kết quả'");
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        "09/03/2024", null, "07/03/2024", null, null)).refusal()).startsWith("'Ngày có kết quả' (2024-03-07T00:00:00+07:00) is before 'Ngày xin lỗi'");
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        null, null, null, null, "01/03/2024")).refusal()).startsWith("'Ngày rút hồ sơ'");
    assertThat(refuse(row(6, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024 08:00", "08/03/2024",
        null, null, null, "06/03/2024", null)).refusal()).isEqualTo("has 'Ngày trả kết quả' but no 'Ngày có kết quả'");
  }

  @Test
  void aDateInTheFutureWouldBeRefusedByTheJob() throws Exception {
    assertThat(refuse(row(8, "R", "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2027", "08/03/2027",
        null, null, null, null, null)).refusal()).startsWith("a date is more than 24 hours in the future");
  }

  @Test
  void aValueTheJobWouldRefuse() throws Exception {
    assertThat(refuse(row(8, "R", "phuong-rach-gia", "ho\\tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).startsWith("its RECEIVED event would be refused by the job: field");
    assertThat(refuse(row(8, "R".repeat(129), "phuong-rach-gia", "ho-tich", null, "Trực tuyến", "05/03/2024", "08/03/2024",
        null, null, null, null, null)).refusal()).contains("dossierId must be 1 to 128 characters");
  }

  @Test
  void theSameDossierTwiceInOneFile() throws Exception {
    RegisterMapper m = mapper(HEADER);
    assertThat(m.map(closed(2, "D-1")).refused()).isFalse();
    RegisterMapper.Result r = m.map(closed(5, "D-1"));
    assertThat(r.refusal()).isEqualTo("the dossier 'D-1' is already on line 2");
  }

  /**
   * The events are written by hand, not by a JSON library: each must read back, through the
   * job's own parser, as the very event that was checked, and be the text Jackson writes for
   * the same members (the form the import sent before).
   */
  /** How the import printed instants before (a pattern, not IsoTime). */
  static final java.time.format.DateTimeFormatter OLD_OUT = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  @Test
  void everyEventOfAGeneratedRegisterReadsBackAsTheJobWillAndIsTheTextJacksonWrites() throws Exception {
    RegisterGenerator g = new RegisterGenerator(ZONE);
    List<RegisterGenerator.Life> lives = g.draw(UNITS.all(), java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 31), 3_000, 7);
    long exportAt = at("2025-01-10T00:00:00+07:00");
    java.io.StringWriter csv = new java.io.StringWriter();
    g.writeCsv(lives, exportAt, csv);
    CsvReader reader = new CsvReader(new java.io.StringReader(csv.toString()));
    RegisterMapper m = RegisterMapper.forHeader(reader.next().cells(), UNITS, ZONE, CLOCK);
    EventParser p = new EventParser(UNITS::contains);
    com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
    int events = 0;
    for (CsvReader.Record row; (row = reader.next()) != null; ) {
      RegisterMapper.Result r = m.map(row);
      assertThat(r.refused()).as(r.refusal()).isFalse();
      for (RegisterMapper.Event e : r.events()) {
        ParseResult pr = p.parse(e.json());
        assertThat(pr.isOk()).as(e.json()).isTrue();
        DossierEvent d = pr.event();
        assertThat(List.of(d.eventId, d.dossierId, d.type, d.occurredAt)).containsExactly(e.eventId(), e.dossierId(), e.type(), e.occurredAt());
        // The ids earlier imports sent (and their ledgers hold): name-based UUIDs of the dossier and type.
        assertThat(e.eventId()).isEqualTo("imp-" + java.util.UUID.nameUUIDFromBytes(
            ("sla-import/1\n" + e.dossierId() + "\n" + e.type().name()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        com.fasterxml.jackson.databind.node.ObjectNode o = jackson.createObjectNode();
        o.put("eventId", d.eventId).put("dossierId", d.dossierId).put("type", d.type.name())
            .put("occurredAt", OLD_OUT.format(java.time.Instant.ofEpochMilli(d.occurredAt).atZone(ZONE)));
        if (d.unitId != null) o.put("unitId", d.unitId).put("field", d.field);
        if (d.procedureCode != null) o.put("procedureCode", d.procedureCode);
        if (d.channel != null) o.put("channel", d.channel.name());
        if (d.dueAt != null) o.put("dueAt", OLD_OUT.format(java.time.Instant.ofEpochMilli(d.dueAt).atZone(ZONE)));
        assertThat(e.json()).isEqualTo(o.toString());
        events++;
      }
    }
    assertThat(events).isGreaterThan(6_000);
  }

  @Test
  void stringsAreQuotedAsJacksonQuotesThem() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Random rnd = new java.util.Random(11);
    String alphabet = "aZ0 \"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028ăĐệ😀,;{}";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder v = new StringBuilder();
      for (int i = rnd.nextInt(12); i > 0; i--) v.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      StringBuilder b = new StringBuilder();
      vn.sla.core.figures.JsonText.quote(b, v.toString());
      assertThat(b.toString()).as(v.toString()).isEqualTo(jackson.writeValueAsString(v.toString()));
    }
  }

  @Test
  void theFastPathsGiveWhatTheGeneralOnesGive() {
    java.util.Random rnd = new java.util.Random(5);
    String chars = "0123456789/: T-";
    int fast = 0;
    for (int n = 0; n < 300_000; n++) {
      String v;
      if (rnd.nextBoolean()) {
        v = String.format("%02d/%02d/%04d", rnd.nextInt(33), rnd.nextInt(14), 1990 + rnd.nextInt(50));
        if (rnd.nextBoolean()) v += String.format(" %02d:%02d", rnd.nextInt(25), rnd.nextInt(61));
        if (v.length() > 10 && rnd.nextBoolean()) v += String.format(":%02d", rnd.nextInt(61));
        if (rnd.nextInt(5) == 0) { // one character changed
          int i = rnd.nextInt(v.length());
          v = v.substring(0, i) + chars.charAt(rnd.nextInt(chars.length())) + v.substring(i + 1);
        }
      } else {
        StringBuilder b = new StringBuilder();
        for (int i = rnd.nextInt(20); i > 0; i--) b.append(chars.charAt(rnd.nextInt(chars.length())));
        v = b.toString();
      }
      boolean endOfDay = rnd.nextBoolean();
      RegisterMapper.When f = RegisterMapper.commonDate(v, endOfDay, ZONE);
      if (f != null) {
        fast++;
        assertThat(f).as(v).isEqualTo(RegisterMapper.byPattern(v, endOfDay, ZONE));
      }
      assertThat(RegisterMapper.parseDate(v, endOfDay, ZONE)).as(v).isEqualTo(RegisterMapper.byPattern(v, endOfDay, ZONE));
    }
    assertThat(fast).isGreaterThan(50_000);
  }
}
