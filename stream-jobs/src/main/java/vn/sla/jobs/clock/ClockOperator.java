package vn.sla.jobs.clock;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.rules.SlaRules;

/**
 * Publishes the job's "now" (the watermark) once a second, so the dashboard can show asOf
 * and tell a quiet province from a stopped job. Reads no records, only watermarks.
 */
public class ClockOperator<T> extends AbstractStreamOperator<ClockTick> implements OneInputStreamOperator<T, ClockTick> {
  private static final long FAR_FUTURE = 253402300800000L;
  private final SlaRules rules;
  private final long intervalMillis;
  private transient long lastSlot = Long.MIN_VALUE;

  public ClockOperator(SlaRules rules, long intervalMillis) {
    this.rules = rules;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public void processElement(StreamRecord<T> element) {}

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    super.processWatermark(mark);
    long now = mark.getTimestamp();
    if (now == Long.MIN_VALUE || now >= FAR_FUTURE) return;
    long slot = now - Math.floorMod(now, intervalMillis);
    if (slot > lastSlot) {
      lastSlot = slot;
      ClockTick t = new ClockTick();
      t.asOfMillis = now;
      t.asOf = Json.dateTime(now, rules.zone());
      output.collect(new StreamRecord<>(t, now));
    }
  }
}
