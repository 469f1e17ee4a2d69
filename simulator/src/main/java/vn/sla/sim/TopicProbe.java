package vn.sla.sim;

import vn.sla.core.kafka.KafkaClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.LoggerFactory;

/**
 * Looks at the event topic before writing: is it empty (every end offset 0, or no topic
 * yet), and if not, its first and last few records per partition, from which the simulator
 * tells where an earlier run of itself stopped, and the live spans that run generated with
 * (the {@link LiveWindows#HEADER} of the newest of those last records).
 */
final class TopicProbe {
  /** Records read at each end of each partition. */
  private static final int EDGE = 5;

  /**
   * The topic as found.
   *
   * @param liveHeader the live-spans header of the newest last record (by record timestamp), null when it has none
   */
  record State(boolean empty, long records, int partitions, List<String> firstValues, List<String> lastValues,
      String liveHeader) {}

  private TopicProbe() {}

  /** Throws {@link org.apache.kafka.common.errors.TimeoutException} when the broker does not answer in time. */
  static State inspect(String bootstrap, String topic, Duration timeout) {
    Properties p = KafkaClients.base(bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Looking must not create the topic: whoever runs the stack decides its partitions.
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sla-simulator-probe");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) return new State(true, 0, 0, List.of(), List.of(), null);
      List<TopicPartition> tps = new ArrayList<>();
      for (PartitionInfo i : infos) tps.add(new TopicPartition(topic, i.partition()));
      Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
      Map<TopicPartition, Long> begin = c.beginningOffsets(tps, timeout);
      long records = 0;
      boolean allZero = true;
      Map<TopicPartition, Long> headFrom = new HashMap<>();
      Map<TopicPartition, Long> headTo = new HashMap<>();
      Map<TopicPartition, Long> tailFrom = new HashMap<>();
      for (TopicPartition tp : tps) {
        long b = begin.getOrDefault(tp, 0L);
        long e = end.getOrDefault(tp, 0L);
        if (e != 0) allZero = false;
        records += Math.max(0, e - b);
        if (e > b) {
          headFrom.put(tp, b);
          headTo.put(tp, Math.min(e, b + EDGE));
          tailFrom.put(tp, Math.max(b, e - EDGE));
        }
      }
      if (allZero) return new State(true, 0, tps.size(), List.of(), List.of(), null);
      try {
        List<String> first = values(read(c, headFrom, headTo, timeout));
        List<ConsumerRecord<String, String>> tail = read(c, tailFrom, end, timeout);
        return new State(false, records, tps.size(), first, values(tail), liveHeader(tail));
      } catch (KafkaException e) {
        // Records this client cannot read (a codec not on the class path, say): the topic
        // has data all the same, it just cannot be recognised as ours.
        LoggerFactory.getLogger(TopicProbe.class).warn("cannot read the records of '{}': {}", topic, e.toString());
        return new State(false, records, tps.size(), List.of(), List.of(), null);
      }
    }
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    List<String> out = new ArrayList<>(records.size());
    for (ConsumerRecord<String, String> r : records) out.add(r.value());
    return out;
  }

  /** The live-spans header of the newest record (the last run's), as text; null when absent. */
  private static String liveHeader(List<ConsumerRecord<String, String>> records) {
    ConsumerRecord<String, String> newest = null;
    for (ConsumerRecord<String, String> r : records) if (newest == null || r.timestamp() > newest.timestamp()) newest = r;
    Header h = newest == null ? null : newest.headers().lastHeader(LiveWindows.HEADER);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The records with a value in [from, to) of each partition, as far as they can be read in time. */
  private static List<ConsumerRecord<String, String>> read(KafkaConsumer<String, String> c, Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to, Duration timeout) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    if (from.isEmpty()) return out;
    c.assign(from.keySet());
    from.forEach(c::seek);
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> remaining = new HashMap<>(from);
    while (!remaining.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long stop = to.get(tp);
        if (stop != null && r.offset() < stop && remaining.containsKey(tp) && r.value() != null) out.add(r);
      }
      for (TopicPartition tp : new ArrayList<>(remaining.keySet())) {
        if (c.position(tp) >= to.get(tp)) {
          remaining.remove(tp);
          c.pause(List.of(tp));
        }
      }
    }
    c.unsubscribe();
    return out;
  }
}
