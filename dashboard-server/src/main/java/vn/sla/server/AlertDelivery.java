package vn.sla.server;

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
 * wave is one message per recipient, not hundreds), and sends webhooks (JSON, HMAC-signed,
 * retried) and e-mails. Offsets are committed only once everything read has been
 * delivered: each change is delivered at least once, and not again after a clean restart.
 */
public final class AlertDelivery implements Runnable, AutoCloseable, Liveness {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  private static final Map<String, String> METRICS_VI = Map.of(
      "OVERDUE_COUNT", "số hồ sơ quá hạn", "OVERDUE_SHARE", "tỷ lệ hồ sơ quá hạn", "DUE_SOON_COUNT", "số hồ sơ sắp đến hạn",
      "OVERDUE_WITHOUT_APOLOGY", "số hồ sơ quá hạn chưa có thư xin lỗi", "LATE_TODAY", "số hồ sơ trả trễ hạn hôm nay");

  private final AlertRoutes routes;
  private final AlertActions actions;
  private final UnitRegistry registry;
  private final KafkaConsumer<String, String> consumer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread thread;
  private final long startedAt = System.currentTimeMillis();
  private volatile boolean running = true;
  /** destination → alerts waiting to go out, and when the first of them arrived. */
  private final Map<String, List<AlertEvent>> pending = new LinkedHashMap<>();
  private final Map<String, Long> firstAt = new LinkedHashMap<>();
  private long delivered;
  private volatile long lastLoop = System.currentTimeMillis();
  private volatile boolean reachable = true;
  private long outageSince = Long.MIN_VALUE;

  public AlertDelivery(String bootstrap, String topic, String groupId, AlertRoutes routes, UnitRegistry registry) {
    this(bootstrap, topic, groupId, routes, registry, new AlertActions(null));
  }

  public AlertDelivery(String bootstrap, String topic, String groupId, AlertRoutes routes, UnitRegistry registry,
      AlertActions actions) {
    this.actions = actions;
    this.routes = routes;
    this.registry = registry;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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
    thread.setDaemon(true);
  }

  public AlertDelivery start() {
    thread.start();
    return this;
  }

  public long delivered() {
    return delivered;
  }

  @Override
  public String name() {
    return "alertDelivery";
  }

  @Override
  public boolean alive() {
    return thread.isAlive() && lastLoopAgeMillis() < 60_000;
  }

  @Override
  public boolean brokerReachable() {
    return reachable;
  }

  @Override
  public long lastLoopAgeMillis() {
    return System.currentTimeMillis() - lastLoop;
  }

  @Override
  public long lag() {
    return -1;
  }

