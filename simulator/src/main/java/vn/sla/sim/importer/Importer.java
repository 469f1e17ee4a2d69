package vn.sla.sim.importer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import vn.sla.core.registry.UnitRegistry;

/**
 * Reads an export, maps each row and hands its events to a sink; prints progress, each
 * refused row (at most {@value #MAX_REFUSALS_SHOWN}), and a summary. No cell of a column the
 * contract does not name is ever printed.
 */
public final class Importer {
  public static final int MAX_REFUSALS_SHOWN = 100;
  public static final int EXIT_ALL = 0;
  public static final int EXIT_SOME_REFUSED = 1;
  public static final int EXIT_UNREADABLE = 2;
  public static final int EXIT_NOT_SENT = 3;

  /** Where the events go; opened only once the header is known to be good. */
  public interface Sink extends AutoCloseable {
    void send(RegisterMapper.Event e) throws Exception;

    /** An earlier import delivered this event already (the ledger says so): it is not sent again. */
    default boolean delivered(RegisterMapper.Event e) {
      return false;
    }

    /** Waits for everything sent; returns how many events were not delivered, with the first error. */
    default Failures finish() throws Exception {
      return new Failures(0, null);
    }

    @Override
    default void close() throws Exception {}
  }

  public record Failures(long count, String first) {}

  public interface SinkFactory {
    Sink open() throws Exception;
  }

  /** What the summary says. */
  public record Summary(long rowsRead, long rowsImported, long events, long rowsRefused, int exitCode, long eventsBefore) {
    public Summary(long rowsRead, long rowsImported, long events, long rowsRefused, int exitCode) {
      this(rowsRead, rowsImported, events, rowsRefused, exitCode, 0);
    }
  }

  private final UnitRegistry registry;
  private final ZoneId zone;
  private final Clock clock;
  private final PrintStream out;
  private final boolean terminal;
  private final long progressEveryMillis;

  public Importer(UnitRegistry registry, ZoneId zone, Clock clock, PrintStream out, boolean terminal, long progressEveryMillis) {
    this.registry = registry;
    this.zone = zone;
    this.clock = clock;
    this.out = out;
    this.terminal = terminal;
    this.progressEveryMillis = progressEveryMillis;
  }

  /** Counts the bytes read, for "how far". */
  private static final class Counting extends FilterInputStream {
    long bytes;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) bytes++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) bytes += n;
      return n;
    }
  }

  public Summary run(InputStream input, long totalBytes, SinkFactory sinks, boolean dryRun) throws Exception {
    Counting counted = new Counting(input);
    InputStreamReader reader = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    long read = 0, imported = 0, events = 0, refused = 0, before = 0;
    long started = System.nanoTime();
    long nextProgress = started + progressEveryMillis * 1_000_000L;
    boolean progressShown = false;
    String stopped = null;
    int lastLine = 1;
    int exit;
    try (CsvReader csv = new CsvReader(reader)) {
      RegisterMapper mapper;
      try {
        CsvReader.Record header = csv.next();
        mapper = RegisterMapper.forHeader(header == null ? null : header.cells(), registry, zone, clock);
      } catch (RegisterMapper.FileError | CharacterCodingException | CsvReader.UnclosedQuote e) {
        out.println("the file cannot be imported: " + message(e, 1));
        return new Summary(0, 0, 0, 0, EXIT_UNREADABLE);
      }
      out.println("columns found; separator '" + csv.separator() + "'" + (dryRun ? "; dry run, nothing is sent" : ""));
      try (Sink sink = dryRun ? e -> {} : sinks.open()) {
        while (true) {
          CsvReader.Record row;
          try {
            row = csv.next();
          } catch (CsvReader.UnclosedQuote e) {
            read++;
            refused++;
            progressShown = clearProgress(progressShown);
            if (refused <= MAX_REFUSALS_SHOWN) out.println("refused: line " + e.line + ": a quoted field is not closed; the rest of the file is this one row");
            break;
          } catch (CharacterCodingException e) {
            stopped = "stopped: the file is not valid UTF-8 after line " + lastLine + " (the rows up to it were read; the rest was not)";
            break;
          }
          if (row == null) break;
          lastLine = row.line();
          if (row.blank()) continue;
          read++;
          RegisterMapper.Result r = mapper.map(row);
          if (r.refused()) {
            refused++;
            if (refused <= MAX_REFUSALS_SHOWN) {
              progressShown = clearProgress(progressShown);
              out.println("refused: line " + r.line() + ": " + r.refusal());
            }
          } else {
            for (RegisterMapper.Event e : r.events()) {
              if (sink.delivered(e)) {
                before++;
              } else {
                sink.send(e);
                events++;
              }
            }
            imported++;
          }
          if ((read & 255) == 0) {
            long now = System.nanoTime();
            if (now >= nextProgress) {
              progress(read, counted.bytes, totalBytes, now - started);
              progressShown = terminal;
              nextProgress = now + progressEveryMillis * 1_000_000L;
            }
          }
        }
        Failures f = sink.finish();
        progressShown = clearProgress(progressShown);
        if (refused > MAX_REFUSALS_SHOWN) out.println("... and " + (refused - MAX_REFUSALS_SHOWN) + " more refused rows");
        if (stopped != null) out.println(stopped);
        exit = stopped != null ? EXIT_UNREADABLE : refused > 0 ? EXIT_SOME_REFUSED : EXIT_ALL;
        if (f.count() > 0) {
          out.println("not sent: " + f.count() + " events could not be delivered to Kafka: " + f.first());
          events -= f.count();
          exit = EXIT_NOT_SENT;
        }
      }
    }
    double secs = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "summary: rows read %d, rows imported %d, events %s %d, rows refused %d (%.1f s)%n",
        read, imported, dryRun ? "to send" : "sent", events, refused, secs);
    if (before > 0) {
      out.printf(Locale.ROOT, "not sent again: %d events an earlier import of this register delivered already%n", before);
    }
    return new Summary(read, imported, events, refused, exit, before);
  }

  private boolean clearProgress(boolean shown) {
    if (shown) out.print("\r\033[K");
    return false;
  }

  private void progress(long rows, long bytes, long total, long nanos) {
    double secs = nanos / 1e9;
    double rate = rows / Math.max(secs, 1e-9);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "progress: %,d rows, %,.0f rows/s", rows, rate));
    if (total > 0) {
      double frac = Math.min(1.0, (double) bytes / total);
      sb.append(String.format(Locale.ROOT, ", %.0f%% of the file", frac * 100));
      if (frac > 0) {
        long left = Math.round(secs / frac - secs);
        sb.append(String.format(Locale.ROOT, ", about %d:%02d left", left / 60, left % 60));
      }
    }
    if (terminal) {
      out.print("\r\033[K" + sb);
      out.flush();
    } else {
      out.println(sb);
    }
  }

  private static String message(Exception e, int line) {
    if (e instanceof CharacterCodingException) return "the file is not valid UTF-8 text (save it as CSV UTF-8)";
    return e.getMessage();
  }
}
