package vn.sla.jobs.alert;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * For a side input (the alert rules) that must never hold back the watermark of the stream
 * it is connected to: the watermark of an operator is the minimum of its inputs.
 */
public class NeverHoldsBack<T> implements WatermarkGenerator<T> {
  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(Long.MAX_VALUE));
  }
}
