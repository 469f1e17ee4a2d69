package vn.sla.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import vn.sla.core.figures.Topics;
import vn.sla.core.rules.SlaRules;

/**
 * The job's settings, from {@code --name=value} arguments (picocli; {@code --help} lists them
 * with their defaults). An unknown name or a bad value stops start-up with a message naming the
 * setting. Each setting's check is its converter below, written once; what spans settings is in
 * {@link #validate}.
 */
@Command(
    name = "sla-job",
    sortOptions = false,
    showDefaultValues = true,
    abbreviateSynopsis = true,
    usageHelpWidth = 110,
    description = "Runs the SLA job: dossier events from Kafka to per-unit figures in Kafka and InfluxDB. "
        + "Every setting is --name=value.")
public final class JobConfig implements Serializable {
  @Option(names = "--bootstrap", converter = NonEmpty.class, description = "Kafka bootstrap servers.")
  public String bootstrap = "localhost:9092";

  @Option(names = "--events-topic", converter = NonEmpty.class, description = "The dossier events topic (input).")
  public String eventsTopic = Topics.EVENTS;

  @Option(names = "--dlq-topic", converter = NonEmpty.class, description = "Where rejected records go, unchanged, with the reason in headers.")
  public String dlqTopic = Topics.DLQ;

  @Option(names = "--figures-topic", converter = NonEmpty.class, description = "The latest figures per unit and the clock (compacted).")
  public String figuresTopic = Topics.UNIT_FIGURES;

  @Option(names = "--status-topic", converter = NonEmpty.class, description = "The status of each open dossier (compacted).")
  public String statusTopic = Topics.DOSSIER_STATUS;

  @Option(names = "--timeline-topic", converter = NonEmpty.class,
      description = "Each remembered dossier's events and standing, for finding one dossier (compacted).")
  public String timelineTopic = Topics.DOSSIER_TIMELINE;

  @Option(names = "--event-partitions", converter = Positive.class, description = "Partitions of the events topic when the job creates it.")
  public int eventPartitions = 2;

  /** Replicas of each topic the job creates: 1 for one broker; 3 on a real cluster (min.insync.replicas 2 then). */
  @Option(names = "--replication", converter = Replication.class,
      description = "Replicas of each topic the job creates (1: one broker; 3 on a cluster, with min.insync.replicas=2).")
  public short replication = 1;

  @Option(names = "--units", converter = NonEmpty.class, description = "The unit registry (CSV).")
  public String units = "deploy/units-sample.csv";

  @Option(names = "--influx-url", converter = NonEmpty.class, description = "InfluxDB 1.x, for history and reports.")
  public String influxUrl = "http://localhost:8086";

  @Option(names = "--influx-db", converter = NonEmpty.class, description = "The InfluxDB database (created at start).")
  public String influxDb = "sla";

  @Option(names = "--zone", converter = Zone.class, description = "The time zone of local days and midnights.")
  public ZoneId zone = SlaRules.DEFAULT_ZONE;

  @Option(names = "--due-soon", converter = AnyDuration.class, description = "An open dossier due within this is \"due soon\".")
  public Duration dueSoon = SlaRules.DEFAULT_DUE_SOON;

  @Option(names = "--tolerance", converter = AnyDuration.class,
      description = "How far behind the newest occurredAt an event may arrive and still be put in order.")
  public Duration tolerance = Duration.ofMinutes(5);

  /** No record for this long (after the startup backlog) and the input counts as caught up: "now" follows the wall clock. */
  @Option(names = "--idle", converter = AnyDuration.class,
      description = "No record for this long (after the backlog): the input is caught up, \"now\" follows the wall clock.")
  public Duration idle = Duration.ofSeconds(3);

  /** An occurredAt further than this ahead of the wall clock is a bad record (IN_FUTURE). */
  @Option(names = "--future-limit", converter = NonNegativeDuration.class,
      description = "An occurredAt further than this ahead of the wall clock is a bad record (IN_FUTURE).")
  public Duration futureLimit = Duration.ofHours(24);

  /**
   * A unit's figures go out at most this often (20 a second): a quiet unit's change goes out at
   * once, a busy district's or province's is summed over this long. Longer: less output, more latency.
   */
  @Option(names = "--emit-interval", converter = AnyDuration.class,
      description = "A unit's figures go out at most this often (positive); longer: less output, more latency.")
  public Duration emitInterval = Duration.ofMillis(50);

