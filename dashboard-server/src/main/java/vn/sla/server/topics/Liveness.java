package vn.sla.server.topics;

/**
 * A background part of the server that reads Kafka on its own thread (the topic reader, the
 * alert delivery): whether it still runs and whether the broker answers it, for /health and
 * /metrics. Both parts outlive any broker outage and go on where they were once it is back.
 */
public interface Liveness {
  /** How the part is named in /health and /metrics, e.g. {@code topicReader}. */
  default String name() {
    return loop().name();
  }

  /** Records it has not read yet (and, for a part that sends, not sent yet). */
  long lag();

  /** The account its loop keeps. */
  LoopWatch loop();

  /** Its thread runs and went round its loop within the last minute. */
  default boolean alive() {
    return loop().alive();
  }

  /** The broker answered its last request (false during an outage). */
  default boolean brokerReachable() {
    return loop().reachable();
  }

  /** Milliseconds since its loop last went round. */
  default long lastLoopAgeMillis() {
    return loop().ageMillis();
  }
}
