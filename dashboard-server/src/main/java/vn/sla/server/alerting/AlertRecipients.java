package vn.sla.server.alerting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.registry.UnitRegistry;

/**
 * Who is told about which alerts (a JSON file, SLA_ALERT_ROUTES): webhooks and e-mail
 * recipients, each for the units of some subtrees and from a minimum severity (a commune's
 * chief for their commune; the province's leadership for critical ones only).
 */
public class AlertRecipients {
  public List<Webhook> webhooks = new ArrayList<>();
  public List<Recipient> recipients = new ArrayList<>();
  public Smtp smtp;
  /** Alerts for one destination within this many seconds go out as one message. */
  public int groupSeconds = 60;
  /** Alert changes older than this (job clock vs wall clock) when first seen are not sent. */
  public int maxAgeHours = 24;

  public static class Webhook {
    public String url;
    /** HMAC-SHA256 key for the X-SLA-Signature header. */
    public String secret;
    public List<String> units = new ArrayList<>();
    public String minSeverity = "WARNING";
  }

  public static class Recipient {
    public String email;
    public List<String> units = new ArrayList<>();
    public String minSeverity = "WARNING";
  }

  public static class Smtp {
    public String host = "localhost";
    public int port = 25;
    public String from;
    public String username;
    public String password;
    public boolean startTls;
  }

  public static AlertRecipients load(Path file, UnitRegistry registry) {
    AlertRecipients r;
    try {
      r = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
          .readValue(Files.readString(file), AlertRecipients.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + (e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0]));
    }
    for (int i = 0; i < r.webhooks.size(); i++) {
      Webhook w = r.webhooks.get(i);
      String where = file + ": webhooks[" + i + "]: ";
      try {
        URI u = URI.create(w.url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) throw new IllegalArgumentException();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + "url '" + w.url + "' is not an http(s) URL");
      }
      if (w.secret == null || w.secret.length() < 16) throw new IllegalArgumentException(where + "secret of 16 or more characters is required");
      checkScope(where, w.units, w.minSeverity, registry);
    }
    for (int i = 0; i < r.recipients.size(); i++) {
      Recipient p = r.recipients.get(i);
      String where = file + ": recipients[" + i + "]: ";
      if (p.email == null || !p.email.matches("[^@\\s]+@[^@\\s]+")) throw new IllegalArgumentException(where + "email '" + p.email + "' is not an address");
      checkScope(where, p.units, p.minSeverity, registry);
    }
    if (!r.recipients.isEmpty() && (r.smtp == null || r.smtp.from == null)) {
      throw new IllegalArgumentException(file + ": smtp.host, smtp.port and smtp.from are needed for e-mail recipients");
    }
    if (r.groupSeconds < 0) throw new IllegalArgumentException(file + ": groupSeconds must not be negative");
    return r;
  }

  private static void checkScope(String where, List<String> units, String sev, UnitRegistry registry) {
    if (units.isEmpty()) throw new IllegalArgumentException(where + "units must name at least one unit");
    for (String u : units) if (!registry.contains(u)) throw new IllegalArgumentException(where + "unit '" + u + "' is not in the registry");
    if (!"WARNING".equals(sev) && !"CRITICAL".equals(sev)) throw new IllegalArgumentException(where + "minSeverity must be WARNING or CRITICAL");
  }

  static boolean matches(List<String> units, String minSeverity, AlertEvent e, UnitRegistry registry) {
    if ("CRITICAL".equals(minSeverity) && !"CRITICAL".equals(e.severity)) return false;
    for (String u : units) if (registry.isWithin(e.unitId, u)) return true;
    return false;
  }
}
