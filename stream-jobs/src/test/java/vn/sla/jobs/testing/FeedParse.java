package vn.sla.jobs.testing;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.source.RecordParser;

/** Parses a fed record like the Kafka source's deserializer does, with its position as origin. */
public final class FeedParse implements MapFunction<String, ParsedRecord> {
  private final RecordParser parser;
  private long n;

  public FeedParse(UnitRegistry registry) {
    this.parser = new RecordParser(registry);
  }

  @Override
  public ParsedRecord map(String r) {
    return parser.parse(null, r.getBytes(StandardCharsets.UTF_8), "feed/0/" + (n++));
  }
}
