package vn.sla.core.figures;

import java.util.Objects;

/**
 * The live figures of a unit and its subtree, as the API's {@code /live} returns them and
 * as the job publishes them (absolute values, keyed by unit) on the unit-figures topic.
 */
public class UnitFigures {
  public String unitId;
  /** "now" of sla-rules.md: the date-time these figures are valid for. */
  public String asOf;
  /** The local date "today" refers to (an extension of the contract). */
  public String date;
  public Pending pending = new Pending();
  public Today today = new Today();

  public static class Pending {
    public long total;
    public long inTime;
    public long dueSoon;
    public long overdue;
    public long paused;
    public long overdueWithoutApology;

    @Override
    public boolean equals(Object o) {
      return o instanceof Pending p && total == p.total && inTime == p.inTime && dueSoon == p.dueSoon
          && overdue == p.overdue && paused == p.paused && overdueWithoutApology == p.overdueWithoutApology;
    }

    @Override
    public int hashCode() {
      return Objects.hash(total, inTime, dueSoon, overdue, paused, overdueWithoutApology);
    }

    @Override
    public String toString() {
      return "pending{total=" + total + ", inTime=" + inTime + ", dueSoon=" + dueSoon + ", overdue=" + overdue
          + ", paused=" + paused + ", overdueWithoutApology=" + overdueWithoutApology + "}";
    }
  }

  public static class Today {
    public long received;
    public long completed;
    public long early;
    public long onTime;
    public long late;
    public long withdrawn;

    @Override
    public boolean equals(Object o) {
      return o instanceof Today t && received == t.received && completed == t.completed && early == t.early
          && onTime == t.onTime && late == t.late && withdrawn == t.withdrawn;
    }

    @Override
    public int hashCode() {
      return Objects.hash(received, completed, early, onTime, late, withdrawn);
    }

    @Override
    public String toString() {
      return "today{received=" + received + ", completed=" + completed + ", early=" + early + ", onTime=" + onTime
          + ", late=" + late + ", withdrawn=" + withdrawn + "}";
    }
  }

  /** Same figures, whatever their asOf. */
  public boolean sameFigures(UnitFigures o) {
    return o != null && Objects.equals(unitId, o.unitId) && Objects.equals(date, o.date)
        && pending.equals(o.pending) && today.equals(o.today);
  }

  @Override
  public String toString() {
    return unitId + "@" + asOf + " " + pending + " " + today;
  }
}
