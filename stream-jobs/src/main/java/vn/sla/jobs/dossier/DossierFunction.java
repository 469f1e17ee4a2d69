package vn.sla.jobs.dossier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventType;
import vn.sla.core.event.RejectReason;
import vn.sla.core.event.Rejection;
import vn.sla.core.figures.DossierStatus;
import vn.sla.core.figures.DossierTimeline;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.JsonText;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.Kind;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.records.StatusRecord;
import vn.sla.jobs.records.UnitDelta;

/**
 * The lifecycle of one dossier, keyed by dossierId. Each arrival re-evaluates the dossier
 * with {@link DossierHistory} and emits the difference to what it emitted before: unit deltas
 * on the main output (day counters, and the dossier's live contribution: where it is open,
 * paused or running with which due time), the dossier's status and rejected records on side
 * outputs.
 *
 * <p>Its watermark is the input's progress ({@link vn.sla.jobs.clock.InputClock}), never the
 * wall clock, and its only timers are on it: once the progress passes an event's lifecycle
 * position, nothing can come before that event any more, so a refusal becomes final (dead
 * letter), an accepted event's original bytes are dropped, and a closed dossier shrinks to a
 * tombstone, which goes after the retention of input time. History that arrives after the
 * job went live is therefore ordered and refused exactly as in a replay from empty state.
 * Nothing here waits for "now": the unit figures place each due time in its bucket.
 *
 * <p>An event's original bytes wait for the progress in {@link PendingOriginals}, beside the
 * keyed state: a dossier's timers are only for its pending refusals, its closing and its
 * retention, not one per event.
 */
public class DossierFunction extends KeyedProcessFunction<String, InputEvent, UnitDelta> implements CheckpointedFunction {
  public static final OutputTag<StatusRecord> STATUS = new OutputTag<>("dossier-status") {};
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("quality") {};
  /** The dossier's timeline for the dossier-timeline topic (json null: tombstone); see {@link DossierTimeline}. */
  public static final OutputTag<StatusRecord> TIMELINE = new OutputTag<>("dossier-timeline") {};

  private final SlaRules rules;
  private final long retentionMillis;

  /** Each dossier packed in one array (or, restored from an earlier layout, as the objects read): see {@link PackedDossierSerializer}. */
  private transient ValueState<Object> state;
  private transient PackedDossierSerializer packing;
  private transient DossierHistory history;
  private transient Counter duplicates;
  private transient Map<RejectReason, Counter> rejected;
  /** Timers that took the short path (a test checks it is taken). */
  private transient long settled;
  private transient long appliedInOrder;
  /** Original bytes of the events that may still be refused (see {@link PendingOriginals}), and their checkpoint. */
  private transient PendingOriginals originals;
  private transient ListState<byte[]> originalsState;

  private final boolean timeline;
  /** Whether a timer that only settles accepted events skips the re-evaluation (see {@link #settleOnly}); off only in the test that compares both. */
  private final boolean settleWithoutReplay;
  /**
   * Whether new events keep their original bytes in the keyed state, each with a timer to
   * forget them, as before {@link PendingOriginals}: only the test that compares both ways
   * sets it. State restored from that version holds such events either way, and they settle
   * as they did.
   */
  private final boolean originalsInState;
  /** Whether an event in order is applied alone ({@link #applyNext}); off only in the test that compares it with the replay. */
  private final boolean incremental;

  public DossierFunction(SlaRules rules, long retentionMillis) {
    this(rules, retentionMillis, true);
  }

  /** @param timeline whether to publish each dossier's timeline ({@link #TIMELINE}); a job without its topic saves the work */
  public DossierFunction(SlaRules rules, long retentionMillis, boolean timeline) {
    this(rules, retentionMillis, timeline, true);
  }

  DossierFunction(SlaRules rules, long retentionMillis, boolean timeline, boolean settleWithoutReplay) {
    this(rules, retentionMillis, timeline, settleWithoutReplay, false);
  }

  DossierFunction(SlaRules rules, long retentionMillis, boolean timeline, boolean settleWithoutReplay, boolean originalsInState) {
    this(rules, retentionMillis, timeline, settleWithoutReplay, originalsInState, true);
  }

