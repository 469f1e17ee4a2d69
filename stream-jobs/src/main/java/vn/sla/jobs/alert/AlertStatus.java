package vn.sla.jobs.alert;

/** Where one rule stands for one unit: quiet, condition holding (not yet long enough), firing. */
public class AlertStatus {
  public static final String OK = "OK";
  public static final String PENDING = "PENDING";
  public static final String FIRING = "FIRING";

  public String state = OK;
  /** Since when the condition holds (PENDING) or when it fired (FIRING). */
  public long since;
  public long timer = Long.MIN_VALUE;
}
