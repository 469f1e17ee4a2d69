package vn.sla.jobs.clock;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import vn.sla.jobs.source.ParsedRecord;

/**
 * "Now" of sla-rules.md as a watermark. While the input replays history, the watermark is
 * the newest occurredAt less the tolerance, so nothing fires before its moment. Once the
 * input has caught up (its events are recent, or nothing has arrived for {@code idleMillis}
 * since start or since the last record, and that record was not part of the backlog the topic
 * had when the job started: a pause in the middle of a backlog is a stall of the job, not a
 * quiet input) it follows the wall clock, so overdue at midnight
 * and due soon happen on a quiet input too. It never goes back.
 *
 * <p>While catching up it moves at every {@code catchUpEvery}-th periodic emit only: each
 * watermark sends the summed unit deltas and the figures of every unit touched since the last
 * one, so during a replay (days of event time per second) fewer watermarks mean fewer, larger
 * sums. Live, it moves at every periodic emit: a live event waits for "now" to reach it.
 * (Counted in emits, not wall time, so a test's fixed wall clock still sees "now" move.)
 */
public class ClockFollowingWatermarks implements WatermarkGenerator<ParsedRecord> {
  private final long toleranceMillis;
  private final long idleMillis;
  private final WallClock clock;
  private long newest = Long.MIN_VALUE;
  private long lastRecordWall;
  private boolean inBacklog;
  private boolean live;
  private long emitted = Long.MIN_VALUE;
  private final int catchUpEvery;
  private int skipped;

  public ClockFollowingWatermarks(long toleranceMillis, long idleMillis, int catchUpEvery, WallClock clock) {
    this.catchUpEvery = Math.max(1, catchUpEvery);
    this.toleranceMillis = toleranceMillis;
    this.idleMillis = idleMillis;
    this.clock = clock;
    this.lastRecordWall = clock.now();
  }

  @Override
  public void onEvent(ParsedRecord r, long timestamp, WatermarkOutput out) {
    lastRecordWall = clock.now();
    inBacklog = r.backlog;
    if (r.ok != null) newest = Math.max(newest, timestamp);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput out) {
    long wall = clock.now();
    if (!live && ((newest != Long.MIN_VALUE && newest >= wall - toleranceMillis) || (wall - lastRecordWall >= idleMillis && !inBacklog))) {
      live = true;
    }
    if (!live && emitted != Long.MIN_VALUE && ++skipped < catchUpEvery) return;
    skipped = 0;
    long wm = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - toleranceMillis;
    if (live) wm = Math.max(wm, wall);
    if (wm > emitted) {
      emitted = wm;
      out.emitWatermark(new Watermark(wm));
    }
  }

  public boolean isLive() {
    return live;
  }
}
