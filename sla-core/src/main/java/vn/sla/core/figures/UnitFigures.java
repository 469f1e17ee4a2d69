package vn.sla.core.figures;

import java.util.Objects;

/**
 * The live figures of a unit and its subtree, as the API's {@code /live} returns them and
 * as the job publishes them (absolute values, keyed by unit) on the unit-figures topic.
 */
public class UnitFigures implements Cloneable {
  public String unitId;
  /** "now" of sla-rules.md: the date-time these figures are valid for. */
  public String asOf;
  /** The local date "today" refers to (an extension of the contract). */
  public String date;
  public Pending pending = new Pending();
  public Today today = new Today();
  /** Completions of the month so far and the progress score (an extension of the contract). */
  public MonthToDate monthToDate = new MonthToDate();

  public static class MonthToDate {
    /** The first day of the month. */
    public String from;
    public long completed;
    public long early;
    public long onTime;
    public long late;
    /** sla-rules.md's progressScore766 for the month so far, pending counted as of now. */
    public double progressScore766 = 20;

    @Override
    public boolean equals(Object o) {
      return o instanceof MonthToDate m && Objects.equals(from, m.from) && completed == m.completed && early == m.early
          && onTime == m.onTime && late == m.late && progressScore766 == m.progressScore766;
    }

    @Override
    public int hashCode() {
      return Objects.hash(from, completed, early, onTime, late, progressScore766);
    }

    @Override
    public String toString() {
      return "monthToDate{from=" + from + ", completed=" + completed + ", early=" + early + ", onTime=" + onTime
          + ", late=" + late + ", progressScore766=" + progressScore766 + "}";
    }
  }

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

  /**
   * The month's progress score: its completions, and the pending now as a report counts it at
   * the end of a day (due soon is still in time). The one place figures become a score.
   */
  public static double monthScore(MonthToDate m, Pending p) {
    return vn.sla.core.rules.ProgressScore.of(m.early, m.onTime, p.inTime + p.dueSoon, p.paused, m.completed, p.total);
  }

  /**
   * These figures as of a later moment: the job publishes a unit only when its figures change,
   * while "now" moves on. The one day and month rollover: on a later day nothing happened today
   * yet, in a later month nothing has been completed yet this month (the pending stay).
   *
   * @param now the ISO local date-time of now (the job's clock), or null: as they are
   */
  public UnitFigures asOf(String now) {
    UnitFigures copy;
    try {
      copy = (UnitFigures) clone(); // shallow: the parts are replaced, never changed
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
    if (now == null) return copy;
    copy.asOf = now;
    if (date != null && !now.startsWith(date)) {
      copy.today = new Today();
      if (monthToDate != null && monthToDate.from != null && !now.startsWith(monthToDate.from.substring(0, 7))) {
        MonthToDate m = new MonthToDate();
        m.from = now.substring(0, 7) + "-01";
        m.progressScore766 = monthScore(m, pending);
        copy.monthToDate = m;
      }
    }
    return copy;
  }

  /** Same figures, whatever their asOf. */
  public boolean sameFigures(UnitFigures o) {
    return o != null && Objects.equals(unitId, o.unitId) && Objects.equals(date, o.date)
        && pending.equals(o.pending) && today.equals(o.today) && Objects.equals(monthToDate, o.monthToDate);
  }

  @Override
  public String toString() {
    return unitId + "@" + asOf + " " + pending + " " + today + " " + monthToDate;
  }
}
