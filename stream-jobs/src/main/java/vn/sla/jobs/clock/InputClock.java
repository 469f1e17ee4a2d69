package vn.sla.jobs.clock;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import vn.sla.core.event.EventType;
import vn.sla.core.event.RejectReason;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.records.QualityMark;

/**
 * The job's two clocks, kept apart (contract 1.1; hard-parts.md "Two clocks, not one"), and
 * the first check of every record. It sees the whole input in arrival order (parallelism 1).
 *
 * <ul>
 *   <li><b>The input's progress</b>: the newest occurredAt seen, less the tolerance. An event
 *       dated before it is late (applied in arrival order, counted). With several partitions,
 *       "seen" is per partition (a partition's order is the log's; how a reader interleaves
 *       partitions is not, and must not change a figure): an event is late when it is older
 *       than the tolerance behind the newest of its own partition, or behind the progress
 *       already passed on; the progress passed on is the least of the partitions' (those not
 *       idle), so nothing settles before every partition has passed it. With one partition
 *       this is the contract's "newest occurredAt of the whole input" word for word.
 *       It leaves this operator as the watermark, so downstream it is ordered with the
 *       records: when the dossier function sees progress P, it has every event that was judged
 *       against anything below P. Refusals, closures and retentions settle against it, never
 *       against the wall clock.
 *   <li><b>Now</b> (sla-rules.md): the input's progress while the input replays history, the
 *       wall clock once it has caught up (its events are recent, or it has been quiet for
 *       {@code idle} after the backlog the topic had at start). Never ahead of the wall clock,
 *       never back. It leaves on the {@link #NOW} side output; {@link NowWatermarks} turns it
 *       into the watermark of the unit figures (buckets, "today", midnights).
 * </ul>
 *
 * History that arrives after the job went live (an import, last year's replay) moves the
 * progress as it would have from an empty state, while now goes on following the wall clock.
 * Both clocks and the live flag are operator state: a restart mid-history resumes them.
 *
 * <p>Bad records go to the dead letters with their reason, as does an event dated more than
 * {@code futureLimit} ahead of the wall clock ({@code IN_FUTURE}: a wrong clock must not push
 * the progress, and with it every refusal, a day ahead).
 */
