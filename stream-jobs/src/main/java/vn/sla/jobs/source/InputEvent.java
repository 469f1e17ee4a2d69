package vn.sla.jobs.source;

import vn.sla.core.event.DossierEvent;

/** A parsed, valid event with what a later dead-letter record would need. */
public class InputEvent {
  public DossierEvent event;
  public byte[] raw;
  public String origin;
  /** Later than the tolerance behind the newest occurredAt seen: applied in arrival order. */
  public boolean late;

  public InputEvent() {}

  public InputEvent(DossierEvent event, byte[] raw, String origin, boolean late) {
    this.event = event;
    this.raw = raw;
    this.origin = origin;
    this.late = late;
  }
}
