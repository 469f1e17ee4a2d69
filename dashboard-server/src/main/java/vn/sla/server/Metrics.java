package vn.sla.server;

import vn.sla.server.live.LiveHub;
import vn.sla.server.topics.FiguresStore;
import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.TopicReader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters for /metrics in Prometheus' text format; no library needed for a handful. */
public final class Metrics {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> micros = new ConcurrentHashMap<>();

  public void request(String route, int status, long nanos) {
    String key = "route=\"" + route + "\",status=\"" + (status / 100) + "xx\"";
    requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    micros.computeIfAbsent(key, k -> new LongAdder()).add(nanos / 1000);
  }

  public String render(LiveHub hub, FiguresStore store, TopicReader reader, java.util.List<Liveness> parts) {
    StringBuilder b = new StringBuilder();
    gauge(b, "sla_ws_clients", "Connected websocket clients.", hub.clientCount());
    gauge(b, "sla_ws_push_interval_ms", "Each client's push interval now (grows with the number of clients).", hub.pushIntervalMillis());
    counter(b, "sla_ws_messages_sent_total", "Websocket messages sent.", hub.messagesSent());
    counter(b, "sla_ws_updates_deferred_total", "Updates held back because a client's socket was full.", hub.updatesDeferred());
    counter(b, "sla_ws_clients_closed_slow_total", "Clients closed for staying stuck or not answering pings.", hub.clientsClosed());
    counter(b, "sla_ws_clients_closed_no_pong_total", "Of those, clients closed for not answering pings.", hub.clientsClosedForNoPong());
    gauge(b, "sla_open_dossiers", "Open dossiers known to this server.", store.openDossiers());
    gauge(b, "sla_ready", "1 once the server has caught up with the job's topics.", store.isReady() ? 1 : 0);
    gauge(b, "sla_topic_lag_records", "Records of the job's output topics not read yet.", reader == null ? 0 : reader.lag());
    for (Liveness l : parts) {
      String n = l.name().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
      gauge(b, "sla_" + n + "_up", "1 while the " + l.name() + " thread runs its loop.", l.alive() ? 1 : 0);
      gauge(b, "sla_" + n + "_broker_reachable", "1 while Kafka answers the " + l.name() + ".", l.brokerReachable() ? 1 : 0);
      gauge(b, "sla_" + n + "_loop_age_seconds", "Seconds since the " + l.name() + " last went round its loop.", l.lastLoopAgeMillis() / 1000.0);
    }
    long asOf = store.asOfMillis();
    gauge(b, "sla_job_clock_age_seconds", "Seconds between the wall clock and the job's now.",
        asOf == Long.MIN_VALUE ? -1 : (System.currentTimeMillis() - asOf) / 1000.0);
    var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    gauge(b, "sla_jvm_heap_used_bytes", "Heap in use (live and not yet collected).", heap.getUsed());
    gauge(b, "sla_jvm_heap_max_bytes", "The heap's limit.", heap.getMax());
    b.append("# HELP sla_api_requests_total API requests by route and status class.\n# TYPE sla_api_requests_total counter\n");
    requests.forEach((k, v) -> b.append("sla_api_requests_total{").append(k).append("} ").append(v.sum()).append('\n'));
    b.append("# HELP sla_api_request_seconds_sum Time spent answering API requests.\n# TYPE sla_api_request_seconds_sum counter\n");
    micros.forEach((k, v) -> b.append("sla_api_request_seconds_sum{").append(k).append("} ").append(v.sum() / 1e6).append('\n'));
    return b.toString();
  }

  private static void gauge(StringBuilder b, String name, String help, double v) {
    b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(v).append('\n');
  }

  private static void counter(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
        .append(name).append(' ').append(v).append('\n');
  }
}
