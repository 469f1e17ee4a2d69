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
 *
 * <p>"Seen" is per input partition: how a reader interleaves the partitions of a backlog is
 * arbitrary, so measuring against other partitions would make a replay's result depend on
 * it. Within a partition (where a producer keyed by dossierId keeps a dossier's events) the
 * order is the log's, so a replay gives the same late events as watching it live.
 */
public class SplitFunction extends ProcessFunction<ParsedRecord, InputEvent> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("bad-records") {};
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("input-quality") {};

  private final long toleranceMillis;
  private final Map<String, Long> newest = new HashMap<>();
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
    String partition = partitionOf(r.ok.origin);
    Long seen = newest.get(partition);
    if (seen != null && t < seen - toleranceMillis) {
      r.ok.late = true;
      late.inc();
      ctx.output(QUALITY, new QualityMark(QualityMark.LATE));
    }
    if (seen == null || t > seen) newest.put(partition, t);
    out.collect(r.ok);
  }

  /** "topic/partition" of an origin "topic/partition/offset"; "" when unknown. */
  static String partitionOf(String origin) {
    if (origin == null) return "";
    int i = origin.lastIndexOf('/');
    return i < 0 ? origin : origin.substring(0, i);
  }
}
