package vn.sla.server;

import vn.sla.server.access.DisplayTokens;
import vn.sla.server.access.Users;
import vn.sla.server.alerting.AlertActions;
import vn.sla.server.alerting.AlertDelivery;
import vn.sla.server.alerting.AlertRecipients;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.TopicReader;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import vn.sla.core.registry.RegistryException;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;

/** Starts the dashboard server; {@code hash-password} prints a hash for the users file. */
public final class ServerMain {
  /** Vert.x with its metrics (HTTP server by route, event loop, websockets, pools, the JVM's) in the server's one registry. */
  public static Vertx vertx(PrometheusMeterRegistry meters) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))))
        .withMetrics(new MicrometerMetricsFactory(meters))
        .build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("hash-password")) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String pw = in.readLine();
      if (pw == null || pw.isEmpty()) {
        System.err.println("hash-password: give the password on standard input");
        System.exit(2);
      }
      System.out.println(Users.hash(pw));
      return;
    }
    ServerConfig config;
    UnitRegistry registry;
    Users users;
    try {
      config = ServerConfig.fromEnv(System.getenv());
      registry = UnitRegistry.load(Path.of(config.units));
      users = config.usersFile == null ? Users.empty() : Users.load(Path.of(config.usersFile), registry);
    } catch (IllegalArgumentException | RegistryException e) {
      System.err.println("dashboard-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    FiguresStore store = new FiguresStore(registry, config.zone);
    TopicReader reader = new TopicReader(config, store);
    ReportService reports = new ReportService(config.influxUrl, config.influxDb, new SlaRules(config.zone, SlaRules.DEFAULT_DUE_SOON));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = vertx(meters);
    DisplayTokens displays;
    try {
      displays = new DisplayTokens(config.displaysFile == null ? null : Path.of(config.displaysFile));
    } catch (IllegalArgumentException e) {
      System.err.println("dashboard-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    AlertActions actions;
    try {
      String f = System.getenv("SLA_ALERT_ACTIONS");
      actions = new AlertActions(f == null || f.isBlank() ? null : Path.of(f));
    } catch (IllegalArgumentException e) {
      System.err.println("dashboard-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    DashboardVerticle verticle = new DashboardVerticle(config, store, users, reports, displays, reader, actions, meters);
    vertx.deployVerticle(verticle).onComplete(ar -> {
      if (ar.failed()) {
        Throwable t = ar.cause();
        String why = t instanceof BindException || String.valueOf(t.getMessage()).contains("in use")
            ? "port " + config.port + " is already in use (set SLA_HTTP_PORT)"
            : t.toString();
        System.err.println("dashboard-server: cannot start: " + why);
        System.exit(1);
      }
    });
    reader.start();
    // Server and job must agree on the time zone: the first clock tick tells the job's.
    vertx.setPeriodic(1000, t -> {
      if (store.zoneMismatch() != null) {
        System.err.println("dashboard-server: " + store.zoneMismatch());
        System.exit(2);
      }
    });
    AlertDelivery delivery = null;
    String routesFile = System.getenv("SLA_ALERT_ROUTES");
    if (routesFile != null && !routesFile.isBlank()) {
      try {
        AlertRecipients routes = AlertRecipients.load(Path.of(routesFile), registry);
        // Links in e-mails lead to the public address (SLA_PUBLIC_URL), else to this machine's.
        String linkBase = config.publicUrl != null ? config.publicUrl
            : (config.tlsCert != null ? "https://" : "http://") + ("0.0.0.0".equals(config.host) ? "localhost" : config.host) + ":" + config.port;
        delivery = new AlertDelivery(config.bootstrap, config.alertTopic, "sla-alert-delivery", routes, registry, actions)
            .withEmail(new vn.sla.server.alerting.AlertEmail(registry, config.zone, linkBase)).start();
        verticle.watch(delivery);
      } catch (IllegalArgumentException e) {
        System.err.println("dashboard-server: " + e.getMessage());
        System.exit(2);
      }
    }
    AlertDelivery deliveryToClose = delivery;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (deliveryToClose != null) deliveryToClose.close();
        reader.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      vertx.close();
    }));
  }
}
