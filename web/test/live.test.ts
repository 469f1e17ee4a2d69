import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LiveConnection,
  backoffDelay,
  normalizeFigures,
  wsUrl,
  type LiveEvent,
  type SocketLike,
} from '../src/live';
import { liveStatus } from '../src/views/shell';

/** A fake WebSocket the test drives by hand. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  // Test side
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) });
  }
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
}

function last(): FakeSocket {
  const s = FakeSocket.all[FakeSocket.all.length - 1];
  if (!s) throw new Error('no socket');
  return s;
}

function unit(unitId: string, overdue: number, extra: Record<string, number> = {}) {
  return {
    unitId,
    asOf: '2026-11-22T09:15:02+07:00',
    date: '2026-11-22',
    pending: { total: 10 + overdue, inTime: 10, dueSoon: 0, overdue, paused: 0, overdueWithoutApology: overdue, ...extra },
    today: { received: 3, completed: 2, early: 1, onTime: 1, late: 0, withdrawn: 0 },
  };
}

function snapshot(...units: ReturnType<typeof unit>[]) {
  return { v: 1, type: 'snapshot', asOf: '2026-11-22T09:15:02+07:00', units };
}

const SUB = { subtree: { unitId: 'tinh', depth: 1 } };

describe('LiveConnection', () => {
  let live: LiveConnection;
  let events: LiveEvent[];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T02:15:00Z'));
    FakeSocket.all = [];
    events = [];
    live = new LiveConnection({
      url: 'ws://example.test/ws',
      createSocket: (url) => new FakeSocket(url),
      random: () => 0.5, // no jitter: delays are exactly 1 s, 2 s, 4 s, …
    });
    live.on((e) => events.push(e));
  });

  afterEach(() => {
    live.stop();
    vi.useRealTimers();
  });

  it('connects and sends the subscribe message once open', () => {
    live.subscribe(SUB);
    expect(FakeSocket.all).toHaveLength(1);
    expect(last().url).toBe('ws://example.test/ws');
    expect(live.state).toBe('connecting');
    last().open();
    expect(last().sent).toEqual([{ v: 1, type: 'subscribe', subtree: { unitId: 'tinh', depth: 1 } }]);
    expect(live.state).toBe('subscribing');
  });

  it('applies a snapshot into the map of figures', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5), unit('xa-a', 3), unit('xa-b', 2)));
    expect(live.hasSnapshot).toBe(true);
    expect(live.state).toBe('live');
    expect(live.figures.size).toBe(3);
    expect(live.figures.get('xa-a')?.pending.overdue).toBe(3);
    expect(live.figures.get('tinh')?.today.completed).toBe(2);
    expect(live.asOf).toBe('2026-11-22T09:15:02+07:00');
    expect(events).toContainEqual({ kind: 'snapshot', unitIds: ['tinh', 'xa-a', 'xa-b'] });
  });

  it('applies updates on top of the snapshot, unit by unit', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5), unit('xa-a', 3), unit('xa-b', 2)));
    last().receive({ v: 1, type: 'update', asOf: '2026-11-22T09:15:03+07:00', units: [unit('xa-a', 4), unit('tinh', 6)] });
    expect(live.figures.get('xa-a')?.pending.overdue).toBe(4);
    expect(live.figures.get('tinh')?.pending.overdue).toBe(6);
    expect(live.figures.get('xa-b')?.pending.overdue).toBe(2);
    expect(live.asOf).toBe('2026-11-22T09:15:03+07:00');
    expect(events).toContainEqual({ kind: 'update', unitIds: ['xa-a', 'tinh'] });
  });

  it('ignores updates before the snapshot and for units outside it', () => {
    live.subscribe(SUB);
    last().open();
    last().receive({ v: 1, type: 'update', units: [unit('xa-a', 9)] });
    expect(live.figures.size).toBe(0);
    last().receive(snapshot(unit('tinh', 5), unit('xa-a', 3)));
    last().receive({ v: 1, type: 'update', units: [unit('elsewhere', 9)] });
    expect(live.figures.has('elsewhere')).toBe(false);
    expect(live.figures.size).toBe(2);
  });

  it('ignores malformed messages and other protocol versions', () => {
    live.subscribe(SUB);
    last().open();
    last().receive('not json');
    last().receive({ v: 2, type: 'snapshot', units: [unit('tinh', 1)] });
    last().receive({ v: 1, type: 'snapshot', units: [{ nope: true }, unit('tinh', 1)] });
    expect([...live.figures.keys()]).toEqual(['tinh']);
  });

  it('keeps only current figures however many updates arrive', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 0), unit('xa-a', 0)));
    for (let i = 1; i <= 10_000; i++) {
      last().receive({ v: 1, type: 'update', units: [unit('xa-a', i)] });
    }
    expect(live.figures.size).toBe(2);
    expect(live.figures.get('xa-a')?.pending.overdue).toBe(10_000);
  });

  it('replaces the figures when the subscription changes, skipping a late snapshot of the old one', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5), unit('xa-a', 3)));
    live.subscribe({ subtree: { unitId: 'xa-a', depth: 1 } });
    expect(live.figures.size).toBe(0);
    expect(live.hasSnapshot).toBe(false);
    expect(last().sent).toHaveLength(2);
    // A snapshot answering the previous subscribe, still in flight: not ours.
    last().receive(snapshot(unit('tinh', 5)));
    expect(live.figures.size).toBe(0);
    last().receive(snapshot(unit('xa-a', 3), unit('thon-1', 1)));
    expect([...live.figures.keys()]).toEqual(['xa-a', 'thon-1']);
  });

  it('does not re-subscribe for the same subscription', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5)));
    live.subscribe({ subtree: { unitId: 'tinh', depth: 1 } });
    expect(last().sent).toHaveLength(1);
    expect(live.hasSnapshot).toBe(true);
    expect(live.figures.size).toBe(1);
  });

  it('turns stale after more than 12 s without any message, and fresh again on a heartbeat', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5)));
    vi.advanceTimersByTime(5_000);
    last().receive({ v: 1, type: 'heartbeat', asOf: '2026-11-22T09:15:07+07:00', serverTime: '2026-11-22T09:15:07+07:00' });
    expect(live.asOf).toBe('2026-11-22T09:15:07+07:00');
    expect(live.serverTime).toBe('2026-11-22T09:15:07+07:00');
    expect(live.catchingUp).toBe(false);
    // A job digesting an import says so on the heartbeat, with how far it has come.
    last().receive({ v: 1, type: 'heartbeat', asOf: '2026-11-22T09:15:07+07:00', catchingUp: true, inputProgress: '2025-06-01T08:00:00+07:00' });
    expect(live.catchingUp).toBe(true);
    expect(live.inputProgress).toBe('2025-06-01T08:00:00+07:00');
    last().receive({ v: 1, type: 'heartbeat', asOf: '2026-11-22T09:15:07+07:00', serverTime: '2026-11-22T09:15:07+07:00' });
    expect(live.catchingUp).toBe(false);
    expect(live.inputProgress).toBeNull();
    vi.advanceTimersByTime(11_000);
    expect(live.stale).toBe(false);
    expect(live.isStale()).toBe(false);
    vi.advanceTimersByTime(1_000); // exactly 12 s: not yet
    expect(live.isStale()).toBe(false);
    vi.advanceTimersByTime(1_000); // 13 s
    expect(live.stale).toBe(true);
    expect(events).toContainEqual({ kind: 'stale', stale: true });
    // The figures stay on screen while stale.
    expect(live.figures.get('tinh')?.pending.overdue).toBe(5);
  });

  it('stays fresh as long as heartbeats arrive every 5 s, even with no update', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5)));
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(5_000);
      last().receive({ v: 1, type: 'heartbeat', asOf: '2026-11-22T09:15:07+07:00' });
    }
    expect(live.stale).toBe(false);
    expect(FakeSocket.all).toHaveLength(1);
    expect(events.some((e) => e.kind === 'stale')).toBe(false);
  });

  it('is stale when the server never answers', () => {
    live.subscribe(SUB);
    vi.advanceTimersByTime(13_000);
    expect(live.stale).toBe(true);
  });

  it('reconnects with exponential backoff 1 s, 2 s, 4 s … capped at 30 s', () => {
    live.subscribe(SUB);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = FakeSocket.all.length;
      last().drop();
      expect(live.state).toBe('waiting');
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('re-subscribes after a reconnect, takes the fresh snapshot and resets the backoff', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5), unit('xa-a', 3)));
    last().drop();
    last().drop(); // already dropped: a second close event must not schedule twice
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(); // the first retry fails too
    vi.advanceTimersByTime(1_999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    last().open();
    expect(last().sent).toEqual([{ v: 1, type: 'subscribe', subtree: { unitId: 'tinh', depth: 1 } }]);
    // Old figures remain on screen until the fresh snapshot replaces them.
    expect(live.figures.get('tinh')?.pending.overdue).toBe(5);
    expect(live.hasSnapshot).toBe(false);
    last().receive(snapshot(unit('tinh', 7)));
    expect(live.figures.get('tinh')?.pending.overdue).toBe(7);
    expect(live.figures.has('xa-a')).toBe(false);
    expect(live.attempts).toBe(0);
    // Next loss starts from 1 s again.
    last().drop();
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('replaces a socket that went silent without closing', () => {
    live.subscribe(SUB);
    last().open();
    last().receive(snapshot(unit('tinh', 5)));
    const first = last();
    vi.advanceTimersByTime(13_000);
    expect(first.closed).toBe(true);
    expect(live.state).toBe('waiting');
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(2);
    // A new socket gets its own 12 s before it is given up.
    vi.advanceTimersByTime(11_000);
    expect(last().closed).toBe(false);
  });

  it('keeps the server error message and stays connected', () => {
    live.subscribe({ units: ['secret'] });
    last().open();
    last().receive({ v: 1, type: 'error', message: 'unit secret: forbidden' });
    expect(live.lastError).toBe('unit secret: forbidden');
    expect(events).toContainEqual({ kind: 'error', message: 'unit secret: forbidden' });
    expect(last().closed).toBe(false);
  });

  it('stops for good', () => {
    live.subscribe(SUB);
    last().open();
    live.stop();
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(live.state).toBe('idle');
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a, 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('adds up to ±20 % jitter, never above 30 s', () => {
    expect(backoffDelay(0, 0)).toBe(800);
    expect(backoffDelay(0, 0.999999)).toBe(1_200);
    expect(backoffDelay(3, 0)).toBe(6_400);
    expect(backoffDelay(10, 0)).toBe(24_000);
    expect(backoffDelay(10, 0.999999)).toBe(30_000);
  });
});

describe('helpers', () => {
  it('builds the websocket URL from the page location', () => {
    expect(wsUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
    expect(wsUrl({ protocol: 'https:', host: 'sla.example.vn' })).toBe('wss://sla.example.vn/ws');
  });

  it('normalizes figures, filling missing numbers with 0', () => {
    expect(normalizeFigures({ unitId: 'x', pending: { overdue: 2 } })).toEqual({
      unitId: 'x',
      pending: { total: 0, inTime: 0, dueSoon: 0, overdue: 2, paused: 0, overdueWithoutApology: 0 },
      today: { received: 0, completed: 0, early: 0, onTime: 0, late: 0, withdrawn: 0 },
    });
    expect(normalizeFigures({ pending: {} })).toBeNull();
    expect(normalizeFigures(null)).toBeNull();
  });

  it('keeps the month so far when the server sends it whole', () => {
    const m = { from: '2026-11-01', completed: 10, early: 3, onTime: 5, late: 2, progressScore766: 14.44 };
    expect(normalizeFigures({ unitId: 'x', monthToDate: m })?.monthToDate).toEqual(m);
    expect(normalizeFigures({ unitId: 'x', monthToDate: { from: '2026-11-01' } })?.monthToDate).toBeUndefined();
    expect(normalizeFigures({ unitId: 'x' })?.monthToDate).toBeUndefined();
  });
});

describe('liveStatus (body data-live)', () => {
  it('is connected only with a snapshot on a live socket, stale first of all', () => {
    expect(liveStatus({ hasSnapshot: true, state: 'live', stale: false })).toBe('connected');
    expect(liveStatus({ hasSnapshot: true, state: 'waiting', stale: false })).toBe('connecting');
    expect(liveStatus({ hasSnapshot: false, state: 'subscribing', stale: false })).toBe('connecting');
    expect(liveStatus({ hasSnapshot: true, state: 'live', stale: true })).toBe('stale');
  });
});
