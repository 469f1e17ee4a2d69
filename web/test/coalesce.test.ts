import { describe, expect, it } from 'vitest';
import { coalescer } from '../src/coalesce';
import { fakeTimers } from './fake-timers';


describe('coalescer', () => {
  it('runs at once after a quiet spell, then at most once per interval', () => {
    const { timers, advance, pending } = fakeTimers();
    let runs = 0;
    const c = coalescer(() => runs++, 500, timers);
    c.request();
    expect(runs).toBe(1);
    // A burst of updates (4 a second for 10 s) gives at most 2 runs a second.
    for (let i = 0; i < 40; i++) {
      c.request();
      c.request();
      advance(250);
    }
    expect(runs).toBeGreaterThanOrEqual(20);
    expect(runs).toBeLessThanOrEqual(21);
    advance(1000);
    expect(pending()).toBe(0);
  });

  it('runs a request made during the interval at its end, once', () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const c = coalescer(() => runs++, 500, timers);
    c.request();
    advance(100);
    c.request();
    c.request();
    expect(runs).toBe(1);
    advance(399);
    expect(runs).toBe(1);
    advance(1);
    expect(runs).toBe(2);
  });

  it('does nothing after cancel', () => {
    const { timers, advance, pending } = fakeTimers();
    let runs = 0;
    const c = coalescer(() => runs++, 500, timers);
    c.request();
    c.request();
    c.cancel();
    expect(pending()).toBe(0);
    advance(1000);
    c.request();
    expect(runs).toBe(1);
  });
});
