package vn.sla.jobs.unit;

import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.DayCounters;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.records.UnitChange;
import vn.sla.jobs.records.UnitOutput;

/**
 * The figures of one unit (its whole subtree), keyed by unitId, with "now" as the watermark
 * ({@link vn.sla.jobs.clock.NowWatermarks}).
 *
 * <ul>
 *   <li>Live buckets: the open dossiers arrive as "paused" or "running, due at D"; a running
 *       one's bucket at now follows from D (sla-rules.md), and timers at D less the due-soon
 *       window and at the midnight after D's day move it on, without any new event.
 *   <li>Days: per local day the flows and the steps of pending-at-end, held sparsely; the
 *       absolute pending at the end of each day is the running sum of the steps, worked out
 *       when the day's point is written. History years behind now costs its own days only.
 * </ul>
 *
 * Emits absolute figures at most once per {@code emitIntervalMillis} of now per unit, and when
 * time moves a dossier to another bucket or "today" rolls over. A unit-and-field key (InfluxDB
 * only, no screen waits for it) emits at most once per {@code fieldEmitIntervalMillis}. Every
 * point it writes is checked against the invariants of sla-rules.md first; a breach is counted,
 * logged with unit and day, and marked for the data-quality page.
 */
public class UnitFiguresFunction extends KeyedProcessFunction<String, UnitChange, UnitOutput> {
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("unit-quality") {};
  private static final Logger LOG = LoggerFactory.getLogger(UnitFiguresFunction.class);
  /** A timer that fires at the first "now" there is. */
  private static final long FIRST_NOW = Long.MIN_VALUE + 1;

  private final SlaRules rules;
  private final long emitIntervalMillis;
  private final long fieldEmitIntervalMillis;
  private final long dayEmitIntervalMillis;
  private final int retentionDays;

  private transient ValueState<UnitState> state;
  private transient MapState<Integer, DayCounters> days;
  private transient MapState<Integer, DueDay> dueDays;
  private transient Counter breaches;
  private transient Counter beyondRetention;

  public UnitFiguresFunction(SlaRules rules, long emitIntervalMillis, int retentionDays) {
    this(rules, emitIntervalMillis, emitIntervalMillis, retentionDays);
  }

  public UnitFiguresFunction(SlaRules rules, long emitIntervalMillis, long fieldEmitIntervalMillis, int retentionDays) {
    this(rules, emitIntervalMillis, fieldEmitIntervalMillis, emitIntervalMillis, retentionDays);
  }

