package vn.sla.server.http;

/**
 * A request the server refuses with a status and a message for the caller (400, 403, 404, ...).
 * Thrown by parameter parsing and checks; the router's failure handler answers it as JSON.
 */
public final class HttpError extends RuntimeException {
  public final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false); // no stack trace: it is an answer, not a fault
    this.status = status;
  }
}