public class InputClock extends AbstractStreamOperator<InputEvent>
    implements OneInputStreamOperator<ParsedRecord, InputEvent>, ProcessingTimeCallback {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("bad-records") {};
  public static final OutputTag<QualityMark> QUALITY = new OutputTag<>("input-quality") {};
  /** "Now", each time it moves: for {@link NowWatermarks}. */
  public static final OutputTag<Long> NOW = new OutputTag<>("now") {};
  /** Both clocks once a second of "now": for the screens. */
  public static final OutputTag<ClockTick> TICKS = new OutputTag<>("clock-ticks") {};

  private final SlaRules rules;
  private final long toleranceMillis;
  private final long idleMillis;
  private final long futureMillis;
  private final long liveIntervalMillis;
  private final int catchUpEvery;
  private final WallClock clock;

  /** progress, now, live (1/0), then partition and newest occurredAt of each: the checkpointed clocks. */
  private transient ListState<Long> stored;
  /** The progress passed on (the watermark): never goes back. */
  private long progress = Long.MIN_VALUE;
  private long now = Long.MIN_VALUE;
  private boolean live;
  private final Map<Integer, Partition> partitions = new java.util.TreeMap<>();

  /** What is known of one input partition. */
  private static final class Partition {
    long newest = Long.MIN_VALUE;
    /** Wall time of its last record, and whether that record had caught up with the startup backlog. */
    long lastWall;
    boolean caughtUp = true;
  }

  private transient long lastRecordWall;
  /**
   * Until when (wall clock) the job counts as digesting history that arrived after it went live
   * (an import, a replay, a desk's backlog): an event older than the tolerance behind the wall
   * clock moves it to {@code idle} after that event. Not checkpointed: after a restart the
   * startup backlog says the same.
   */
  private transient long historyUntil;
  private transient boolean inBacklog;
  private transient long emittedProgress;
  private transient long sentNow;
  private transient long tickSlot;
  private transient int skipped;
  private transient Counter late;
  private transient Map<RejectReason, Counter> rejected;

  /**
   * @param idleMillis a pause this long after the startup backlog counts as caught up
   * @param futureMillis how far ahead of the wall clock an occurredAt may be
   * @param liveIntervalMillis how often the clocks move once live
   * @param catchUpIntervalMillis how often they move while catching up (each move sends sums downstream)
   */
  public InputClock(SlaRules rules, long toleranceMillis, long idleMillis, long futureMillis, long liveIntervalMillis,
      long catchUpIntervalMillis, WallClock clock) {
    this.rules = rules;
    this.toleranceMillis = toleranceMillis;
    this.idleMillis = idleMillis;
    this.futureMillis = futureMillis;
    this.liveIntervalMillis = Math.max(1, liveIntervalMillis);
    this.catchUpEvery = (int) Math.max(1, catchUpIntervalMillis / this.liveIntervalMillis);
    this.clock = clock;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("input-clocks", Types.LONG));
    List<Long> s = new java.util.ArrayList<>();
    for (Long v : stored.get()) s.add(v);
    if (s.size() >= 3) {
      progress = s.get(0);
      now = s.get(1);
      live = s.get(2) == 1L;
      for (int i = 3; i + 1 < s.size(); i += 2) {
        Partition p = new Partition();
        p.newest = s.get(i + 1);
        p.lastWall = clock.now(); // quiet since the restart counts from the restart
        partitions.put(s.get(i).intValue(), p);
      }
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<Long> s = new java.util.ArrayList<>(List.of(progress, now, live ? 1L : 0L));
    for (var e : partitions.entrySet()) {
      s.add((long) e.getKey());
      s.add(e.getValue().newest);
    }
    stored.update(s);
  }

  @Override
  public void open() throws Exception {
    super.open();
    lastRecordWall = clock.now();
    emittedProgress = Long.MIN_VALUE;
    sentNow = Long.MIN_VALUE;
    tickSlot = Long.MIN_VALUE;
    var metrics = getRuntimeContext().getMetricGroup();
    late = metrics.counter("lateEvents");
    rejected = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) rejected.put(r, metrics.addGroup("rejected").counter(r.metricName()));
    metrics.gauge("catchingUp", () -> catchingUp(clock.now()) ? 1 : 0);
    // How far the input's event time is behind the wall clock: large while history is digested.
    metrics.gauge("progressLagSeconds", () -> progress == Long.MIN_VALUE ? 0 : Math.max(0, (clock.now() - progress) / 1000));
    scheduleNext();
  }

  /** The newest occurredAt of any partition (Long.MIN_VALUE before any). */
  private long newest() {
    long n = Long.MIN_VALUE;
    for (Partition p : partitions.values()) n = Math.max(n, p.newest);
    return n;
  }

  /**
   * The progress every partition has reached: the least of their newest, less the tolerance,
   * over the partitions that are not idle (caught up and quiet for {@code idle}); when all are,
   * the newest of them all.
   */
  private long partitionsProgress(long wall) {
    long least = Long.MAX_VALUE;
    for (Partition p : partitions.values()) {
      if (p.newest == Long.MIN_VALUE) continue;
      boolean idle = p.caughtUp && wall - p.lastWall >= idleMillis;
      if (!idle) least = Math.min(least, p.newest);
    }
    long n = least != Long.MAX_VALUE ? least : newest();
    return n == Long.MIN_VALUE ? Long.MIN_VALUE : n - toleranceMillis;
  }

  @Override
  public void processElement(StreamRecord<ParsedRecord> element) {
    ParsedRecord r = element.getValue();
    lastRecordWall = clock.now();
    inBacklog = r.backlog;
    Partition part = partitions.computeIfAbsent(r.partition, k -> new Partition());
    part.lastWall = lastRecordWall;
    part.caughtUp = !r.backlog;
    if (r.bad != null) {
      RejectReason reason = reasonOf(r.bad.reason);
      if (reason != null) rejected.get(reason).inc();
      output.collect(DEAD_LETTERS, new StreamRecord<>(r.bad));
      output.collect(QUALITY, new StreamRecord<>(new QualityMark(r.bad.reason, now)));
      return;
    }
    InputEvent e = r.ok;
    long t = e.event.occurredAt;
    if (t > lastRecordWall + futureMillis) {
      rejected.get(RejectReason.IN_FUTURE).inc();
      String detail = "occurredAt is more than " + java.time.Duration.ofMillis(futureMillis) + " ahead of the clock ("
          + Json.dateTime(lastRecordWall, rules.zone()) + ")";
      output.collect(DEAD_LETTERS, new StreamRecord<>(new DeadLetter(
          e.event.dossierId.getBytes(java.nio.charset.StandardCharsets.UTF_8), e.raw, RejectReason.IN_FUTURE.name(), detail, e.origin)));
      output.collect(QUALITY, new StreamRecord<>(new QualityMark(RejectReason.IN_FUTURE.name(), now)));
      return;
    }
    long behind = Math.max(progress, part.newest == Long.MIN_VALUE ? Long.MIN_VALUE : part.newest - toleranceMillis);
    e.progress = progress;
    e.now = now;
    if (behind != Long.MIN_VALUE && t < behind) {
      e.late = true;
      late.inc();
      output.collect(QUALITY, new StreamRecord<>(new QualityMark(QualityMark.LATE, now)));
    }
    if (e.event.type == EventType.RECEIVED && e.event.dueAt != null && e.event.dueAt < t) {
      output.collect(QUALITY, new StreamRecord<>(new QualityMark(QualityMark.DUE_BEFORE_RECEIVED, now)));
    }
    if (t > part.newest) part.newest = t;
    if (live && t < lastRecordWall - toleranceMillis) {
      boolean was = catchingUp(lastRecordWall);
      historyUntil = lastRecordWall + idleMillis;
      // Said at once, ahead of the event's figures: alerts must know before they see them.
      if (!was) emitTick(progress);
    }
    output.collect(new StreamRecord<>(e, t));
  }

  private static RejectReason reasonOf(String name) {
    try {
      return RejectReason.valueOf(name);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  @Override
  public void onProcessingTime(long time) {
    tick();
    scheduleNext();
  }

  /** Moves both clocks: the progress as far as the input has come, now as the rules say. */
  void tick() {
    long wall = clock.now();
    long newest = newest();
    if (!live && ((newest != Long.MIN_VALUE && newest >= wall - toleranceMillis) || (wall - lastRecordWall >= idleMillis && !inBacklog))) {
      live = true;
    }
    // While catching up, fewer moves: each one sends the summed unit changes of the moment.
    if (!live && sentNow != Long.MIN_VALUE && ++skipped < catchUpEvery) return;
    skipped = 0;
    progress = Math.max(progress, partitionsProgress(wall));
    long p = progress;
    long n = live ? wall : (p == Long.MIN_VALUE ? Long.MIN_VALUE : Math.min(p, wall));
    if (n > now) now = n;
    if (p > emittedProgress) {
      emittedProgress = p;
      output.emitWatermark(new Watermark(p));
    }
    if (now > sentNow) {
      sentNow = now;
      output.collect(NOW, new StreamRecord<>(now));
    }
    long slot = now == Long.MIN_VALUE ? Long.MIN_VALUE : now - Math.floorMod(now, 1000L);
    if (slot > tickSlot) {
      tickSlot = slot;
      emitTick(p);
    }
  }

  /**
   * Catching up with the input: replaying the startup backlog ("now" is the progress), or, once
   * live, digesting history that arrived after (now is the wall clock, the figures move through
   * states that were true long ago).
   */
  private boolean catchingUp(long wall) {
    return !live || wall < historyUntil;
  }

  private void emitTick(long p) {
    if (now == Long.MIN_VALUE) return;
    ClockTick t = new ClockTick();
    t.asOfMillis = now;
    t.asOf = Json.dateTime(now, rules.zone());
    t.progressMillis = p;
    t.progress = p == Long.MIN_VALUE ? null : Json.dateTime(p, rules.zone());
    t.catchingUp = catchingUp(clock.now());
    t.dueSoonMillis = rules.dueSoonMillis();
    t.zone = rules.zone().getId();
    output.collect(TICKS, new StreamRecord<>(t));
  }

  @Override
  public void processWatermark(Watermark mark) {
    // The source's own watermarks mean nothing here, but the end of a bounded input does:
    // everything has arrived, so every refusal and closure may settle.
    if (mark.getTimestamp() == Long.MAX_VALUE) {
      progress = Long.MAX_VALUE;
      emittedProgress = Long.MAX_VALUE;
      output.emitWatermark(mark);
    }
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) {
    // This operator keeps its own clocks: an idle source must not stop them.
  }

  public boolean isLive() {
    return live;
  }

  private void scheduleNext() {
    var s = getProcessingTimeService();
    s.registerTimer(s.getCurrentProcessingTime() + liveIntervalMillis, this);
  }
}
