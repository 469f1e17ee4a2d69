package vn.sla.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import vn.sla.jobs.records.ParsedRecord;

/**
 * The engine benchmark's input: records held in this JVM (the MiniCluster runs in it), handed
 * out by index by a FLIP-27 source, so nothing of the input is serialised into the job graph.
 * Only for in-process runs: on a real cluster the list would be empty.
 */
final class InMemoryInput {
  private static volatile List<ParsedRecord> records = List.of();
  private static final AtomicLong FIRST_READ = new AtomicLong();

  private InMemoryInput() {}

  static void set(List<ParsedRecord> input) {
    records = input;
    FIRST_READ.set(0);
  }

  /** When the source handed out its first record (System.nanoTime), 0 before. */
  static long firstReadNanos() {
    return FIRST_READ.get();
  }

  static DataGeneratorSource<ParsedRecord> source() {
    GeneratorFunction<Long, ParsedRecord> byIndex = i -> {
      if (i == 0) FIRST_READ.compareAndSet(0, System.nanoTime());
      return records.get((int) (long) i);
    };
    return new DataGeneratorSource<>(byIndex, records.size(), RateLimiterStrategy.noOp(), TypeInformation.of(ParsedRecord.class));
  }
}
