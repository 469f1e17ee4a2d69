package vn.sla.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.EventType;

class ImporterTest {
  static final Path SAMPLE = Path.of("..", "deploy", "import-sample.csv");
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final List<RegisterMapper.Event> sent = new ArrayList<>();

  Importer importer(boolean terminal, long progressEvery) {
    return new Importer(RegisterMapperTest.UNITS, RegisterMapperTest.ZONE, RegisterMapperTest.CLOCK, out, terminal, progressEvery);
  }

  Importer.Summary run(String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return importer(false, 5000).run(new ByteArrayInputStream(b), b.length, () -> sent::add, false);
  }

  String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theSampleRegisterMapsAndItsBadRowsAreRefusedWithTheirLines() throws Exception {
    Importer.Summary s;
    try (InputStream in = Files.newInputStream(SAMPLE)) {
      s = importer(false, 5000).run(in, Files.size(SAMPLE), () -> sent::add, false);
    }
    assertThat(s).isEqualTo(new Importer.Summary(16, 10, 24, 6, Importer.EXIT_SOME_REFUSED));
    List<String> refusals = output().lines().filter(l -> l.startsWith("refused: ")).toList();
    assertThat(refusals).containsExactly(
        "refused: line 11: unknown unit 'xa-khong-ton-tai' (neither a unitId nor a unit name of the registry)",
        "refused: line 12: has both 'Ngày có kết quả' and 'Ngày rút hồ sơ'",
        "refused: line 13: 'Ngày có kết quả' (2026-10-14T16:00:00+07:00) is before 'Ngày tiếp nhận' (2026-10-15T09:00:00+07:00)",
        "refused: line 14: 'Ngày tiếp nhận' has the date '32/10/2026', not dd/MM/yyyy [HH:mm[:ss]] nor an ISO-8601 date-time",
        "refused: line 15: 'Ngày hẹn trả' is empty",
        "refused: line 16: unknown channel 'Qua điện thoại' (expected Trực tuyến, Trực tiếp or Bưu chính)");
    assertThat(output()).contains("separator ';'")
        .contains("summary: rows read 16, rows imported 10, events sent 24, rows refused 6");
    // Names, addresses and phone numbers are neither sent nor printed.
    for (String secret : List.of("Trần Thị Mẫu", "Bùi Văn Sai", "Khu phố", "ấp Bịa", "0900000001", "Giả Định")) {
      assertThat(output()).doesNotContain(secret);
      assertThat(sent).allSatisfy(e -> assertThat(e.json()).doesNotContain(secret));
    }
    // Every event is one the job accepts; nothing of a refused row is sent.
    EventParser parser = new EventParser(RegisterMapperTest.UNITS::contains);
    assertThat(sent).allSatisfy(e -> assertThat(parser.parse(e.json()).isOk()).isTrue());
    assertThat(sent).extracting(RegisterMapper.Event::dossierId).noneMatch(id -> id.contains("-01"));
    Map<String, List<EventType>> byDossier = sent.stream().collect(Collectors.groupingBy(
        e -> e.dossierId().substring(e.dossierId().length() - 4), java.util.TreeMap::new,
        Collectors.mapping(RegisterMapper.Event::type, Collectors.toList())));
    assertThat(byDossier).containsEntry("0001", List.of(EventType.RECEIVED, EventType.COMPLETED, EventType.RETURNED))
        .containsEntry("0002", List.of(EventType.RECEIVED, EventType.APOLOGY_ISSUED, EventType.COMPLETED, EventType.RETURNED))
        .containsEntry("0003", List.of(EventType.RECEIVED))
        .containsEntry("0004", List.of(EventType.RECEIVED, EventType.WITHDRAWN))
        .containsEntry("0005", List.of(EventType.RECEIVED, EventType.COMPLETED))
        .containsEntry("0010", List.of(EventType.RECEIVED, EventType.APOLOGY_ISSUED, EventType.WITHDRAWN))
        .hasSize(10);
    assertThat(sent.stream().filter(e -> e.dossierId().endsWith("0005")).findFirst().orElseThrow().json())
        .contains("\"unitId\":\"phuong-chau-phu\"").contains("\"channel\":\"IN_PERSON\"");
  }

  @Test
  void aSecondImportOfTheSameFileProducesTheSameEventIds() throws Exception {
    byte[] b = Files.readAllBytes(SAMPLE);
    importer(false, 5000).run(new ByteArrayInputStream(b), b.length, () -> sent::add, false);
    List<String> first = sent.stream().map(RegisterMapper.Event::eventId).toList();
    sent.clear();
    importer(false, 5000).run(new ByteArrayInputStream(b), b.length, () -> sent::add, false);
    assertThat(sent).extracting(RegisterMapper.Event::eventId).containsExactlyElementsOf(first);
    assertThat(first).doesNotHaveDuplicates();
  }

  static final String HEADER = "Ma ho so,Don vi tiep nhan,Linh vuc,Hinh thuc nop,Ngay tiep nhan,Ngay hen tra,Ngay co ket qua\n";

  @Test
  void everyRowImportedExitsZero() throws Exception {
    Importer.Summary s = run("\uFEFF" + HEADER + "A-1,phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,06/03/2024\n");
    assertThat(s).isEqualTo(new Importer.Summary(1, 1, 2, 0, Importer.EXIT_ALL));
    assertThat(output()).contains("separator ','");
  }

