package vn.sla.sim;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.sla.core.figures.Topics;
import vn.sla.core.rules.SlaRules;

/**
 * The command line of the simulator: {@code --name=value} arguments and {@code --flag}
 * switches, validated.
 *
 * @param liveEveryDay live dossiers every day 06:00-22:00 (the live part only, not the backfill)
 */
public record SimOptions(
    String bootstrap,
    String topic,
    Path units,
    int backfillDays,
    double speed,
    long seed,
    int dossiersPerDay,
    double badRate,
    double duplicateRate,
    Path out,
    OffsetDateTime until,
    boolean liveEveryDay) {

  public static final String USAGE = String.join("\n",
      "usage: SimulatorMain [--name=value ...] [--live-every-day]",
      "  --bootstrap=HOST:PORT      Kafka bootstrap servers (default localhost:9092)",
      "  --topic=NAME               topic to write to (default " + Topics.EVENTS + ")",
      "  --units=FILE               unit registry CSV (default deploy/units-sample.csv)",
      "  --backfill-days=N          days of history to write into an empty topic (default 14)",
      "  --speed=X                  simulated seconds per wall-clock second (default 1)",
      "  --seed=N                   random seed (default 42)",
      "  --dossiers-per-day=N       dossiers the province receives on a working day (default 2700)",
      "  --bad-rate=X               share of events followed by a bad record (default 0.001)",
      "  --duplicate-rate=X         share of events re-sent unchanged (default 0.002)",
      "  --out=FILE                 write JSON lines to FILE instead of Kafka, then exit",
      "  --until=DATE-TIME          with --out: end of the history, e.g. 2025-11-21T17:00:00+07:00 (default now)",
      "  --live-every-day           live part only (dossiers received from the start on): intake every day,",
      "                             weekends and holidays included, 06:00-22:00 local, at a working day's",
      "                             office-hours rate, and their later events in those hours too; the",
      "                             backfill and due dates keep the working calendar (default off)",
      "  --help                     this text");

  private static final List<String> NAMES = List.of("bootstrap", "topic", "units", "backfill-days", "speed", "seed",
      "dossiers-per-day", "bad-rate", "duplicate-rate", "out", "until", "live-every-day");
  /** Switches: given alone (on), or as --name=true / --name=false. */
  private static final List<String> FLAGS = List.of("live-every-day");

  /** An argument that cannot be used; the message names it. */
  public static final class BadArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadArgumentException(String message) {
      super(message);
    }
  }

  public static SimOptions defaults() {
    return new SimOptions("localhost:9092", Topics.EVENTS, Path.of("deploy/units-sample.csv"), 14, 1.0, 42, 2700,
        0.001, 0.002, null, null, false);
  }

  /** True when the arguments ask for the usage text. */
  public static boolean wantsHelp(String... args) {
    for (String a : args) if (a.equals("--help") || a.equals("-h")) return true;
    return false;
  }

  public static SimOptions parse(String... args) throws BadArgumentException {
    Map<String, String> given = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--")) throw new BadArgumentException("argument '" + a + "' is not of the form --name=value");
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      if (!NAMES.contains(name)) {
        throw new BadArgumentException("unknown argument '--" + name + "' (known: --" + String.join(", --", NAMES) + ")");
      }
      if (eq < 0 && !FLAGS.contains(name)) throw new BadArgumentException("argument '--" + name + "' needs a value: --" + name + "=...");
      if (given.put(name, eq < 0 ? "true" : a.substring(eq + 1)) != null) throw new BadArgumentException("argument '--" + name + "' is given twice");
    }
    SimOptions d = defaults();
    String bootstrap = text(given, "bootstrap", d.bootstrap());
    String topic = text(given, "topic", d.topic());
    Path units = given.containsKey("units") ? Path.of(text(given, "units", null)) : d.units();
    int backfill = (int) integer(given, "backfill-days", d.backfillDays(), 0, 3650);
    double speed = decimal(given, "speed", d.speed(), 1e-3, 1e6);
    long seed = integer(given, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
    int perDay = (int) integer(given, "dossiers-per-day", d.dossiersPerDay(), 0, 10_000_000);
    double bad = decimal(given, "bad-rate", d.badRate(), 0, 1);
    double dup = decimal(given, "duplicate-rate", d.duplicateRate(), 0, 1);
    Path out = given.containsKey("out") ? Path.of(text(given, "out", null)) : null;
    OffsetDateTime until = given.containsKey("until") ? dateTime(given.get("until")) : null;
    if (until != null && (until.getYear() < 2001 || until.getYear() > 2099)) {
      throw new BadArgumentException("argument '--until' must lie between the years 2001 and 2099, got " + until);
    }
    if (until != null && out == null) {
      throw new BadArgumentException("argument '--until' only applies with --out (live mode always runs up to now)");
    }
    boolean liveEveryDay = flag(given, "live-every-day", d.liveEveryDay());
    if (liveEveryDay && out != null) {
      throw new BadArgumentException("argument '--live-every-day' only applies to live mode (--out writes history, which keeps office hours)");
    }
    return new SimOptions(bootstrap, topic, units, backfill, speed, seed, perDay, bad, dup, out, until, liveEveryDay);
  }

  public GeneratorSettings generatorSettings() {
    return new GeneratorSettings(seed, dossiersPerDay, badRate, duplicateRate);
  }

  private static String text(Map<String, String> given, String name, String dflt) throws BadArgumentException {
    String v = given.get(name);
    if (v == null) return dflt;
    if (v.isBlank()) throw new BadArgumentException("argument '--" + name + "' must not be empty");
    return v.trim();
  }

  private static boolean flag(Map<String, String> given, String name, boolean dflt) throws BadArgumentException {
    String v = given.get(name);
    if (v == null) return dflt;
    if (v.trim().equalsIgnoreCase("true")) return true;
    if (v.trim().equalsIgnoreCase("false")) return false;
    throw new BadArgumentException("argument '--" + name + "' is a switch: --" + name + " alone, or =true / =false, got '" + v + "'");
  }

  private static long integer(Map<String, String> given, String name, long dflt, long min, long max) throws BadArgumentException {
    String v = given.get(name);
    if (v == null) return dflt;
    long x;
    try {
      x = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new BadArgumentException("argument '--" + name + "' must be a whole number, got '" + v + "'");
    }
    if (x < min || x > max) throw new BadArgumentException("argument '--" + name + "' must be between " + min + " and " + max + ", got " + x);
    return x;
  }

  private static double decimal(Map<String, String> given, String name, double dflt, double min, double max) throws BadArgumentException {
    String v = given.get(name);
    if (v == null) return dflt;
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new BadArgumentException("argument '--" + name + "' must be a number, got '" + v + "'");
    }
    if (!(x >= min && x <= max)) throw new BadArgumentException("argument '--" + name + "' must be between " + min + " and " + max + ", got " + v);
    return x;
  }

  /** An ISO date-time with offset, or without one in the deployment's zone. */
  private static OffsetDateTime dateTime(String v) throws BadArgumentException {
    try {
      return OffsetDateTime.parse(v.trim());
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(v.trim()).atZone(SlaRules.DEFAULT_ZONE).toOffsetDateTime();
      } catch (DateTimeParseException e2) {
        throw new BadArgumentException("argument '--until' must be an ISO date-time like 2025-11-21T17:00:00+07:00, got '" + v + "'");
      }
    }
  }
}
