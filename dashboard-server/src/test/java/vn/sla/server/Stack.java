package vn.sla.server;

import vn.sla.jobs.bootstrap.KafkaJob;

import vn.sla.jobs.bootstrap.InfluxSetup;

import vn.sla.jobs.bootstrap.TopicSetup;

import vn.sla.jobs.bootstrap.RuleFile;

import vn.sla.server.access.DisplayTokens;
import vn.sla.server.access.Users;
import vn.sla.server.alerting.AlertActions;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.TopicReader;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.clock.WallClock;
import vn.sla.jobs.testing.LocalInflux;
import vn.sla.jobs.testing.LocalKafka;
import vn.sla.jobs.testing.ReferenceModel;
import vn.sla.jobs.testing.Scenario;

/**
 * The whole product on real parts, once per test JVM: a Kafka broker (KRaft), a real
 * influxd, the SLA job in a local MiniCluster, and the dashboard server, fed the way a user
 * feeds it: everything starts on an empty topic and goes live, and only then the history of a
 * random scenario arrives, whose figures the reference model knows. The job's wall clock runs
 * from a fixed instant after the scenario, so "now" is known and moves like a real clock.
 */
public final class Stack implements AutoCloseable {
  public static final String TOKEN = "it-token-0123456789abcdef";
  public static final String CHIEF_PASSWORD = "mat-khau-xa-1a";
  public static final String ADMIN_PASSWORD = "mat-khau-admin";
  static final long TOLERANCE = Duration.ofMinutes(5).toMillis();
  static final SlaRules RULES = SlaRules.defaults();
  /** Fires at once for the province as soon as anything is overdue. */
  static final String ALERT_RULES = "{\"rules\":[{\"id\":\"any-overdue\",\"unit\":\"tinh\",\"metric\":\"OVERDUE_COUNT\","
      + "\"fire\":1,\"clear\":0,\"severity\":\"CRITICAL\"}]}";


  public final LocalKafka kafka;
  public final LocalInflux influx;
  public final UnitRegistry registry;
  public final Scenario scenario;
  public final ReferenceModel oracle;
  public final JobClient job;
  public final Vertx vertx;
  public DashboardVerticle server;
  private final ServerConfig serverConfig;
  private String deployment;
  private final FiguresStore store;
  private final Users users;
  private final DisplayTokens displays = new DisplayTokens(null);
  private final AlertActions actions = new AlertActions(null);
  public final TopicReader reader;
  public final int port;
  public final long clockStart;
  public final JobConfig jobConfig;

  /**
   * The one stack of this test run, kept in JUnit's root store so that it is closed (job,
   * server, brokers) when the run ends, not when the JVM is torn down.
   */
  public static Stack get(org.junit.jupiter.api.extension.ExtensionContext ctx) {
    return ctx.getRoot().getStore(org.junit.jupiter.api.extension.ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Stack.class, k -> {
          try {
            return new Stack();
          } catch (Exception e) {
            throw new IllegalStateException("cannot start the test stack", e);
          }
        }, Stack.class);
  }

  private Stack() throws Exception {
    this(Scenario.registry(), new Scenario(5, t("2026-10-01T07:00:00+07:00"), 600, 20, TOLERANCE), 0, ALERT_RULES);
  }

  /**
   * A stack of a test's own on this registry, live on an empty topic and given nothing: the
   * test feeds it as a user would (an import, say) and closes it. The job's wall clock starts at
   * {@code clockStart}.
   */
  public static Stack empty(UnitRegistry registry, long clockStart) throws Exception {
    return new Stack(registry, null, clockStart, null);
  }

  private Stack(UnitRegistry registry, Scenario scenario, long clockStartWithoutScenario, String alertRules) throws Exception {
    this.registry = registry;
    this.scenario = scenario;
    kafka = new LocalKafka();
    influx = new LocalInflux();
    oracle = scenario == null ? null : new ReferenceModel(registry, RULES, TOLERANCE, scenario.records);
    clockStart = scenario == null ? clockStartWithoutScenario : scenario.end + Duration.ofDays(2).plusHours(5).toMillis();

    jobConfig = new JobConfig();
    jobConfig.bootstrap = kafka.bootstrap();
    jobConfig.influxUrl = influx.url();
    jobConfig.influxDb = "sla_it";
    // The job takes a pause in the input this long as "caught up" and its clock follows the wall
    // clock: it goes live on the empty topic before the history is produced.
    jobConfig.idle = Duration.ofSeconds(2);
    jobConfig.checkpointDir = Files.createTempDirectory("ckpt").toString();
    TopicSetup.ensure(jobConfig);
    InfluxSetup.ensureDatabase(jobConfig);
    if (alertRules != null) RuleFile.publish(jobConfig, alertRules);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(2000);
    long start = clockStart;
    long real = System.currentTimeMillis();
    WallClock clock = () -> start + (System.currentTimeMillis() - real);
    KafkaJob.build(env, jobConfig, registry, clock);
    job = env.executeAsync("sla-it");

    Path users = Files.createTempFile("users", ".txt");
    Files.writeString(users, String.join("\n", List.of(
        "chief:CHIEF:" + (registry.contains("xa-1a") ? "xa-1a"
            : registry.all().stream().filter(u -> u.level().equals("COMMUNE")).findFirst().orElseThrow().unitId()) + ":"
            + Users.hash(CHIEF_PASSWORD),
        "admin:ADMIN::" + Users.hash(ADMIN_PASSWORD))) + "\n");
    ServerConfig sc = new ServerConfig();
    sc.port = 0;
    sc.host = "127.0.0.1";
    sc.bootstrap = kafka.bootstrap();
    sc.influxUrl = influx.url();
    sc.influxDb = "sla_it";
    sc.apiToken = TOKEN;
    sc.clock = clock::now; // the job runs on the scenario's clock; so does the server, or every page says the job lags
    store = new FiguresStore(registry);
    reader = new TopicReader(sc, store);
    vertx = Vertx.vertx();
    serverConfig = sc;
    this.users = Users.load(users, registry);
    server = newServer();
    deployment = vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get();
    port = server.actualPort();
    sc.port = port; // a restarted server comes back where the browsers look for it
    reader.start();

    // Up and live on an empty topic first, as after "./sla up"; then the history arrives.
    await("the server is up and the job follows the wall clock", 120,
        () -> store.isReady() && store.clock() != null && !store.clock().catchingUp);
    if (scenario == null) return;
    kafka.produce(jobConfig.eventsTopic, scenario.records);
    await("the job has read the history", 120, () -> store.clock().progressMillis >= oracle.progress);
  }

  static void await(String what, int seconds, java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!c.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting until " + what);
      Thread.sleep(100);
    }
  }

  private DashboardVerticle newServer() {
    return new DashboardVerticle(serverConfig, store, users, new ReportService(serverConfig.influxUrl, serverConfig.influxDb, RULES),
        displays, reader, actions);
  }

  /** Stops the dashboard server (the job, Kafka and InfluxDB keep running), as an operator's restart would. */
  public void stopServer() throws Exception {
    vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get();
  }

  /** Starts a fresh server on the same port: sessions are gone, display tokens and figures are not. */
  public void startServer() throws Exception {
    server = newServer();
    deployment = vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get();
  }

  /** What the server has read from the job's topics. */
  public FiguresStore store() {
    return store;
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  static long t(String s) {
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  @Override
  public void close() {
    try {
      job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // shutting down anyway
    }
    try {
      reader.close();
      vertx.close();
      kafka.close();
      influx.close();
    } catch (Exception ignored) {
      // shutting down anyway
    }
  }
}
