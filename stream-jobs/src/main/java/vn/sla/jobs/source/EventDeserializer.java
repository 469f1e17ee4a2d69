package vn.sla.jobs.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.sla.jobs.records.ParsedRecord;

/**
 * Parses in the source, so the watermark generator sees each event's occurredAt. A record
 * that does not parse is not an error here: it becomes a dead letter downstream.
 */
public class EventDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {
  private final RecordParser parser;
  /** Each partition's end offset when the job started (the offset its next record would get). */
  private final java.util.Map<Integer, Long> startupEnd;

  public EventDeserializer(RecordParser parser, java.util.Map<Integer, Long> startupEnd) {
    this.parser = parser;
    this.startupEnd = new java.util.HashMap<>(startupEnd);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
    String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
    ParsedRecord r = parser.parse(record.key(), record.value(), origin);
    Long end = startupEnd.get(record.partition());
    // The record at end - 1 is the last of the backlog: once it is read, the partition has caught up.
    // (Our producers are not transactional; with transactions the last offset would be a commit
    // marker that is never read, and the partition would count as behind until its next record.)
    r.backlog = end != null && record.offset() < end - 1;
    r.partition = record.partition();
    out.collect(r);
  }

  @Override
  public TypeInformation<ParsedRecord> getProducedType() {
    return TypeInformation.of(ParsedRecord.class);
  }
}