  @Override
  public void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.value() == null) continue;
            try {
              route(Json.read(r.value(), AlertEvent.class));
            } catch (RuntimeException e) {
              LOG.warn("Skipping unreadable alert record {}: {}", r.offset(), e.getMessage());
            }
          }
          lastLoop = System.currentTimeMillis();
          flush(false);
          if (pending.isEmpty()) consumer.commitSync(Duration.ofSeconds(10));
          answered();
        } catch (WakeupException e) {
          throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
          // A broker outage of any length: what was read and not committed is delivered again
          // afterwards at worst (at least once), and the loop goes on.
          unreachable(e);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      flush(true);
      if (pending.isEmpty()) {
        try {
          consumer.commitSync();
        } catch (RuntimeException e) {
          LOG.warn("Could not commit delivered alerts: {}", e.getMessage());
        }
      }
      consumer.close();
    }
  }

  private void answered() {
    reachable = true;
    if (outageSince != Long.MIN_VALUE) {
      LOG.info("Kafka answers the alert delivery again after {} s", (System.currentTimeMillis() - outageSince) / 1000);
      outageSince = Long.MIN_VALUE;
    }
  }

  private void unreachable(RuntimeException e) {
    reachable = false;
    lastLoop = System.currentTimeMillis();
    if (outageSince == Long.MIN_VALUE) {
      outageSince = lastLoop;
      LOG.warn("Kafka does not answer the alert delivery ({}); alerts go out once it does", e.toString());
    }
    sleep(1000);
  }

  private void route(AlertEvent e) {
    if (e.atMillis < startedAt - routes.maxAgeHours * 3_600_000L) return; // history being replayed, not news
    // Silenced: shown in the dashboard, not sent to whom the silence mutes (a chief's silence
    // never mutes what the leadership receives).
    List<AlertActions.Silence> silences = actions.silencesOf(e, registry);
    for (AlertRoutes.Webhook w : routes.webhooks) {
      if (AlertRoutes.matches(w.units, w.minSeverity, e, registry) && !muted(silences, w.units)) add("webhook " + w.url, e);
    }
    for (AlertRoutes.Recipient p : routes.recipients) {
      if (AlertRoutes.matches(p.units, p.minSeverity, e, registry) && !muted(silences, p.units)) add("email " + p.email, e);
    }
  }

  private boolean muted(List<AlertActions.Silence> silences, List<String> destinationUnits) {
    for (AlertActions.Silence s : silences) if (s.mutes(destinationUnits, registry)) return true;
    return false;
  }

  private void add(String destination, AlertEvent e) {
    pending.computeIfAbsent(destination, k -> new ArrayList<>()).add(e);
    firstAt.putIfAbsent(destination, System.currentTimeMillis());
  }

  private void flush(boolean all) {
    long now = System.currentTimeMillis();
    for (String dest : new ArrayList<>(pending.keySet())) {
      if (!all && now - firstAt.get(dest) < routes.groupSeconds * 1000L) continue;
      List<AlertEvent> batch = pending.get(dest);
      boolean ok = dest.startsWith("webhook ") ? webhook(dest.substring(8), batch) : email(dest.substring(6), batch);
      if (ok) {
        pending.remove(dest);
        firstAt.remove(dest);
        delivered += batch.size();
      } else {
        firstAt.put(dest, now); // try again after another grouping period
      }
    }
  }

  private boolean webhook(String url, List<AlertEvent> batch) {
    AlertRoutes.Webhook w = routes.webhooks.stream().filter(x -> x.url.equals(url)).findFirst().orElseThrow();
    String body = Json.write(Map.of("count", batch.size(), "alerts", batch));
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-SLA-Signature", "sha256=" + hmac(w.secret, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) return true;
        LOG.warn("Webhook {} answered {}", url, r.statusCode());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.io.IOException e) {
        LOG.warn("Webhook {} failed: {}", url, e.toString());
      }
      sleep(1000L << attempt);
    }
    return false;
  }

  private boolean email(String to, List<AlertEvent> batch) {
    AlertRoutes.Smtp s = routes.smtp;
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
      long firing = batch.stream().filter(e -> "FIRING".equals(e.state)).count();
      m.setSubject("[Giám sát TTHC] " + firing + " cảnh báo mới, " + (batch.size() - firing) + " đã hết", "UTF-8");
      m.setText(text(batch), "UTF-8");
      if (s.username != null) Transport.send(m, s.username, s.password);
      else Transport.send(m);
      return true;
    } catch (MessagingException e) {
      LOG.warn("E-mail to {} failed: {}", to, e.toString());
      return false;
    }
  }

  /** Plain text in Vietnamese: names are data, so there is no markup to inject into. */
  private String text(List<AlertEvent> batch) {
    StringBuilder b = new StringBuilder();
    for (AlertEvent e : batch) {
      var u = registry.get(e.unitId);
      b.append("FIRING".equals(e.state) ? "CẢNH BÁO" : "ĐÃ HẾT").append(" (").append(e.severity).append(") ")
          .append(u == null ? e.unitId : u.name()).append(": ")
          .append(e.ruleName == null ? e.ruleId : e.ruleName).append(" — ")
          .append(METRICS_VI.getOrDefault(e.metric, String.valueOf(e.metric))).append(' ').append(format(e.value))
          .append(" (ngưỡng ").append(format(e.threshold)).append("), lúc ").append(e.at).append('\n');
    }
    return b.toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
  }

  static String hmac(String secret, String body) {
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
