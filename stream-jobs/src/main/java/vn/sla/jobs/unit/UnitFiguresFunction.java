package vn.sla.jobs.unit;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.dossier.Kind;
import vn.sla.jobs.dossier.UnitDelta;

/**
 * The figures of one unit (its whole subtree), keyed by unitId: live buckets, and per local
 * day the flows and the absolute pending at the end of the day. Emits absolute figures at
 * most once per {@code emitIntervalMillis} of event time per unit, and at local midnight,
 * when "today" rolls over without any new event. A unit-and-field key (InfluxDB only, no
 * screen waits for it) emits at most once per {@code fieldEmitIntervalMillis}.
 */
public class UnitFiguresFunction extends KeyedProcessFunction<String, UnitDelta, UnitOutput> {
  /** Beyond year 9999 the watermark means "end of input", not a date. */
  private static final long FAR_FUTURE = 253402300800000L;

  private final SlaRules rules;
  private final long emitIntervalMillis;
  private final long fieldEmitIntervalMillis;
  private final int retentionDays;

  private transient ValueState<UnitState> state;
  private transient MapState<Integer, DayCounters> days;

  public UnitFiguresFunction(SlaRules rules, long emitIntervalMillis, int retentionDays) {
    this(rules, emitIntervalMillis, emitIntervalMillis, retentionDays);
  }

