/**
 * The live connection: one websocket per page to /ws (websocket-protocol.md, v1).
 *
 * - Sends the current subscription on every (re)connect; the server answers with a
 *   snapshot first, then coalesced updates, and a heartbeat every 5 s.
 * - Keeps only the current figures of each subscribed unit (a snapshot replaces the map,
 *   updates overwrite entries), so a screen left on for weeks does not grow.
 * - "Stale" when no message at all (update or heartbeat) arrived for more than 12 s.
 * - Reconnects by itself with exponential backoff, 1 s doubling to 30 s, with jitter so
 *   a wall of screens does not reconnect in lockstep after a server restart.
 *
 * No DOM here, only a WebSocket-like object, so the logic is unit tested with a fake.
 */
import type { UnitFigures } from './types';
import { PENDING_FIELDS, TODAY_FIELDS } from './types';

export type Subscription = { units: string[] } | { subtree: { unitId: string; depth?: number } };

/** The parts of the browser's WebSocket this module uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;

export type ConnectionState =
  /** Not started, or stopped. */
  | 'idle'
  /** A socket is being opened. */
  | 'connecting'
  /** Socket open, subscription sent, waiting for its snapshot. */
  | 'subscribing'
  /** Snapshot applied; updates flowing. */
  | 'live'
  /** Socket lost; waiting for the backoff delay before the next attempt. */
  | 'waiting';

export type LiveEvent =
  | { kind: 'snapshot'; unitIds: string[] }
  | { kind: 'update'; unitIds: string[] }
  | { kind: 'heartbeat' }
  | { kind: 'state'; state: ConnectionState }
  | { kind: 'stale'; stale: boolean }
  | { kind: 'error'; message: string };

export interface LiveOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Clock in ms; Date.now by default. */
  now?: () => number;
  /** Source of jitter in [0, 1); Math.random by default. */
  random?: () => number;
  staleAfterMs?: number;
  checkEveryMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export const STALE_AFTER_MS = 12_000;
export const MIN_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;

/** ws://host/ws or wss://host/ws, following the page's own protocol and host. */
export function wsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/**
 * Delay before reconnect attempt number `attempt` (0 for the first retry):
 * min(max, min·2^attempt), then ±20 % jitter, never above max.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  minMs = MIN_BACKOFF_MS,
  maxMs = MAX_BACKOFF_MS,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  const jittered = base * (0.8 + 0.4 * Math.min(Math.max(random, 0), 1));
  return Math.round(Math.min(maxMs, jittered));
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Reads one unit's figures from a message, tolerating missing numbers; null if unusable. */
export function normalizeFigures(raw: unknown): UnitFigures | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.unitId !== 'string' || r.unitId === '') return null;
  const p = (r.pending && typeof r.pending === 'object' ? r.pending : {}) as Record<string, unknown>;
  const t = (r.today && typeof r.today === 'object' ? r.today : {}) as Record<string, unknown>;
  const fig: UnitFigures = {
    unitId: r.unitId,
    pending: { total: 0, inTime: 0, dueSoon: 0, overdue: 0, paused: 0, overdueWithoutApology: 0 },
    today: { received: 0, completed: 0, early: 0, onTime: 0, late: 0, withdrawn: 0 },
  };
  if (typeof r.asOf === 'string') fig.asOf = r.asOf;
  if (typeof r.date === 'string') fig.date = r.date;
  for (const f of PENDING_FIELDS) fig.pending[f] = num(p[f]);
  for (const f of TODAY_FIELDS) fig.today[f] = num(t[f]);
  // The month so far: only when the server sends it whole (older servers do not).
  const m = r.monthToDate;
  if (m && typeof m === 'object') {
    const o = m as Record<string, unknown>;
    if (typeof o.from === 'string' && typeof o.progressScore766 === 'number' && Number.isFinite(o.progressScore766)) {
      fig.monthToDate = {
        from: o.from,
        completed: num(o.completed),
        early: num(o.early),
        onTime: num(o.onTime),
        late: num(o.late),
        progressScore766: o.progressScore766,
      };
    }
  }
  return fig;
}

