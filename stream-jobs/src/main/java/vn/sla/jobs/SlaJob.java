package vn.sla.jobs;

import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.alert.AlertFunction;
import vn.sla.jobs.alert.NeverHoldsBack;
import vn.sla.jobs.records.AlertControl;
import vn.sla.jobs.clock.InputClock;
import vn.sla.jobs.clock.NowWatermarks;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.dossier.DossierFunction;
import vn.sla.jobs.quality.QualityCounter;
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.KafkaOut;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.records.QualityMark;
import vn.sla.jobs.records.UnitChange;
import vn.sla.jobs.records.UnitDelta;
import vn.sla.jobs.records.UnitOutput;
import vn.sla.jobs.sink.Outputs;
import vn.sla.jobs.unit.DeltaCombiner;
import vn.sla.jobs.unit.RollUp;
import vn.sla.jobs.unit.UnitFiguresFunction;

/**
 * The SLA job, read as a sentence: parsed events → the input's clocks (bad records to the
 * dead letters, late events marked; the input's progress as the watermark, "now" beside it)
 * → per-dossier lifecycle, on the progress → roll-up over the unit registry (summed for a few
 * milliseconds) → "now" becomes the watermark → per-unit figures, on now → Kafka (latest
 * figures, open dossiers, dead letters) and InfluxDB (history).
 * The source and the sinks are parameters: {@link vn.sla.jobs.bootstrap.KafkaJob} plugs in Kafka and InfluxDB,
 * tests plug in their own.
 */
public final class SlaJob {
  /** Where the job's results go. */
  public record Sinks(Sink<KafkaOut> figures, Sink<KafkaOut> statuses, Sink<KafkaOut> deadLetters, Sink<String> influx) {}

  private final JobConfig config;
  private final UnitRegistry registry;
  private final Function<WatermarkStrategy<ParsedRecord>, DataStream<ParsedRecord>> input;
  private final Sinks sinks;
  private final WallClock clock;
  private Function<WatermarkStrategy<String>, DataStream<String>> alertRules;
  private Sink<KafkaOut> alertSink;
  private Sink<KafkaOut> timelineSink;

  /**
   * @param input builds the input stream with the given watermark strategy applied at the
   *     source (the job passes "no watermarks": its clocks are its own, see {@link InputClock})
   */
  public SlaJob(JobConfig config, UnitRegistry registry,
      Function<WatermarkStrategy<ParsedRecord>, DataStream<ParsedRecord>> input, Sinks sinks, WallClock clock) {
    this.config = config;
    this.registry = registry;
    this.input = input;
    this.sinks = sinks;
    this.clock = clock;
  }

  /**
   * Turns alerting on: rule sets (JSON, the newest wins) from {@code rules}, alert state
   * changes to {@code sink} and to InfluxDB.
   */
  public SlaJob withAlerts(Function<WatermarkStrategy<String>, DataStream<String>> rules, Sink<KafkaOut> sink) {
    this.alertRules = rules;
    this.alertSink = sink;
    return this;
  }

  /** Publishes each dossier's timeline (its events, refused ones too) to {@code sink}, for finding one dossier. */
  public SlaJob withTimeline(Sink<KafkaOut> sink) {
    this.timelineSink = sink;
    return this;
  }

  /** The job's branches, in the order they are added to the graph (their uids and names are what savepoints know). */
  public void build(StreamExecutionEnvironment env) {
    SlaRules rules = config.rules();
    env.setBufferTimeout(config.bufferTimeout.toMillis());
    // Without object reuse Flink deep-copies every record for each chained operator it passes
    // (by reflection, for POJOs): in a replay that was over half of the unit function's thread.
    // Safe here because every function emits new objects, stores none it emitted, and the chained
    // consumers (filters, maps to lines and Kafka records, sink writers) only read them.
    env.getConfig().enableObjectReuse();

    SingleOutputStreamOperator<InputEvent> events = inputClocks(rules);
    SingleOutputStreamOperator<UnitDelta> deltas = dossierLifecycle(events, rules);
    SingleOutputStreamOperator<UnitOutput> units = unitFigures(deltas, events, rules);

    liveFiguresToKafka(units, events.getSideOutput(InputClock.TICKS));
    dossierStatusToKafka(deltas);
    if (timelineSink != null) dossierTimelineToKafka(deltas);
    deadLettersToKafka(events, deltas);
    DataStream<String> qualityLines = qualityCounts(events, deltas, units);
    DataStream<String> influxLines = figuresToInflux(units, rules).union(qualityLines);
    if (alertRules != null) influxLines = influxLines.union(alerts(units, events.getSideOutput(InputClock.TICKS), rules));
    influxLines
        .sinkTo(sinks.influx())
        .uid("influx-sink")
        .name("InfluxDB");
  }

