package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;

/** The --out mode: JSON lines, one record each, nothing after --until or after "now". */
class FileExportTest {
  @TempDir Path dir;

  @Test
  void writesTheBackfillAsJsonLinesUpToUntil() throws Exception {
    Path out = dir.resolve("events.jsonl");
    SimOptions o = SimOptions.parse("--units=" + RegistryFilesTest.TWO_TIER, "--out=" + out,
        "--until=2026-10-09T12:00:00+07:00", "--backfill-days=3", "--bad-rate=0.01");
    UnitRegistry registry = SimulatorMain.loadRegistry(o);
    FileExport.Result res = FileExport.run(o, registry, Clock.systemUTC());
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize((int) res.records());
    assertThat(res.dossiers()).isBetween(6_000L, 10_000L); // 2.5 working days
    EventParser parser = new EventParser(registry::contains);
    long until = OffsetDateTime.parse("2026-10-09T12:00:00+07:00").toInstant().toEpochMilli();
    long bad = 0;
    for (String l : lines) {
      ParseResult p = parser.parse(l);
      if (p.isOk()) assertThat(p.event().occurredAt).isLessThanOrEqualTo(until).isGreaterThanOrEqualTo(until - 3 * 86_400_000L);
      else bad++;
    }
    assertThat(bad).isEqualTo(res.counts().bad());
  }

  @Test
  void withoutUntilItEndsAtTheInjectedNow() throws Exception {
    Path out = dir.resolve("now.jsonl");
    Instant now = Instant.parse("2026-10-08T04:00:00Z"); // 11:00 local, a Thursday
    SimOptions o = SimOptions.parse("--units=" + RegistryFilesTest.TWO_TIER, "--out=" + out, "--backfill-days=1", "--bad-rate=0");
    FileExport.run(o, SimulatorMain.loadRegistry(o), Clock.fixed(now, java.time.ZoneOffset.UTC));
    EventParser parser = new EventParser(u -> true);
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(parser.parse(l).event().occurredAt).isLessThanOrEqualTo(now.toEpochMilli()));
  }
}
