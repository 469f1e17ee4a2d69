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
  void aLineWithoutTimestampIsNeverTheSamePoint() {
    assertThat(InfluxSink.pointKey("unit_live,unit=x pending_total=3i")).isNull();
    assertThat(InfluxSink.pointKey("unit_live")).isNull();
  }
}