  /** The same for a unit's figures per field, which only InfluxDB gets (about 10 keys per unit). */
  @Option(names = "--field-emit-interval", converter = AnyDuration.class,
      description = "The same for a unit's figures per field (InfluxDB only; positive).")
  public Duration fieldEmitInterval = Duration.ofSeconds(1);

  /**
   * A unit's day points (InfluxDB, for the reports) go out at most this often; never more often
   * than its live figures. History arriving into a live job changes the pending of every day
   * from its own to today: written at every live emission, those points were most of the unit
   * figures' work in a replay.
   */
  @Option(names = "--day-emit-interval", converter = AnyDuration.class,
      description = "The same for a unit's day points (InfluxDB, for the reports; positive).")
  public Duration dayEmitInterval = Duration.ofSeconds(1);

  /**
   * How often the sources move "now" forward. Live events wait for it (an event is applied once
   * "now" reaches its occurredAt), so it bounds the latency; each watermark costs a pass of the timers.
   */
  @Option(names = "--watermark-interval", converter = AnyDuration.class,
      description = "How often \"now\" moves forward while live; bounds the latency (positive).")
  public Duration watermarkInterval = Duration.ofMillis(20);

  /** While replaying history, "now" moves at most this often: fewer, larger sums (see InputClock). */
  @Option(names = "--catch-up-watermark-interval", converter = AnyDuration.class,
      description = "How often \"now\" moves forward while replaying history.")
  public Duration catchUpWatermarkInterval = Duration.ofMillis(100);

  /** How long a network buffer between operators may wait to fill: latency against throughput (Flink's default 100 ms). */
  @Option(names = "--buffer-timeout", converter = AnyDuration.class,
      description = "How long a network buffer between operators may wait to fill (latency against throughput).")
  public Duration bufferTimeout = Duration.ofMillis(10);

  /** How long unit deltas are summed before they go to the per-unit figures (0: not summed). */
  @Option(names = "--combine-delay", converter = AnyDuration.class,
      description = "How long unit deltas are summed before the per-unit figures (PT0S: not summed).")
  public Duration combineDelay = Duration.ofMillis(10);

  @Option(names = "--day-retention", converter = Positive.class, description = "Days of per-day counters kept per unit.")
  public int dayRetention = 400;

  @Option(names = "--closed-retention", converter = AnyDuration.class,
      description = "How long a closed dossier is remembered (duplicates, a late RETURNED).")
  public Duration closedRetention = Duration.ofDays(30);

  /**
   * A folder or a URI (file:, s3://, hdfs://...) of Flink's file systems. On a Flink cluster the
   * cluster's execution.checkpointing.dir wins; this applies only where the cluster sets none.
   */
  @Option(names = "--checkpoint-dir", converter = NonEmpty.class,
      description = "Checkpoints (a folder or a URI such as s3://bucket/ckpt); locally the job resumes from the newest. "
          + "On a Flink cluster its execution.checkpointing.dir wins.")
  public String checkpointDir = ".state/checkpoints";

  @Option(names = "--checkpoint-interval", converter = AnyDuration.class,
      description = "How often the job checkpoints (on a Flink cluster: only when its execution.checkpointing.interval is not set).")
  public Duration checkpointInterval = Duration.ofSeconds(10);

  @Option(names = "--parallelism", converter = Positive.class,
      description = "Parallelism of the keyed stages (on a Flink cluster: only when given; else the cluster's -p or parallelism.default).")
  public int parallelism = 2;

  @Option(names = "--rest-port", converter = AnyInt.class, description = "Port of the Flink web UI and REST API on 127.0.0.1 (0: Flink's default).")
  public int restPort = 0;

  /** Flink's own Prometheus reporter on this port, for the local MiniCluster (0: none; on a cluster, the cluster's reporters apply). */
  @Option(names = "--metrics-port", converter = Port.class,
      description = "Flink's Prometheus reporter serves the job's metrics at http://host:PORT/metrics (0: off; local MiniCluster only).")
  public int metricsPort = 9249;

  @Option(names = "--group-id", converter = NonEmpty.class, description = "Kafka consumer group of the sources.")
  public String groupId = "sla-job";

  /** Figures per unit and field (lĩnh vực) too, in InfluxDB only. */
  @Option(names = "--per-field", arity = "1", showDefaultValue = Visibility.ALWAYS, converter = Bool.class, description = "Figures per unit and field (lĩnh vực) too, in InfluxDB (true or false).")
  public boolean perField = true;

  @Option(names = "--alert-rules-topic", converter = NonEmpty.class, description = "The alert rule sets (compacted; the newest applies).")
  public String alertRulesTopic = Topics.ALERT_RULES;

