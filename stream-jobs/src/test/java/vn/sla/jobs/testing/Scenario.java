package vn.sla.jobs.testing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import vn.sla.core.registry.UnitRegistry;

/**
 * Random but reproducible input for the job tests: dossiers with every event type, some
 * lifecycle noise (events that break the rules), bad records, duplicates, and arrival order
 * shuffled within the tolerance. Records are JSON strings in arrival order.
 */
public final class Scenario {
  public static final String REGISTRY_CSV = """
      unitId,name,parentId,level
      xa-1a,Xã Một A,huyen-1,COMMUNE
      xa-1b,"Xã Một B, thị trấn",huyen-1,COMMUNE
      huyen-1,Huyện Một,tinh,DISTRICT
      xa-2a,Xã Hai A,huyen-2,COMMUNE
      xa-2b,Phường Hai B,huyen-2,COMMUNE
      huyen-2,Huyện Hai,tinh,DISTRICT
      tinh,Tỉnh Thử Nghiệm,,PROVINCE
      so-tp,Sở Tư pháp,tinh,DEPARTMENT
      tinh-b,Tỉnh Bên Cạnh,,PROVINCE
      xa-3a,Xã Ba A,tinh-b,COMMUNE
      xa-3b,"<img src=x onerror=alert(1)>Xã <b>Ba</b> B",tinh-b,COMMUNE
      """;

  public static UnitRegistry registry() {
    return UnitRegistry.parse(REGISTRY_CSV, "scenario-units.csv");
  }

  public static final String[] UNITS = {"xa-1a", "xa-1b", "xa-2a", "xa-2b", "so-tp", "xa-3a", "huyen-1", "tinh"};
  public static final String[] FIELDS = {"dat-dai", "ho-tich", "xay-dung"};
  private static final String[] CHANNELS = {"ONLINE", "IN_PERSON", "IN_PERSON", "POSTAL"};
  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long DAY = 24 * HOUR;

  private record Timed(long arrival, long occurredAt, int seq, String json, String dossier) {}

  public final List<String> records = new ArrayList<>();
  public final long start;
  /** The last occurredAt of the scenario proper (the sentinels come two days later). */
  public long end;
  private final SplittableRandom rnd;
  private final long tolerance;
  private final List<Timed> timed = new ArrayList<>();
  /** The unit that received each dossier. */
  private final java.util.Map<String, String> receivedBy = new java.util.HashMap<>();
  private final List<String> dossierIds = new ArrayList<>();
  private final long seed;
  private int seq;
  private int eventSeq;

