package vn.sla.jobs.dossier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.sla.core.event.DossierEvent;
import vn.sla.core.event.EventType;
import vn.sla.core.event.RejectReason;
import vn.sla.core.event.Rejection;
import vn.sla.core.figures.DossierStatus;
import vn.sla.core.figures.Json;
import vn.sla.core.rules.Bucket;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.output.DeadLetter;
import vn.sla.jobs.output.QualityMark;
import vn.sla.jobs.output.StatusRecord;
import vn.sla.jobs.source.InputEvent;

/**
 * The lifecycle of one dossier, keyed by dossierId. Each arrival and each moment that
 * matters (a buffered event's time, due soon, overdue at midnight, the end of the
 * tolerance) re-evaluates the dossier with {@link DossierHistory} at the watermark ("now")
 * and emits the difference to what it emitted before: unit deltas on the main output, the
 * dossier's status and rejected records on side outputs. State is cleared when a dossier
 * has closed and settled (a small tombstone stays for the retention) and when nothing of a
 * never-received dossier remains.
 */
public class DossierFunction extends KeyedProcessFunction<String, InputEvent, UnitDelta> {
  public static final OutputTag<StatusRecord> STATUS = new OutputTag<>("dossier-status") {};
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("quality") {};

  private final SlaRules rules;
  private final long toleranceMillis;
  private final long retentionMillis;

  private transient ValueState<DossierState> state;
  private transient DossierHistory history;
  private transient Counter duplicates;
  private transient Map<RejectReason, Counter> rejected;

