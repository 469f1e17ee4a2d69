package vn.sla.server;

/**
 * A background part of the server that reads Kafka on its own thread (the topic reader, the
 * alert delivery): whether it still runs and whether the broker answers it, for /health and
 * /metrics. Both parts outlive any broker outage and go on where they were once it is back.
 */
public interface Liveness {
  /** How the part is named in /health and /metrics, e.g. {@code topicReader}. */
  String name();

  /** Its thread runs and went round its loop within the last minute. */
  boolean alive();

  /** The broker answered its last request (false during an outage). */
  boolean brokerReachable();

  /** Milliseconds since its loop last went round. */
  long lastLoopAgeMillis();

  /** Records it has not read yet; -1 when it does not know. */
  long lag();
}
