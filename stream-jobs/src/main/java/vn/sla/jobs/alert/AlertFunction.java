package vn.sla.jobs.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.alerts.AlertRule;
import vn.sla.core.alerts.AlertRules;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.AlertControl;

/**
 * Evaluates the alert rules on each unit's live figures, keyed by unit, with the rules as
 * broadcast state (a new rule set arrives on a Kafka topic; a bad one is refused and the
 * running rules stay). Event time throughout, so a replay gives the same alerts: the hold
 * duration is an event-time timer, and time-driven changes (overdue at midnight) arrive as
 * new figures from the unit function. A rule change applies to a unit at its next figures.
 *
 * <p>The job's clock comes in broadcast too. While the job is catching up with its input (an
 * import, a replay, a backlog), every change is marked {@code duringCatchUp}: it goes to the
 * alert history, and delivery sends none of them. When the job has caught up, each alert
 * firing then is published once more, unmarked, with its true start: what holds now is
 * delivered once, what fired and cleared inside the history never.
 */
public class AlertFunction extends KeyedBroadcastProcessFunction<String, UnitFigures, AlertControl, AlertEvent> {
  public static final MapStateDescriptor<String, String> RULES =
      new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);
  public static final OutputTag<String> REFUSED = new OutputTag<>("refused-rules") {};
  private static final String CURRENT = "current";
  /** In the broadcast state: "true" while the job catches up with its input; none yet counts as catching up. */
  private static final String CATCHING_UP = "catchingUp";
  private static final MapStateDescriptor<String, AlertStatus> STATUS =
      new MapStateDescriptor<>("alert-status", Types.STRING, Types.POJO(AlertStatus.class));

  private final UnitRegistry registry;
  private final SlaRules rules;
  private transient MapState<String, AlertStatus> status;
  private transient ValueState<UnitFigures> last;
  private transient String parsedFrom;
  private transient List<AlertRule> parsed;

  public AlertFunction(UnitRegistry registry, SlaRules rules) {
    this.registry = registry;
    this.rules = rules;
  }

  @Override
  public void open(OpenContext ctx) {
    status = getRuntimeContext().getMapState(STATUS);
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-figures", UnitFigures.class));
  }

  @Override
  public void processBroadcastElement(AlertControl c, Context ctx, Collector<AlertEvent> out) throws Exception {
    if (c.catchingUp != null) {
      boolean was = catchingUp(ctx.getBroadcastState(RULES).get(CATCHING_UP));
      ctx.getBroadcastState(RULES).put(CATCHING_UP, String.valueOf(c.catchingUp));
      if (was && !c.catchingUp) caughtUp(Math.max(c.nowMillis, ctx.currentWatermark()), current(ctx.getBroadcastState(RULES).get(CURRENT)), ctx, out);
      return;
    }
    try {
      AlertRules.parse(c.rules, registry);
      ctx.getBroadcastState(RULES).put(CURRENT, c.rules);
    } catch (IllegalArgumentException e) {
      ctx.output(REFUSED, e.getMessage());
    }
  }

  /** What the broadcast state says (the two contexts' states share no type): none yet counts as catching up. */
  private static boolean catchingUp(String stored) {
    return !"false".equals(stored);
  }

  /** The job has caught up: every alert firing now is published again, live, with its true start. */
  private void caughtUp(long now, List<AlertRule> rules, Context ctx, Collector<AlertEvent> out) throws Exception {
    Map<String, AlertRule> byId = new HashMap<>();
    for (AlertRule r : rules) byId.put(r.id, r);
    ctx.applyToKeyedState(STATUS, (unit, statuses) -> {
      UnitFigures f = last.value(); // the key is set to unit while this runs
      if (f == null) return;
      for (Map.Entry<String, AlertStatus> e : statuses.entries()) {
        AlertRule r = byId.get(e.getKey());
        if (r == null || !e.getValue().state.equals(AlertStatus.FIRING)) continue;
        out.collect(event(r, r.id, unit, "FIRING", f, now, e.getValue().since));
      }
    });
  }

  private List<AlertRule> current(ReadOnlyContext ctx) throws Exception {
    return current(ctx.getBroadcastState(RULES).get(CURRENT));
  }

  private List<AlertRule> current(String json) {
    if (json == null) return List.of();
    if (!json.equals(parsedFrom)) {
      parsed = AlertRules.parse(json, registry);
      parsedFrom = json;
    }
    return parsed;
  }

  @Override
  public void processElement(UnitFigures f, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    last.update(f);
    evaluate(f, now(ctx.timerService().currentWatermark(), f), current(ctx), ctx, collector(ctx, out));
  }

  /** Marks what is found while the job catches up. */
  private static Collector<AlertEvent> collector(ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    if (!catchingUp(ctx.getBroadcastState(RULES).get(CATCHING_UP))) return out;
    return new Collector<>() {
      @Override
      public void collect(AlertEvent e) {
        e.duringCatchUp = true;
        out.collect(e);
      }

      @Override
      public void close() {
        out.close();
      }
    };
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    UnitFigures f = last.value();
    if (f == null) return;
    evaluate(f, timestamp, current(ctx), ctx, collector(ctx, out));
  }

  private long now(long watermark, UnitFigures f) {
    if (watermark != Long.MIN_VALUE && watermark < vn.sla.core.rules.SlaRules.END_OF_TIME) return watermark;
    return f.asOf == null ? 0 : java.time.OffsetDateTime.parse(f.asOf).toInstant().toEpochMilli();
  }

  private void evaluate(UnitFigures f, long now, List<AlertRule> rules, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    String unit = ctx.getCurrentKey();
    Map<String, AlertRule> applicable = new HashMap<>();
    for (AlertRule r : rules) if (AlertRules.appliesTo(r, unit, registry)) applicable.put(r.id, r);

    // Rules that were removed or no longer apply: resolve what they fired, forget the rest.
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, AlertStatus> e : status.entries()) if (!applicable.containsKey(e.getKey())) gone.add(e.getKey());
    for (String id : gone) {
      AlertStatus s = status.get(id);
      if (s.state.equals(AlertStatus.FIRING)) out.collect(event(null, id, unit, "RESOLVED", f, now, s.since));
      if (s.timer != Long.MIN_VALUE) ctx.timerService().deleteEventTimeTimer(s.timer);
      status.remove(id);
    }

    for (AlertRule r : applicable.values()) {
      AlertStatus s = status.get(r.id);
      if (s == null) s = new AlertStatus();
      double value = AlertRules.value(r.metric, f);
      boolean enough = f.pending.total >= r.minPending;
      boolean lowerIsWorse = r.metric.lowerIsWorse();
      boolean fires = enough && (lowerIsWorse ? value <= r.fire : value >= r.fire);
      boolean clears = !enough || (lowerIsWorse ? value >= r.clear : value <= r.clear);
      long hold = Duration.parse(r.holdFor).toMillis();
      switch (s.state) {
        case AlertStatus.OK -> {
          if (fires) {
            if (hold == 0) {
              fire(r, s, unit, f, now, out);
            } else {
              s.state = AlertStatus.PENDING;
              s.since = now;
              s.timer = now + hold;
              ctx.timerService().registerEventTimeTimer(s.timer);
            }
          }
        }
        case AlertStatus.PENDING -> {
          if (!fires) {
            ctx.timerService().deleteEventTimeTimer(s.timer);
            s.state = AlertStatus.OK;
            s.timer = Long.MIN_VALUE;
          } else if (now >= s.since + hold) {
            s.timer = Long.MIN_VALUE;
            fire(r, s, unit, f, now, out);
          }
        }
        case AlertStatus.FIRING -> {
          if (clears) {
            out.collect(event(r, r.id, unit, "RESOLVED", f, now, s.since));
            s.state = AlertStatus.OK;
          }
        }
        default -> throw new IllegalStateException(s.state);
      }
      if (s.state.equals(AlertStatus.OK)) status.remove(r.id);
      else status.put(r.id, s);
    }
    if (status.isEmpty() && f.pending.total == 0) last.clear();
  }

  private void fire(AlertRule r, AlertStatus s, String unit, UnitFigures f, long now, Collector<AlertEvent> out) {
    s.state = AlertStatus.FIRING;
    s.since = now;
    out.collect(event(r, r.id, unit, "FIRING", f, now, now));
  }

  private AlertEvent event(AlertRule r, String ruleId, String unit, String state, UnitFigures f, long now, long firedAt) {
    AlertEvent e = new AlertEvent();
    e.ruleId = ruleId;
    e.unitId = unit;
    e.state = state;
    e.alertId = ruleId + "|" + unit + "|" + firedAt;
    e.firedAtMillis = firedAt;
    e.firedAt = Json.dateTime(firedAt, rules.zone());
    e.atMillis = now;
    e.at = Json.dateTime(now, rules.zone());
    e.pending = f.pending.total;
    if (r != null) {
      e.ruleName = r.name;
      e.severity = r.severity.name();
      e.metric = r.metric.name();
      e.value = AlertRules.value(r.metric, f);
      e.threshold = state.equals("FIRING") ? r.fire : r.clear;
    }
    return e;
  }
}
