package vn.sla.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.sla.core.figures.Topics;
import vn.sla.core.rules.SlaRules;

/**
 * The job's settings, from {@code --name=value} arguments. An unknown name or a bad value
 * stops start-up with a message naming the setting.
 */
public final class JobConfig implements Serializable {
  public String bootstrap = "localhost:9092";
  public String eventsTopic = Topics.EVENTS;
  public String dlqTopic = Topics.DLQ;
  public String figuresTopic = Topics.UNIT_FIGURES;
  public String statusTopic = Topics.DOSSIER_STATUS;
  public int eventPartitions = 2;
  public String units = "deploy/units-sample.csv";
  public String influxUrl = "http://localhost:8086";
  public String influxDb = "sla";
  public ZoneId zone = SlaRules.DEFAULT_ZONE;
  public Duration dueSoon = SlaRules.DEFAULT_DUE_SOON;
  public Duration tolerance = Duration.ofMinutes(5);
  /** No record for this long (after the startup backlog) and the input counts as caught up: "now" follows the wall clock. */
  public Duration idle = Duration.ofSeconds(3);
  /** An occurredAt further than this ahead of the wall clock is a bad record (IN_FUTURE). */
  public Duration futureLimit = Duration.ofHours(24);
  /**
   * A unit's figures go out at most this often (20 a second): a quiet unit's change goes out at
   * once, a busy district's or province's is summed over this long. Longer: less output, more latency.
   */
  public Duration emitInterval = Duration.ofMillis(50);
  /** The same for a unit's figures per field, which only InfluxDB gets (about 10 keys per unit). */
  public Duration fieldEmitInterval = Duration.ofSeconds(1);
  /**
   * How often the sources move "now" forward. Live events wait for it (an event is applied once
   * "now" reaches its occurredAt), so it bounds the latency; each watermark costs a pass of the timers.
   */
  public Duration watermarkInterval = Duration.ofMillis(20);
  /** While replaying history, "now" moves at most this often: fewer, larger sums (see InputClock). */
  public Duration catchUpWatermarkInterval = Duration.ofMillis(100);
  /** How long a network buffer between operators may wait to fill: latency against throughput (Flink's default 100 ms). */
  public Duration bufferTimeout = Duration.ofMillis(10);
  /** How long unit deltas are summed before they go to the per-unit figures (0: not summed). */
  public Duration combineDelay = Duration.ofMillis(10);
  public int dayRetention = 400;
  public Duration closedRetention = Duration.ofDays(30);
  public String checkpointDir = ".state/checkpoints";
  public Duration checkpointInterval = Duration.ofSeconds(10);
  public int parallelism = 2;
  public int restPort = 0;
  public String groupId = "sla-job";
  /** Figures per unit and field (lĩnh vực) too, in InfluxDB only. */
  public boolean perField = true;
  public String alertRulesTopic = vn.sla.core.figures.Topics.ALERT_RULES;
  public String alertStateTopic = vn.sla.core.figures.Topics.ALERT_STATE;
  /** A rule file published to the rules topic at start (validated first); none: keep the topic's. */
  public String alertRules;
  public boolean alerts = true;

  public SlaRules rules() {
    return new SlaRules(zone, dueSoon);
  }

  public static JobConfig parse(String[] args) {
    JobConfig c = new JobConfig();
    Map<String, String> kv = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("argument '" + a + "' is not of the form --name=value");
      }
      kv.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    for (var e : kv.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      try {
        switch (k) {
          case "bootstrap" -> c.bootstrap = nonEmpty(v);
          case "events-topic" -> c.eventsTopic = nonEmpty(v);
          case "dlq-topic" -> c.dlqTopic = nonEmpty(v);
          case "figures-topic" -> c.figuresTopic = nonEmpty(v);
          case "status-topic" -> c.statusTopic = nonEmpty(v);
          case "event-partitions" -> c.eventPartitions = positive(Integer.parseInt(v));
          case "units" -> c.units = nonEmpty(v);
          case "influx-url" -> c.influxUrl = nonEmpty(v);
          case "influx-db" -> c.influxDb = nonEmpty(v);
          case "zone" -> c.zone = ZoneId.of(v);
          case "due-soon" -> c.dueSoon = Duration.parse(v);
          case "tolerance" -> c.tolerance = Duration.parse(v);
          case "idle" -> c.idle = Duration.parse(v);
          case "future-limit" -> c.futureLimit = nonNegative(Duration.parse(v));
          case "emit-interval" -> c.emitInterval = Duration.parse(v);
          case "field-emit-interval" -> c.fieldEmitInterval = Duration.parse(v);
          case "watermark-interval" -> c.watermarkInterval = Duration.parse(v);
          case "catch-up-watermark-interval" -> c.catchUpWatermarkInterval = Duration.parse(v);
          case "buffer-timeout" -> c.bufferTimeout = Duration.parse(v);
          case "combine-delay" -> c.combineDelay = Duration.parse(v);
          case "day-retention" -> c.dayRetention = positive(Integer.parseInt(v));
          case "closed-retention" -> c.closedRetention = Duration.parse(v);
          case "checkpoint-dir" -> c.checkpointDir = nonEmpty(v);
          case "checkpoint-interval" -> c.checkpointInterval = Duration.parse(v);
          case "parallelism" -> c.parallelism = positive(Integer.parseInt(v));
          case "rest-port" -> c.restPort = Integer.parseInt(v);
          case "group-id" -> c.groupId = nonEmpty(v);
          case "per-field" -> c.perField = bool(v);
          case "alert-rules" -> c.alertRules = nonEmpty(v);
          case "alerts" -> c.alerts = bool(v);
          case "alert-rules-topic" -> c.alertRulesTopic = nonEmpty(v);
          case "alert-state-topic" -> c.alertStateTopic = nonEmpty(v);
          default -> throw new IllegalArgumentException("unknown setting");
        }
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            "setting --" + k + "=" + v + " is not valid: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
      }
    }
    if (c.emitInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --emit-interval must be positive");
    if (c.fieldEmitInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --field-emit-interval must be positive");
    if (c.watermarkInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --watermark-interval must be positive");
    return c;
  }

  private static String nonEmpty(String v) {
    if (v.isBlank()) throw new IllegalArgumentException("must not be empty");
    return v;
  }

  private static boolean bool(String v) {
    if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("must be true or false");
    return Boolean.parseBoolean(v);
  }

  private static Duration nonNegative(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
    return d;
  }

  private static int positive(int v) {
    if (v <= 0) throw new IllegalArgumentException("must be positive");
    return v;
  }
}
