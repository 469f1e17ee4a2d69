package vn.sla.core.registry;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV, enough for the registry: quoted fields with commas, quotes and newlines. */
final class Csv {
  /** One record and the line it starts on, for error messages. */
  record Row(int line, List<String> cells) {}

  private Csv() {}

  static List<Row> parse(String text, String source) {
    List<Row> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int rowLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') line++;
          f.append(c);
        }
      } else if (c == '"' && f.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        row.add(f.toString());
        f.setLength(0);
        rows.add(new Row(rowLine, row));
        row = new ArrayList<>();
        line++;
        rowLine = line;
      } else {
        f.append(c);
      }
    }
    if (quoted) throw new RegistryException(source + ": line " + rowLine + ": a quoted field is not closed");
    if (f.length() > 0 || !row.isEmpty()) {
      row.add(f.toString());
      rows.add(new Row(rowLine, row));
    }
    return rows;
  }
}