export class LiveConnection {
  /** Current figures by unitId: only the units of the current subscription. */
  readonly figures = new Map<string, UnitFigures>();
  /** The job's "now" of the newest message (snapshot, update or heartbeat). */
  asOf: string | null = null;
  /** The server's wall clock of the newest heartbeat. */
  serverTime: string | null = null;
  /** Whether the job, at the newest heartbeat, was catching up with its input (an import, a replay), and how far it had come. */
  catchingUp = false;
  inputProgress: string | null = null;
  /** Local clock (ms) of the newest message; starts at start() so a dead server turns stale too. */
  lastMessageAt = 0;
  state: ConnectionState = 'idle';
  stale = false;
  /** True once a snapshot for the current subscription has been applied. */
  hasSnapshot = false;
  /** The last `error` message from the server (e.g. a refused unit), until the next snapshot. */
  lastError: string | null = null;
  /** Consecutive failed attempts; reset when a snapshot arrives. */
  attempts = 0;

  private readonly opts: Required<Omit<LiveOptions, 'createSocket'>> & {
    createSocket: (url: string) => SocketLike;
  };
  private subscription: Subscription | null = null;
  private socket: SocketLike | null = null;
  private socketOpenedAt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  /** Units of the applied snapshot: updates for other units are leftovers of an older subscription. */
  private members = new Set<string>();

  constructor(options: LiveOptions) {
    this.opts = {
      url: options.url,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      now: options.now ?? (() => Date.now()),
      random: options.random ?? Math.random,
      staleAfterMs: options.staleAfterMs ?? STALE_AFTER_MS,
      checkEveryMs: options.checkEveryMs ?? 1_000,
      minBackoffMs: options.minBackoffMs ?? MIN_BACKOFF_MS,
      maxBackoffMs: options.maxBackoffMs ?? MAX_BACKOFF_MS,
    };
  }

