package vn.sla.jobs.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.jobs.JobConfig;

/** Where a plain {@code java} start (the local MiniCluster) keeps its checkpoints, and the one it resumes from. */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  /**
   * The state's layout: checkpoints of another layout cannot be restored, so each layout has
   * its own folder. Starting without a checkpoint is safe: the events topic keeps every record,
   * so the job replays it from the start and writes the same absolute figures again.
   * layout-3: {@code Kind} and {@code DayCounters}, kept in the dossier and unit state, moved
   * to the records package (their serializers name the class).
   * layout-4: the dossier state has a serializer of its own (DossierStateSerializer). It reads
   * layout-3 state (migrated on restore, heap and RocksDB: StateFromThePreviousVersionTest), so
   * without a layout-4 checkpoint the newest layout-3 one is resumed from ({@link #PREVIOUS_LAYOUT}).
   * A new folder all the same, so a rollback to a layout-3 version finds only its own checkpoints
   * (it cannot read layout 4) instead of failing on ours.
   * layout-5: each dossier's state also keeps where its lifecycle stands (format 2 of
   * DossierStateSerializer), so an event in order is applied alone. It reads layout 4 (format 1:
   * the next arrival of each dossier replays it once) and layout 3, so without a layout-5
   * checkpoint the newest layout-4 one is resumed from; a rollback to a layout-4 version finds
   * only its own checkpoints (it cannot read format 2).
   * layout-6: each dossier's state is one packed array on the heap (PackedDossierSerializer, its
   * own serializer snapshot). It reads layouts 5, 4 and 3, so without a layout-6 checkpoint the
   * newest layout-5 one is resumed from; a rollback to a layout-5 version finds only its own
   * checkpoints (it knows no PackedDossierSerializer).
   */
  public static final String STATE_LAYOUT = "layout-6";

  /** The layout this version's state still reads: resumed from when there is no checkpoint of its own. */
  public static final String PREVIOUS_LAYOUT = "layout-5";

  /** The same location for the previous layout's checkpoints. */
  public static String previousLayout(String location) {
    int i = location.lastIndexOf(STATE_LAYOUT);
    return i < 0 ? location : location.substring(0, i) + PREVIOUS_LAYOUT + location.substring(i + STATE_LAYOUT.length());
  }

  private Checkpoints() {}

  /** A URI with a scheme of its own (s3://, hdfs://, gs://...), not a local folder or file: URI. */
  private static final Pattern REMOTE = Pattern.compile("^(?!file:)[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  /**
   * Where this version's checkpoints go, as Flink's execution.checkpointing.dir: a local folder
   * (or file: URI) as an absolute file: URI; a URI of another file system (s3://bucket/ckpt) as it
   * is, the layout's folder below it, never turned into a path under the working directory.
   */
  public static String location(JobConfig config) throws IOException {
    if (isRemote(config.checkpointDir)) {
      return config.checkpointDir.replaceAll("/+$", "") + "/" + STATE_LAYOUT;
    }
    return of(config).toAbsolutePath().toUri().toString();
  }

  /** Whether the checkpoint directory is on a file system other than the local one. */
  public static boolean isRemote(String dir) {
    return REMOTE.matcher(dir).matches();
  }

  /** Where this version's checkpoints are on the local disk; says so when an older layout's are left beside them. */
  public static Path of(JobConfig config) throws IOException {
    if (isRemote(config.checkpointDir)) {
      throw new IllegalArgumentException("setting --checkpoint-dir=" + config.checkpointDir + " is not a local folder");
    }
    Path dir = config.checkpointDir.startsWith("file:") ? Path.of(URI.create(config.checkpointDir)) : Path.of(config.checkpointDir);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.anyMatch(p -> p.getFileName().toString().length() == 32 || p.getFileName().toString().startsWith("layout-")
            && !p.getFileName().toString().equals(STATE_LAYOUT) && !p.getFileName().toString().equals(PREVIOUS_LAYOUT))) {
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

  /**
   * The newest complete retained checkpoint under a URI of any of Flink's file systems
   * ({@code <layout>/<job id>/chk-N/_metadata}); empty when there is none or the store cannot be
   * listed (then the job starts from the events topic's beginning, which is safe, and says so).
   */
  public static Optional<String> latestRemote(String location) {
    try {
      org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(location);
      FileSystem fs = root.getFileSystem();
      if (!fs.exists(root)) return Optional.empty();
      String best = null;
      long bestTime = Long.MIN_VALUE;
      for (FileStatus job : list(fs, root)) {
        if (!job.isDir()) continue;
        for (FileStatus chk : list(fs, job.getPath())) {
          if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) continue;
          org.apache.flink.core.fs.Path meta = new org.apache.flink.core.fs.Path(chk.getPath(), "_metadata");
          if (!fs.exists(meta)) continue;
          long t = fs.getFileStatus(meta).getModificationTime();
          if (t > bestTime) {
            bestTime = t;
            best = chk.getPath().toString();
          }
        }
      }
      return Optional.ofNullable(best);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot list the checkpoints under {} ({}); the job starts without restoring", location, e.toString());
      return Optional.empty();
    }
  }

  private static FileStatus[] list(FileSystem fs, org.apache.flink.core.fs.Path p) throws IOException {
    FileStatus[] s = fs.listStatus(p);
    return s == null ? new FileStatus[0] : s;
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
