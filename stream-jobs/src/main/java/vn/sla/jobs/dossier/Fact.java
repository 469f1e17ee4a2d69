package vn.sla.jobs.dossier;

import java.util.Objects;
import vn.sla.jobs.records.Kind;

/** A net count of one dossier towards one day counter: what the dossier has emitted so far. */
public class Fact {
  public Kind kind;
  public String unitId;
  public String otherUnitId;
  public int day;
  public int count;
  public String field;

  public Fact() {}

  public Fact(Kind kind, String unitId, String otherUnitId, int day, int count, String field) {
    this.field = field;
    this.kind = kind;
    this.unitId = unitId;
    this.otherUnitId = otherUnitId;
    this.day = day;
    this.count = count;
  }

  /** Identity without the count, for diffs. */
  public Key key() {
    return new Key(kind, unitId, otherUnitId, day, field);
  }

  /** Whether this is the counter {@code k} names (its count aside). */
  public boolean is(Key k) {
    return kind == k.kind() && day == k.day() && Objects.equals(unitId, k.unitId()) && Objects.equals(otherUnitId, k.otherUnitId())
        && Objects.equals(field, k.field());
  }

  public record Key(Kind kind, String unitId, String otherUnitId, int day, String field) {}

  @Override
  public boolean equals(Object o) {
    return o instanceof Fact f && day == f.day && count == f.count && kind == f.kind
        && Objects.equals(unitId, f.unitId) && Objects.equals(otherUnitId, f.otherUnitId)
        && Objects.equals(field, f.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, unitId, otherUnitId, day, count);
  }
}
