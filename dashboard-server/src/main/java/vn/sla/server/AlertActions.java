package vn.sla.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.sla.core.alerts.AlertEvent;
import vn.sla.core.figures.Json;

/**
 * What people did about alerts: acknowledgements (who, when) and silences (a rule and/or
 * unit, until when, who, why). Kept in a JSON file when one is configured. A silenced alert
 * is still shown, marked, but not sent by webhook or e-mail.
 */
public final class AlertActions {
  public static class Ack {
    public String alertId;
    public String by;
    public String at;
  }

  public static class Silence {
    public String id;
    /** null: every rule */
    public String ruleId;
    /** the unit and its subtree */
    public String unitId;
    public long untilMillis;
    public String until;
    public String by;
    public String at;
    public String reason;
  }

  public static class Saved {
    public Map<String, Ack> acks = new LinkedHashMap<>();
    public List<Silence> silences = new ArrayList<>();
  }

  private final Path file;
  private Saved saved = new Saved();

  public AlertActions(Path file) {
    this.file = file;
    if (file != null && Files.exists(file)) {
      try {
        saved = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Saved.class);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read the alert acknowledgements: " + e.getMessage());
      }
    }
  }

  public synchronized Ack ack(String alertId, String by) {
    Ack a = new Ack();
    a.alertId = alertId;
    a.by = by;
    a.at = java.time.Instant.now().toString();
    saved.acks.put(alertId, a);
    save();
    return a;
  }

  public synchronized Ack ackOf(String alertId) {
    return saved.acks.get(alertId);
  }

  public synchronized Silence silence(String ruleId, String unitId, long untilMillis, String by, String reason) {
    Silence s = new Silence();
    s.id = Long.toHexString(System.nanoTime());
    s.ruleId = ruleId;
    s.unitId = unitId;
    s.untilMillis = untilMillis;
    s.until = java.time.Instant.ofEpochMilli(untilMillis).toString();
    s.by = by;
    s.at = java.time.Instant.now().toString();
    s.reason = reason;
    saved.silences.removeIf(x -> x.untilMillis < System.currentTimeMillis());
    saved.silences.add(s);
    save();
    return s;
  }

  public synchronized List<Silence> silences() {
    long now = System.currentTimeMillis();
    return saved.silences.stream().filter(s -> s.untilMillis > now).toList();
  }

  /** The silence covering this alert now, if any. */
  public synchronized Silence silenceOf(AlertEvent e, vn.sla.core.registry.UnitRegistry registry) {
    long now = System.currentTimeMillis();
    for (Silence s : saved.silences) {
      if (s.untilMillis > now && (s.ruleId == null || s.ruleId.equals(e.ruleId)) && registry.isWithin(e.unitId, s.unitId)) return s;
    }
    return null;
  }

  private void save() {
    if (file == null) return;
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Json.write(saved), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save alert acknowledgements to " + file + ": " + e.getMessage(), e);
    }
  }
}
