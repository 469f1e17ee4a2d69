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
  private static final AtomicLong FIRST_READ_CPU = new AtomicLong();

  private InMemoryInput() {}

  static void set(List<ParsedRecord> input) {
    records = input;
    FIRST_READ.set(0);
    FIRST_READ_CPU.set(0);
  }

  /** The CPU time this process had used (ns, every thread) when the first record was handed out. */
  static long firstReadCpuNanos() {
    return FIRST_READ_CPU.get();
  }

  /** CPU time of the whole process so far, in ns: on a shared host, steadier than wall time. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** When the source handed out its first record (System.nanoTime), 0 before. */
  static long firstReadNanos() {
    return FIRST_READ.get();
  }

  static DataGeneratorSource<ParsedRecord> source() {
    GeneratorFunction<Long, ParsedRecord> byIndex = i -> {
      if (i == 0 && FIRST_READ.compareAndSet(0, System.nanoTime())) FIRST_READ_CPU.set(processCpuNanos());
      return records.get((int) (long) i);
    };
    return new DataGeneratorSource<>(byIndex, records.size(), RateLimiterStrategy.noOp(), TypeInformation.of(ParsedRecord.class));
  }
}