  @Option(names = "--alert-state-topic", converter = NonEmpty.class, description = "Where each rule stands per unit (compacted).")
  public String alertStateTopic = Topics.ALERT_STATE;

  /** A rule file published to the rules topic at start (validated first); none: keep the topic's. */
  @Option(names = "--alert-rules", converter = NonEmpty.class,
      description = "A rule file published to the rules topic at start, validated first; by default none: the topic's rules stay.")
  public String alertRules;

  @Option(names = "--alerts", arity = "1", showDefaultValue = Visibility.ALWAYS, converter = Bool.class, description = "Evaluate the alert rules (true or false).")
  public boolean alerts = true;

  @Option(names = "--help", usageHelp = true, description = "Lists the settings and exits.")
  public boolean help;

  /** The settings given on the command line (their long names), as opposed to left at their defaults. */
  private final java.util.Set<String> given = new java.util.TreeSet<>();

  /** Whether {@code name} (e.g. {@code --parallelism}) was given rather than left at its default. */
  public boolean given(String name) {
    return given.contains(name);
  }

  public SlaRules rules() {
    return new SlaRules(zone, dueSoon);
  }

  /**
   * The settings from {@code --name=value} arguments, the rest at their defaults.
   *
   * @throws IllegalArgumentException naming the setting (and its value) that is not valid
   */
  public static JobConfig parse(String[] args) {
    for (String a : args) {
      if (!a.equals("--help") && (!a.startsWith("--") || !a.contains("="))) {
        throw new IllegalArgumentException("argument '" + a + "' is not of the form --name=value (see --help)");
      }
    }
    JobConfig c = new JobConfig();
    CommandLine cli = commandLine(c);
    try {
      cli.parseArgs(args).matchedOptions().forEach(o -> c.given.add(o.longestName()));
    } catch (UnmatchedArgumentException e) {
      throw new IllegalArgumentException("setting " + String.join(" ", e.getUnmatched()) + " is not valid: unknown setting; the settings are "
          + cli.getCommandSpec().options().stream().map(OptionSpec::longestName).collect(Collectors.joining(", ")) + " (see --help)", e);
    } catch (ParameterException e) {
      if (e.getArgSpec() instanceof OptionSpec o && e.getValue() != null) {
        Throwable why = e.getCause() == null ? e : e.getCause();
        throw new IllegalArgumentException("setting " + o.longestName() + "=" + e.getValue() + " is not valid: "
            + (why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage()), e);
      }
      throw new IllegalArgumentException(e.getMessage() + " (see --help)", e);
    }
    if (!c.help) c.validate();
    return c;
  }

  /** What {@code --help} prints: every setting with its default and what it is for. */
  public static String usage() {
    return commandLine(new JobConfig()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static CommandLine commandLine(JobConfig c) {
    CommandLine cli = new CommandLine(c);
    cli.setOverwrittenOptionsAllowed(true); // as before: a repeated setting, the last one wins
    cli.setExpandAtFiles(false);
    return cli;
  }

  /** What one setting's converter cannot check alone. */
  private void validate() {
    if (emitInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --emit-interval must be positive");
    if (fieldEmitInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --field-emit-interval must be positive");
    if (dayEmitInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --day-emit-interval must be positive");
    if (watermarkInterval.toMillis() <= 0) throw new IllegalArgumentException("setting --watermark-interval must be positive");
  }

  static final class NonEmpty implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      if (v.isBlank()) throw new IllegalArgumentException("must not be empty");
      return v;
    }
  }

  static final class Bool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String v) {
      if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("must be true or false");
      return Boolean.parseBoolean(v);
    }
  }

  static final class Replication implements ITypeConverter<Short> {
    @Override
    public Short convert(String v) {
      int i = Integer.parseInt(v);
      if (i < 1 || i > Short.MAX_VALUE) throw new IllegalArgumentException("must be 1 or more");
      return (short) i;
    }
  }

  static final class AnyInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      return Integer.parseInt(v);
    }
  }

  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      int i = Integer.parseInt(v);
      if (i <= 0) throw new IllegalArgumentException("must be positive");
      return i;
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      int i = Integer.parseInt(v);
      if (i < 0 || i > 65535) throw new IllegalArgumentException("must be a port (1 to 65535), or 0 for none");
      return i;
    }
  }

  static final class AnyDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      return Duration.parse(v);
    }
  }

  static final class NonNegativeDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      Duration d = Duration.parse(v);
      if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
      return d;
    }
  }

  static final class Zone implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String v) {
      return ZoneId.of(v);
    }
  }
}
