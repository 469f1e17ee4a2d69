package vn.sla.core.alerts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.sla.core.figures.UnitFigures;
import vn.sla.core.registry.UnitRegistry;

/**
 * A validated set of alert rules, from JSON {@code {"rules":[...]}}. A bad set is refused as
 * a whole with a message naming the rule and the problem, so the running rules stay in force.
 */
public final class AlertRules {
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public static class RuleSet {
    public List<AlertRule> rules = new ArrayList<>();
  }

  private AlertRules() {}

  /** Parses and validates; throws IllegalArgumentException naming the rule and the problem. */
  public static List<AlertRule> parse(String json, UnitRegistry registry) {
    RuleSet set;
    try {
      set = STRICT.readValue(json, RuleSet.class);
    } catch (IOException e) {
      String m = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
      throw new IllegalArgumentException("alert rules are not valid: " + m);
    }
    if (set == null || set.rules == null) throw new IllegalArgumentException("alert rules: expected {\"rules\": [...]}");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < set.rules.size(); i++) {
      AlertRule r = set.rules.get(i);
      String where = "alert rule " + (r == null || r.id == null ? "#" + (i + 1) : "'" + r.id + "'") + ": ";
      if (r == null || r.id == null || r.id.isBlank()) throw new IllegalArgumentException(where + "id is required");
      // The id names the rule in URLs, logs and InfluxDB's tags: a code, not text.
      if (!ID.matcher(r.id).matches()) {
        throw new IllegalArgumentException(where + "id must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (!ids.add(r.id)) throw new IllegalArgumentException(where + "id is used twice");
      if (r.metric == null) throw new IllegalArgumentException(where + "metric is required (" + List.of(AlertRule.Metric.values()) + ")");
      int scopes = (r.unit != null ? 1 : 0) + (r.subtree != null ? 1 : 0) + (r.level != null ? 1 : 0);
      if (scopes != 1) throw new IllegalArgumentException(where + "give exactly one of unit, subtree or level");
      if (r.unit != null && !registry.contains(r.unit)) throw new IllegalArgumentException(where + "unit '" + r.unit + "' is not in the registry");
      if (r.subtree != null && !registry.contains(r.subtree)) {
        throw new IllegalArgumentException(where + "subtree '" + r.subtree + "' is not in the registry");
      }
      if (r.level != null && registry.all().stream().noneMatch(u -> r.level.equals(u.level()))) {
        throw new IllegalArgumentException(where + "no unit has level '" + r.level + "'");
      }
      if (r.metric.lowerIsWorse()) {
        if (r.clear < r.fire) throw new IllegalArgumentException(where + "clear (" + r.clear + ") must not be below fire (" + r.fire
            + "): " + r.metric + " fires when it falls to fire and clears when it is back at clear");
        if (r.fire < 0 || r.clear > 20) throw new IllegalArgumentException(where + r.metric + " thresholds are scores from 0 to 20");
      } else if (r.clear > r.fire) {
        throw new IllegalArgumentException(where + "clear (" + r.clear + ") must not be above fire (" + r.fire + ")");
      }
      if (r.metric == AlertRule.Metric.OVERDUE_SHARE && (r.fire < 0 || r.fire > 1)) {
        throw new IllegalArgumentException(where + "OVERDUE_SHARE thresholds are fractions from 0 to 1");
      }
      if (r.minPending < 0) throw new IllegalArgumentException(where + "minPending must not be negative");
      try {
        if (Duration.parse(r.holdFor).isNegative()) throw new IllegalArgumentException(where + "holdFor must not be negative");
      } catch (DateTimeParseException | NullPointerException e) {
        throw new IllegalArgumentException(where + "holdFor '" + r.holdFor + "' is not an ISO-8601 duration such as PT10M");
      }
      if (r.severity == null) throw new IllegalArgumentException(where + "severity must be WARNING or CRITICAL");
    }
    return set.rules;
  }

  /** Whether the rule watches this unit. */
  public static boolean appliesTo(AlertRule r, String unitId, UnitRegistry registry) {
    if (r.unit != null) return r.unit.equals(unitId);
    if (r.subtree != null) return registry.isWithin(unitId, r.subtree);
    var u = registry.get(unitId);
    return u != null && r.level.equals(u.level());
  }

  public static double value(AlertRule.Metric m, UnitFigures f) {
    return switch (m) {
      case OVERDUE_COUNT -> f.pending.overdue;
      case OVERDUE_SHARE -> f.pending.total == 0 ? 0 : (double) f.pending.overdue / f.pending.total;
      case DUE_SOON_COUNT -> f.pending.dueSoon;
      case OVERDUE_WITHOUT_APOLOGY -> f.pending.overdueWithoutApology;
      case LATE_TODAY -> f.today.late;
      case PROGRESS_SCORE_MTD -> f.monthToDate == null ? 20 : f.monthToDate.progressScore766;
    };
  }
}
