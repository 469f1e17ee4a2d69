package vn.sla.jobs.output;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts data-quality events per reason and writes the absolute count as an InfluxDB line,
 * at most once a second of the job's clock and stamped with that clock (never the wall
 * clock: during a replay that would put early counts after the later ones).
 */
public class QualityCounter extends KeyedProcessFunction<String, QualityMark, String> {
  private static final long FAR_FUTURE = 253402300800000L;
  private transient ValueState<Long> count;
  private transient ValueState<Long> timer;

  @Override
  public void open(OpenContext ctx) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
  }

  @Override
  public void processElement(QualityMark m, Context ctx, Collector<String> out) throws Exception {
    Long c = count.value();
    count.update((c == null ? 0 : c) + 1);
    if (timer.value() == null) {
      long now = ctx.timerService().currentWatermark();
      // The next whole second of "now"; before the first watermark, as soon as there is one.
      long at = now == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : now - Math.floorMod(now, 1000L) + 1000;
      ctx.timerService().registerEventTimeTimer(at);
      timer.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    timer.clear();
    long now = ctx.timerService().currentWatermark();
    if (now >= FAR_FUTURE) now = timestamp == Long.MIN_VALUE + 1 ? 0 : timestamp;
    out.collect(Outputs.influxQuality(ctx.getCurrentKey(), count.value(), now));
  }
}
