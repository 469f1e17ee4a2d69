package vn.sla.jobs.output;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Counts data-quality events per reason and emits the absolute count as an InfluxDB line. */
public class QualityCounter extends KeyedProcessFunction<String, QualityMark, String> {
  private transient ValueState<Long> count;

  @Override
  public void open(OpenContext ctx) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
  }

  @Override
  public void processElement(QualityMark m, Context ctx, Collector<String> out) throws Exception {
    Long c = count.value();
    long n = (c == null ? 0 : c) + 1;
    count.update(n);
    long now = ctx.timerService().currentWatermark();
    long at = now == Long.MIN_VALUE || now > 253402300800000L ? System.currentTimeMillis() : now;
    out.collect(Outputs.influxQuality(m.reason, n, at));
  }
}
