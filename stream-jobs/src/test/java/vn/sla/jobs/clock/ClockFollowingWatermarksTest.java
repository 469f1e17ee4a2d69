package vn.sla.jobs.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import vn.sla.core.event.DossierEvent;
import vn.sla.jobs.source.InputEvent;
import vn.sla.jobs.source.ParsedRecord;

class ClockFollowingWatermarksTest {
  static final long TOLERANCE = 300_000;
  static final long DAY = 86_400_000;

  long wall = 100 * DAY;
  final List<Long> out = new ArrayList<>();
  final WatermarkOutput output = new WatermarkOutput() {
    @Override
    public void emitWatermark(Watermark w) {
      out.add(w.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  };

  static ParsedRecord event(long occurredAt) {
    DossierEvent e = new DossierEvent();
    e.occurredAt = occurredAt;
    InputEvent in = new InputEvent();
    in.event = e;
    return ParsedRecord.ok(in);
  }

  @Test
  void replayFollowsTheNewestEventLessTheToleranceAtMostEveryCatchUpInterval() {
    ClockFollowingWatermarks g = new ClockFollowingWatermarks(TOLERANCE, 3000, 5, () -> wall);
    long t = 10 * DAY;
    for (int tick = 0; tick < 10; tick++) { // periodic emits 20 ms apart, events a minute of event time apart
      g.onEvent(event(t), t, output);
      g.onPeriodicEmit(output);
      wall += 20;
      t += 60_000;
    }
    // ten periodic emits: a watermark at the first and then at every fifth, each the newest less the tolerance
    assertThat(out).containsExactly(10 * DAY - TOLERANCE, 10 * DAY + 5 * 60_000 - TOLERANCE);
    assertThat(g.isLive()).isFalse();
  }

  @Test
  void liveOnceEventsAreRecentThenEveryEmitFollowsTheWallClock() {
    ClockFollowingWatermarks g = new ClockFollowingWatermarks(TOLERANCE, 3000, 5, () -> wall);
    g.onEvent(event(wall - 1000), wall - 1000, output);
    g.onPeriodicEmit(output);
    assertThat(g.isLive()).isTrue();
    for (int tick = 0; tick < 3; tick++) {
      wall += 20;
      g.onPeriodicEmit(output);
    }
    assertThat(out).containsExactly(100 * DAY, 100 * DAY + 20, 100 * DAY + 40, 100 * DAY + 60);
  }

  @Test
  void aPauseInTheMiddleOfTheBacklogIsAStallNotAQuietInput() {
    ClockFollowingWatermarks g = new ClockFollowingWatermarks(TOLERANCE, 3000, 1, () -> wall);
    ParsedRecord behind = event(10 * DAY);
    behind.backlog = true;
    g.onEvent(behind, 10 * DAY, output);
    g.onPeriodicEmit(output);
    wall += 60_000; // the job stalls for a minute (a long GC, a slow checkpoint, backpressure)
    g.onPeriodicEmit(output);
    assertThat(g.isLive()).as("still catching up").isFalse();
    assertThat(out).containsExactly(10 * DAY - TOLERANCE);
    g.onEvent(event(10 * DAY + 1000), 10 * DAY + 1000, output); // the last record of the backlog
    wall += 3000;
    g.onPeriodicEmit(output);
    assertThat(g.isLive()).as("caught up, then quiet").isTrue();
    assertThat(out).containsExactly(10 * DAY - TOLERANCE, wall);
  }

  @Test
  void aQuietInputGoesLiveAfterTheIdleTimeAndNeverGoesBack() {
    ClockFollowingWatermarks g = new ClockFollowingWatermarks(TOLERANCE, 3000, 5, () -> wall);
    g.onEvent(event(10 * DAY), 10 * DAY, output);
    g.onPeriodicEmit(output);
    wall += 2999;
    g.onPeriodicEmit(output);
    assertThat(g.isLive()).isFalse();
    wall += 1;
    g.onPeriodicEmit(output);
    assertThat(g.isLive()).isTrue();
    assertThat(out).containsExactly(10 * DAY - TOLERANCE, wall);
    g.onEvent(event(11 * DAY), 11 * DAY, output); // an old event after the switch: "now" stays
    g.onPeriodicEmit(output);
    assertThat(out).hasSize(2);
  }
}
