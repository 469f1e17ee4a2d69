package vn.sla.jobs.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.sla.core.event.RejectReason;
import vn.sla.jobs.output.DeadLetter;
import vn.sla.jobs.output.QualityMark;

/**
 * Sends bad records to the dead letters and marks events that are later than the tolerance
 * behind the newest occurredAt seen (they are applied in arrival order and counted).
 */
public class SplitFunction extends ProcessFunction<ParsedRecord, InputEvent> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("bad-records") {};
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("input-quality") {};

  private final long toleranceMillis;
  private long newest = Long.MIN_VALUE;
  private transient Counter late;
  private transient Map<String, Counter> rejected;

  public SplitFunction(long toleranceMillis) {
    this.toleranceMillis = toleranceMillis;
  }

  @Override
  public void open(OpenContext ctx) {
    late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    rejected = new HashMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r.name(), getRuntimeContext().getMetricGroup().addGroup("rejected").counter(r.metricName()));
    }
  }

  @Override
  public void processElement(ParsedRecord r, Context ctx, Collector<InputEvent> out) {
    if (r.bad != null) {
      Counter c = rejected.get(r.bad.reason);
      if (c != null) c.inc();
      ctx.output(DEAD_LETTERS, r.bad);
      ctx.output(QUALITY, new QualityMark(r.bad.reason));
      return;
    }
    long t = r.ok.event.occurredAt;
    if (newest != Long.MIN_VALUE && t < newest - toleranceMillis) {
      r.ok.late = true;
      late.inc();
      ctx.output(QUALITY, new QualityMark(QualityMark.LATE));
    }
    newest = Math.max(newest, t);
    out.collect(r.ok);
  }
}
