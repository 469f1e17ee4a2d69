package vn.sla.server.alerting;

import vn.sla.core.kafka.KafkaClients;

import vn.sla.server.topics.Liveness;
import vn.sla.server.topics.LoopWatch;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.figures.Json;
import vn.sla.core.registry.UnitRegistry;

/**
 * Tells people outside the dashboard: reads the job's alert state changes with a Kafka
 * consumer group (so several server instances share the work and a restart resumes where
 * the last one stopped), groups them per destination for {@code groupSeconds} (a midnight
 * wave is one message per recipient, not hundreds), and sends webhooks (JSON, HMAC-signed)
 * and e-mails.
 *
 * <p>Each destination has its own queue (at most {@value #QUEUE_CAP} changes; past it the
 * oldest are dropped, counted and logged) and its own sending thread, with its own pause after
 * a failure (1 s doubling to a minute): a slow or dead webhook never delays an e-mail, and the
 * reading goes on meanwhile. An offset is committed only once every destination has taken the
 * changes before it. Each change delivered to a destination is recorded on the compacted topic
 * {@code alert-deliveries} and read back at start, so after a restart, or when another server
 * takes over the partition, nothing already delivered goes out again (the window left: a crash
 * between a delivery and its record).
 */
public final class AlertDelivery implements Runnable, AutoCloseable, Liveness {
  /** Its name in /health and /metrics. */
  public static final String NAME = "alertDelivery";
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

  private final AlertRecipients routes;
  private volatile AlertEmail email;
  private final AlertActions actions;
  private final UnitRegistry registry;
  private final KafkaConsumer<String, String> consumer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread thread;
  private final long startedAt = System.currentTimeMillis();
  private volatile boolean running = true;
  static final int QUEUE_CAP = 10_000;
  private static final int BATCH = 500;
  private static final long MAX_PAUSE = 60_000;
  private static final int MARKERS_KEPT = 200_000;

  /** One change owed to one destination, and the record it came from. */
  private record Entry(AlertEvent event, org.apache.kafka.common.TopicPartition tp, long offset, String key) {}

  /** A destination: its queue, its thread, its pause. Guarded by {@link #lock}. */
  private final class Destination {
    final String name;
    final java.util.ArrayDeque<Entry> queue = new java.util.ArrayDeque<>();
    final java.util.concurrent.ExecutorService sender;
    long firstAt;
    boolean sending;
    long retryAt;
    long pause;
    long dropped;

