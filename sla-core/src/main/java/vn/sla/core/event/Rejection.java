package vn.sla.core.event;

/** A reason code with a human-readable detail, e.g. MISSING_FIELD: "dueAt is required". */
public record Rejection(RejectReason reason, String detail) {
  public String describe() {
    return reason.name() + ": " + detail;
  }
}
