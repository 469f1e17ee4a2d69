package vn.sla.jobs.clock;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes its first input through unchanged and gives it "now" as its watermark: the instants
 * of the second input ({@link InputClock#NOW}), not the input's progress that the first input
 * carried. Downstream of it, event-time timers fire at "now" (due soon, overdue at midnight,
 * today's rollover) even while the progress stands still: on a quiet input, or while last
 * year's history is digested by a job that already follows the wall clock.
 *
 * <p>The records passed through are complete on their own (a unit's summed changes), so
 * their order relative to the new watermark does not matter. The end of a bounded first input
 * still ends the stream: its final watermark goes on.
 */
public class NowWatermarks<T> extends AbstractStreamOperator<T> implements TwoInputStreamOperator<T, Long, T> {
  private transient long now;
  private transient boolean ended;

  @Override
  public void open() throws Exception {
    super.open();
    now = Long.MIN_VALUE;
  }

  @Override
  public void processElement1(StreamRecord<T> element) {
    output.collect(element);
  }

  @Override
  public void processElement2(StreamRecord<Long> element) {
    long n = element.getValue();
    if (n > now && !ended) {
      now = n;
      output.emitWatermark(new Watermark(n));
    }
  }

  @Override
  public void processWatermark1(Watermark mark) {
    if (mark.getTimestamp() == Long.MAX_VALUE && !ended) {
      ended = true;
      output.emitWatermark(mark);
    }
  }

  @Override
  public void processWatermark2(Watermark mark) {
    // The clock stream's own watermark (the progress) is not "now".
  }

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int index) {
    // "Now" never idles: only its own instants move it.
  }
}
