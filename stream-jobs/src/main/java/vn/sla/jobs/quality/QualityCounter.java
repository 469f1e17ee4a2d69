package vn.sla.jobs.quality;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.sink.Outputs;

/**
 * Counts data-quality events per reason and writes the absolute count as an InfluxDB line,
 * at most once a second (processing time: the count must reach the data-quality page on a
 * quiet input too), stamped with the job's "now" of the newest occurrence (not the wall clock:
 * during a replay that would put early counts after the later ones).
 */
public class QualityCounter extends KeyedProcessFunction<String, QualityMark, String> {
  private transient ValueState<Long> count;
  private transient ValueState<Long> stamp;
  private transient ValueState<Long> timer;

  @Override
  public void open(OpenContext ctx) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    stamp = getRuntimeContext().getState(new ValueStateDescriptor<>("stamp", Types.LONG));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
  }

  @Override
  public void processElement(QualityMark m, Context ctx, Collector<String> out) throws Exception {
    Long c = count.value();
    count.update((c == null ? 0 : c) + 1);
    Long s = stamp.value();
    if (m.at != Long.MIN_VALUE && (s == null || m.at > s)) stamp.update(m.at);
    if (timer.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + 1000;
      ctx.timerService().registerProcessingTimeTimer(at);
      timer.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    timer.clear();
    Long s = stamp.value();
    // Only marks whose "now" is not known yet (before the job's first clock move): the wall clock is all there is.
    long at = s != null ? s : timestamp;
    out.collect(Outputs.influxQuality(ctx.getCurrentKey(), count.value(), at));
  }
}
