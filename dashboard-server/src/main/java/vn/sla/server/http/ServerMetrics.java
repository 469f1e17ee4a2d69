package vn.sla.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import vn.sla.server.live.LiveHub;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.TopicReader;

/**
 * The server's metrics in one Micrometer registry, scraped at /metrics in Prometheus' format:
 * Vert.x's own (HTTP server, event loop, websockets, pools; when the registry is Vert.x's, see
 * ServerMain), the JVM's, and ours (names {@code sla_*}; docs/operations.md says what each means).
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry;

  /** @param registry Vert.x's registry (ServerMain), or null: one of its own (tests, no Vert.x metrics) */
  public ServerMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** JVM metrics, unless the registry already has them (Vert.x binds them when its JVM metrics are on). */
  public ServerMetrics withJvm() {
    if (registry.find("jvm.memory.used").meter() == null) {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
    return this;
  }

  public void watch(LiveHub hub, FiguresStore store, TopicReader reader, List<Liveness> parts) {
    Gauge.builder("sla.ws.clients", hub, LiveHub::clientCount).description("Connected websocket clients.").register(registry);
    Gauge.builder("sla.ws.push.interval.ms", hub, LiveHub::pushIntervalMillis)
        .description("Each client's push interval now (grows with the number of clients).").register(registry);
    FunctionCounter.builder("sla.ws.messages.sent", hub, LiveHub::messagesSent).description("Websocket messages sent.").register(registry);
    FunctionCounter.builder("sla.ws.updates.deferred", hub, LiveHub::updatesDeferred)
        .description("Updates held back because a client's socket was full.").register(registry);
    FunctionCounter.builder("sla.ws.clients.closed.slow", hub, LiveHub::clientsClosed)
        .description("Clients closed for staying stuck or not answering pings.").register(registry);
    FunctionCounter.builder("sla.ws.clients.closed.no.pong", hub, LiveHub::clientsClosedForNoPong)
        .description("Of those, clients closed for not answering pings.").register(registry);
    Timer pushDelay = Timer.builder("sla.ws.push.delay")
        .description("From a unit's change reaching the server to the update that carries it leaving for a client.")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    hub.onPushDelay(ms -> pushDelay.record(ms, TimeUnit.MILLISECONDS));
    Gauge.builder("sla.open.dossiers", store, FiguresStore::openDossiers).description("Open dossiers known to this server.").register(registry);
    Gauge.builder("sla.ready", store, s -> s.isReady() ? 1 : 0).description("1 once the server has caught up with the job's topics.")
        .register(registry);
    Gauge.builder("sla.topic.lag.records", () -> reader == null ? 0 : reader.lag())
        .description("Records of the job's output topics not read yet.").register(registry);
    Gauge.builder("sla.job.clock.age.seconds", store, s -> s.asOfMillis() == Long.MIN_VALUE ? -1 : (System.currentTimeMillis() - s.asOfMillis()) / 1000.0)
        .description("Seconds between the wall clock and the job's now (large while the job catches up or is stopped).").register(registry);
    Gauge.builder("sla.job.catching.up", store, s -> s.clock() != null && s.clock().catchingUp ? 1 : 0)
        .description("1 while the job says it is catching up with its input.").register(registry);
    for (Liveness l : parts) part(l);
  }

  /**
   * How late the event loop runs a timer: every 100 ms, the delay beyond the period. A busy or
   * blocked event loop (every request, push and socket waits for it) shows here first.
   */
  public void watchEventLoop(io.vertx.core.Vertx vertx) {
    Timer delay = Timer.builder("sla.event.loop.delay").description("How late the event loop ran a 100 ms timer.")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    long[] last = {System.nanoTime()};
    vertx.setPeriodic(100, t -> {
      long now = System.nanoTime();
      delay.record(Math.max(0, now - last[0] - 100_000_000L), TimeUnit.NANOSECONDS);
      last[0] = now;
    });
  }

  /** A background part (the topic reader, the alert delivery): is its loop running, does Kafka answer it. */
  public void part(Liveness l) {
    String n = "sla." + l.name().replaceAll("([a-z])([A-Z])", "$1.$2").toLowerCase(Locale.ROOT);
    Gauge.builder(n + ".up", l, p -> p.alive() ? 1 : 0).description("1 while the " + l.name() + " thread runs its loop.").register(registry);
    Gauge.builder(n + ".broker.reachable", l, p -> p.brokerReachable() ? 1 : 0)
        .description("1 while Kafka answers the " + l.name() + ".").register(registry);
    Gauge.builder(n + ".loop.age.seconds", l, p -> p.lastLoopAgeMillis() / 1000.0)
        .description("Seconds since the " + l.name() + " last went round its loop.").register(registry);
    Gauge.builder(n + ".lag.records", l, Liveness::lag).description("Records the " + l.name() + " has not read yet.").register(registry);
  }

  /** A route handler on the root router: counts and times every API request by route template and status class. */
  public void timed(RoutingContext ctx) {
    long start = System.nanoTime();
    if (ctx.request().path().startsWith("/api/")) {
      ctx.addBodyEndHandler(v -> {
        String route = Routes.template(ctx);
        String status = (ctx.response().getStatusCode() / 100) + "xx";
        Counter.builder("sla.api.requests").description("API requests by route and status class.")
            .tags("route", route, "status", status).register(registry).increment();
        Timer.builder("sla.api.request").description("Time to answer an API request, by route and status class.")
            .tags("route", route, "status", status).publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      });
    }
    ctx.next();
  }

  public String scrape() {
    return registry.scrape();
  }
}