  public UnitFiguresFunction(SlaRules rules, long emitIntervalMillis, long fieldEmitIntervalMillis, int retentionDays) {
    this.fieldEmitIntervalMillis = fieldEmitIntervalMillis;
    this.rules = rules;
    this.emitIntervalMillis = emitIntervalMillis;
    this.retentionDays = retentionDays;
  }

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("unit", UnitState.class));
    days = getRuntimeContext().getMapState(new MapStateDescriptor<>("days", Types.INT, Types.POJO(DayCounters.class)));
  }

  @Override
  public void processElement(UnitDelta d, Context ctx, Collector<UnitOutput> out) throws Exception {
    UnitState st = state.value();
    if (st == null) st = new UnitState();
    long now = ctx.timerService().currentWatermark();
    int today = today(st, now, d.kind.scope == Kind.Scope.LIVE ? Integer.MIN_VALUE : d.day);
    if (today != Integer.MIN_VALUE) materialize(st, today);
    switch (d.kind.scope) {
      case LIVE -> {
        switch (d.kind) {
          case LIVE_IN_TIME -> st.inTime += d.count;
          case LIVE_DUE_SOON -> st.dueSoon += d.count;
          case LIVE_OVERDUE -> st.overdue += d.count;
          case LIVE_PAUSED -> st.paused += d.count;
          case LIVE_OVERDUE_WITHOUT_APOLOGY -> st.overdueWithoutApology += d.count;
          default -> throw new IllegalStateException(d.kind.name());
        }
        st.liveDirty = true;
      }
      case DAY, STEP -> applyDay(st, d);
    }
    maybeEmit(st, now, ctx, out);
    scheduleMidnight(st, now, ctx);
    state.update(st);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitOutput> out) throws Exception {
    UnitState st = state.value();
    if (st == null) return;
    if (timestamp == st.emitTimer) st.emitTimer = Long.MIN_VALUE;
    long now = ctx.timerService().currentWatermark();
    int before = st.currentDay;
    if (st.currentDay != Integer.MIN_VALUE) materialize(st, today(st, now, st.latestDay));
    if (st.currentDay != before) {
      st.liveDirty = true; // "today" rolled over
      prune(st);
    }
    emit(st, now, ctx.getCurrentKey(), out);
    scheduleMidnight(st, now, ctx);
    state.update(st);
  }

  private int today(UnitState st, long now, int fallback) {
    if (now == Long.MIN_VALUE) return st.currentDay == Integer.MIN_VALUE ? fallback : st.currentDay;
    // End of a bounded input: no clock any more, so the days simply follow what arrives.
    if (now >= FAR_FUTURE) return Math.max(st.currentDay, fallback);
    return Math.max(rules.day(now), st.currentDay);
  }

  /** Extends the dense day range up to {@code today}, carrying pending-at-end forward. */
  private void materialize(UnitState st, int today) throws Exception {
    if (st.currentDay == Integer.MIN_VALUE) {
      DayCounters c = days.get(today);
      if (c == null) c = new DayCounters();
      c.endInTime = c.stepInTime;
      c.endOverdue = c.stepOverdue;
      c.endPaused = c.stepPaused;
      days.put(today, c);
      st.firstDay = today;
      st.currentDay = today;
      return;
    }
    if (today <= st.currentDay) return;
    DayCounters prev = days.get(st.currentDay);
    for (int x = st.currentDay + 1; x <= today; x++) {
      DayCounters c = days.get(x);
      if (c == null) c = new DayCounters();
      c.endInTime = prev.endInTime + c.stepInTime;
      c.endOverdue = prev.endOverdue + c.stepOverdue;
      c.endPaused = prev.endPaused + c.stepPaused;
      days.put(x, c);
      if (!c.isEmpty()) st.dirtyFrom = Math.min(st.dirtyFrom, x);
      prev = c;
    }
    st.currentDay = today;
  }

  private void applyDay(UnitState st, UnitDelta d) throws Exception {
    int day = d.day;
    if (day < st.firstDay) {
      if (st.pruned) {
        day = st.firstDay; // older than the retention: counted on the oldest day still held
      } else {
        for (int x = day; x < st.firstDay; x++) days.put(x, new DayCounters());
        st.firstDay = day;
      }
    }
    st.latestDay = Math.max(st.latestDay, day);
    DayCounters c = days.get(day);
    if (c == null) c = new DayCounters();
    long n = d.count;
    switch (d.kind) {
      case RECEIVED_ONLINE -> c.receivedOnline += n;
      case RECEIVED_IN_PERSON -> c.receivedInPerson += n;
      case RECEIVED_POSTAL -> c.receivedPostal += n;
      case COMPLETED_EARLY -> c.completedEarly += n;
      case COMPLETED_ON_TIME -> c.completedOnTime += n;
      case COMPLETED_LATE -> c.completedLate += n;
      case WITHDRAWN -> c.withdrawn += n;
      case TRANSFERRED_IN -> c.transferredIn += n;
      case TRANSFERRED_OUT -> c.transferredOut += n;
      case PENDING_END_IN_TIME -> c.stepInTime += n;
      case PENDING_END_OVERDUE -> c.stepOverdue += n;
      case PENDING_END_PAUSED -> c.stepPaused += n;
      default -> throw new IllegalStateException(d.kind.name());
    }
    days.put(day, c);
    if (day > st.currentDay) return; // a future step: materialize adds it when the day comes
    if (d.kind.scope == Kind.Scope.STEP) {
      for (int x = day; x <= st.currentDay; x++) {
        DayCounters e = days.get(x);
        switch (d.kind) {
          case PENDING_END_IN_TIME -> e.endInTime += n;
          case PENDING_END_OVERDUE -> e.endOverdue += n;
          default -> e.endPaused += n;
        }
        days.put(x, e);
      }
    }
    st.dirtyFrom = Math.min(st.dirtyFrom, day);
    if (day == st.currentDay) st.liveDirty = true;
  }

  private void maybeEmit(UnitState st, long now, Context ctx, Collector<UnitOutput> out) throws Exception {
    if (!st.liveDirty && st.dirtyFrom == Integer.MAX_VALUE) return;
    if (now == Long.MIN_VALUE) return;
    long interval = interval(ctx.getCurrentKey());
    long slot = floor(now, interval);
    if (st.lastEmitAt == Long.MIN_VALUE || slot >= st.lastEmitAt + interval || now >= FAR_FUTURE) {
      emit(st, now, ctx.getCurrentKey(), out);
    } else if (st.emitTimer == Long.MIN_VALUE) {
      st.emitTimer = st.lastEmitAt + interval;
      ctx.timerService().registerEventTimeTimer(st.emitTimer);
    }
  }

  private long interval(String key) {
    return RollUp.isFieldKey(key) ? fieldEmitIntervalMillis : emitIntervalMillis;
  }

  private static long floor(long now, long interval) {
    return now - Math.floorMod(now, interval);
  }

  private void emit(UnitState st, long now, String unitId, Collector<UnitOutput> out) throws Exception {
    if (st.dirtyFrom != Integer.MAX_VALUE) {
      for (int x = Math.max(st.dirtyFrom, st.firstDay); x <= st.currentDay; x++) {
        DayCounters c = days.get(x);
        if (c == null || (c.isEmpty() && !c.emitted)) continue;
        c.emitted = true;
        days.put(x, c);
        out.collect(UnitOutput.day(unitId, now, x, c.copy()));
      }
      st.dirtyFrom = Integer.MAX_VALUE;
    }
    if (st.liveDirty) {
      out.collect(UnitOutput.live(unitId, now, figures(st, now, unitId)));
      st.liveDirty = false;
    }
    if (now != Long.MIN_VALUE && now < FAR_FUTURE) st.lastEmitAt = floor(now, interval(unitId));
  }

  private UnitFigures figures(UnitState st, long now, String unitId) throws Exception {
    UnitFigures f = new UnitFigures();
    f.unitId = unitId;
    f.asOf = now == Long.MIN_VALUE || now >= FAR_FUTURE ? null : Json.dateTime(now, rules.zone());
    f.date = java.time.LocalDate.ofEpochDay(st.currentDay).toString();
    f.pending.inTime = st.inTime;
    f.pending.dueSoon = st.dueSoon;
    f.pending.overdue = st.overdue;
    f.pending.paused = st.paused;
    f.pending.total = st.pendingTotal();
    f.pending.overdueWithoutApology = st.overdueWithoutApology;
    DayCounters t = days.get(st.currentDay);
    if (t != null) {
      f.today.received = t.received();
      f.today.completed = t.completed();
      f.today.early = t.completedEarly;
      f.today.onTime = t.completedOnTime;
      f.today.late = t.completedLate;
      f.today.withdrawn = t.withdrawn;
    }
    // The month so far: at most 31 day counters, read per emission (a few a second at most).
    java.time.LocalDate first = java.time.LocalDate.ofEpochDay(st.currentDay).withDayOfMonth(1);
    f.monthToDate.from = first.toString();
    for (int x = Math.max((int) first.toEpochDay(), st.firstDay); x <= st.currentDay; x++) {
      DayCounters c = x == st.currentDay ? t : days.get(x);
      if (c == null) continue;
      f.monthToDate.early += c.completedEarly;
      f.monthToDate.onTime += c.completedOnTime;
      f.monthToDate.late += c.completedLate;
    }
    f.monthToDate.completed = f.monthToDate.early + f.monthToDate.onTime + f.monthToDate.late;
    // Pending at the end of today as the report counts it: due soon is still in time.
    f.monthToDate.progressScore766 = vn.sla.core.rules.ProgressScore.of(f.monthToDate.early, f.monthToDate.onTime,
        st.inTime + st.dueSoon, st.paused, f.monthToDate.completed, st.pendingTotal());
    return f;
  }

  /** A point at every midnight while the unit has anything pending, so "today" rolls over. */
  private void scheduleMidnight(UnitState st, long now, Context ctx) throws Exception {
    // At the end of a bounded input the watermark is the end of time: no more days to roll.
    if (st.currentDay == Integer.MIN_VALUE || st.currentDay >= Integer.MAX_VALUE - 1 || now >= FAR_FUTURE) return;
    DayCounters t = days.get(st.currentDay);
    boolean active = st.pendingTotal() != 0 || (t != null && !t.isEmpty());
    if (active) ctx.timerService().registerEventTimeTimer(rules.startOfDay(st.currentDay + 1L));
  }

  /** Days older than the retention are final: drop them from state (their points stay). */
  private void prune(UnitState st) throws Exception {
    int keepFrom = st.currentDay - retentionDays;
    if (st.firstDay >= keepFrom) return;
    for (int x = st.firstDay; x < keepFrom; x++) days.remove(x);
    st.firstDay = keepFrom;
    st.pruned = true;
  }

}
