package vn.sla.sim.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams RFC 4180 records from an export: a leading byte-order mark is skipped, the separator
 * ({@code ,} or {@code ;}) is told from the header line (the one of the two that occurs more
 * often outside quotes), quoted fields may hold separators, doubled quotes and line breaks.
 * Each record carries the line it starts on, for refusals.
 */
public final class CsvReader implements AutoCloseable {
  /** One record and the (1-based) line it starts on. */
  public record Record(int line, List<String> cells) {
    public boolean blank() {
      for (String c : cells) if (!c.isBlank()) return false;
      return true;
    }
  }

  /** A quoted field that is never closed: the rest of the file cannot be split into records. */
  public static final class UnclosedQuote extends IOException {
    public final int line;

    UnclosedQuote(int line) {
      super("line " + line + ": a quoted field is not closed before the end of the file");
      this.line = line;
    }
  }

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private int line = 1;
  private char sep;
  private boolean started;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** The separator in use; known after the first {@link #next()}. */
  public char separator() {
    return sep;
  }

  private int peek() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos];
  }

  private int read() throws IOException {
    int c = peek();
    if (c >= 0) pos++;
    return c;
  }

  /** The next record, or null at the end of the file. */
  public Record next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') read();
      sep = detect();
    }
    if (peek() < 0) return null;
    int start = line;
    List<String> cells = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (c < 0) {
        if (quoted) throw new UnclosedQuote(start);
        cells.add(f.toString());
        return new Record(start, cells);
      }
      if (quoted) {
        if (c == '"') {
          if (peek() == '"') {
            read();
            f.append('"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n' || (c == '\r' && peek() != '\n')) line++;
          f.append((char) c);
        }
      } else if (c == '"' && !wasQuoted && f.toString().isBlank()) {
        // Spaces before an opening quote are dropped, as spreadsheets do.
        f.setLength(0);
        quoted = true;
        wasQuoted = true;
      } else if (c == sep) {
        cells.add(f.toString());
        f.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') read();
        line++;
        cells.add(f.toString());
        return new Record(start, cells);
      } else {
        f.append((char) c);
      }
    }
  }

  /** Looks ahead over the header line (it must fit in the buffer's first fill, 64 K characters). */
  private char detect() throws IOException {
    peek();
    int commas = 0;
    int semis = 0;
    boolean quoted = false;
    for (int i = pos; i < len; i++) {
      char c = buf[i];
      if (c == '"') quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r')) break;
      else if (!quoted && c == ',') commas++;
      else if (!quoted && c == ';') semis++;
    }
    return semis > commas ? ';' : ',';
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
