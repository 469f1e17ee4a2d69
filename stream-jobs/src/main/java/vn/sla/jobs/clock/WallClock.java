package vn.sla.jobs.clock;

import java.io.Serializable;

/** The wall clock, replaceable in tests. */
@FunctionalInterface
public interface WallClock extends Serializable {
  long now();

  WallClock SYSTEM = System::currentTimeMillis;
}
