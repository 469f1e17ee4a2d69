package vn.sla.server.http;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The API's query parameters, parsed one way everywhere. A bad one throws {@link HttpError} 400
 * naming the parameter and what it must be.
 */
public final class Params {
  private Params() {}

  /** A period {@code from}..{@code to}, both days included. */
  public record DateRange(LocalDate from, LocalDate to) {
    public long days() {
      return to.toEpochDay() - from.toEpochDay() + 1;
    }
  }

  /**
   * The one rule for date ranges: {@code from} and {@code to} are required dates YYYY-MM-DD,
   * {@code from} is not after {@code to}, and the period counts at most {@code maxDays} days
   * (both ends included).
   */
  public static DateRange dateRange(RoutingContext ctx, int maxDays) {
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    if (from.isAfter(to)) throw new HttpError(400, "from " + from + " is after to " + to);
    DateRange r = new DateRange(from, to);
    if (r.days() > maxDays) throw new HttpError(400, "a period covers at most " + maxDays + " days, " + from + " to " + to + " is " + r.days());
    return r;
  }

  public static LocalDate date(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) throw new HttpError(400, "parameter '" + name + "' (YYYY-MM-DD) is required");
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new HttpError(400, "parameter '" + name + "' must be a date YYYY-MM-DD, got '" + v + "'");
    }
  }

  /** The request's body as a JSON object, or null when it is none (empty, not JSON, an array). */
  public static io.vertx.core.json.JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null) return dflt;
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) return i;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new HttpError(400, "parameter '" + name + "' must be an integer from " + min + " to " + max + ", got '" + v + "'");
  }
}
