package vn.sla.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tag values as InfluxDB 1.x reads them (checked against a real influxd in InfluxWriterIT). */
class OutputsTest {
  @Test
  void tagValuesEscapeWhatTheLineProtocolSplitsOnAndNothingElse() {
    assertThat(Outputs.tag("đất đai, nhà=ở")).isEqualTo("đất\\ đai\\,\\ nhà\\=ở");
    assertThat(Outputs.tag("a\\b")).as("a backslash is not unescaped by 1.x: left alone").isEqualTo("a\\b");
    // What the parser refuses never gets here; if it did, it must not break the line.
    assertThat(Outputs.tag("x\ny")).isEqualTo("x_y");
    assertThat(Outputs.tag("x\\")).isEqualTo("x\\_");
    assertThat(Outputs.tag("")).isEqualTo("_");
    assertThat(Outputs.stringField("a \"b\" \\ c\nd")).isEqualTo("a \\\"b\\\" \\\\ c d");
  }
}
