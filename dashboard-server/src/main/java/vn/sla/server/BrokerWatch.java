package vn.sla.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers one of the server's background parts, said once in the log when an
 * outage starts (with what the part does meanwhile) and once when it ends. The part's loop
 * goes on through it; this only keeps the account.
 */
final class BrokerWatch {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);
  private final String part;
  private final String meanwhile;
  private volatile boolean reachable = true;
  private long outageSince = Long.MIN_VALUE;

  /** @param meanwhile what the part does while the broker is away, for the log */
  BrokerWatch(String part, String meanwhile) {
    this.part = part;
    this.meanwhile = meanwhile;
  }

  boolean reachable() {
    return reachable;
  }

  /** The broker answered. */
  void answered() {
    reachable = true;
    if (outageSince != Long.MIN_VALUE) {
      LOG.info("Kafka answers the {} again after {} s", part, (System.currentTimeMillis() - outageSince) / 1000);
      outageSince = Long.MIN_VALUE;
    }
  }

  /** The broker did not answer; the caller pauses a second and goes round its loop again. */
  void unreachable(RuntimeException e) {
    reachable = false;
    if (outageSince == Long.MIN_VALUE) {
      outageSince = System.currentTimeMillis();
      LOG.warn("Kafka does not answer the {} ({}); {}", part, e.toString(), meanwhile);
    }
  }
}