  /**
   * Source and clocks. One instance sees the whole input in arrival order: lateness is measured
   * against the newest occurredAt of the whole input, as the contract says. Chained to the source.
   * Its side outputs: "now", clock ticks, dead letters and data-quality marks.
   */
  private SingleOutputStreamOperator<InputEvent> inputClocks(SlaRules rules) {
    DataStream<ParsedRecord> parsed = input.apply(WatermarkStrategy.noWatermarks());
    return parsed.transform("Input clocks: validate, mark late events, progress and now", TypeInformation.of(InputEvent.class),
            new InputClock(rules, config.tolerance.toMillis(), config.idle.toMillis(), config.futureLimit.toMillis(),
                config.watermarkInterval.toMillis(), config.catchUpWatermarkInterval.toMillis(), clock))
        .setParallelism(1)
        .setMaxParallelism(1)
        .uid("input-clock");
  }

  /** Per dossier, on the input's progress: what changed for its unit's counters; statuses, dead letters and marks beside. */
  private SingleOutputStreamOperator<UnitDelta> dossierLifecycle(DataStream<InputEvent> events, SlaRules rules) {
    return events
        .keyBy(e -> e.event.dossierId)
        .process(new DossierFunction(rules, config.closedRetention.toMillis(), timelineSink != null))
        .uid("dossier-lifecycle")
        .name("Dossier lifecycle");
  }

  /**
   * The roll-up over the unit registry (per field too, when --per-field), summed; then "now"
   * becomes the watermark, so buckets, today and midnights follow it; then the figures per unit
   * key (a unit, or a unit and field).
   */
  private SingleOutputStreamOperator<UnitOutput> unitFigures(DataStream<UnitDelta> deltas, SingleOutputStreamOperator<InputEvent> events,
      SlaRules rules) {
    SingleOutputStreamOperator<UnitChange> summed =
        deltas
            .transform("Roll up over the unit registry, summed", TypeInformation.of(UnitChange.class),
                new DeltaCombiner(registry, config.perField, config.combineDelay.toMillis()))
            .uid("roll-up-sum");
    DataStream<Long> now = events.getSideOutput(InputClock.NOW);
    SingleOutputStreamOperator<UnitChange> atNow =
        summed
            .connect(now.broadcast())
            .transform("Now as the watermark", TypeInformation.of(UnitChange.class), new NowWatermarks<UnitChange>())
            .uid("now-watermarks");
    return atNow
        .keyBy(c -> c.unitId)
        .process(new UnitFiguresFunction(rules, config.emitInterval.toMillis(), config.fieldEmitInterval.toMillis(),
            config.dayEmitInterval.toMillis(), config.dayRetention))
        .uid("unit-figures")
        .name("Unit figures");
  }

  /** The live figures of a unit itself: per-field keys (InfluxDB only) and days stay out of Kafka and the alerts. */
  private static boolean liveOfAUnit(UnitOutput o) {
    return o.isLive() && !RollUp.isFieldKey(o.unitId);
  }

  /** Latest figures per unit, and the clock, for the dashboard servers. */
  private void liveFiguresToKafka(DataStream<UnitOutput> units, DataStream<ClockTick> clockTicks) {
    units
        .filter(SlaJob::liveOfAUnit)
        .uid("live-only")
        .name("Live figures")
        .map(Outputs::figures)
        .uid("figures-out")
        .name("Figures to Kafka records")
        .union(clockTicks.map(Outputs::clock).uid("clock-out").name("Clock to Kafka records"))
        .sinkTo(sinks.figures())
        .uid("figures-sink")
        .name("Unit figures topic");
  }

  private void dossierStatusToKafka(SingleOutputStreamOperator<UnitDelta> deltas) {
    deltas
        .getSideOutput(DossierFunction.STATUS)
        .map(Outputs::status)
        .uid("status-out")
        .name("Dossier status to Kafka records")
        .sinkTo(sinks.statuses())
        .uid("status-sink")
        .name("Dossier status topic");
  }

