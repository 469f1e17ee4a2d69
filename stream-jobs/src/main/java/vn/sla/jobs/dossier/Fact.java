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

  /**
   * What turns {@code facts} into {@code now}: per counter the difference, none zero; the
   * counters of {@code now} first, in its order, then those only {@code facts} has. A dossier
   * has a handful of facts: matching them pairwise costs less than hashing them into a map.
   */
  public static java.util.Map<Key, Integer> diff(Fact[] facts, java.util.Map<Key, Integer> now) {
    java.util.Map<Key, Integer> change = new java.util.LinkedHashMap<>();
    boolean[] matched = new boolean[facts.length];
    for (java.util.Map.Entry<Key, Integer> n : now.entrySet()) {
      Key k = n.getKey();
      int was = 0;
      for (int i = 0; i < facts.length; i++) {
        if (!matched[i] && facts[i].is(k)) {
          matched[i] = true;
          was = facts[i].count;
          break;
        }
      }
      if (n.getValue() != was) change.put(k, n.getValue() - was);
    }
    for (int i = 0; i < facts.length; i++) if (!matched[i]) change.put(facts[i].key(), -facts[i].count);
    return change;
  }

  /**
   * The facts after adding {@code change} (net counts per counter, none zero): a count that
   * comes to zero is gone, a new counter is appended. A new array; {@code facts} is not changed.
   */
  public static Fact[] plus(Fact[] facts, java.util.Map<Key, Integer> change) {
    java.util.ArrayList<Fact> now = new java.util.ArrayList<>(facts.length + change.size());
    boolean[] touched = new boolean[facts.length];
    for (java.util.Map.Entry<Key, Integer> c : change.entrySet()) {
      Key k = c.getKey();
      int i = 0;
      while (i < facts.length && !(facts[i].is(k) && !touched[i])) i++;
      if (i < facts.length) {
        touched[i] = true;
        int n = facts[i].count + c.getValue();
        if (n != 0) now.add(new Fact(k.kind(), k.unitId(), k.otherUnitId(), k.day(), n, k.field()));
      } else {
        now.add(new Fact(k.kind(), k.unitId(), k.otherUnitId(), k.day(), c.getValue(), k.field()));
      }
    }
    for (int i = 0; i < facts.length; i++) if (!touched[i]) now.add(facts[i]);
    return now.isEmpty() ? DossierState.NO_FACTS : now.toArray(DossierState.NO_FACTS);
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
