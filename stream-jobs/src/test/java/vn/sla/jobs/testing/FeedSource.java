package vn.sla.jobs.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source for MiniCluster tests that behaves like a topic a test writes to while the job
 * runs: records appended to a named {@link Feed} in this JVM are read in order, the reader
 * waits when it has read them all, and its position is checkpointed (a failure resumes where
 * the last checkpoint was, like a Kafka offset). The feed ends when the test says so.
 */
public final class FeedSource implements Source<String, FeedSource.Split, List<FeedSource.Split>> {
  private static final Map<String, Feed> FEEDS = new ConcurrentHashMap<>();

  /** What the test writes to. */
  public static final class Feed {
    private final List<String> records = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    public void add(List<String> r) {
      records.addAll(r);
    }

    public void end() {
      ended = true;
    }

    public int size() {
      return records.size();
    }

    public List<String> records() {
      return List.copyOf(records);
    }

    /** The positions readers started from (a split handed to a reader, from empty or from a restored state). */
    public List<Long> startedFrom() {
      return List.copyOf(startedFrom);
    }

    private final List<Long> startedFrom = new CopyOnWriteArrayList<>();
  }

  private final String feedId;

  public FeedSource(String feedId) {
    this.feedId = feedId;
  }

  public static Feed create(String id) {
    Feed f = new Feed();
    FEEDS.put(id, f);
    return f;
  }

  /** The one split: which feed, and the position of the next record. */
  public static final class Split implements SourceSplit {
    final String feed;
    long position;

    Split(String feed, long position) {
      this.feed = feed;
      this.position = position;
    }

    @Override
    public String splitId() {
      return feed;
    }
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<String, Split> createReader(SourceReaderContext ctx) {
    return new Reader();
  }

  @Override
  public SplitEnumerator<Split, List<Split>> createEnumerator(SplitEnumeratorContext<Split> ctx) {
    return new Enumerator(ctx, new ArrayList<>(List.of(new Split(feedId, 0))));
  }

  @Override
  public SplitEnumerator<Split, List<Split>> restoreEnumerator(SplitEnumeratorContext<Split> ctx, List<Split> checkpoint) {
    return new Enumerator(ctx, new ArrayList<>(checkpoint));
  }

  @Override
  public SimpleVersionedSerializer<Split> getSplitSerializer() {
    return new SplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<List<Split>> getEnumeratorCheckpointSerializer() {
    return new SimpleVersionedSerializer<>() {
      private final SplitSerializer one = new SplitSerializer();

      @Override
      public int getVersion() {
        return 1;
      }

      @Override
      public byte[] serialize(List<Split> splits) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(splits.size());
        for (Split s : splits) {
          byte[] x = one.serialize(s);
          out.writeInt(x.length);
          out.write(x);
        }
        return b.toByteArray();
      }

      @Override
      public List<Split> deserialize(int version, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int n = in.readInt();
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte[] x = new byte[in.readInt()];
          in.readFully(x);
          splits.add(one.deserialize(1, x));
        }
        return splits;
      }
    };
  }

  static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Split s) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      out.writeUTF(s.feed);
      out.writeLong(s.position);
      return b.toByteArray();
    }

    @Override
    public Split deserialize(int version, byte[] bytes) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      return new Split(in.readUTF(), in.readLong());
    }
  }

  /** Hands the one split to the one reader; takes it back after a failure. */
  static final class Enumerator implements SplitEnumerator<Split, List<Split>> {
    private final SplitEnumeratorContext<Split> ctx;
    private final List<Split> unassigned;

    Enumerator(SplitEnumeratorContext<Split> ctx, List<Split> unassigned) {
      this.ctx = ctx;
      this.unassigned = unassigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<Split> splits, int subtaskId) {
      unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
      for (Split s : unassigned) ctx.assignSplit(s, subtaskId);
      unassigned.clear();
    }

    @Override
    public List<Split> snapshotState(long checkpointId) {
      return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
  }

  /** Reads its split's feed from its position on; waits a few milliseconds when there is nothing new. */
  static final class Reader implements SourceReader<String, Split> {
    private Split split;
    private CompletableFuture<Void> available = CompletableFuture.completedFuture(null);

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<String> output) {
      if (split == null) return idleFor(2);
      Feed f = FEEDS.get(split.feed);
      if (split.position < f.records.size()) {
        output.collect(f.records.get((int) split.position));
        split.position++;
        return InputStatus.MORE_AVAILABLE;
      }
      if (f.ended) return InputStatus.END_OF_INPUT;
      return idleFor(5);
    }

    private InputStatus idleFor(long millis) {
      available = CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
      return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<Split> snapshotState(long checkpointId) {
      return split == null ? List.of() : List.of(new Split(split.feed, split.position));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return available;
    }

    @Override
    public void addSplits(List<Split> splits) {
      // A copy: in one JVM the enumerator may hand over the very object it keeps for a failover.
      split = new Split(splits.get(0).feed, splits.get(0).position);
      Feed f = FEEDS.get(split.feed);
      if (f != null) f.startedFrom.add(split.position);
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {}
  }
}