  @Test
  void aMissingColumnOrNoHeaderExitsTwoAndSendsNothing() throws Exception {
    Importer.Summary s = run("Mã hồ sơ;Lĩnh vực\nA-1;ho-tich\n");
    assertThat(s.exitCode()).isEqualTo(Importer.EXIT_UNREADABLE);
    assertThat(output()).contains("the file cannot be imported: line 1: required columns 'Đơn vị tiếp nhận' (unitId)");
    assertThat(sent).isEmpty();
    assertThat(run("").exitCode()).isEqualTo(Importer.EXIT_UNREADABLE);
    assertThat(output()).contains("no header line");
  }

  @Test
  void theSinkIsOpenedOnlyForAGoodHeader() throws Exception {
    byte[] b = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    Importer.Summary s = importer(false, 5000).run(new ByteArrayInputStream(b), b.length,
        () -> { throw new AssertionError("opened"); }, false);
    assertThat(s.exitCode()).isEqualTo(Importer.EXIT_UNREADABLE);
  }

  @Test
  void notUtf8ExitsTwo() throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i < 5000; i++) sb.append("U-").append(i).append(",phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,\n");
    byte[] b = (sb + "B-").getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[b.length + 2];
    System.arraycopy(b, 0, bad, 0, b.length);
    bad[b.length] = (byte) 0xC3;
    bad[b.length + 1] = (byte) 0x28;
    Importer.Summary s = importer(false, 5000).run(new ByteArrayInputStream(bad), bad.length, () -> sent::add, false);
    assertThat(s.exitCode()).isEqualTo(Importer.EXIT_UNREADABLE);
    assertThat(output()).contains("stopped: the file is not valid UTF-8 after line");
    assertThat(sent).isNotEmpty();
    byte[] latin1 = "Mã hồ sơ".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(importer(false, 5000).run(new ByteArrayInputStream(latin1), latin1.length, () -> sent::add, false).exitCode())
        .isEqualTo(Importer.EXIT_UNREADABLE);
    assertThat(output()).contains("the file cannot be imported: the file is not valid UTF-8 text");
  }

  @Test
  void anUnclosedQuoteIsARefusedRow() throws Exception {
    Importer.Summary s = run(HEADER + "A-1,phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,\n\"B-1,x\ny\n");
    assertThat(s).isEqualTo(new Importer.Summary(2, 1, 1, 1, Importer.EXIT_SOME_REFUSED));
    assertThat(output()).contains("refused: line 3: a quoted field is not closed");
  }

  @Test
  void atMostAHundredRefusalsThenACount() throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i < 130; i++) sb.append("R-").append(i).append(",nowhere,ho-tich,ONLINE,05/03/2024,08/03/2024,\n");
    Importer.Summary s = run(sb.toString());
    assertThat(s).isEqualTo(new Importer.Summary(130, 0, 0, 130, Importer.EXIT_SOME_REFUSED));
    assertThat(output().lines().filter(l -> l.startsWith("refused: "))).hasSize(100);
    assertThat(output()).contains("refused: line 101: ").doesNotContain("refused: line 102: ")
        .contains("... and 30 more refused rows");
  }

  @Test
  void progressInPlainLinesWhenNotOnATerminal() throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i < 3000; i++) sb.append("P-").append(i).append(",phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,\n");
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    importer(false, 0).run(new ByteArrayInputStream(b), b.length, () -> sent::add, false);
    List<String> progress = output().lines().filter(l -> l.startsWith("progress: ")).toList();
    assertThat(progress).isNotEmpty().allSatisfy(l -> assertThat(l).matches("progress: [0-9,]+ rows, [0-9,]+ rows/s, \\d+% of the file, about \\d+:\\d\\d left"));
    assertThat(output()).doesNotContain("\r");
    assertThat(sent).hasSize(3000);
  }

  @Test
  void progressOverwritesOneLineOnATerminal() throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i < 1000; i++) sb.append("P-").append(i).append(",phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,\n");
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    importer(true, 0).run(new ByteArrayInputStream(b), b.length, () -> sent::add, false);
    assertThat(output()).contains("\r\033[Kprogress: ").contains("summary: rows read 1000");
  }

  @Test
  void aDryRunSendsNothing() throws Exception {
    byte[] b = Files.readAllBytes(SAMPLE);
    Importer.Summary s = importer(false, 5000).run(new ByteArrayInputStream(b), b.length,
        () -> { throw new AssertionError("opened"); }, true);
    assertThat(s).isEqualTo(new Importer.Summary(16, 10, 24, 6, Importer.EXIT_SOME_REFUSED));
    assertThat(output()).contains("events to send 24");
  }

  @Test
  void undeliveredEventsExitThree() throws Exception {
    byte[] b = (HEADER + "A-1,phuong-rach-gia,ho-tich,ONLINE,05/03/2024,08/03/2024,\n").getBytes(StandardCharsets.UTF_8);
    Importer.Summary s = importer(false, 5000).run(new ByteArrayInputStream(b), b.length, () -> new Importer.Sink() {
      @Override
      public void send(RegisterMapper.Event e) {}

      @Override
      public Importer.Failures finish() {
        return new Importer.Failures(1, "TimeoutException");
      }
    }, false);
    assertThat(s.exitCode()).isEqualTo(Importer.EXIT_NOT_SENT);
    assertThat(output()).contains("not sent: 1 events could not be delivered to Kafka: TimeoutException");
  }
}