  public Scenario(long seed, long start, int dossiers, int days, long toleranceMillis) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
    this.start = start;
    this.tolerance = toleranceMillis;
    for (int i = 0; i < dossiers; i++) dossier("D-" + seed + "-" + i, start + (long) (rnd.nextDouble() * days * DAY));
    for (int i = 0; i < Math.max(1, dossiers / 100); i++) badRecords(start + (long) (rnd.nextDouble() * days * DAY));
    for (Timed t : timed) end = Math.max(end, t.occurredAt());
    // Sentinels two days after the end: every unit and field has a day after the compared ones, which a
    // bounded input needs (at its end "now" jumps to the end of time, no midnights pass).
    current = null;
    for (String u : UNITS) {
      for (String f : FIELDS) {
        emit("S-" + u + "-" + f, end + 2 * DAY, "RECEIVED", "\"unitId\":\"" + u + "\",\"field\":\"" + f
            + "\",\"channel\":\"ONLINE\",\"dueAt\":\"" + iso(end + 9 * DAY) + "\"");
      }
    }
    timed.sort(Comparator.comparingLong(Timed::arrival).thenComparingInt(Timed::seq));
    for (Timed t : timed) records.add(t.json());
  }

  private void dossier(String id, long t) {
    String unit = UNITS[rnd.nextInt(UNITS.length)];
    receivedBy.put(id, unit);
    dossierIds.add(id);
    long due = t + (1 + rnd.nextInt(10)) * DAY + rnd.nextInt(10) * HOUR;
    boolean neverReceived = rnd.nextInt(100) == 0;
    if (!neverReceived) {
      emit(id, t, "RECEIVED", "\"unitId\":\"" + unit + "\",\"field\":\"" + FIELDS[rnd.nextInt(FIELDS.length)]
          + "\",\"channel\":\"" + CHANNELS[rnd.nextInt(4)]
          + "\",\"dueAt\":\"" + iso(due) + "\"");
    }
    boolean paused = false;
    int steps = rnd.nextInt(6);
    for (int s = 0; s < steps; s++) {
      t += gap();
      int r = rnd.nextInt(100);
      if (r < 30) {
        if (paused) emit(id, t, "RESUMED", rnd.nextBoolean() ? "\"dueAt\":\"" + iso(t + (1 + rnd.nextInt(5)) * DAY) + "\"" : "");
        else emit(id, t, "PAUSED", "\"reason\":\"Yêu cầu bổ sung\"");
        paused = !paused;
      } else if (r < 45) {
        emit(id, t, "TRANSFERRED", "\"toUnitId\":\"" + UNITS[rnd.nextInt(UNITS.length)] + "\"");
      } else if (r < 55) {
        emit(id, t, "APOLOGY_ISSUED", rnd.nextBoolean() ? "\"dueAt\":\"" + iso(t + 3 * DAY) + "\"" : "");
      } else if (r < 62) {
        // noise: breaks the lifecycle (or not); the oracle and the job must agree either way
        String[] any = {"RESUMED", "PAUSED", "RETURNED", "RECEIVED"};
        String type = any[rnd.nextInt(any.length)];
        emit(id, t, type, type.equals("RECEIVED")
            ? "\"unitId\":\"xa-1a\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\"" + iso(t + DAY) + "\""
            : "");
        if (type.equals("PAUSED") && !paused) paused = true;
        else if (type.equals("RESUMED") && paused) paused = false;
      }
    }
    int end = rnd.nextInt(100);
    t += gap();
    if (end < 70) {
      emit(id, t, "COMPLETED", "");
      if (rnd.nextInt(10) < 8) emit(id, t + rnd.nextInt(48) * HOUR, "RETURNED", "");
      if (rnd.nextInt(20) == 0) emit(id, t + gap(), "PAUSED", ""); // after COMPLETED: refused
    } else if (end < 78) {
      emit(id, t, "WITHDRAWN", "\"reason\":\"Công dân rút hồ sơ\"");
      if (rnd.nextInt(10) == 0) emit(id, t + gap(), "COMPLETED", ""); // after WITHDRAWN: refused
    } else if (end < 80) {
      emit(id, t - 400 * DAY, "COMPLETED", ""); // dated before RECEIVED: refused
    }
  }

  private long gap() {
    int r = rnd.nextInt(10);
    if (r < 3) return rnd.nextInt(120) * MIN;
    if (r < 8) return rnd.nextInt(72) * HOUR + 1;
    return rnd.nextInt(10) * DAY + rnd.nextInt(24) * HOUR;
  }

  private void emit(String dossier, long at, String type, String extra) {
    current = dossier;
    String json = "{\"eventId\":\"ev-" + (eventSeq++) + "\",\"dossierId\":\"" + dossier + "\",\"type\":\"" + type
        + "\",\"occurredAt\":\"" + iso(at) + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    add(at, at, json);
    if (rnd.nextInt(100) < 2) add(at, at + rnd.nextInt(12) * HOUR, json); // a duplicate, maybe much later
  }

  private void add(long occurredAt, String json) {
    add(occurredAt, occurredAt, json);
  }

  private void add(long occurredAt, long sent, String json) {
    // Arrival = sent plus a jitter below the tolerance: out of order, never late (but for
    // duplicates sent much later).
    long arrival = sent + (tolerance <= 1 ? 0 : rnd.nextLong(tolerance - 1));
    timed.add(new Timed(arrival, occurredAt, seq++, json, current));
  }

  /** The dossier whose events are being written (null for bad records and sentinels). */
  private String current;

  /**
   * The same records, but those of the dossiers {@code unit} received arrive {@code delay}
   * later (a desk whose software was offline and sends its backlog): late for the input.
   */
  public List<String> withDelayed(String unit, long delay) {
    List<Timed> moved = new ArrayList<>();
    for (Timed t : timed) {
      boolean late = t.dossier() != null && unit.equals(receivedBy.get(t.dossier()));
      moved.add(late ? new Timed(t.arrival() + delay, t.occurredAt(), t.seq(), t.json(), t.dossier()) : t);
    }
    moved.sort(Comparator.comparingLong(Timed::arrival).thenComparingInt(Timed::seq));
    List<String> out = new ArrayList<>();
    for (Timed t : moved) out.add(t.json());
    return out;
  }

  /**
   * Events happening at {@code now}, after the history: some history dossiers move on
   * (completed, transferred, paused, apology; refused where their lifecycle says so) and new
   * ones are received, in time, due within hours, and overdue from the start (dueAt before
   * occurredAt, valid since contract 1.1). One record is dated years ahead: a bad record.
   */
  public List<String> liveRecords(long now, int count) {
    List<String> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed * 31 + count);
    String[] moves = {"COMPLETED", "COMPLETED", "TRANSFERRED", "PAUSED", "RESUMED", "APOLOGY_ISSUED", "WITHDRAWN"};
    for (int i = 0; i < count; i++) {
      long at = now - 2000 - r.nextInt(60_000); // in the past when it arrives, as events are
      if (r.nextBoolean() && !dossierIds.isEmpty()) {
        String id = dossierIds.get(r.nextInt(dossierIds.size()));
        String type = moves[r.nextInt(moves.length)];
        String extra = type.equals("TRANSFERRED") ? ",\"toUnitId\":\"" + UNITS[r.nextInt(UNITS.length)] + "\"" : "";
        out.add(live(id, at, type, extra));
      } else {
        String id = "L-" + seed + "-" + i;
        long[] dues = {now + 3 * DAY + HOUR, now + 5 * HOUR, now - 2 * DAY, now + 30 * DAY};
        long due = dues[r.nextInt(dues.length)];
        out.add(live(id, at, "RECEIVED", ",\"unitId\":\"" + UNITS[r.nextInt(UNITS.length)] + "\",\"field\":\""
            + FIELDS[r.nextInt(FIELDS.length)] + "\",\"channel\":\"" + CHANNELS[r.nextInt(4)] + "\",\"dueAt\":\"" + iso(due) + "\""));
        if (r.nextInt(4) == 0) out.add(live(id, at + 1000, "COMPLETED", ""));
      }
    }
    out.add(live("F-" + seed, now + 400 * DAY, "RECEIVED", ",\"unitId\":\"xa-1a\",\"field\":\"ho-tich\",\"channel\":\"ONLINE\",\"dueAt\":\""
        + iso(now + 401 * DAY) + "\""));
    return out;
  }

  private String live(String dossier, long at, String type, String extra) {
    return "{\"eventId\":\"live-" + (eventSeq++) + "\",\"dossierId\":\"" + dossier + "\",\"type\":\"" + type
        + "\",\"occurredAt\":\"" + iso(at) + "\"" + extra + "}";
  }

  private void badRecords(long at) {
    current = null;
    add(at, "{\"eventId\":\"bad-" + seq + "\", not json");
    add(at, "{\"eventId\":\"bad-" + seq + "\",\"dossierId\":\"x\",\"type\":\"RECEIVED\",\"occurredAt\":\"" + iso(at)
        + "\",\"unitId\":\"xa-khong-ton-tai\",\"field\":\"f\",\"channel\":\"ONLINE\",\"dueAt\":\"" + iso(at + DAY) + "\"}");
    add(at, "{\"eventId\":\"bad-" + seq + "\",\"dossierId\":\"x\",\"type\":\"PAUSED\"}");
    add(at, "[\"not an object\"]");
  }

  public static String iso(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.ofHours(7)).toString();
  }
}
