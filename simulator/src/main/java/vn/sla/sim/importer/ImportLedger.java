package vn.sla.sim.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.sla.core.event.EventType;

/**
 * Which events of which dossiers earlier imports delivered to one topic, so that a newer
 * export sends only what is new. The job recognises a repeated event only while it remembers
 * the dossier (a closed one for {@code --closed-retention} of the input's progress, 30 days);
 * a year's register imported again a month later would otherwise count every dossier closed
 * before that window a second time.
 *
 * <p>The file belongs to one incarnation of the topic (its name carries the topic's id), so a
 * topic deleted and created again (after {@code ./sla reset}) starts with no ledger. It is
 * appended to: one line per dossier and import, {@code dossierId TAB bits} with a bit per
 * {@link EventType} ordinal, written only for events the broker acknowledged.
 */
public final class ImportLedger {
  private final Path file;
  private final Map<String, Integer> before = new HashMap<>();
  private final ConcurrentHashMap<String, Integer> delivered = new ConcurrentHashMap<>();

  private ImportLedger(Path file) {
    this.file = file;
  }

  /** The ledger of the topic with this id, in {@code dir}; empty when there is none yet. */
  public static ImportLedger open(Path dir, String topic, String topicId) throws IOException {
    Files.createDirectories(dir);
    ImportLedger l = new ImportLedger(dir.resolve(topic + "-" + topicId + ".ledger"));
    if (Files.exists(l.file)) {
      try (var lines = Files.lines(l.file, StandardCharsets.UTF_8)) {
        lines.forEach(line -> {
          int tab = line.lastIndexOf('\t');
          // A line cut short by a crash while appending is skipped: its events are sent again, and the job
          // recognises them as long as it remembers the dossier.
          if (tab <= 0) return;
          try {
            l.before.merge(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1)), (a, b) -> a | b);
          } catch (NumberFormatException e) {
            // same as a cut line
          }
        });
      }
    }
    return l;
  }

  public Path file() {
    return file;
  }

  /** How many dossiers earlier imports delivered events of. */
  public int dossiers() {
    return before.size();
  }

  public boolean has(String dossierId, EventType type) {
    Integer bits = before.get(dossierId);
    return bits != null && (bits & (1 << type.ordinal())) != 0;
  }

  /** The broker acknowledged this event (called from the producer's thread). */
  public void delivered(String dossierId, EventType type) {
    delivered.merge(dossierId, 1 << type.ordinal(), (a, b) -> a | b);
  }

  /** Appends what was delivered since the last save. */
  public synchronized void save() {
    if (delivered.isEmpty()) return;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      for (String id : delivered.keySet()) {
        Integer bits = delivered.remove(id);
        if (bits == null) continue;
        w.write(id);
        w.write('\t');
        w.write(Integer.toString(bits));
        w.write('\n');
        before.merge(id, bits, (a, b) -> a | b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the import ledger " + file, e);
    }
  }
}
