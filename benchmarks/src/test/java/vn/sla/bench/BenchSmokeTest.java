package vn.sla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark harness working: a tiny run, no speed asserted (that is the benchmark's job). */
class BenchSmokeTest {
  @Test
  void aTinyRunProducesItsResultLines() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, "UTF-8"));
    try {
      BenchMain.main(new String[] {"--units=../deploy/units-sample.csv", "--days=2", "--dossiers-per-day=300",
          "--run=engine,state,rocksdb"});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString("UTF-8");
    assertThat(out).contains("RESULT engine:").contains("RESULT state (heap):").contains("RESULT state (RocksDB, full snapshot):");
  }
}
