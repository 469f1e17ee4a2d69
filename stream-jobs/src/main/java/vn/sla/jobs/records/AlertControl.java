package vn.sla.jobs.records;

/**
 * What the alert rules' operator hears besides the figures, broadcast to every instance: a new
 * rule set (JSON, from the rules topic), or the job's clock (whether it is catching up with its
 * input, and its "now"). A POJO for Flink: exactly one of {@link #rules} and {@link #catchingUp}
 * is set.
 */
public class AlertControl {
  public String rules;
  public Boolean catchingUp;
  public long nowMillis;

  public static AlertControl rules(String json) {
    AlertControl c = new AlertControl();
    c.rules = json;
    return c;
  }

  public static AlertControl clock(boolean catchingUp, long nowMillis) {
    AlertControl c = new AlertControl();
    c.catchingUp = catchingUp;
    c.nowMillis = nowMillis;
    return c;
  }
}