    Destination(String name) {
      this.name = name;
      sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-send " + name);
        t.setDaemon(true);
        return t;
      });
    }
  }

  private final Object lock = new Object();
  private final Map<String, Destination> destinations = new LinkedHashMap<>();
  /** Per partition, the offsets read but not yet taken by every destination: how many still owe each. */
  private final Map<org.apache.kafka.common.TopicPartition, java.util.TreeMap<Long, Integer>> owed = new java.util.HashMap<>();
  /** Per partition, the offset after the last record read, and the last committed. */
  private final Map<org.apache.kafka.common.TopicPartition, Long> readUpTo = new java.util.HashMap<>();
  private final Map<org.apache.kafka.common.TopicPartition, Long> committedAt = new java.util.HashMap<>();
  /** destination|alertId|state of what has been delivered (read back from the markers topic), oldest first. */
  private final java.util.LinkedHashSet<String> sent = new java.util.LinkedHashSet<>();
  /**
   * Changes queued or being sent, by the same key: the same change read twice (an alert published
   * again after each catch-up, a re-read after a rebalance) waits for the one already owed.
   */
  private final java.util.Set<String> owing = new java.util.HashSet<>();
  private final String bootstrap;
  private final String markersTopic;
  private org.apache.kafka.clients.producer.KafkaProducer<String, String> markers;
  private long delivered;
  private final LoopWatch loop;

  public AlertDelivery(String bootstrap, String topic, String groupId, AlertRecipients routes, UnitRegistry registry) {
    this(bootstrap, topic, groupId, routes, registry, new AlertActions(null));
  }

  public AlertDelivery(String bootstrap, String topic, String groupId, AlertRecipients routes, UnitRegistry registry,
      AlertActions actions) {
    this(bootstrap, topic, groupId, routes, registry, actions, vn.sla.core.figures.Topics.ALERT_DELIVERIES);
  }

  /** @param markersTopic where each delivered change is recorded (compacted); null: not recorded */
  public AlertDelivery(String bootstrap, String topic, String groupId, AlertRecipients routes, UnitRegistry registry,
      AlertActions actions, String markersTopic) {
    this.bootstrap = bootstrap;
    this.markersTopic = markersTopic;
    this.actions = actions;
    this.routes = routes;
    this.registry = registry;
    this.email = new AlertEmail(registry, vn.sla.core.rules.SlaRules.DEFAULT_ZONE, null);
    Properties p = KafkaClients.base(bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // During an outage, a reconnection try every 10 s at most: a quieter log, the same recovery.
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
    thread = new Thread(this, "alert-delivery");
    loop = new LoopWatch(thread, NAME, "alert delivery", "alerts go out once it does");
    thread.setDaemon(true);
  }

  /** How e-mails are written (their links need the dashboard's public address); before start(). */
  public AlertDelivery withEmail(AlertEmail email) {
    this.email = email;
    return this;
  }

  public AlertDelivery start() {
    thread.start();
    return this;
  }

  public long delivered() {
    synchronized (lock) {
      return delivered;
    }
  }

  @Override
  public LoopWatch loop() {
    return loop;
  }

  /** Alert changes not read yet, and waiting to go out over every destination. */
  @Override
  public long lag() {
    synchronized (lock) {
      long n = loop.unread();
      for (Destination d : destinations.values()) n += d.queue.size();
      return n;
    }
  }

  @Override
  public void run() {
    try {
      loadMarkers();
      while (running) {
        try {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            var tp = new org.apache.kafka.common.TopicPartition(r.topic(), r.partition());
            synchronized (lock) {
              readUpTo.put(tp, r.offset() + 1);
            }
            if (r.value() == null) continue;
            try {
              route(Json.read(r.value(), AlertEvent.class), tp, r.offset());
            } catch (RuntimeException e) {
              LOG.warn("Skipping unreadable alert record {}: {}", r.offset(), e.getMessage());
            }
          }
          loop.looped();
          dispatch(false);
          commitTaken();
          loop.measureLag(consumer, consumer.assignment());
        } catch (WakeupException e) {
          throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
          // A broker outage of any length: what was read and not committed is delivered again
          // afterwards at worst (and the markers keep even that from happening), and the loop goes on.
          unreachable(e);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      // A clean stop: what is queued goes out now (for a while), then what was taken is committed.
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && !idle()) {
        dispatch(true);
        sleep(50);
      }
      try {
        commitTaken();
      } catch (RuntimeException e) {
        LOG.warn("Could not commit delivered alerts: {}", e.getMessage());
      }
      consumer.close();
      for (Destination d : destinations.values()) d.sender.shutdownNow();
      if (markers != null) markers.close(Duration.ofSeconds(5));
    }
  }

  /** Nothing queued and nothing being sent anywhere. */
  private boolean idle() {
    synchronized (lock) {
      for (Destination d : destinations.values()) if (d.sending || !d.queue.isEmpty()) return false;
      return true;
    }
  }

  /** Reads back what was delivered before (by this server or another), so it is not delivered again. */
  private void loadMarkers() {
    if (markersTopic == null) return;
    Properties p = KafkaClients.base(bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      var info = c.partitionsFor(markersTopic, Duration.ofSeconds(10));
      if (info == null || info.isEmpty()) {
        LOG.warn("No topic {}: deliveries are not recorded, a restart may send an alert again", markersTopic);
        return;
      }
      var parts = info.stream().map(i -> new org.apache.kafka.common.TopicPartition(markersTopic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts, Duration.ofSeconds(10));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (r.value() != null) remember(r.key());
        }
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      LOG.warn("Could not read {} ({}); deliveries before this start may be sent again", markersTopic, e.toString());
    }
    Properties q = KafkaClients.base(bootstrap);
    q.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    q.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    q.put("linger.ms", "20");
    markers = new org.apache.kafka.clients.producer.KafkaProducer<>(q);
    LOG.info("Alert delivery: {} earlier deliveries known", sent.size());
  }

  /** Notes a delivered change, the oldest forgotten past {@value #MARKERS_KEPT}. */
  private void remember(String key) {
    synchronized (lock) {
      sent.remove(key);
      sent.add(key);
      if (sent.size() > MARKERS_KEPT) {
        var it = sent.iterator();
        it.next();
        it.remove();
      }
    }
  }

  private void unreachable(RuntimeException e) {
    loop.unreachable(e);
    sleep(1000);
  }

  private void route(AlertEvent e, org.apache.kafka.common.TopicPartition tp, long offset) {
    if (e.atMillis < startedAt - routes.maxAgeHours * 3_600_000L) return; // history being replayed, not news
    // Found while the job caught up with its input: history. What still fires once it has caught
    // up comes again, unmarked, with its true start.
    if (e.duringCatchUp) return;
    // Silenced: shown in the dashboard, not sent to whom the silence mutes (a chief's silence
    // never mutes what the leadership receives).
    List<AlertActions.Silence> silences = actions.silencesOf(e, registry);
    List<String> to = new ArrayList<>();
    for (AlertRecipients.Webhook w : routes.webhooks) {
      if (AlertRecipients.matches(w.units, w.minSeverity, e, registry) && !muted(silences, w.units)) to.add("webhook " + w.url);
    }
    for (AlertRecipients.Recipient p : routes.recipients) {
      if (AlertRecipients.matches(p.units, p.minSeverity, e, registry) && !muted(silences, p.units)) to.add("email " + p.email);
    }
    synchronized (lock) {
      int owedBy = 0;
      for (String dest : to) {
        String key = dest + "|" + e.alertId + "|" + e.state;
        if (sent.contains(key)) continue; // delivered before a restart, or by another server
        if (!owing.add(key)) continue; // already on its way
        Destination d = destinations.computeIfAbsent(dest, Destination::new);
        if (d.queue.isEmpty()) d.firstAt = System.currentTimeMillis();
        d.queue.addLast(new Entry(e, tp, offset, key));
        owedBy++;
        if (d.queue.size() > QUEUE_CAP) {
          Entry dropped = d.queue.pollFirst();
          owing.remove(dropped.key());
          if (d.dropped++ % 1000 == 0) {
            LOG.warn("{} takes nothing: past {} waiting alerts the oldest are dropped ({} so far)", dest, QUEUE_CAP, d.dropped);
          }
          taken(dropped);
        }
      }
      if (owedBy > 0) owed.computeIfAbsent(tp, k -> new java.util.TreeMap<>()).merge(offset, owedBy, Integer::sum);
    }
  }

  private boolean muted(List<AlertActions.Silence> silences, List<String> destinationUnits) {
    for (AlertActions.Silence s : silences) if (s.mutes(destinationUnits, registry)) return true;
    return false;
  }

  /** One destination fewer owes this change's record (delivered, or dropped past the cap). Holds {@link #lock}. */
  private void taken(Entry x) {
    var m = owed.get(x.tp());
    if (m == null) return;
    Integer n = m.get(x.offset());
    if (n == null) return;
    if (n <= 1) m.remove(x.offset());
    else m.put(x.offset(), n - 1);
  }

  /** Starts a send on every destination whose group has waited long enough and that is not pausing after a failure. */
  private void dispatch(boolean now) {
    long t = System.currentTimeMillis();
    synchronized (lock) {
      for (Destination d : destinations.values()) {
        if (d.sending || d.queue.isEmpty() || t < d.retryAt) continue;
        if (!now && t - d.firstAt < routes.groupSeconds * 1000L) continue;
        List<Entry> batch = new ArrayList<>();
        while (!d.queue.isEmpty() && batch.size() < BATCH) batch.add(d.queue.pollFirst());
        d.sending = true;
        d.sender.execute(() -> send(d, batch));
      }
    }
  }

  /** On the destination's own thread: one try; the answer decides what is taken and when to try again. */
  private void send(Destination d, List<Entry> batch) {
    List<AlertEvent> events = batch.stream().map(Entry::event).toList();
    boolean ok;
    try {
      ok = d.name.startsWith("webhook ") ? webhook(d.name.substring(8), events) : email(d.name.substring(6), events);
    } catch (RuntimeException e) {
      LOG.warn("Sending to {} failed: {}", d.name, e.toString());
      ok = false;
    }
    synchronized (lock) {
      d.sending = false;
      if (ok) {
        for (Entry x : batch) {
          taken(x);
          remember(x.key()); // kept within MARKERS_KEPT, like the ones read back
          owing.remove(x.key());
        }
        delivered += batch.size();
        d.pause = 0;
        d.retryAt = 0;
      } else {
        for (int i = batch.size() - 1; i >= 0; i--) d.queue.addFirst(batch.get(i));
        d.pause = Math.min(MAX_PAUSE, Math.max(1000, d.pause * 2));
        d.retryAt = System.currentTimeMillis() + d.pause;
      }
    }
    if (ok && markers != null) {
      for (Entry x : batch) markers.send(new org.apache.kafka.clients.producer.ProducerRecord<>(markersTopic, x.key(), String.valueOf(x.event().atMillis)));
    }
  }

  /** Commits, per partition, the offset before which every record has been taken by every destination. */
  private void commitTaken() {
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> commit = new java.util.HashMap<>();
    synchronized (lock) {
      for (var e : readUpTo.entrySet()) {
        var m = owed.get(e.getKey());
        long upTo = m == null || m.isEmpty() ? e.getValue() : m.firstKey();
        if (upTo > committedAt.getOrDefault(e.getKey(), -1L)) commit.put(e.getKey(), new org.apache.kafka.clients.consumer.OffsetAndMetadata(upTo));
      }
    }
    if (commit.isEmpty()) return;
    consumer.commitSync(commit, Duration.ofSeconds(10));
    synchronized (lock) {
      commit.forEach((tp, o) -> committedAt.put(tp, o.offset()));
    }
  }

  private boolean webhook(String url, List<AlertEvent> batch) {
    AlertRecipients.Webhook w = routes.webhooks.stream().filter(x -> x.url.equals(url)).findFirst().orElseThrow();
    String body = Json.write(Map.of("count", batch.size(), "alerts", batch));
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-SLA-Signature", "sha256=" + hmac(w.secret, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    // One try: the destination's own pause and retry follow a failure, on its own thread.
    try {
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) return true;
      LOG.warn("Webhook {} answered {}", url, r.statusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.IOException e) {
      LOG.warn("Webhook {} failed: {}", url, e.toString());
    }
    return false;
  }

  private boolean email(String to, List<AlertEvent> batch) {
    AlertRecipients.Smtp s = routes.smtp;
    Properties p = new Properties();
    p.put("mail.smtp.host", s.host);
    p.put("mail.smtp.port", String.valueOf(s.port));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    if (s.startTls) p.put("mail.smtp.starttls.enable", "true");
    if (s.username != null) p.put("mail.smtp.auth", "true");
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(p));
      m.setFrom(new InternetAddress(s.from));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
      m.setSubject(email.subject(batch), "UTF-8");
      m.setText(email.text(batch), "UTF-8");
      if (s.username != null) Transport.send(m, s.username, s.password);
      else Transport.send(m);
      return true;
    } catch (MessagingException e) {
      LOG.warn("E-mail to {} failed: {}", to, e.toString());
      return false;
    }
  }

  public static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(30_000);
  }
}