  private void dossierTimelineToKafka(SingleOutputStreamOperator<UnitDelta> deltas) {
    deltas
        .getSideOutput(DossierFunction.TIMELINE)
        .map(Outputs::status)
        .uid("timeline-out")
        .name("Dossier timeline to Kafka records")
        .sinkTo(timelineSink)
        .uid("timeline-sink")
        .name("Dossier timeline topic");
  }

  /** Records refused by the clocks (unparsable, invalid) or by a dossier's lifecycle. */
  private void deadLettersToKafka(SingleOutputStreamOperator<InputEvent> events, SingleOutputStreamOperator<UnitDelta> deltas) {
    DataStream<DeadLetter> deadLetters =
        events.getSideOutput(InputClock.DEAD_LETTERS).union(deltas.getSideOutput(DossierFunction.DEAD_LETTERS));
    deadLetters
        .map(Outputs::deadLetter)
        .uid("dlq-out")
        .name("Dead letters to Kafka records")
        .sinkTo(sinks.deadLetters())
        .uid("dlq-sink")
        .name("Dead-letter topic");
  }

  /** Data-quality marks of every stage, counted per reason, as InfluxDB lines. */
  private DataStream<String> qualityCounts(SingleOutputStreamOperator<InputEvent> events, SingleOutputStreamOperator<UnitDelta> deltas,
      SingleOutputStreamOperator<UnitOutput> units) {
    DataStream<QualityMark> quality =
        events.getSideOutput(InputClock.QUALITY)
            .union(deltas.getSideOutput(DossierFunction.QUALITY), units.getSideOutput(UnitFiguresFunction.QUALITY));
    return quality.keyBy(m -> m.reason).process(new QualityCounter()).uid("quality-count").name("Data quality counts");
  }

  /** Every unit key's live figures and days (per field too) as InfluxDB lines. */
  private static DataStream<String> figuresToInflux(DataStream<UnitOutput> units, SlaRules rules) {
    return units
        .map(o -> Outputs.influx(o, o.isLive() ? 0 : rules.startOfDay(o.day)))
        .returns(Types.STRING)
        .uid("influx-lines")
        .name("Figures to InfluxDB lines");
  }

  /**
   * The alert rules on each unit's live figures: state changes to the alert-state topic, and as
   * InfluxDB lines (returned). Refused rule sets are logged; the running rules stay.
   */
  private DataStream<String> alerts(DataStream<UnitOutput> units, DataStream<ClockTick> clockTicks, SlaRules rules) {
    // Neither the rules nor the clock hold the watermark back: their generators always say "end of time".
    DataStream<AlertControl> ruleSets = alertRules.apply(WatermarkStrategy.forGenerator(ctx -> new NeverHoldsBack<>()))
        .map(AlertControl::rules).uid("alert-rule-sets").name("Rule sets for alerts");
    DataStream<AlertControl> clock = clockTicks.map(t -> AlertControl.clock(t.catchingUp, t.asOfMillis))
        .uid("alert-clock").name("Clock for alerts")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<AlertControl>forGenerator(ctx -> new NeverHoldsBack<>())
            .withTimestampAssigner((c, ts) -> c.nowMillis))
        .uid("alert-clock-watermarks").name("Clock for alerts never holds back");
    BroadcastStream<AlertControl> broadcast = ruleSets.union(clock).broadcast(AlertFunction.RULES);
    SingleOutputStreamOperator<AlertEvent> alerts =
        units
            .filter(SlaJob::liveOfAUnit)
            .uid("alert-input")
            .name("Live figures for alerts")
            .map(o -> o.live)
            .uid("alert-figures")
            .name("Unit figures")
            .keyBy(f -> f.unitId)
            .connect(broadcast)
            .process(new AlertFunction(registry, rules))
            .uid("alerts")
            .name("Alert rules");
    alerts.map(Outputs::alert).uid("alert-out").name("Alerts to Kafka records")
        .sinkTo(alertSink).uid("alert-sink").name("Alert state topic");
    alerts.getSideOutput(AlertFunction.REFUSED).map(m -> {
      org.slf4j.LoggerFactory.getLogger(SlaJob.class).warn("Refused alert rules, the running rules stay: {}", m);
      return m;
    }).uid("refused-rules-log").name("Log refused rule sets");
    return alerts.map(Outputs::influxAlert).uid("alert-lines").name("Alerts to InfluxDB lines");
  }
}
