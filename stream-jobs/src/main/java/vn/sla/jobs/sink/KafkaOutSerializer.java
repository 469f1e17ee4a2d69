package vn.sla.jobs.sink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import vn.sla.jobs.records.KafkaOut;

/** Writes {@link KafkaOut} records to one topic. */
public class KafkaOutSerializer implements KafkaRecordSerializationSchema<KafkaOut> {
  private final String topic;

  public KafkaOutSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(KafkaOut o, KafkaSinkContext ctx, Long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    if (o.headers != null) {
      for (int i = 0; i + 1 < o.headers.length; i += 2) {
        if (o.headers[i + 1] != null) headers.add(o.headers[i], o.headers[i + 1].getBytes(StandardCharsets.UTF_8));
      }
    }
    return new ProducerRecord<>(topic, null, null, o.key, o.value, headers);
  }
}
