package vn.sla.jobs.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sla.core.event.EventParser;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.UnitDelta;

/**
 * The timer that only settles accepted events ({@code settleWithoutReplay}) against the full
 * re-evaluation it stands in for: the same random histories (several dossiers, every event
 * type, duplicates, arrivals out of order and later than the tolerance, the progress moving
 * in random steps, to the end of time so tombstones go too) through both, and every output
 * (unit deltas, statuses, dead letters, quality marks, timelines) equal, in the same order,
 * with the same state and timers left. The short path settles original bytes kept in the
 * dossier's state: since {@link PendingOriginals} only state restored from the previous version
 * holds them, so both runs keep new events' bytes in state as that version did.
 */
class SettleWithoutReplayTest {
  static final SlaRules RULES = SlaRules.defaults();
  static final long TOL = Duration.ofMinutes(5).toMillis();
  static final long RETENTION = Duration.ofDays(30).toMillis();
  static final EventParser PARSER = new EventParser(u -> true);
  static final String[] UNITS = {"xa-a", "xa-b", "huyen-c"};
  static final String[] LATER = {"PAUSED", "RESUMED", "TRANSFERRED", "APOLOGY_ISSUED", "COMPLETED", "RETURNED", "WITHDRAWN", "RECEIVED"};
  static final long START = OffsetDateTime.parse("2025-03-03T08:00:00+07:00").toInstant().toEpochMilli();

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void settlingWithoutTheReplayEmitsExactlyWhatTheReplayEmits(int block) throws Exception {
    long fastTimers = 0;
    for (int seed = block * 1000; seed < block * 1000 + 60; seed++) {
      List<Step> steps = history(new Random(seed));
      Run replay = new Run(false, true);
      Run fast = new Run(true, true);
      for (int i = 0; i < steps.size(); i++) {
        replay.apply(steps.get(i));
        fast.apply(steps.get(i));
        assertThat(fast.outputs()).as("seed %d, after step %d of %s", seed, i, steps).isEqualTo(replay.outputs());
        assertThat(fast.h.numKeyedStateEntries()).as("seed %d, state after step %d", seed, i).isEqualTo(replay.h.numKeyedStateEntries());
        assertThat(fast.h.numEventTimeTimers()).as("seed %d, timers after step %d", seed, i).isEqualTo(replay.h.numEventTimeTimers());
      }
      fastTimers += fast.function.settledWithoutReplay();
      assertThat(replay.function.settledWithoutReplay()).isZero();
      replay.h.close();
      fast.h.close();
    }
    // The comparison means something only if the short path was taken (about once a history).
    assertThat(fastTimers).isGreaterThan(20);
  }

  /** One input record, or the progress moving on. */
  record Step(InputEvent event, long watermark) {
    @Override
    public String toString() {
      return event == null ? "wm " + watermark : new String(event.raw, StandardCharsets.UTF_8) + (event.late ? " late" : "");
    }
  }

