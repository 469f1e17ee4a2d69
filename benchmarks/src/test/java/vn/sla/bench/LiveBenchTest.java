package vn.sla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.UnitFigures;

class LiveBenchTest {
  static String figures(String unit, long received) {
    UnitFigures f = new UnitFigures();
    f.unitId = unit;
    f.asOf = "2026-11-30T09:00:00+07:00";
    f.date = "2026-11-30";
    f.pending.total = 12;
    f.today.received = received;
    f.today.completed = 99;
    return Json.write(f);
  }

  @Test
  void readsOneUnitsReceivedWithoutParsingTheMessage() {
    // As the server writes an update (LiveHub.message): units in any order.
    String msg = "{\"v\":1,\"type\":\"update\",\"asOf\":\"2026-11-30T09:00:00+07:00\",\"units\":["
        + figures("tinh", 10807) + "," + figures("xa-1a", 42) + "]}";
    assertThat(LiveBench.receivedOf(msg, "xa-1a")).isEqualTo(42);
    assertThat(LiveBench.receivedOf(msg, "tinh")).isEqualTo(10807);
    assertThat(LiveBench.receivedOf(msg, "xa-1")).isEqualTo(-1); // a prefix of another id is not a match
    assertThat(LiveBench.receivedOf(msg, "huyen")).isEqualTo(-1);
    // a unit without "today" never reads the next unit's number
    String partial = "{\"v\":1,\"type\":\"update\",\"units\":[{\"unitId\":\"a\",\"today\":null}," + figures("b", 7) + "]}";
    assertThat(LiveBench.receivedOf(partial, "a")).isEqualTo(-1);
    assertThat(LiveBench.receivedOf(partial, "b")).isEqualTo(7);
  }
}
