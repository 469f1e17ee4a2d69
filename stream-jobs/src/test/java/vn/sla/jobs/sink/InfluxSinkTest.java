package vn.sla.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfluxSinkTest {
  @Test
  void theSamePointIsTheSameSeriesFieldNamesAndTimestamp() {
    String a = "unit_live,unit=xa-1a pending_total=3i,overdue=1i 1764468000000";
    String b = "unit_live,unit=xa-1a pending_total=4i,overdue=2i 1764468000000";
    assertThat(InfluxSink.pointKey(a)).isEqualTo(InfluxSink.pointKey(b));
    assertThat(InfluxSink.pointKey(a)).isNotEqualTo(InfluxSink.pointKey(b.replace("1764468000000", "1764468001000")));
    assertThat(InfluxSink.pointKey(a)).isNotEqualTo(InfluxSink.pointKey(b.replace("xa-1a", "xa-1b")));
    // other fields: InfluxDB would merge the two, so both are written
    assertThat(InfluxSink.pointKey(a)).isNotEqualTo(InfluxSink.pointKey("unit_live,unit=xa-1a pending_total=4i 1764468000000"));
  }

  @Test
  void escapesAndQuotedStringsAreRead() {
    String a = "alert,unit=x\\ y,rule=r1 message=\"quá hạn, 12 hồ sơ = cao\",level=2i 1764468000000";
    String b = "alert,unit=x\\ y,rule=r1 message=\"khác\",level=3i 1764468000000";
    assertThat(InfluxSink.pointKey(a)).isEqualTo("alert,unit=x\\ y,rule=r1 message,level 1764468000000");
    assertThat(InfluxSink.pointKey(a)).isEqualTo(InfluxSink.pointKey(b));
  }

  @Test
  void aQuoteInAFieldKeyIsPartOfTheName() {
    assertThat(InfluxSink.pointKey("m,t=1 a\"b=1i,c=\"x y\" 5")).isEqualTo("m,t=1 a\"b,c 5");
  }

  @Test
  void theQuickReadingOfPlainLinesAgreesWithTheFullOne() {
    java.util.Random r = new java.util.Random(7);
    String alphabet = "ab=, 1i-_.";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(30);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String line = b.toString();
      assertThat(InfluxSink.plainPointKey(line)).as("'%s'", line).isEqualTo(InfluxSink.escapedPointKey(line));
    }
    String live = "unit_field_live,field=dat-dai,unit=xa-1a pending_total=3i,in_time=1i,due_soon=0i 1764468000000";
    assertThat(InfluxSink.pointKey(live)).isEqualTo("unit_field_live,field=dat-dai,unit=xa-1a pending_total,in_time,due_soon 1764468000000");
  }

  @Test
  void aLineWithoutTimestampIsNeverTheSamePoint() {
    assertThat(InfluxSink.pointKey("unit_live,unit=x pending_total=3i")).isNull();
    assertThat(InfluxSink.pointKey("unit_live")).isNull();
  }
}
