package vn.sla.server.alerting;

import vn.sla.server.JsonFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The role of who set it (ADMIN, LEADERSHIP, CHIEF) and the units they see. */
    public String byRole;
    public List<String> byScope = new ArrayList<>();

    /**
     * Whether it mutes a destination that listens to {@code destinationUnits}: an
     * administrator's or the leadership's silence mutes all; a chief's only the destinations
     * within the chief's own units, never what the leadership receives about them.
     */
    public boolean mutes(List<String> destinationUnits, vn.sla.core.registry.UnitRegistry registry) {
      if (byRole == null || "ADMIN".equals(byRole) || "LEADERSHIP".equals(byRole)) return true;
      for (String d : destinationUnits) {
        boolean inside = false;
        for (String own : byScope) inside |= registry.isWithin(d, own);
        if (!inside) return false;
      }
      return true;
    }
  }

  public static class Saved {
    public Map<String, Ack> acks = new LinkedHashMap<>();
    public List<Silence> silences = new ArrayList<>();
  }

  private final JsonFile store;
  private Saved saved = new Saved();

  public AlertActions(Path file) {
    this.store = new JsonFile(file, "alert acknowledgements");
    if (file != null && Files.exists(file)) {
      try {
        saved = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Saved.class);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read the alert acknowledgements: " + e.getMessage());
      }
    }
  }

  public Ack ack(String alertId, String by) {
    Ack a = new Ack();
    a.alertId = alertId;
    a.by = by;
    a.at = java.time.Instant.now().toString();
    changed(() -> saved.acks.put(alertId, a));
    return a;
  }

  /** A change under the lock, then the file written after it (off the lock: readers never wait for the disk). */
  private void changed(Runnable change) {
    long n;
    String snapshot;
    synchronized (this) {
      change.run();
      n = store.number();
      snapshot = Json.write(saved);
    }
    store.write(n, snapshot);
  }

  public synchronized Ack ackOf(String alertId) {
    return saved.acks.get(alertId);
  }

  public Silence silence(String ruleId, String unitId, long untilMillis, String by, String reason, String byRole,
      List<String> byScope) {
    Silence s = new Silence();
    s.byRole = byRole;
    s.byScope = List.copyOf(byScope);
    s.id = Long.toHexString(System.nanoTime());
    s.ruleId = ruleId;
    s.unitId = unitId;
    s.untilMillis = untilMillis;
    s.until = java.time.Instant.ofEpochMilli(untilMillis).toString();
    s.by = by;
    s.at = java.time.Instant.now().toString();
    s.reason = reason;
    changed(() -> {
      saved.silences.removeIf(x -> x.untilMillis < System.currentTimeMillis());
      saved.silences.add(s);
    });
    return s;
  }

  /** Lifts a silence before its time; false when there is none with this id. */
  public boolean lift(String id) {
    boolean[] removed = new boolean[1];
    changed(() -> removed[0] = saved.silences.removeIf(x -> x.id.equals(id)));
    return removed[0];
  }

  public synchronized Silence silenceById(String id) {
    for (Silence s : saved.silences) if (s.id.equals(id)) return s;
    return null;
  }

  public synchronized List<Silence> silences() {
    long now = System.currentTimeMillis();
    return saved.silences.stream().filter(s -> s.untilMillis > now).toList();
  }

  /** The silence covering this alert now, if any. */
  public synchronized Silence silenceOf(AlertEvent e, vn.sla.core.registry.UnitRegistry registry) {
    List<Silence> all = silencesOf(e, registry);
    return all.isEmpty() ? null : all.get(0);
  }

  /** Every silence covering this alert now. */
  public synchronized List<Silence> silencesOf(AlertEvent e, vn.sla.core.registry.UnitRegistry registry) {
    long now = System.currentTimeMillis();
    List<Silence> out = new ArrayList<>();
    for (Silence s : saved.silences) {
      if (s.untilMillis > now && (s.ruleId == null || s.ruleId.equals(e.ruleId)) && registry.isWithin(e.unitId, s.unitId)) out.add(s);
    }
    return out;
  }

}
