package vn.sla.jobs.records;

import vn.sla.core.event.DossierEvent;

/** A parsed, valid event with what a later dead-letter record would need. */
@org.apache.flink.api.common.typeinfo.TypeInfo(InputEventSerializer.TypeFactory.class)
public class InputEvent {
  public DossierEvent event;
  public byte[] raw;
  public String origin;
  /** Later than the tolerance behind the input's progress when it arrived: applied in arrival order. */
  public boolean late;
  /**
   * The input's progress (newest occurredAt seen on the whole input, less the tolerance) just
   * before this event arrived, Long.MIN_VALUE before the first. Retentions start from it.
   */
  public long progress = Long.MIN_VALUE;
  /** The job's "now" when it arrived (stamps data-quality counts). */
  public long now = Long.MIN_VALUE;

  public InputEvent() {}

  public InputEvent(DossierEvent event, byte[] raw, String origin, boolean late) {
    this.event = event;
    this.raw = raw;
    this.origin = origin;
    this.late = late;
  }
}
