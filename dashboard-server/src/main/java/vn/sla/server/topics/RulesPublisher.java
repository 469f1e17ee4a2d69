package vn.sla.server.topics;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.sla.core.alerts.RuleSetRecord;
import vn.sla.core.kafka.KafkaClients;

/** Publishes an administrator's rule edit to the rules topic, off the event loop; the job reads it as broadcast state. */
public final class RulesPublisher implements AutoCloseable {
  private final String bootstrap;
  private final String topic;
  private final WorkerExecutor kafka;
  private KafkaProducer<String, String> producer;

  public RulesPublisher(String bootstrap, String topic, WorkerExecutor kafka) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.kafka = kafka;
  }

  /** Completes with the record's metadata once the broker has it (all replicas), or fails within about 15 s. */
  public Future<RecordMetadata> publish(RuleSetRecord rules) {
    return kafka.executeBlocking(() -> {
      var rec = new ProducerRecord<String, String>(topic, RuleSetRecord.KEY, rules.json());
      rules.headers().forEach((name, value) -> rec.headers().add(name, value));
      return producer().send(rec).get(15, TimeUnit.SECONDS);
    });
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties p = KafkaClients.base(bootstrap);
      p.put("key.serializer", StringSerializer.class.getName());
      p.put("value.serializer", StringSerializer.class.getName());
      p.put("acks", "all");
      p.put("max.block.ms", "10000");
      producer = new KafkaProducer<>(p);
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    if (producer != null) producer.close(Duration.ofSeconds(5));
  }
}