  DossierFunction(SlaRules rules, long retentionMillis, boolean timeline, boolean settleWithoutReplay, boolean originalsInState,
      boolean incremental) {
    this.incremental = incremental;
    this.rules = rules;
    this.retentionMillis = retentionMillis;
    this.timeline = timeline;
    this.settleWithoutReplay = settleWithoutReplay;
    this.originalsInState = originalsInState;
  }

  @Override
  public void initializeState(FunctionInitializationContext ctx) throws Exception {
    originals = new PendingOriginals();
    // Union: after a rescale a dossier's bytes may come from any former subtask; each keeps its own dossiers'.
    originalsState = ctx.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>("pending-originals", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    if (ctx.isRestored()) {
      org.apache.flink.api.common.TaskInfo task = getRuntimeContext().getTaskInfo();
      int max = task.getMaxNumberOfParallelSubtasks();
      int parallelism = task.getNumberOfParallelSubtasks();
      int index = task.getIndexOfThisSubtask();
      originals.restore(originalsState.get(), id -> KeyGroupRangeAssignment.assignKeyToParallelOperator(id, max, parallelism) == index);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
    originalsState.update(originals.encode());
  }

  @Override
  public void open(OpenContext ctx) {
    packing = new PackedDossierSerializer();
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("dossier", packing));
    history = new DossierHistory(rules);
    if (originals == null) originals = new PendingOriginals(); // initializeState comes first wherever the function runs
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
    rejected = new HashMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, getRuntimeContext().getMetricGroup().addGroup("rejected").counter(r.metricName()));
    }
  }

  /** The current dossier's state, unpacked: changes to it count once {@link #save}d. */
  private DossierState load() throws Exception {
    return packing.unpack(state.value());
  }

  private void save(DossierState st) throws Exception {
    state.update(packing.pack(st));
  }

  @Override
  public void processElement(InputEvent in, Context ctx, Collector<UnitDelta> out) throws Exception {
    // Every timer up to the progress has fired: what it settled needs no bytes any more.
    originals.expireThrough(ctx.timerService().currentWatermark());
    DossierState st = load();
    if (st != null && (st.closed || st.events.length == 0) && in.progress >= st.cleanupAt) {
      // The retention had passed when this event arrived (its timer may not have fired yet):
      // judged on the arrival, so a replay forgets the same dossiers at the same records.
      deleteTimer(st, ctx);
      forgetTimeline(st, ctx.getCurrentKey(), ctx);
      st = null;
    }
    if (st == null) {
      st = new DossierState();
      st.lifecycle = new DossierHistory.Lifecycle(); // nothing applied yet: its RECEIVED can be applied alone
    }
    st.arrivedAtProgress = Math.max(st.arrivedAtProgress, in.progress);
    DossierEvent e = in.event;
    if (st.closed) {
      onClosedDossier(st, in, ctx);
      return;
    }
    long id = EventIds.fingerprint(e.eventId);
    for (StoredEvent s : st.events) {
      if (s.idHash == id) {
        duplicate(ctx, in);
        save(st); // its arrival still moves the retention's start
        return;
      }
    }
    if (EventIds.contains(st.rejectedEventHashes, id)) {
      duplicate(ctx, in);
      save(st);
      return;
    }
    long orderKey = e.occurredAt;
    if (in.late) {
      // Applied in arrival order: after everything the dossier already has.
      for (StoredEvent s : st.events) orderKey = Math.max(orderKey, s.orderKey);
    }
    StoredEvent[] events = Arrays.copyOf(st.events, st.events.length + 1);
    StoredEvent added;
    if (originalsInState) {
      added = StoredEvent.of(e, st.nextSeq++, orderKey, in.raw, in.origin);
    } else {
      added = StoredEvent.of(e, st.nextSeq++, orderKey, null, null);
      originals.put(ctx.getCurrentKey(), id, orderKey, in.raw, in.origin);
    }
    events[st.events.length] = added;
    long progress = ctx.timerService().currentWatermark();
    boolean next = incremental && isNext(st, added, progress);
    st.events = events;
    if (next) applyNext(st, added, progress, ctx, out);
    else reevaluate(st, progress, ctx, out);
  }

  /**
   * Whether an arrival can be applied after the dossier's lifecycle as it stands, alone: it
   * comes after every event held (the common case: a dossier's events arrive in the order they
   * happen), the progress has not passed it (nothing to settle on arrival), and the dossier's
   * RECEIVED is applied or this is it. Anything else replays the dossier's events.
   */
  private static boolean isNext(DossierState st, StoredEvent added, long progress) {
    DossierHistory.Lifecycle lc = st.lifecycle;
    if (lc == null || isSettled(added, progress)) return false;
    if (lc.status == DossierHistory.Status.NONE
        && (added.type != EventType.RECEIVED || st.events.length > 0 || st.rejectedEventHashes.length > 0 || refused(st).length > 0)) {
      return false;
    }
    for (StoredEvent s : st.events) {
      if (s.orderKey > added.orderKey) return false;
    }
    return true;
  }

  /**
   * The in-order arrival ({@link #isNext}): the lifecycle moves on by this one event and the
   * facts by what it changes ({@link DossierHistory#applyNext}), with no replay, no sort and no
   * diff of the facts. The events before it stand as they were: their refusals and their
   * settling are unchanged by a later event, and their timer is already registered.
   * {@code IncrementalApplyTest} checks that this emits what the replay does.
   */
  private void applyNext(DossierState st, StoredEvent added, long progress, Context ctx, Collector<UnitDelta> out) throws Exception {
    appliedInOrder++;
    DossierHistory.Lifecycle lc = st.lifecycle;
    Map<Fact.Key, Integer> change = new HashMap<>(8);
    Rejection r = history.applyNext(lc, added, change);
    added.rejectReason = r == null ? null : r.reason().name();
    emitFactChange(st, change, out);
    String dossierId = ctx.getCurrentKey();
    emitLiveChange(st, lc, out);
    emitStatusChange(st, lc, dossierId, ctx);
    emitTimeline(st, lc, dossierId, ctx);
    // The earlier events' timer (a pending refusal, the closing) is at or before this event.
    long next = st.timer == Long.MIN_VALUE ? Long.MAX_VALUE : st.timer;
    if (r != null || added.raw != null) next = Math.min(next, added.orderKey);
    if (lc.isClosed() && (progress == Long.MIN_VALUE || progress < lc.closedOrderKey)) next = Math.min(next, lc.closedOrderKey);
    register(st, next, ctx);
    save(st);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDelta> out) throws Exception {
    DossierState st = load();
    if (st == null) return;
    st.timer = Long.MIN_VALUE;
    long progress = ctx.timerService().currentWatermark();
    if (st.closed || st.events.length == 0) { // a tombstone, or only rejected event ids kept
      if (progress >= st.cleanupAt) {
        forgetTimeline(st, ctx.getCurrentKey(), ctx);
        state.clear();
      } else {
        register(st, st.cleanupAt, ctx);
        save(st);
      }
      return;
    }
    if (incremental && closeOnly(st, progress, ctx)) return;
    if (settleWithoutReplay && settleOnly(st, progress, ctx)) return;
    reevaluate(st, progress, ctx, out);
  }

  /**
   * The timer of a closing: the progress has passed the event that completed or withdrew the
   * dossier and no refusal is pending, so it shrinks to its tombstone. A replay would find what
   * the last arrival found (nothing arrived since: the same facts, standing, status and
   * timeline) and emit nothing; only the closing is left to do.
   *
   * @return false, having changed nothing, when the dossier needs the full re-evaluation
   */
  private boolean closeOnly(DossierState st, long progress, Context ctx) throws Exception {
    DossierHistory.Lifecycle lc = st.lifecycle;
    if (lc == null || !lc.isClosed() || progress == Long.MIN_VALUE || progress < lc.closedOrderKey) return false;
    // A timeline not published yet (the job ran without the timeline before a restart): the replay publishes it.
    if (timeline && !st.timelinePublished) return false;
    for (StoredEvent s : st.events) {
      if (s.rejectReason != null || s.raw != null) return false;
    }
    tombstone(st, lc, ctx);
    return true;
  }

  /** The dossier closed and settled: only what recognises its events again stays, until the retention passes. */
  private void tombstone(DossierState st, DossierHistory.Lifecycle lc, Context ctx) throws Exception {
    st.closed = true;
    st.closedStatus = lc.status.name();
    st.closedEventHashes = java.util.stream.LongStream.concat(Arrays.stream(st.events).mapToLong(s -> s.idHash),
        Arrays.stream(st.rejectedEventHashes)).toArray();
    st.rejectedEventHashes = DossierState.NO_LONGS;
    st.cleanupAt = plus(Math.max(lc.closedOrderKey, st.arrivedAtProgress), retentionMillis);
    st.events = DossierState.NO_EVENTS;
    st.refused = DossierState.NO_EVENTS;
    st.facts = DossierState.NO_FACTS;
    st.lifecycle = null;
    register(st, st.cleanupAt, ctx);
    save(st);
  }

  /**
   * The common timer: the progress passed accepted events of an open dossier, whose original
   * bytes can go. An evaluation depends on the events alone, which have not changed since the
   * last one (every arrival re-evaluates), so replaying them would emit nothing and keep every
   * event: only the settling is left to do. Anything else (a refusal to settle, a closing
   * event) takes the full re-evaluation.
   *
   * @return false, having changed nothing, when the dossier needs the full re-evaluation
   */
  private boolean settleOnly(DossierState st, long progress, Context ctx) throws Exception {
    for (StoredEvent s : st.events) {
      if (s.rejectReason != null || s.type == EventType.COMPLETED || s.type == EventType.WITHDRAWN || s.type == EventType.RETURNED) {
        return false;
      }
    }
    long pendingRaw = Long.MAX_VALUE;
    for (StoredEvent s : st.events) {
      if (isSettled(s, progress)) {
        s.forgetOriginal();
      } else if (s.raw != null) {
        pendingRaw = Math.min(pendingRaw, s.orderKey);
      }
    }
    register(st, pendingRaw, ctx);
    save(st);
    settled++;
    return true;
  }

  /** Whether the progress has passed the event's lifecycle position: no event can come before it any more. */
  private static boolean isSettled(StoredEvent s, long progress) {
    return progress != Long.MIN_VALUE && progress >= s.orderKey;
  }

  long settledWithoutReplay() {
    return settled;
  }

  /** Arrivals applied alone, without the replay (a test checks the path is taken). */
  long appliedInOrder() {
    return appliedInOrder;
  }

  /** How many events' original bytes this subtask holds. */
  int originalsHeld() {
    return originals.size();
  }

  private void onClosedDossier(DossierState st, InputEvent in, Context ctx) throws Exception {
    DossierEvent e = in.event;
    long id = EventIds.fingerprint(e.eventId);
    if (EventIds.contains(st.closedEventHashes, id)) {
      duplicate(ctx, in);
      save(st);
      return;
    }
    if (e.type == EventType.RETURNED && !st.closedStatus.equals(DossierHistory.Status.WITHDRAWN.name())) {
      st.closedStatus = DossierHistory.Status.RETURNED.name();
      st.closedEventHashes = EventIds.append(st.closedEventHashes, id);
      timelineAddendum(st, StoredEvent.of(e, 0, e.occurredAt, null, null), ctx);
      save(st);
      return;
    }
    Rejection r =
        st.closedStatus.equals(DossierHistory.Status.WITHDRAWN.name())
            ? new Rejection(RejectReason.AFTER_WITHDRAWN, e.type + " after the dossier was WITHDRAWN")
            : new Rejection(RejectReason.AFTER_COMPLETED, e.type + " after the dossier was COMPLETED");
    deadLetter(ctx, e.dossierId, in.raw, r, in.origin, in.now);
    StoredEvent refused = StoredEvent.of(e, 0, e.occurredAt, null, null);
    refused.rejectReason = r.reason().name();
    timelineAddendum(st, refused, ctx);
    st.closedEventHashes = EventIds.append(st.closedEventHashes, id); // its repeat is a duplicate, not a second dead letter
    save(st);
  }

  /** @param progress the input's progress: events at or before it in the lifecycle are final */
  private void reevaluate(DossierState st, long progress, Context ctx, Collector<UnitDelta> out) throws Exception {
    DossierHistory.Evaluation ev = history.evaluate(st.events);
    String dossierId = ctx.getCurrentKey();

    emitFactChange(st, Fact.diff(st.facts, ev.facts), out);
    emitLiveChange(st, ev, out);
    emitStatusChange(st, ev, dossierId, ctx);

    // An event is final once the progress has passed its position: no event can come before it.
    List<StoredEvent> keep = new ArrayList<>(ev.sorted.size());
    List<StoredEvent> refusedNow = new ArrayList<>();
    long pendingRejection = Long.MAX_VALUE;
    long pendingRaw = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < ev.sorted.size(); i++) {
      StoredEvent s = ev.sorted.get(i);
      Rejection r = ev.rejections[i];
      boolean settled = isSettled(s, progress);
      s.rejectReason = r == null ? null : r.reason().name();
      if (r != null) {
        if (settled) {
          byte[] raw = s.raw;
          String origin = s.origin;
          PendingOriginals.Entry kept = originals.take(dossierId, s.idHash);
          if (raw == null && kept != null) {
            raw = kept.raw;
            origin = kept.origin;
          }
          deadLetter(ctx, dossierId, raw, r, origin, Long.MIN_VALUE);
          st.rejectedEventHashes = EventIds.append(st.rejectedEventHashes, s.idHash);
          latest = Math.max(latest, s.orderKey);
          s.forgetOriginal();
          refusedNow.add(s);
          continue;
        }
        pendingRejection = Math.min(pendingRejection, s.orderKey);
      } else if (settled) {
        s.forgetOriginal(); // accepted for good
      } else if (s.raw != null) {
        pendingRaw = Math.min(pendingRaw, s.orderKey);
      }
      keep.add(s);
    }
    st.events = keep.toArray(DossierState.NO_EVENTS);
    st.lifecycle = ev.copy(); // refused events never moved the lifecycle: it stands as after the events kept
    if (!refusedNow.isEmpty()) {
      StoredEvent[] all = Arrays.copyOf(refused(st), refused(st).length + refusedNow.size());
      for (int i = 0; i < refusedNow.size(); i++) all[all.length - refusedNow.size() + i] = refusedNow.get(i);
      st.refused = all;
    }
    emitTimeline(st, ev, dossierId, ctx);

    if (st.events.length == 0) {
      // Nothing valid ever arrived for this key: keep only the rejected ids, for duplicates, until the retention passes.
      st.facts = DossierState.NO_FACTS;
      st.lifecycle = null;
      st.cleanupAt = plus(Math.max(latest, st.arrivedAtProgress), retentionMillis);
      register(st, st.cleanupAt, ctx);
      save(st);
      return;
    }
    if (ev.isClosed() && pendingRejection == Long.MAX_VALUE && progress != Long.MIN_VALUE && progress >= ev.closedOrderKey) {
      tombstone(st, ev, ctx);
      return;
    }

    // Everything still waiting is beyond the progress (else it would have settled above): a closed
    // dossier past its closing event waits for its pending refusals only.
    long next = Math.min(pendingRejection, pendingRaw);
    if (ev.isClosed() && (progress == Long.MIN_VALUE || progress < ev.closedOrderKey)) next = Math.min(next, ev.closedOrderKey);
    register(st, next, ctx);
    save(st);
  }

  private static long plus(long t, long d) {
    long r = t + d;
    return t > 0 && r < t ? Long.MAX_VALUE : r;
  }

  /** What the dossier's facts changed by (net per counter): each to the unit deltas, and into the facts kept. */
  private static void emitFactChange(DossierState st, Map<Fact.Key, Integer> change, Collector<UnitDelta> out) {
    if (change.isEmpty()) return;
    for (Map.Entry<Fact.Key, Integer> c : change.entrySet()) emit(c.getKey(), c.getValue(), out);
    st.facts = Fact.plus(st.facts, change);
  }

  private static void emit(Fact.Key k, int delta, Collector<UnitDelta> out) {
    out.collect(new UnitDelta(k.unitId(), k.kind(), k.day(), delta, k.otherUnitId(), k.field()));
  }

  /** Where the dossier counts among the open ones: its unit, and paused or running with its due time. */
  private void emitLiveChange(DossierState st, DossierHistory.Lifecycle ev, Collector<UnitDelta> out) {
    String unit = ev.isOpen() ? ev.holder : null;
    String field = ev.isOpen() ? ev.field : null;
    boolean paused = ev.isOpen() && ev.paused;
    // While paused neither the due time nor an apology changes a figure.
    long due = ev.isOpen() && !paused ? ev.due : 0;
    boolean apology = ev.isOpen() && !paused && ev.apology;
    if (Objects.equals(unit, st.liveUnit) && Objects.equals(field, st.liveField) && paused == st.livePaused && due == st.liveDue
        && apology == st.liveApology) {
      return;
    }
    if (st.liveUnit != null) out.collect(live(st.liveUnit, st.livePaused, st.liveDue, st.liveApology, st.liveField, -1));
    if (unit != null) out.collect(live(unit, paused, due, apology, field, 1));
    st.liveUnit = unit;
    st.liveField = field;
    st.livePaused = paused;
    st.liveDue = due;
    st.liveApology = apology;
  }

  private static UnitDelta live(String unit, boolean paused, long due, boolean apology, String field, int delta) {
    if (paused) return UnitDelta.live(unit, Kind.LIVE_PAUSED, 0, delta, field);
    return UnitDelta.live(unit, apology ? Kind.LIVE_RUNNING_APOLOGY : Kind.LIVE_RUNNING, due, delta, field);
  }

  private void emitStatusChange(DossierState st, DossierHistory.Lifecycle ev, String dossierId, Context ctx) {
    if (!ev.isOpen()) {
      if (st.statusPublished) {
        ctx.output(STATUS, new StatusRecord(dossierId, null));
        st.statusPublished = false;
        st.statusHash = 0;
      }
      return;
    }
    String key = ev.holder + '|' + ev.paused + '|' + ev.due + '|' + ev.apology + '|' + ev.receivedAt + '|' + ev.field + '|' + ev.channel
        + '|' + ev.procedureCode + '|' + ev.receivingUnit;
    long hash = EventIds.fingerprint(key);
    if (st.statusPublished && hash == st.statusHash) return;
    DossierStatus s = new DossierStatus();
    s.dossierId = dossierId;
    s.unitId = ev.holder;
    s.receivingUnitId = ev.receivingUnit;
    s.field = ev.field;
    s.procedureCode = ev.procedureCode;
    s.channel = ev.channel.name();
    s.receivedAt = Json.dateTime(ev.receivedAt, rules.zone());
    s.dueAt = Json.dateTime(ev.due, rules.zone());
    s.dueAtMillis = ev.due;
    s.paused = ev.paused;
    s.apologyIssued = ev.apology;
    ctx.output(STATUS, new StatusRecord(dossierId, JsonText.status(s)));
    st.statusPublished = true;
    st.statusHash = hash;
  }

  private static StoredEvent[] refused(DossierState st) {
    return st.refused == null ? DossierState.NO_EVENTS : st.refused;
  }

  /**
   * The dossier's timeline, when it changed: its standing and every event held (applied, or
   * refused with the reason code), in lifecycle order. Nothing for a key never received.
   */
  private void emitTimeline(DossierState st, DossierHistory.Lifecycle ev, String dossierId, Context ctx) {
    if (!timeline) return;
    if (ev.status == DossierHistory.Status.NONE) {
      if (st.timelinePublished) forgetTimeline(st, dossierId, ctx);
      return;
    }
    DossierTimeline t = new DossierTimeline();
    t.dossierId = dossierId;
    t.status = switch (ev.status) {
      case OPEN -> "OPEN";
      case WITHDRAWN -> "WITHDRAWN";
      default -> "COMPLETED";
    };
    if (ev.outcome != null) t.outcome = outcomeName(ev.outcome);
    t.unitId = ev.holder;
    t.receivingUnitId = ev.receivingUnit;
    t.field = ev.field;
    t.procedureCode = ev.procedureCode;
    t.channel = ev.channel == null ? null : ev.channel.name();
    t.receivedAt = Json.dateTime(ev.receivedAt, rules.zone());
    t.dueAt = Json.dateTime(ev.due, rules.zone());
    t.dueAtMillis = ev.due;
    t.paused = ev.isOpen() && ev.paused;
    t.apologyIssued = ev.apology;
    if (ev.isClosed()) t.closedAt = Json.dateTime(ev.closedAt, rules.zone());
    List<StoredEvent> all = new ArrayList<>(st.events.length + refused(st).length);
    all.addAll(Arrays.asList(st.events));
    all.addAll(Arrays.asList(refused(st)));
    all.sort(DossierHistory.LIFECYCLE_ORDER);
    t.events = all.stream().map(this::timelineEvent).toArray(DossierTimeline.Event[]::new);
    String json = JsonText.timeline(t);
    long hash = EventIds.textHash(json);
    if (st.timelinePublished && hash == st.timelineHash) return;
    ctx.output(TIMELINE, new StatusRecord(dossierId, json));
    st.timelinePublished = true;
    st.timelineHash = hash;
  }

  static String outcomeName(vn.sla.core.rules.Outcome o) {
    return switch (o) {
      case EARLY -> "early";
      case ON_TIME -> "onTime";
      case LATE -> "late";
    };
  }

  private DossierTimeline.Event timelineEvent(StoredEvent s) {
    DossierTimeline.Event e = new DossierTimeline.Event();
    e.eventId = s.eventId;
    e.type = s.type.name();
    e.occurredAt = Json.dateTime(s.occurredAt, rules.zone());
    if (s.type == EventType.RECEIVED) e.unitId = s.unitId;
    if (s.type == EventType.TRANSFERRED) e.toUnitId = s.toUnitId;
    if (s.dueAt != null && s.type != EventType.TRANSFERRED) e.dueAt = Json.dateTime(s.dueAt, rules.zone());
    e.reason = s.reason;
    e.applied = s.rejectReason == null;
    e.rejectReason = s.rejectReason;
    return e;
  }

  /** An event that came after the dossier closed, published beside its timeline (the closed dossier's events are gone). */
  private void timelineAddendum(DossierState st, StoredEvent s, Context ctx) {
    if (!st.timelinePublished) return;
    String key = DossierTimeline.addendumKey(ctx.getCurrentKey(), s.idHash);
    ctx.output(TIMELINE, new StatusRecord(key, JsonText.event(timelineEvent(s))));
    st.timelineAddenda = EventIds.append(st.timelineAddenda, s.idHash);
  }

  /** The job forgets the dossier: so does the timeline topic. */
  private static void forgetTimeline(DossierState st, String dossierId, Context ctx) {
    if (!st.timelinePublished) return;
    if (st.timelineAddenda != null) {
      for (long a : st.timelineAddenda) ctx.output(TIMELINE, new StatusRecord(DossierTimeline.addendumKey(dossierId, a), null));
    }
    ctx.output(TIMELINE, new StatusRecord(dossierId, null));
    st.timelinePublished = false;
    st.timelineAddenda = DossierState.NO_LONGS;
  }

  private void deadLetter(Context ctx, String dossierId, byte[] raw, Rejection r, String origin, long now) {
    rejected.get(r.reason()).inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(dossierId.getBytes(java.nio.charset.StandardCharsets.UTF_8), raw, r.reason().name(), r.detail(), origin));
    ctx.output(QUALITY, new QualityMark(r.reason().name(), now));
  }

  private void duplicate(Context ctx, InputEvent in) {
    duplicates.inc();
    ctx.output(QUALITY, new QualityMark(QualityMark.DUPLICATE, in.now));
  }

  private void register(DossierState st, long at, Context ctx) {
    if (at == st.timer) return;
    deleteTimer(st, ctx);
    if (at != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(at);
      st.timer = at;
    }
  }

  private static void deleteTimer(DossierState st, Context ctx) {
    if (st.timer != Long.MIN_VALUE) {
      ctx.timerService().deleteEventTimeTimer(st.timer);
      st.timer = Long.MIN_VALUE;
    }
  }
}
