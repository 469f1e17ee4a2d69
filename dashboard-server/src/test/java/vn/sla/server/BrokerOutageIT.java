package vn.sla.server;

import vn.sla.jobs.bootstrap.TopicSetup;

import vn.sla.server.alerting.AlertDelivery;
import vn.sla.server.alerting.AlertRecipients;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.figures.ClockTick;
import vn.sla.core.figures.Json;
import vn.sla.core.figures.Topics;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.testing.KafkaProcess;
import vn.sla.jobs.testing.Scenario;

/**
 * The dashboard's topic reader and the alert delivery outlive a broker outage longer than
 * Kafka's own timeouts (70 s; the clients' default is 60 s): they say so (not reachable, but
 * alive) while it lasts, and read and deliver what the job writes once the broker is back.
 * The broker is a real process, stopped and started again.
 */
class BrokerOutageIT {
  @Test
  void theReaderAndTheDeliverySurviveASeventySecondOutage() throws Exception {
    UnitRegistry registry = Scenario.registry();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger hooks = new AtomicInteger();
    receiver.createContext("/hook", ex -> {
      ex.getRequestBody().readAllBytes();
      hooks.incrementAndGet();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try (KafkaProcess kafka = new KafkaProcess()) {
      JobConfig job = new JobConfig();
      job.bootstrap = kafka.bootstrap();
      TopicSetup.ensure(job);
      ServerConfig sc = new ServerConfig();
      sc.bootstrap = kafka.bootstrap();
      FiguresStore store = new FiguresStore(registry);
      Path routes = Files.createTempFile("routes", ".json");
      Files.writeString(routes, """
          {"groupSeconds": 1, "maxAgeHours": 1000000,
           "webhooks": [{"url": "http://127.0.0.1:%d/hook", "secret": "webhook-secret-0123456789", "units": ["tinh"]}]}
          """.formatted(receiver.getAddress().getPort()));
      try (TopicReader reader = new TopicReader(sc, store);
          AlertDelivery delivery = new AlertDelivery(kafka.bootstrap(), job.alertStateTopic, "outage-it",
              AlertRecipients.load(routes, registry), registry).start();
          KafkaProducer<String, String> producer = producer(kafka.bootstrap())) {
        reader.start();
        publish(producer, job, 1, "a1");
        EndToEndIT.await("the reader has the figures", 60, () -> store.isReady() && store.figures("tinh").pending.total == 1);
        EndToEndIT.await("the first alert delivered", 60, () -> hooks.get() == 1);

        kafka.stop();
        long down = System.currentTimeMillis();
        EndToEndIT.await("the reader notices the outage", 60, () -> !reader.brokerReachable());
        EndToEndIT.await("the delivery notices the outage", 90, () -> !delivery.brokerReachable());
        // Longer than the clients' own timeouts (60 s): the outage the threads used to die of.
        while (System.currentTimeMillis() - down < 70_000) {
          assertThat(reader.alive()).as("the reader runs through the outage").isTrue();
          assertThat(delivery.alive()).as("the delivery runs through the outage").isTrue();
          Thread.sleep(1000);
        }
        kafka.start();

        publish(producer, job, 2, "a2");
        EndToEndIT.await("the reader reads on", 120, () -> store.figures("tinh").pending.total == 2);
        EndToEndIT.await("the next alert delivered", 120, () -> hooks.get() == 2);
        EndToEndIT.await("both say the broker answers again", 30, () -> reader.brokerReachable() && delivery.brokerReachable());
        assertThat(reader.alive() && delivery.alive()).isTrue();
      }
    } finally {
      receiver.stop(0);
    }
  }

  static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("delivery.timeout.ms", "120000");
    return new KafkaProducer<>(p);
  }

  /** What the job would write: the province's figures, the clock, and an alert that fires. */
  static void publish(KafkaProducer<String, String> producer, JobConfig job, int pending, String alertId) throws Exception {
    long now = System.currentTimeMillis();
    UnitFigures f = new UnitFigures();
    f.unitId = "tinh";
    f.asOf = Json.dateTime(now, vn.sla.core.rules.SlaRules.DEFAULT_ZONE);
    f.pending.total = pending;
    f.pending.overdue = pending;
    ClockTick t = new ClockTick();
    t.asOfMillis = now;
    t.asOf = f.asOf;
    AlertEvent a = new AlertEvent();
    a.alertId = alertId;
    a.ruleId = "any-overdue";
    a.unitId = "tinh";
    a.state = "FIRING";
    a.severity = "CRITICAL";
    a.atMillis = now;
    a.firedAtMillis = now;
    a.value = pending;
    a.threshold = 1;
    producer.send(new ProducerRecord<>(job.figuresTopic, "tinh", Json.write(f))).get();
    producer.send(new ProducerRecord<>(job.figuresTopic, Topics.CLOCK_KEY, Json.write(t))).get();
    producer.send(new ProducerRecord<>(job.alertStateTopic, "any-overdue|tinh", Json.write(a))).get();
  }

}