  public DossierFunction(SlaRules rules, long toleranceMillis, long retentionMillis) {
    this.rules = rules;
    this.toleranceMillis = toleranceMillis;
    this.retentionMillis = retentionMillis;
  }

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("dossier", DossierState.class));
    history = new DossierHistory(rules);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
    rejected = new HashMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, getRuntimeContext().getMetricGroup().addGroup("rejected").counter(r.metricName()));
    }
  }

  @Override
  public void processElement(InputEvent in, Context ctx, Collector<UnitDelta> out) throws Exception {
    DossierState st = state.value();
    st = st == null ? new DossierState() : st.upgraded();
    DossierEvent e = in.event;
    if (st.closed) {
      onClosedDossier(st, in, ctx);
      return;
    }
    long id = EventIds.fingerprint(e.eventId);
    for (StoredEvent s : st.events) {
      if (s.idHash == id) {
        duplicate(ctx);
        return;
      }
    }
    if (EventIds.contains(st.rejectedEventHashes, id)) {
      duplicate(ctx);
      return;
    }
    long orderKey = e.occurredAt;
    if (in.late) {
      // Applied in arrival order: after everything the dossier already has.
      for (StoredEvent s : st.events) orderKey = Math.max(orderKey, s.orderKey);
    }
    StoredEvent[] events = Arrays.copyOf(st.events, st.events.length + 1);
    events[st.events.length] = StoredEvent.of(e, st.nextSeq++, orderKey, in.late, in.raw, in.origin);
    st.events = events;
    reevaluate(st, ctx.timerService().currentWatermark(), ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDelta> out) throws Exception {
    DossierState st = state.value();
    if (st == null) return;
    st.upgraded();
    st.timer = Long.MIN_VALUE;
    long now = ctx.timerService().currentWatermark();
    if (st.closed || st.events.length == 0) { // a tombstone, or only rejected event ids kept
      if (now >= st.cleanupAt) {
        state.clear();
      } else {
        register(st, st.cleanupAt, ctx);
        state.update(st);
      }
      return;
    }
    reevaluate(st, now, ctx, out);
  }

  private void onClosedDossier(DossierState st, InputEvent in, Context ctx) throws Exception {
    DossierEvent e = in.event;
    long id = EventIds.fingerprint(e.eventId);
    if (EventIds.contains(st.closedEventHashes, id)) {
      duplicate(ctx);
      return;
    }
    if (e.type == EventType.RETURNED && !st.closedStatus.equals(DossierHistory.Status.WITHDRAWN.name())) {
      st.closedStatus = DossierHistory.Status.RETURNED.name();
      st.closedEventHashes = EventIds.append(st.closedEventHashes, id);
      state.update(st);
      return;
    }
    Rejection r =
        st.closedStatus.equals(DossierHistory.Status.WITHDRAWN.name())
            ? new Rejection(RejectReason.AFTER_WITHDRAWN, e.type + " after the dossier was WITHDRAWN")
            : new Rejection(RejectReason.AFTER_COMPLETED, e.type + " after the dossier was COMPLETED");
    deadLetter(ctx, e.dossierId, in.raw, r, in.origin);
    st.closedEventHashes = EventIds.append(st.closedEventHashes, id); // its repeat is a duplicate, not a second dead letter
    state.update(st);
  }

  private void reevaluate(DossierState st, long now, Context ctx, Collector<UnitDelta> out) throws Exception {
    DossierHistory.Evaluation ev = history.evaluate(st.events, now);
    String dossierId = ctx.getCurrentKey();

    emitFactChanges(st, ev, out);
    emitLiveChange(st, ev, now, out);
    emitStatusChange(st, ev, now, dossierId, ctx);

    // Rejections become final once no event within the tolerance can still come before them.
    List<StoredEvent> keep = new ArrayList<>(ev.sorted.size());
    long pendingRejection = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < ev.sorted.size(); i++) {
      StoredEvent s = ev.sorted.get(i);
      Rejection r = ev.rejections[i];
      if (r != null) {
        long settles = s.occurredAt + toleranceMillis;
        if (s.late || now >= settles) {
          deadLetter(ctx, dossierId, s.raw, r, s.origin);
          st.rejectedEventHashes = EventIds.append(st.rejectedEventHashes, s.idHash);
          latest = Math.max(latest, s.occurredAt);
          continue;
        }
        pendingRejection = Math.min(pendingRejection, settles);
      } else if (!s.late && s.occurredAt <= now && now >= s.occurredAt + toleranceMillis) {
        s.raw = null; // accepted for good: the original bytes are no longer needed
        s.origin = null;
      }
      keep.add(s);
    }
    st.events = keep.toArray(new StoredEvent[0]);

    if (st.events.length == 0) {
      // Nothing valid ever arrived for this key: keep only the rejected ids, for duplicates, until the retention passes.
      st.facts = new Fact[0];
      st.cleanupAt = Math.max(latest, now) + retentionMillis;
      register(st, st.cleanupAt, ctx);
      state.update(st);
      return;
    }
    long settledAt = ev.closedAt + toleranceMillis;
    if (ev.isClosed() && ev.future == 0 && pendingRejection == Long.MAX_VALUE && now >= settledAt) {
      st.closed = true;
      st.closedStatus = ev.status.name();
      st.closedEventHashes = java.util.stream.LongStream.concat(Arrays.stream(st.events).mapToLong(s -> s.idHash),
          Arrays.stream(st.rejectedEventHashes)).toArray();
      st.rejectedEventHashes = new long[0];
      st.cleanupAt = ev.closedAt + retentionMillis;
      st.events = new StoredEvent[0];
      st.facts = new Fact[0];
      register(st, st.cleanupAt, ctx);
      state.update(st);
      return;
    }

    long next = pendingRejection;
    for (StoredEvent s : st.events) if (!s.late && s.occurredAt > now) next = Math.min(next, s.occurredAt);
    if (ev.isOpen() && !ev.paused) next = Math.min(next, rules.nextTransition(now, ev.due));
    if (ev.isClosed() && now < settledAt) next = Math.min(next, settledAt);
    register(st, next, ctx);
    state.update(st);
  }

  private void emitFactChanges(DossierState st, DossierHistory.Evaluation ev, Collector<UnitDelta> out) {
    Map<Fact.Key, Integer> old = new HashMap<>();
    for (Fact f : st.facts) old.put(f.key(), f.count);
    boolean changed = false;
    for (Map.Entry<Fact.Key, Integer> n : ev.facts.entrySet()) {
      int delta = n.getValue() - old.getOrDefault(n.getKey(), 0);
      if (delta != 0) {
        emit(n.getKey(), delta, out);
        changed = true;
      }
    }
    for (Map.Entry<Fact.Key, Integer> o : old.entrySet()) {
      if (!ev.facts.containsKey(o.getKey())) {
        emit(o.getKey(), -o.getValue(), out);
        changed = true;
      }
    }
    if (changed) {
      st.facts = ev.facts.entrySet().stream()
          .map(x -> new Fact(x.getKey().kind(), x.getKey().unitId(), x.getKey().otherUnitId(), x.getKey().day(), x.getValue(),
              x.getKey().field()))
          .toArray(Fact[]::new);
    }
  }

  private static void emit(Fact.Key k, int delta, Collector<UnitDelta> out) {
    out.collect(new UnitDelta(k.unitId(), k.kind(), k.day(), delta, k.otherUnitId(), k.field()));
  }

  private void emitLiveChange(DossierState st, DossierHistory.Evaluation ev, long now, Collector<UnitDelta> out) {
    String unit = ev.isOpen() ? ev.holder : null;
    String bucket = ev.isOpen() ? history.bucket(ev, now).name() : null;
    boolean apology = ev.isOpen() && ev.apology;
    String field = ev.isOpen() ? ev.field : null;
    if (Objects.equals(unit, st.liveUnit) && Objects.equals(bucket, st.liveBucket) && apology == st.liveApology
        && Objects.equals(field, st.liveField)) {
      return;
    }
    if (st.liveUnit != null) live(st.liveUnit, Bucket.valueOf(st.liveBucket), st.liveApology, st.liveField, -1, out);
    if (unit != null) live(unit, Bucket.valueOf(bucket), apology, field, 1, out);
    st.liveField = field;
    st.liveUnit = unit;
    st.liveBucket = bucket;
    st.liveApology = apology;
  }

  private static void live(String unit, Bucket b, boolean apology, String field, int delta, Collector<UnitDelta> out) {
    Kind k = switch (b) {
      case IN_TIME -> Kind.LIVE_IN_TIME;
      case DUE_SOON -> Kind.LIVE_DUE_SOON;
      case OVERDUE -> Kind.LIVE_OVERDUE;
      case PAUSED -> Kind.LIVE_PAUSED;
    };
    out.collect(new UnitDelta(unit, k, 0, delta, null, field));
    if (b == Bucket.OVERDUE && !apology) {
      out.collect(new UnitDelta(unit, Kind.LIVE_OVERDUE_WITHOUT_APOLOGY, 0, delta, null, field));
    }
  }

  private void emitStatusChange(DossierState st, DossierHistory.Evaluation ev, long now, String dossierId, Context ctx) {
    if (!ev.isOpen()) {
      if (st.statusPublished) {
        ctx.output(STATUS, new StatusRecord(dossierId, null));
        st.statusPublished = false;
        st.statusHash = 0;
      }
      return;
    }
    Bucket b = history.bucket(ev, now);
    String key = ev.holder + '|' + b + '|' + ev.due + '|' + ev.apology + '|' + ev.receivedAt + '|' + ev.field + '|' + ev.channel;
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
    s.bucket = b.apiName();
    s.apologyIssued = ev.apology;
    s.asOf = now == Long.MIN_VALUE ? null : Json.dateTime(now, rules.zone());
    ctx.output(STATUS, new StatusRecord(dossierId, Json.write(s)));
    st.statusPublished = true;
    st.statusHash = hash;
  }

  private void deadLetter(Context ctx, String dossierId, byte[] raw, Rejection r, String origin) {
    rejected.get(r.reason()).inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(dossierId.getBytes(java.nio.charset.StandardCharsets.UTF_8), raw, r.reason().name(), r.detail(), origin));
    ctx.output(QUALITY, new QualityMark(r.reason().name()));
  }

  private void duplicate(Context ctx) {
    duplicates.inc();
    ctx.output(QUALITY, new QualityMark(QualityMark.DUPLICATE));
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
