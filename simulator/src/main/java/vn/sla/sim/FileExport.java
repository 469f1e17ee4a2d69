package vn.sla.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.event.EventType;
import vn.sla.core.registry.UnitRegistry;

/**
 * The {@code --out} mode: the backfill written as JSON lines (one record value per line) to
 * a file instead of Kafka, for benchmarks and tests. Ends at {@code --until}, or now.
 */
final class FileExport {
  private static final Logger LOG = LoggerFactory.getLogger(FileExport.class);

  /** What was written and how fast; {@code dossiers} counts the receipts written. */
  record Result(long records, long bytes, long dossiers, Duration elapsed, RecordCounter counts) {
    double recordsPerSecond() {
      return records / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  private FileExport() {}

  static Result run(SimOptions o, UnitRegistry registry, Clock clock) throws IOException {
    long end = o.until() != null ? o.until().toInstant().toEpochMilli() : clock.millis();
    long start = end - Duration.ofDays(o.backfillDays()).toMillis();
    LOG.info("writing {} days of history, {} to {}, to {}", o.backfillDays(),
        EventJson.dateTime(start, vn.sla.core.rules.SlaRules.DEFAULT_ZONE),
        EventJson.dateTime(end, vn.sla.core.rules.SlaRules.DEFAULT_ZONE), o.out());
    long t0 = System.nanoTime();
    EventGenerator gen = new EventGenerator(registry, o.generatorSettings(), start);
    RecordCounter counts = new RecordCounter();
    Path parent = o.out().toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (BufferedWriter w = Files.newBufferedWriter(o.out(), StandardCharsets.UTF_8)) {
      gen.drainTo(end, r -> {
        try {
          w.write(r.value());
          w.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        counts.count(r);
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    Result res = new Result(counts.total(), Files.size(o.out()), counts.of(EventType.RECEIVED), elapsed, counts);
    LOG.info("wrote {} records ({} dossiers, {} MB) in {} ms: {} records/s; {}", res.records(), res.dossiers(),
        String.format("%.1f", res.bytes() / 1e6), elapsed.toMillis(), String.format("%.0f", res.recordsPerSecond()),
        counts.describe());
    return res;
  }
}
