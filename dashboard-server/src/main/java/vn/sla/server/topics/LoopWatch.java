package vn.sla.server.topics;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account of one background part's Kafka loop (the topic reader, the alert delivery), for
 * /health and /metrics: when it last went round, whether the broker answers it (an outage is said
 * once in the log when it starts, with what the part does meanwhile, and once when it ends), and
 * how far behind the topics' end it reads. The loop goes on through an outage; this only keeps
 * the account.
 */
public final class LoopWatch {
  private static final Logger LOG = LoggerFactory.getLogger(LoopWatch.class);
  private static final long LAG_EVERY_MILLIS = 5000;
  private final Thread thread;
  private final String name;
  private final String part;
  private final String meanwhile;
  private volatile boolean reachable = true;
  private volatile long lastLoop = System.currentTimeMillis();
  private volatile long unread;
  private long outageSince = Long.MIN_VALUE;
  private long lagCheckedAt;

  /**
   * @param thread the part's loop thread
   * @param name how /health and /metrics name it ({@code topicReader})
   * @param part how the log names it
   * @param meanwhile what the part does while the broker is away, for the log
   */
  public LoopWatch(Thread thread, String name, String part, String meanwhile) {
    this.name = name;
    this.thread = thread;
    this.part = part;
    this.meanwhile = meanwhile;
  }

  /** The loop went round. */
  /** How /health and /metrics name the part. */
  public String name() {
    return name;
  }

  public void looped() {
    lastLoop = System.currentTimeMillis();
  }

  /** Its thread runs and went round its loop within the last minute. */
  boolean alive() {
    return thread.isAlive() && ageMillis() < 60_000;
  }

  long ageMillis() {
    return System.currentTimeMillis() - lastLoop;
  }

  boolean reachable() {
    return reachable;
  }

  /** Records of the watched partitions the consumer had not read at the last measure. */
  public long unread() {
    return unread;
  }

  /**
   * Every 5 s at most, asks the broker how far behind the partitions' end the consumer reads.
   * This is also how the end of an outage is noticed when there is nothing to commit: a poll on
   * a dead broker just returns nothing.
   */
  public void measureLag(Consumer<?, ?> consumer, Collection<TopicPartition> parts) {
    long now = System.currentTimeMillis();
    if (now - lagCheckedAt < LAG_EVERY_MILLIS || parts.isEmpty()) return;
    lagCheckedAt = now;
    long behind = 0;
    for (var e : consumer.endOffsets(parts, Duration.ofSeconds(5)).entrySet()) {
      behind += Math.max(0, e.getValue() - consumer.position(e.getKey(), Duration.ofSeconds(5)));
    }
    unread = behind;
    answered();
  }

  /** The broker answered. */
  void answered() {
    reachable = true;
    if (outageSince != Long.MIN_VALUE) {
      LOG.info("Kafka answers the {} again after {} s", part, (System.currentTimeMillis() - outageSince) / 1000);
      outageSince = Long.MIN_VALUE;
    }
  }

  /**
   * The broker did not answer; the loop still went round (alive, only the broker is not), and
   * the caller pauses a second before the next round.
   */
  public void unreachable(RuntimeException e) {
    looped();
    reachable = false;
    if (outageSince == Long.MIN_VALUE) {
      outageSince = System.currentTimeMillis();
      LOG.warn("Kafka does not answer the {} ({}); {}", part, e.toString(), meanwhile);
    }
  }
}
