package vn.sla.jobs.records;

import java.util.Objects;

/**
 * A change of one counter of one unit, inside the job only (state is exactly-once there).
 * Everything that leaves the job is absolute.
 */
public class UnitDelta {
  public String unitId;
  public Kind kind;
  /** Local epoch day for DAY and STEP kinds; 0 for LIVE. */
  public int day;
  public long count;
  /** The receiving unit of a TRANSFER. */
  public String otherUnitId;
  /** The dossier's field (lĩnh vực), for the per-field figures; null when unknown. */
  public String field;
  /** The due time of a LIVE_RUNNING* change; 0 otherwise. */
  public long due;

  public UnitDelta() {}

  public UnitDelta(String unitId, Kind kind, int day, long count, String otherUnitId) {
    this.unitId = unitId;
    this.kind = kind;
    this.day = day;
    this.count = count;
    this.otherUnitId = otherUnitId;
  }

  public UnitDelta(String unitId, Kind kind, int day, long count, String otherUnitId, String field) {
    this(unitId, kind, day, count, otherUnitId);
    this.field = field;
  }

  /** A change of the open dossiers running with due time {@code due}, or paused (due 0). */
  public static UnitDelta live(String unitId, Kind kind, long due, long count, String field) {
    UnitDelta d = new UnitDelta(unitId, kind, 0, count, null, field);
    d.due = due;
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnitDelta d && day == d.day && count == d.count && kind == d.kind && due == d.due
        && Objects.equals(unitId, d.unitId) && Objects.equals(otherUnitId, d.otherUnitId)
        && Objects.equals(field, d.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(unitId, kind, day, count, otherUnitId);
  }

  @Override
  public String toString() {
    return kind + "(" + unitId + (otherUnitId == null ? "" : "->" + otherUnitId) + (kind.scope == Kind.Scope.LIVE ? ", due " + due : ", day " + day)
        + ", " + count + ")";
  }
}
