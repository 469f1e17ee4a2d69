package vn.sla.jobs.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses in the source, so the watermark generator sees each event's occurredAt. A record
 * that does not parse is not an error here: it becomes a dead letter downstream.
 */
public class EventDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {
  private final RecordParser parser;

  public EventDeserializer(RecordParser parser) {
    this.parser = parser;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
    String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
    out.collect(parser.parse(record.key(), record.value(), origin));
  }

  @Override
  public TypeInformation<ParsedRecord> getProducedType() {
    return TypeInformation.of(ParsedRecord.class);
  }
}