  on(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get started(): boolean {
    return this.checkTimer !== null;
  }

  /** Opens the connection (if not yet) and keeps it open until stop(). */
  start(): void {
    if (this.started) return;
    this.lastMessageAt = this.opts.now();
    this.checkTimer = setInterval(() => this.check(), this.opts.checkEveryMs);
    this.connect();
  }

  /** Closes the connection for good (logout, page teardown). */
  stop(): void {
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.dropSocket();
    this.setState('idle');
  }

  /**
   * Replaces the subscription. The figures of the previous one are cleared at once so a
   * view never shows another unit's numbers; the snapshot that follows fills them.
   */
  subscribe(sub: Subscription): void {
    // Re-rendering the same page (language switch) keeps the figures it already has.
    if (this.subscription && JSON.stringify(this.subscription) === JSON.stringify(sub)) {
      if (!this.started) this.start();
      return;
    }
    this.subscription = sub;
    this.figures.clear();
    this.members.clear();
    this.hasSnapshot = false;
    this.lastError = null;
    if (this.socket && this.socket.readyState === OPEN) {
      this.sendSubscription();
    }
    if (!this.started) this.start();
  }

  /** Whether nothing at all was heard for longer than the stale limit. */
  isStale(now = this.opts.now()): boolean {
    return now - this.lastMessageAt > this.opts.staleAfterMs;
  }

  private emit(e: LiveEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        // One faulty view must not break the connection for the others.
        console.error(err);
      }
    }
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit({ kind: 'state', state: s });
  }

  private connect(): void {
    this.reconnectTimer = null;
    this.dropSocket();
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.socketOpenedAt = this.opts.now();
    this.setState('connecting');
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.sendSubscription();
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.onMessage(ev.data);
    };
    socket.onerror = () => {
      // Always followed by onclose, which does the work.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close();
    } catch {
      // Already closed.
    }
  }

  private scheduleReconnect(): void {
    if (!this.started || this.reconnectTimer !== null) return;
    const delay = backoffDelay(this.attempts, this.opts.random(), this.opts.minBackoffMs, this.opts.maxBackoffMs);
    this.attempts += 1;
    this.setState('waiting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private sendSubscription(): void {
    if (!this.socket || !this.subscription) return;
    this.hasSnapshot = false;
    this.setState('subscribing');
    try {
      this.socket.send(JSON.stringify({ v: 1, type: 'subscribe', ...this.subscription }));
    } catch {
      // The close event follows.
    }
  }

  /** Runs every second: stale flag for the banner, and detection of a silently dead socket. */
  private check(): void {
    const now = this.opts.now();
    const stale = this.isStale(now);
    if (stale !== this.stale) {
      this.stale = stale;
      this.emit({ kind: 'stale', stale });
    }
    // A socket may look open while the network under it is gone (sleeping laptop,
    // dropped NAT entry): heartbeats stop without a close event. Give every socket the
    // same 12 s from its creation or its last message, then replace it.
    if (this.socket && now - Math.max(this.lastMessageAt, this.socketOpenedAt) > this.opts.staleAfterMs) {
      this.dropSocket();
      this.scheduleReconnect();
    }
  }

  private snapshotMatches(units: UnitFigures[]): boolean {
    const sub = this.subscription;
    if (!sub) return false;
    if ('subtree' in sub) return units.some((u) => u.unitId === sub.subtree.unitId);
    const wanted = new Set(sub.units);
    return units.length === 0 || units.some((u) => wanted.has(u.unitId));
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(data);
      if (!parsed || typeof parsed !== 'object') return;
      msg = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    if (msg.v !== 1) return;
    // Any well-formed message proves the connection is alive.
    this.lastMessageAt = this.opts.now();
    if (this.stale) {
      this.stale = false;
      this.emit({ kind: 'stale', stale: false });
    }
    const units = Array.isArray(msg.units)
      ? msg.units.map(normalizeFigures).filter((u): u is UnitFigures => u !== null)
      : [];
    const asOf = typeof msg.asOf === 'string' ? msg.asOf : units.find((u) => u.asOf)?.asOf;
    switch (msg.type) {
      case 'snapshot': {
        // A snapshot answering an older subscribe (sent just before a newer one) is skipped.
        if (!this.snapshotMatches(units)) return;
        this.figures.clear();
        this.members = new Set(units.map((u) => u.unitId));
        for (const u of units) this.figures.set(u.unitId, u);
        if (asOf) this.asOf = asOf;
        this.hasSnapshot = true;
        this.lastError = null;
        this.attempts = 0;
        this.setState('live');
        this.emit({ kind: 'snapshot', unitIds: units.map((u) => u.unitId) });
        return;
      }
      case 'update': {
        if (!this.hasSnapshot) return;
        const changed: string[] = [];
        for (const u of units) {
          if (!this.members.has(u.unitId)) continue;
          this.figures.set(u.unitId, u);
          changed.push(u.unitId);
        }
        if (asOf) this.asOf = asOf;
        this.emit({ kind: 'update', unitIds: changed });
        return;
      }
      case 'heartbeat': {
        if (asOf) this.asOf = asOf;
        if (typeof msg.serverTime === 'string') this.serverTime = msg.serverTime;
        this.catchingUp = msg.catchingUp === true;
        this.inputProgress = this.catchingUp && typeof msg.inputProgress === 'string' ? msg.inputProgress : null;
        this.emit({ kind: 'heartbeat' });
        return;
      }
      case 'error': {
        const message = typeof msg.message === 'string' ? msg.message : 'error';
        this.lastError = message;
        this.emit({ kind: 'error', message });
        return;
      }
      default:
        return;
    }
  }
}
