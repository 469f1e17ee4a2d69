package vn.sla.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A small state file (display tokens, alert acknowledgements) rewritten whole and atomically.
 * Its owner takes a numbered snapshot under its own lock and writes it after letting go, so
 * readers on the event loop never wait for the disk; an older snapshot never replaces a newer.
 */
public final class JsonFile {
  private final Path file;
  private final String what;
  private long numbered;
  private long written;

  /** @param file null: kept in memory only */
  public JsonFile(Path file, String what) {
    this.file = file;
    this.what = what;
  }

  /** The number of a snapshot taken now; call under the owner's lock, in the order of its changes. */
  public synchronized long number() {
    return ++numbered;
  }

  public void write(long number, String json) {
    if (file == null) return;
    synchronized (this) {
      if (number <= written) return;
      try {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written = number;
      } catch (IOException e) {
        throw new IllegalStateException("cannot save " + what + " to " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
