package vn.sla.core.event;

/** Either a valid event or the rejection of the record. */
public record ParseResult(DossierEvent event, Rejection rejection) {
  public static ParseResult ok(DossierEvent e) {
    return new ParseResult(e, null);
  }

  public static ParseResult bad(RejectReason reason, String detail) {
    return new ParseResult(null, new Rejection(reason, detail));
  }

  public boolean isOk() {
    return event != null;
  }
}
