package vn.sla.sim;

import java.time.LocalDate;

/**
 * A time axis the planner places a dossier's events on: whole seconds of the hours in which
 * desks act, with everything else (nights, lunch, days off) left out, so adding seconds on
 * it skips the closed hours by construction. {@link WorkCalendar} is the office-hours axis
 * of working days; {@link LiveHours} the longer every-day hours of {@code --live-every-day}.
 */
interface TimeAxis {
  /** Seconds of one open day on the axis. */
  int daySeconds();

  /** The axis position at which a date opens; a closed date maps to the next open one. */
  long dayStartPos(LocalDate d);

  /** The instant at an axis position. */
  long toInstant(long pos);

  /** The first axis position whose instant is at or after {@code epochMillis}. */
  long posAtOrAfter(long epochMillis);

  /** The last axis position whose instant is at or before {@code epochMillis}. */
  long posAtOrBefore(long epochMillis);
}
