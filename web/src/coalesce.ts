/**
 * Runs a render at most once per interval however often it is asked for: live updates may
 * arrive four times a second per connection, a wall display redraws at most twice a second.
 * The first request after a quiet spell runs at once; later ones are merged into one run at
 * the end of the interval. Timers are injectable for tests.
 */

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Coalescer {
  /** Asks for a run; runs now if the last run is at least the interval ago, else once later. */
  request(): void;
  /** Drops a pending run (view teardown). */
  cancel(): void;
}

export function coalescer(fn: () => void, intervalMs = 500, timers: Timers = realTimers): Coalescer {
  let lastRun = Number.NEGATIVE_INFINITY;
  let pending: unknown = null;
  let cancelled = false;

  const run = () => {
    pending = null;
    if (cancelled) return;
    lastRun = timers.now();
    fn();
  };

  return {
    request() {
      if (cancelled || pending !== null) return;
      const wait = lastRun + intervalMs - timers.now();
      if (wait <= 0) run();
      else pending = timers.setTimeout(run, wait);
    },
    cancel() {
      cancelled = true;
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
