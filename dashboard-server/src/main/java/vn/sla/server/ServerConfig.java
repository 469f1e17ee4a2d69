package vn.sla.server;

import java.time.ZoneId;
import java.util.Map;
import vn.sla.core.figures.Topics;
import vn.sla.core.rules.SlaRules;

/** The server's settings, from environment variables; a bad value stops start-up naming it. */
public final class ServerConfig {
  public int port = 8080;
  public String host = "0.0.0.0";
  public String bootstrap = "localhost:9092";
  public String figuresTopic = Topics.UNIT_FIGURES;
  public String statusTopic = Topics.DOSSIER_STATUS;
  public String timelineTopic = Topics.DOSSIER_TIMELINE;
  public String alertTopic = Topics.ALERT_STATE;
  public String alertRulesTopic = Topics.ALERT_RULES;
  public String units = "deploy/units-sample.csv";
  public String influxUrl = "http://localhost:8086";
  public String influxDb = "sla";
  public String usersFile;
  /** Where display tokens are kept (hashes only); none: in memory. */
  public String displaysFile;
  public String apiToken;
  public ZoneId zone = SlaRules.DEFAULT_ZONE;
  /** Allowed websocket origins besides the server's own; comma-separated. */
  public String allowedOrigins = "";
  /** The address people open (behind a TLS proxy: https://...): its origin is accepted, and https makes cookies Secure. */
  public String publicUrl;
  /** How long a login lasts without use, and how often open websockets are checked against it. */
  public long sessionTimeoutMillis = 12L * 3600 * 1000;
  public long sessionCheckMillis = 60_000;
  /** Sessions kept in memory at most (people and wall displays); a login beyond it gets 503. */
  public int maxSessions = 10_000;
  /** PEM certificate chain and key: the server speaks HTTPS itself. */
  public String tlsCert;
  public String tlsKey;
  /** The shortest time between two updates to one client (SLA_PUSH_INTERVAL_MS). */
  public long pushIntervalMillis = 50;
  /**
   * Updates a second to all clients together (SLA_PUSH_BUDGET): with many clients each one's
   * interval grows to clients / budget, e.g. 250 ms for 10,000 clients at the default.
   */
  public long pushBudgetPerSecond = 40_000;
  public long heartbeatMillis = 5000;
  /** A client whose socket stays full this long is closed. */
  public long stuckCloseMillis = 30_000;
  /** The TCP send buffer per connection in bytes; 0: the system's default. */
  public int sendBufferSize = 0;
  /** The server's wall clock (heartbeats' serverTime); tests that run the job on a shifted clock shift it too. */
  public java.util.function.LongSupplier clock = System::currentTimeMillis;

  public static ServerConfig fromEnv(Map<String, String> env) {
    ServerConfig c = new ServerConfig();
    c.port = port(env, "SLA_HTTP_PORT", c.port);
    c.host = env.getOrDefault("SLA_HTTP_HOST", c.host);
    c.bootstrap = env.getOrDefault("SLA_KAFKA_BOOTSTRAP", "localhost:" + port(env, "SLA_KAFKA_PORT", 9092));
    c.units = env.getOrDefault("SLA_UNITS", c.units);
    c.influxUrl = env.getOrDefault("SLA_INFLUX_URL", "http://localhost:" + port(env, "SLA_INFLUX_PORT", 8086));
    c.influxDb = env.getOrDefault("SLA_INFLUX_DB", c.influxDb);
    c.usersFile = env.get("SLA_USERS");
    c.displaysFile = env.get("SLA_DISPLAYS");
    c.apiToken = env.get("SLA_API_TOKEN");
    if (c.apiToken != null && c.apiToken.length() < 16) {
      throw new IllegalArgumentException("SLA_API_TOKEN must be at least 16 characters");
    }
    c.allowedOrigins = env.getOrDefault("SLA_ALLOWED_ORIGINS", "");
    c.publicUrl = env.get("SLA_PUBLIC_URL");
    if (c.publicUrl != null && !c.publicUrl.isBlank()) {
      try {
        java.net.URI u = java.net.URI.create(c.publicUrl.trim());
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) throw new IllegalArgumentException();
        c.publicUrl = u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SLA_PUBLIC_URL=" + c.publicUrl + " is not an address such as https://sla.example.gov.vn");
      }
    } else {
      c.publicUrl = null;
    }
    c.tlsCert = env.get("SLA_TLS_CERT");
    c.tlsKey = env.get("SLA_TLS_KEY");
    if ((c.tlsCert == null) != (c.tlsKey == null)) throw new IllegalArgumentException("give both SLA_TLS_CERT and SLA_TLS_KEY, or neither");
    for (String f : new String[] {c.tlsCert, c.tlsKey}) {
      if (f != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f))) throw new IllegalArgumentException("cannot read " + f);
    }
    c.pushIntervalMillis = number(env, "SLA_PUSH_INTERVAL_MS", c.pushIntervalMillis, 10, 60_000, "a number of milliseconds");
    c.pushBudgetPerSecond = number(env, "SLA_PUSH_BUDGET", c.pushBudgetPerSecond, 100, 10_000_000, "a number of updates a second");
    try {
      c.zone = ZoneId.of(env.getOrDefault("SLA_ZONE", c.zone.getId()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("SLA_ZONE is not a time zone: " + env.get("SLA_ZONE"));
    }
    return c;
  }

  /** Whether people reach the server over HTTPS (its own TLS, or a proxy named by the public URL): cookies are then Secure. */
  public boolean secure() {
    return tlsCert != null || publicUrl != null && publicUrl.startsWith("https://");
  }

  private static long number(Map<String, String> env, String name, long dflt, long min, long max, String what) {
    String v = env.get(name);
    if (v == null || v.isBlank()) return dflt;
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      n = min - 1;
    }
    if (n < min || n > max) throw new IllegalArgumentException(name + "=" + v + " is not " + what + " from " + min + " to " + max);
    return n;
  }

  private static int port(Map<String, String> env, String name, int dflt) {
    return (int) number(env, name, dflt, 0, 65535, "a port number");
  }
}
