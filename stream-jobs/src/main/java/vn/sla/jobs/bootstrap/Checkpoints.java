package vn.sla.jobs.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.jobs.JobConfig;

/** Where the local MiniCluster keeps its checkpoints, and the one it resumes from. */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  /**
   * The state's layout: checkpoints of another layout cannot be restored, so each layout has
   * its own folder. Starting without a checkpoint is safe: the events topic keeps every record,
   * so the job replays it from the start and writes the same absolute figures again.
   * layout-3: {@code Kind} and {@code DayCounters}, kept in the dossier and unit state, moved
   * to the records package (their serializers name the class).
   */
  public static final String STATE_LAYOUT = "layout-3";

  private Checkpoints() {}

  /** Where this version's checkpoints are; says so when an older layout's are left beside them. */
  public static Path of(JobConfig config) throws IOException {
    Path dir = Path.of(config.checkpointDir);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.anyMatch(p -> p.getFileName().toString().length() == 32 || p.getFileName().toString().startsWith("layout-")
            && !p.getFileName().toString().equals(STATE_LAYOUT))) {
          LOG.warn("Checkpoints of an earlier state layout under {} are not restored; the job replays the events topic from the start", dir);
        }
      }
    }
    return dir.resolve(STATE_LAYOUT);
  }

  /** The newest complete retained checkpoint (a chk-N folder with its _metadata). */
  public static Optional<Path> latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return Optional.empty();
    try (Stream<Path> s = Files.walk(dir, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparing(Checkpoints::modified))
          .map(Path::getParent);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