  /** Dossiers with random histories, arriving somewhat out of order, the progress following the arrivals as the input clock's would. */
  static List<Step> history(Random r) {
    List<String[]> events = new ArrayList<>(); // {json-without-progress, occurredAt}
    int dossiers = 1 + r.nextInt(3);
    int id = 0;
    for (int d = 0; d < dossiers; d++) {
      long at = START + r.nextInt(48) * 3_600_000L;
      String unit = UNITS[r.nextInt(UNITS.length)];
      List<String[]> own = new ArrayList<>();
      own.add(new String[] {json("e" + id++, "D" + d, "RECEIVED", at, received(unit, at + (1 + r.nextInt(10)) * 86_400_000L)), "" + at});
      int more = r.nextInt(6);
      for (int k = 0; k < more; k++) {
        at += (r.nextInt(4) == 0 ? -1 : 1) * (1 + r.nextInt(3000)) * 60_000L;
        String type = LATER[r.nextInt(LATER.length)];
        String extra = switch (type) {
          case "RECEIVED" -> received(unit, at + 3 * 86_400_000L);
          case "TRANSFERRED" -> ",\"toUnitId\":\"" + UNITS[r.nextInt(UNITS.length)] + "\"";
          case "RESUMED" -> r.nextBoolean() ? ",\"dueAt\":\"" + iso(at + 2 * 86_400_000L) + "\"" : "";
          default -> "";
        };
        own.add(new String[] {json("e" + id++, "D" + d, type, at, extra), "" + at});
        if (r.nextInt(8) == 0) own.add(own.get(r.nextInt(own.size()))); // a repeat of an event already sent
      }
      events.addAll(own);
    }
    // Arrival order: mostly by time, with neighbours swapped and a few sent much later.
    events.sort((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])));
    for (int i = 0; i + 1 < events.size(); i++) if (r.nextInt(3) == 0) Collections.swap(events, i, i + 1);
    if (events.size() > 2 && r.nextBoolean()) events.add(events.remove(r.nextInt(events.size() / 2)));

    List<Step> steps = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    long progress = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    for (String[] e : events) {
      long at = Long.parseLong(e[1]);
      InputEvent in = new InputEvent(PARSER.parse(e[0]).event(), e[0].getBytes(StandardCharsets.UTF_8), "test/0/" + steps.size(),
          progress != Long.MIN_VALUE && at < progress);
      in.progress = progress;
      steps.add(new Step(in, 0));
      newest = Math.max(newest, at);
      progress = newest - TOL;
      if (r.nextInt(3) == 0 && progress > watermark) {
        watermark = progress;
        steps.add(new Step(null, watermark));
      }
    }
    steps.add(new Step(null, newest + 2 * 86_400_000L));
    steps.add(new Step(null, Long.MAX_VALUE));
    return steps;
  }

  static String received(String unit, long due) {
    return ",\"unitId\":\"" + unit + "\",\"field\":\"dat-dai\",\"channel\":\"ONLINE\",\"dueAt\":\"" + iso(due) + "\"";
  }

  static String json(String id, String dossier, String type, long at, String extra) {
    return "{\"eventId\":\"" + id + "\",\"dossierId\":\"" + dossier + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + iso(at) + "\"" + extra + "}";
  }

  static String iso(long at) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.ofHours(7)).toString();
  }

  /** One function under a harness, fed step by step. */
  static final class Run {
    final boolean settleWithoutReplay;
    final boolean originalsInState;
    DossierFunction function;
    KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta> h;
    /** What the harnesses before the last restart emitted, per output (see {@link #channels}). */
    final List<List<String>> earlier = new ArrayList<>();

    Run(boolean settleWithoutReplay, boolean originalsInState) throws Exception {
      this.settleWithoutReplay = settleWithoutReplay;
      this.originalsInState = originalsInState;
      function = new DossierFunction(RULES, RETENTION, true, settleWithoutReplay, originalsInState);
      h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(function, e -> e.event.dossierId, Types.STRING);
    }

    /** A checkpoint, then a new function and harness restored from it, as after a failure. */
    void restart() throws Exception {
      var snapshot = h.snapshot(1, 1);
      List<List<String>> now = channels();
      if (earlier.isEmpty()) earlier.addAll(now);
      else for (int i = 0; i < now.size(); i++) earlier.get(i).addAll(now.get(i));
      h.close();
      function = new DossierFunction(RULES, RETENTION, true, settleWithoutReplay, originalsInState);
      h = new KeyedOneInputStreamOperatorTestHarness<>(new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(function),
          e -> e.event.dossierId, Types.STRING);
      h.initializeState(snapshot);
      h.open();
    }

    void apply(Step s) throws Exception {
      if (s.event() == null) {
        h.processWatermark(new Watermark(s.watermark()));
      } else {
        // A fresh copy each: the function keeps (and later clears) what it is given.
        InputEvent e = s.event();
        InputEvent copy = new InputEvent(PARSER.parse(new String(e.raw, StandardCharsets.UTF_8)).event(), e.raw.clone(), e.origin, e.late);
        copy.progress = e.progress;
        h.processElement(new StreamRecord<>(copy));
      }
    }

    /** Everything emitted so far (since the start, across restarts), each output in order, as text. */
    List<List<String>> allChannels() {
      List<List<String>> now = channels();
      List<List<String>> all = new ArrayList<>();
      for (int i = 0; i < now.size(); i++) {
        List<String> c = new ArrayList<>();
        if (!earlier.isEmpty()) c.addAll(earlier.get(i));
        c.addAll(now.get(i));
        all.add(c);
      }
      return all;
    }

    /** Everything this harness emitted, in order, as text. */
    List<String> outputs() {
      return channels().stream().flatMap(List::stream).toList();
    }

    /** What this harness emitted: the main output, then each side output, each in order. */
    List<List<String>> channels() {
      List<String> main = new ArrayList<>();
      for (Object o : h.getOutput()) {
        if (o instanceof StreamRecord<?> rec && rec.getValue() instanceof UnitDelta d) {
          main.add("delta " + d + " field " + d.field);
        } else {
          main.add(String.valueOf(o));
        }
      }
      return new ArrayList<>(List.of(main,
          side(DossierFunction.STATUS, x -> "status " + x.dossierId + " " + x.json),
          side(DossierFunction.TIMELINE, x -> "timeline " + x.dossierId + " " + x.json),
          side(DossierFunction.DEAD_LETTERS, x -> "dead " + new String(x.key, StandardCharsets.UTF_8) + " "
              + (x.value == null ? null : new String(x.value, StandardCharsets.UTF_8)) + " " + x.reason + " " + x.detail + " " + x.origin),
          side(DossierFunction.QUALITY, x -> "quality " + x.reason + " " + x.at)));
    }

    private <T> List<String> side(OutputTag<T> tag, java.util.function.Function<T, String> text) {
      List<String> all = new ArrayList<>();
      ConcurrentLinkedQueue<StreamRecord<T>> out = h.getSideOutput(tag);
      if (out != null) for (StreamRecord<T> r : out) all.add(text.apply(r.getValue()));
      return all;
    }
  }
}