  /**
   * @param dayEmitIntervalMillis how often a unit's day points go out at most (never more often
   *     than its live figures): history arriving into a live job changes the pending of every
   *     day from its own up to today, and writing all of those at each live emission was most
   *     of this function's time in a replay
   */
  public UnitFiguresFunction(SlaRules rules, long emitIntervalMillis, long fieldEmitIntervalMillis, long dayEmitIntervalMillis,
      int retentionDays) {
    this.fieldEmitIntervalMillis = fieldEmitIntervalMillis;
    this.dayEmitIntervalMillis = dayEmitIntervalMillis;
    this.rules = rules;
    this.emitIntervalMillis = emitIntervalMillis;
    this.retentionDays = retentionDays;
  }

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("unit", UnitState.class));
    days = getRuntimeContext().getMapState(new MapStateDescriptor<>("days", IntSerializer.INSTANCE, DayCountersSerializer.INSTANCE));
    dueDays = getRuntimeContext().getMapState(new MapStateDescriptor<>("due-days", IntSerializer.INSTANCE, DueDaySerializer.INSTANCE));
    breaches = getRuntimeContext().getMetricGroup().counter("invariantBreaches");
    beyondRetention = getRuntimeContext().getMetricGroup().counter("changesBeyondRetention");
  }

  @Override
  public void processElement(UnitChange c, Context ctx, Collector<UnitOutput> out) throws Exception {
    UnitState st = state.value();
    if (st == null) st = new UnitState();
    long now = ctx.timerService().currentWatermark();
    st.lastNow = Math.max(st.lastNow, now);
    for (int i = 0; i < c.size(); i++) {
      Kind k = c.kind(i);
      switch (k.scope) {
        case LIVE -> live(st, k, c.dues[i], c.counts[i], st.lastNow, ctx);
        case DAY, STEP -> applyDay(st, k, c.days[i], c.counts[i], now, ctx);
      }
    }
    advanceDay(st, now);
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
    st.lastNow = Math.max(st.lastNow, now);
    if (timestamp != FIRST_NOW) moveOn(st, timestamp);
    boolean rolled = advanceDay(st, now);
    String key = ctx.getCurrentKey();
    // Time moving a dossier to another bucket goes out at once; the days at their own pace,
    // except at a rollover (the pruning needs them written).
    emit(st, now, key, rolled || daysDue(st, now, key), ctx, out);
    if (rolled) prune(st);
    scheduleEmit(st, key, ctx);
    scheduleMidnight(st, now, ctx);
    state.update(st);
  }

  // --- live buckets -------------------------------------------------------------------------

  private void live(UnitState st, Kind k, long due, long n, long now, Context ctx) throws Exception {
    st.liveDirty = true;
    if (k == Kind.LIVE_PAUSED) {
      st.paused += n;
      return;
    }
    boolean apology = k == Kind.LIVE_RUNNING_APOLOGY;
    Bucket b = rules.bucket(now, due, false);
    switch (b) {
      case IN_TIME -> st.inTime += n;
      case DUE_SOON -> st.dueSoon += n;
      default -> {
        st.overdue += n;
        if (!apology) st.overdueWithoutApology += n;
        return; // overdue for good: nothing more will happen to it as time passes
      }
    }
    int day = rules.day(due);
    DueDay e = dueDays.get(day);
    if (e == null) e = new DueDay();
    // Timers are registered when a due time (or its day) starts to count; while it counts they are
    // pending (the midnight's removes the day, and "now", which decides the bucket, is never behind
    // the timers fired). Registering again would be a no-op for Flink, after a lookup in its
    // timer set for every dossier: that lookup was a sixth of this function's time.
    boolean dueCounts = e.countAt(due) > 0;
    boolean dayCounts = e.total() > 0;
    e.add(due, n, apology ? 0 : n);
    if (e.isEmpty()) dueDays.remove(day);
    else dueDays.put(day, e);
    if (n > 0) {
      if (b == Bucket.IN_TIME && !dueCounts) ctx.timerService().registerEventTimeTimer(rules.dueSoonFrom(due));
      if (!dayCounts) ctx.timerService().registerEventTimeTimer(rules.overdueFrom(due));
    }
  }

  /**
   * What time alone does at {@code t} (timers fire in order, each at its own instant): the
   * dossiers due at t plus the window become due soon; at a midnight, the ones due the day
   * before become overdue.
   */
  private void moveOn(UnitState st, long t) throws Exception {
    long window = rules.dueSoonMillis();
    if (t <= Long.MAX_VALUE - window) {
      long due = t + window;
      DueDay e = dueDays.get(rules.day(due));
      long n = e == null ? 0 : e.countAt(due);
      if (n != 0) {
        st.inTime -= n;
        st.dueSoon += n;
        st.liveDirty = true;
      }
    }
    int day = rules.day(t - 1);
    if (rules.startOfDay(day + 1L) == t) {
      DueDay e = dueDays.get(day);
      if (e != null) {
        st.dueSoon -= e.total();
        st.overdue += e.total();
        st.overdueWithoutApology += e.totalWithoutApology();
        dueDays.remove(day);
        st.liveDirty = true;
      }
    }
  }

  // --- days ---------------------------------------------------------------------------------

  private void applyDay(UnitState st, Kind k, int day, long n, long now, Context ctx) throws Exception {
    if (day < st.keptFrom) {
      if (k.scope == Kind.Scope.STEP) {
        // Its day is gone, but every later day's pending still changes.
        switch (k) {
          case PENDING_END_IN_TIME -> st.baseInTime += n;
          case PENDING_END_OVERDUE -> st.baseOverdue += n;
          default -> st.basePaused += n;
        }
        st.dirtyFrom = Math.min(st.dirtyFrom, st.keptFrom);
      } else {
        beyondRetention.inc();
        LOG.warn("Unit {}: a {} change for {} is older than the {} days of day counters kept; its day's point stays as it was",
            ctx.getCurrentKey(), k, LocalDate.ofEpochDay(day), retentionDays);
        ctx.output(QUALITY, new QualityMark(QualityMark.BEYOND_RETENTION, now));
      }
      return;
    }
    DayCounters c = days.get(day);
    if (c == null) {
      c = new DayCounters();
      st.hold(day);
    }
    switch (k) {
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
      default -> throw new IllegalStateException(k.name());
    }
    days.put(day, c);
    boolean completion = k == Kind.COMPLETED_EARLY || k == Kind.COMPLETED_ON_TIME || k == Kind.COMPLETED_LATE;
    if (completion) addToMonth(st, k, day, n);
    if (k.scope == Kind.Scope.DAY) st.newestFlowDay = Math.max(st.newestFlowDay, day);
    // A day after today is written when "now" reaches it.
    if (day <= st.currentDay) {
      st.dirtyFrom = Math.min(st.dirtyFrom, day);
      // The live figures show today's counters and the month so far.
      if (day == st.currentDay || completion && day >= firstOfMonth(st.currentDay)) st.liveDirty = true;
    }
  }

  /** Keeps the month's sums right as a completion on a day they cover comes in (the rest is summed when they move on). */
  private static void addToMonth(UnitState st, Kind k, int day, long n) {
    if (st.monthSumsThrough == Integer.MIN_VALUE || day > st.monthSumsThrough || day < firstOfMonth(st.monthSumsThrough)) return;
    switch (k) {
      case COMPLETED_EARLY -> st.monthEarly += n;
      case COMPLETED_ON_TIME -> st.monthOnTime += n;
      default -> st.monthLate += n;
    }
  }

  /** Moves "today" to now's day; returns whether it rolled over. */
  private boolean advanceDay(UnitState st, long now) throws Exception {
    if (now == Long.MIN_VALUE) return false;
    // At the end of a bounded input there is no clock any more: the days follow what arrived.
    int today = now >= SlaRules.END_OF_TIME ? Math.max(st.currentDay, st.newestFlowDay) : Math.max(rules.day(now), st.currentDay);
    if (today == st.currentDay || today == Integer.MIN_VALUE) return false;
    int before = st.currentDay;
    st.currentDay = today;
    st.liveDirty = true;
    // Held days "now" has just reached (future steps, or everything before the first "now") get their points.
    int i = st.firstHeldFrom(before == Integer.MIN_VALUE ? Integer.MIN_VALUE : before + 1);
    if (i < st.heldDays.length && st.heldDays[i] <= today) st.dirtyFrom = Math.min(st.dirtyFrom, st.heldDays[i]);
    // A point for the new day while anything is pending: a report finds the day before nearby.
    if (st.pendingTotal() != 0 && !st.holds(today) && today >= st.keptFrom) {
      days.put(today, new DayCounters());
      st.hold(today);
      st.dirtyFrom = Math.min(st.dirtyFrom, today);
    }
    return true;
  }

  /** Days older than the retention (in the unit's own event time) are final: drop them from state (their points stay). */
  private void prune(UnitState st) throws Exception {
    if (st.newestFlowDay == Integer.MIN_VALUE || st.dirtyFrom != Integer.MAX_VALUE) return;
    int keepFrom = Math.min(st.newestFlowDay - retentionDays, st.currentDay);
    if (keepFrom <= st.keptFrom) return;
    int drop = st.firstHeldFrom(keepFrom);
    if (drop > 0) {
      DayCounters last = days.get(st.heldDays[drop - 1]);
      st.baseInTime = last.endInTime;
      st.baseOverdue = last.endOverdue;
      st.basePaused = last.endPaused;
      for (int j = 0; j < drop; j++) days.remove(st.heldDays[j]);
      st.heldDays = java.util.Arrays.copyOfRange(st.heldDays, drop, st.heldDays.length);
      st.monthSumsThrough = Integer.MIN_VALUE; // the month's sums count held days only: summed again
    }
    st.keptFrom = keepFrom;
  }

  // --- emission -----------------------------------------------------------------------------

  private void maybeEmit(UnitState st, long now, Context ctx, Collector<UnitOutput> out) throws Exception {
    if (!st.liveDirty && st.dirtyFrom == Integer.MAX_VALUE) return;
    if (now == Long.MIN_VALUE) {
      if (st.emitTimer == Long.MIN_VALUE) {
        st.emitTimer = FIRST_NOW;
        ctx.timerService().registerEventTimeTimer(FIRST_NOW);
      }
      return;
    }
    String key = ctx.getCurrentKey();
    long interval = interval(key);
    long slot = floor(now, interval);
    if (st.lastEmitAt == Long.MIN_VALUE || slot >= st.lastEmitAt + interval || now >= SlaRules.END_OF_TIME) {
      boolean withDays = daysDue(st, now, key);
      if (st.liveDirty || withDays) emit(st, now, key, withDays, ctx, out);
    }
    scheduleEmit(st, key, ctx);
  }

  /** Whether the unit's dirty days may go out at {@code now}: their interval has passed, or the input has ended. */
  private boolean daysDue(UnitState st, long now, String key) {
    if (st.dirtyFrom == Integer.MAX_VALUE) return false;
    long interval = dayInterval(key);
    return st.lastDayEmitAt == Long.MIN_VALUE || floor(now, interval) >= st.lastDayEmitAt + interval || now >= SlaRules.END_OF_TIME;
  }

  /** A timer for the next emission whatever is still dirty waits for (the live figures' slot, the days' own). */
  private void scheduleEmit(UnitState st, String key, Context ctx) {
    if (st.lastEmitAt == Long.MIN_VALUE) return;
    long at = Long.MAX_VALUE;
    if (st.liveDirty) at = st.lastEmitAt + interval(key);
    if (st.dirtyFrom != Integer.MAX_VALUE) {
      long dayAt = st.lastDayEmitAt == Long.MIN_VALUE ? st.lastEmitAt : st.lastDayEmitAt + dayInterval(key);
      at = Math.min(at, Math.max(dayAt, st.lastEmitAt + interval(key)));
    }
    if (at == Long.MAX_VALUE) return;
    // One pending emission timer is enough unless this one is earlier (a later one then finds nothing, or the rest, to do).
    if (st.emitTimer == Long.MIN_VALUE || at < st.emitTimer) {
      st.emitTimer = at;
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  private long interval(String key) {
    return RollUp.isFieldKey(key) ? fieldEmitIntervalMillis : emitIntervalMillis;
  }

  private long dayInterval(String key) {
    return Math.max(interval(key), RollUp.isFieldKey(key) ? fieldEmitIntervalMillis : dayEmitIntervalMillis);
  }

  private static long floor(long now, long interval) {
    return now - Math.floorMod(now, interval);
  }

  /** @param withDays whether the dirty days go out too (else they wait, still dirty) */
  private void emit(UnitState st, long now, String unitId, boolean withDays, Context ctx, Collector<UnitOutput> out) throws Exception {
    if (now == Long.MIN_VALUE) return;
    if (withDays && st.dirtyFrom != Integer.MAX_VALUE) {
      int i = st.firstHeldFrom(st.dirtyFrom);
      long inTime = st.baseInTime;
      long overdue = st.baseOverdue;
      long paused = st.basePaused;
      if (i > 0) { // the day before is not dirty: its ends are right
        DayCounters prev = days.get(st.heldDays[i - 1]);
        inTime = prev.endInTime;
        overdue = prev.endOverdue;
        paused = prev.endPaused;
      }
      for (; i < st.heldDays.length && st.heldDays[i] <= st.currentDay; i++) {
        int day = st.heldDays[i];
        DayCounters c = days.get(day);
        long before = inTime + overdue + paused;
        inTime += c.stepInTime;
        overdue += c.stepOverdue;
        paused += c.stepPaused;
        c.endInTime = inTime;
        c.endOverdue = overdue;
        c.endPaused = paused;
        checkDay(unitId, day, c, before, now, ctx);
        if (!c.isEmpty() || c.emitted) {
          c.emitted = true;
          out.collect(UnitOutput.day(unitId, now, day, c.copy()));
        }
        days.put(day, c);
      }
      st.dirtyFrom = Integer.MAX_VALUE;
      if (now < SlaRules.END_OF_TIME) st.lastDayEmitAt = floor(now, dayInterval(unitId));
    }
    if (st.liveDirty) {
      UnitFigures f = figures(st, now, unitId);
      checkLive(unitId, f, now, ctx);
      out.collect(UnitOutput.live(unitId, now, f));
      st.liveDirty = false;
    }
    if (now < SlaRules.END_OF_TIME) st.lastEmitAt = floor(now, interval(unitId));
  }

  private UnitFigures figures(UnitState st, long now, String unitId) throws Exception {
    UnitFigures f = new UnitFigures();
    f.unitId = unitId;
    f.asOf = now >= SlaRules.END_OF_TIME ? null : Json.dateTime(now, rules.zone());
    f.date = st.currentDay == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(st.currentDay).toString();
    f.pending.inTime = st.inTime;
    f.pending.dueSoon = st.dueSoon;
    f.pending.overdue = st.overdue;
    f.pending.paused = st.paused;
    f.pending.total = st.pendingTotal();
    f.pending.overdueWithoutApology = st.overdueWithoutApology;
    if (st.currentDay == Integer.MIN_VALUE) return f;
    DayCounters t = st.holds(st.currentDay) ? days.get(st.currentDay) : null;
    if (t != null) {
      f.today.received = t.received();
      f.today.completed = t.completed();
      f.today.early = t.completedEarly;
      f.today.onTime = t.completedOnTime;
      f.today.late = t.completedLate;
      f.today.withdrawn = t.withdrawn;
    }
    int first = firstOfMonth(st.currentDay);
    f.monthToDate.from = LocalDate.ofEpochDay(first).toString();
    sumMonth(st, first, t);
    f.monthToDate.early = st.monthEarly;
    f.monthToDate.onTime = st.monthOnTime;
    f.monthToDate.late = st.monthLate;
    f.monthToDate.completed = f.monthToDate.early + f.monthToDate.onTime + f.monthToDate.late;
    // Pending at the end of today as the report counts it: due soon is still in time.
    f.monthToDate.progressScore766 = UnitFigures.monthScore(f.monthToDate, f.pending);
    return f;
  }

  /**
   * Brings the month's sums to today: the held days since the day they were summed through, or
   * the whole month again in a new month (or when not summed yet). Between, applyDay keeps
   * them as the day counters change.
   */
  private void sumMonth(UnitState st, int first, DayCounters today) throws Exception {
    if (st.monthSumsThrough == st.currentDay) return;
    int from;
    if (st.monthSumsThrough != Integer.MIN_VALUE && st.monthSumsThrough >= first && st.monthSumsThrough < st.currentDay) {
      from = st.monthSumsThrough + 1;
    } else {
      from = first;
      st.monthEarly = 0;
      st.monthOnTime = 0;
      st.monthLate = 0;
    }
    for (int i = st.firstHeldFrom(from); i < st.heldDays.length && st.heldDays[i] <= st.currentDay; i++) {
      DayCounters c = st.heldDays[i] == st.currentDay && today != null ? today : days.get(st.heldDays[i]);
      st.monthEarly += c.completedEarly;
      st.monthOnTime += c.completedOnTime;
      st.monthLate += c.completedLate;
    }
    st.monthSumsThrough = st.currentDay;
  }

  private static int firstOfMonth(int day) {
    return (int) LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay();
  }

  // --- invariants (sla-rules.md) --------------------------------------------------------------

  /** One day: nothing negative, and pending before + in = out + pending after. */
  private void checkDay(String unitId, int day, DayCounters c, long pendingBefore, long now, Context ctx) {
    long in = c.received() + c.transferredIn;
    long out = c.completed() + c.withdrawn + c.transferredOut;
    boolean negative = c.receivedOnline < 0 || c.receivedInPerson < 0 || c.receivedPostal < 0 || c.completedEarly < 0
        || c.completedOnTime < 0 || c.completedLate < 0 || c.withdrawn < 0 || c.transferredIn < 0 || c.transferredOut < 0
        || c.endInTime < 0 || c.endOverdue < 0 || c.endPaused < 0;
    if (negative || pendingBefore + in != out + c.endTotal()) {
      breach(unitId, "day " + LocalDate.ofEpochDay(day), "pending before " + pendingBefore + ", received " + c.received()
          + ", transferred in " + c.transferredIn + ", completed " + c.completed() + ", withdrawn " + c.withdrawn
          + ", transferred out " + c.transferredOut + ", pending at end " + c.endInTime + "/" + c.endOverdue + "/" + c.endPaused, now, ctx);
    }
  }

  private void checkLive(String unitId, UnitFigures f, long now, Context ctx) {
    var p = f.pending;
    if (p.inTime < 0 || p.dueSoon < 0 || p.overdue < 0 || p.paused < 0 || p.overdueWithoutApology < 0
        || p.overdueWithoutApology > p.overdue || p.total != p.inTime + p.dueSoon + p.overdue + p.paused) {
      breach(unitId, "live at " + f.asOf, "pending " + p.total + " = in time " + p.inTime + " + due soon " + p.dueSoon + " + overdue "
          + p.overdue + " + paused " + p.paused + ", overdue without apology " + p.overdueWithoutApology, now, ctx);
    }
  }

  private void breach(String unitId, String where, String detail, long now, Context ctx) {
    breaches.inc();
    LOG.error("Invariant breach in the figures of unit {}, {}: {}", unitId, where, detail);
    ctx.output(QUALITY, new QualityMark(QualityMark.INVARIANT_BREACH, now));
  }

  /** A point at every midnight while the unit has anything pending, so "today" rolls over. */
  private void scheduleMidnight(UnitState st, long now, Context ctx) throws Exception {
    // At the end of a bounded input the watermark is the end of time: no more days to roll.
    if (st.currentDay == Integer.MIN_VALUE || st.currentDay >= Integer.MAX_VALUE - 1 || now >= SlaRules.END_OF_TIME) return;
    boolean active = st.pendingTotal() != 0;
    if (!active && st.holds(st.currentDay)) active = !days.get(st.currentDay).isEmpty();
    if (!active) return;
    // Once per day, not per change: registering again is a no-op for Flink, after a lookup in
    // its timer set (on RocksDB, a sorted cache and a write): a tenth of this function's time.
    long midnight = rules.startOfDay(st.currentDay + 1L);
    if (midnight == st.midnightTimer) return;
    ctx.timerService().registerEventTimeTimer(midnight);
    st.midnightTimer = midnight;
  }
}
