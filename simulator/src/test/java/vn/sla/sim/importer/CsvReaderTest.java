package vn.sla.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  static List<CsvReader.Record> all(String text) throws IOException {
    List<CsvReader.Record> out = new ArrayList<>();
    try (CsvReader r = new CsvReader(new StringReader(text))) {
      for (CsvReader.Record rec; (rec = r.next()) != null; ) out.add(rec);
    }
    return out;
  }

  @Test
  void commaSeparatedWithByteOrderMark() throws IOException {
    List<CsvReader.Record> rows = all("\uFEFFa,b,c\n1,2,3\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).cells()).containsExactly("a", "b", "c");
    assertThat(rows.get(1).cells()).containsExactly("1", "2", "3");
    assertThat(rows.get(1).line()).isEqualTo(2);
  }

  @Test
  void semicolonToldFromTheHeaderLine() throws IOException {
    CsvReader r = new CsvReader(new StringReader("Mã hồ sơ;Ghi chú, khác;c\r\nx;\"1,5\";y\r\n"));
    assertThat(r.next().cells()).containsExactly("Mã hồ sơ", "Ghi chú, khác", "c");
    assertThat(r.separator()).isEqualTo(';');
    assertThat(r.next().cells()).containsExactly("x", "1,5", "y");
    assertThat(r.next()).isNull();
  }

  @Test
  void separatorsInsideQuotedHeadersDoNotCount() throws IOException {
    CsvReader r = new CsvReader(new StringReader("\"a;b;c\",d\n1,2\n"));
    assertThat(r.next().cells()).containsExactly("a;b;c", "d");
    assertThat(r.separator()).isEqualTo(',');
  }

  @Test
  void quotedFieldsWithSeparatorsDoubledQuotesAndLineBreaks() throws IOException {
    List<CsvReader.Record> rows = all("h1,h2,h3\n\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row,here\n");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).cells()).containsExactly("a, b", "say \"hi\"", "two\nlines");
    assertThat(rows.get(1).line()).isEqualTo(2);
    // The record after a field with a line break starts on line 4.
    assertThat(rows.get(2).line()).isEqualTo(4);
    assertThat(rows.get(2).cells()).containsExactly("next", "row", "here");
  }

  @Test
  void trailingEmptyColumnsAndNoFinalLineBreak() throws IOException {
    List<CsvReader.Record> rows = all("a,b,,\n1,2,,\n3,4");
    assertThat(rows.get(0).cells()).containsExactly("a", "b", "", "");
    assertThat(rows.get(1).cells()).containsExactly("1", "2", "", "");
    assertThat(rows.get(2).cells()).containsExactly("3", "4");
  }

  @Test
  void blankLinesAreBlankRecords() throws IOException {
    List<CsvReader.Record> rows = all("a,b\n\n1,2\n,\n");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).blank()).isTrue();
    assertThat(rows.get(2).line()).isEqualTo(3);
    assertThat(rows.get(3).blank()).isTrue();
  }

  @Test
  void anUnclosedQuoteNamesItsLine() throws IOException {
    CsvReader r = new CsvReader(new StringReader("a,b\n1,2\n3,\"open\n4,5\n"));
    r.next();
    r.next();
    assertThatThrownBy(r::next).isInstanceOf(CsvReader.UnclosedQuote.class).hasMessageContaining("line 3");
  }

  @Test
  void emptyInputHasNoRecords() throws IOException {
    assertThat(all("")).isEmpty();
    assertThat(all("\uFEFF")).isEmpty();
  }

  @Test
  void longFilesStreamAcrossBufferRefills() throws IOException {
    StringBuilder sb = new StringBuilder("a;b\n");
    for (int i = 0; i < 20_000; i++) sb.append(i).append(";\"x;").append(i).append("\"\n");
    List<CsvReader.Record> rows = all(sb.toString());
    assertThat(rows).hasSize(20_001);
    assertThat(rows.get(20_000).cells()).containsExactly("19999", "x;19999");
    assertThat(rows.get(20_000).line()).isEqualTo(20_001);
  }
}
