/**
 * Pure logic of the alert screens: reading `GET /api/alerts` and `/api/alerts/history`
 * defensively, the order of the list (critical first, then newest), the subtree filter,
 * values by metric, "firing for …" durations, and a poller that fetches every 5 s and
 * stops cleanly (a wall display runs for weeks). No DOM, so it is unit tested.
 */
import { ApiError, errorMessage } from './api';
import { formatDecimal, formatNumber, formatRate, parseInstant, type Lang } from './format';
import type { MessageKey, Translator } from './i18n';
import type { ActiveAlert, AlertAck, AlertSilence, AlertsAnswer } from './types';
import type { Registry } from './units';
import { realTimers, type Timers } from './coalesce';

/** How often the active list is fetched. */
export const ALERTS_POLL_MS = 5_000;
/** A fetch that has not answered after this long is given up (and counts as a failure). */
export const ALERTS_TIMEOUT_MS = 15_000;
/** Rows the wall display shows at most (two lines each at 28 px); the rest are counted ("+N more"). */
export const WALL_ALERT_ROWS = 3;
/** …and on a short screen (under 900 px high). Each row is two lines of 28 px text or more. */
export const WALL_ALERT_ROWS_SHORT = 2;

/** Rows the unit view shows at most; the alerts page lists them all. */
export const UNIT_ALERT_ROWS = 10;

/** How many alert rows the wall shows on a screen this high (CSS pixels). */
export function wallAlertRows(viewportHeight: number): number {
  return Number.isFinite(viewportHeight) && viewportHeight > 0 && viewportHeight < 900 ? WALL_ALERT_ROWS_SHORT : WALL_ALERT_ROWS;
}
/** Silence lengths offered next to an alert, in minutes (1 hour, 4 hours, 1 day). */
export const SILENCE_CHOICES: readonly number[] = [60, 240, 1440];
/** The server accepts 1 … 43200 minutes (30 days). */
export const MAX_SILENCE_MINUTES = 43_200;
/** The history page's default range: the last 7 days, today included. */
export const ALERT_HISTORY_DEFAULT_DAYS = 7;

// ---------- Reading the answers ----------

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A number from a number or a numeric string ("12.0"); null for "null", "", NaN and the rest. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Milliseconds of a time given as epoch millis (preferred) or an ISO date-time; null if neither reads. */
function millisOf(millis: unknown, iso: unknown): number | null {
  const m = toNumber(millis);
  if (m !== null && m > 0) return m;
  return parseInstant(str(iso));
}

function normalizeAck(v: unknown, alertId: string): AlertAck | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return { alertId: str(o.alertId) ?? alertId, by: str(o.by) ?? '?', at: str(o.at) ?? '' };
}

export function normalizeSilence(v: unknown): AlertSilence | null {
  const o = obj(v);
  if (!o) return null;
  const unitId = str(o.unitId);
  if (!unitId) return null;
  const until = str(o.until) ?? '';
  return {
    id: str(o.id) ?? '',
    ruleId: str(o.ruleId),
    unitId,
    untilMillis: millisOf(o.untilMillis, until) ?? 0,
    until,
    by: str(o.by) ?? '?',
    at: str(o.at) ?? '',
    reason: str(o.reason),
  };
}

/** One active alert, or null when it has no id or unit (nothing to show or act on). */
export function normalizeAlert(v: unknown): ActiveAlert | null {
  const o = obj(v);
  if (!o) return null;
  const alertId = str(o.alertId);
  const unitId = str(o.unitId);
  if (!alertId || !unitId) return null;
  const firedAt = str(o.firedAt) ?? '';
  const at = str(o.at) ?? firedAt;
  const a: ActiveAlert = {
    alertId,
    ruleId: str(o.ruleId) ?? '',
    ruleName: str(o.ruleName) ?? str(o.ruleId) ?? '',
    unitId,
    severity: (str(o.severity) ?? 'WARNING').toUpperCase(),
    metric: str(o.metric) ?? '',
    state: str(o.state) ?? 'FIRING',
    value: toNumber(o.value) ?? Number.NaN,
    threshold: toNumber(o.threshold) ?? Number.NaN,
    pending: toNumber(o.pending) ?? Number.NaN,
    firedAt,
    firedAtMillis: millisOf(o.firedAtMillis, firedAt) ?? 0,
    at,
    atMillis: millisOf(o.atMillis, at) ?? 0,
  };
  const ack = normalizeAck(o.acknowledged, alertId);
  if (ack) a.acknowledged = ack;
  const silence = normalizeSilence(o.silenced);
  if (silence) a.silenced = silence;
  return a;
}

/** `GET /api/alerts`, whatever it holds: malformed entries are left out, never thrown on. */
export function normalizeAlerts(raw: unknown): AlertsAnswer {
  const o = obj(raw);
  const active: ActiveAlert[] = [];
  const silences: AlertSilence[] = [];
  if (o && Array.isArray(o.active)) {
    for (const v of o.active) {
      const a = normalizeAlert(v);
      // Only firing alerts are listed; anything else (a RESOLVED left behind) is not active.
      if (a && a.state === 'FIRING') active.push(a);
    }
  }
  if (o && Array.isArray(o.silences)) {
    for (const v of o.silences) {
      const s = normalizeSilence(v);
      if (s) silences.push(s);
    }
  }
  const answer: AlertsAnswer = { asOf: o ? str(o.asOf) : null, active, silences };
  if (o && o.catchingUp === true) {
    answer.catchingUp = true;
    answer.inputProgress = str(o.inputProgress);
  }
  return answer;
}

// ---------- Order, filter, counts ----------

/** Higher is more urgent; an unknown severity ranks below WARNING. */
export function severityRank(severity: string): number {
  return severity === 'CRITICAL' ? 2 : severity === 'WARNING' ? 1 : 0;
}

/** CRITICAL first, then the newest firing first; ties by id so the order never flickers. */
export function sortAlerts<T extends Pick<ActiveAlert, 'severity' | 'firedAtMillis' | 'alertId'>>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (b.firedAtMillis || 0) - (a.firedAtMillis || 0) ||
      (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0),
  );
}

/** The alerts on `root` or any unit below it; every alert when root is null. */
export function alertsInSubtree<T extends Pick<ActiveAlert, 'unitId'>>(
  list: readonly T[],
  root: string | null,
  registry: Pick<Registry, 'isWithin'>,
): T[] {
  if (root === null) return [...list];
  return list.filter((a) => a.unitId === root || registry.isWithin(a.unitId, root));
}

/** The first `max` rows and how many more there are. */
export function limitRows<T>(list: readonly T[], max: number): { shown: T[]; more: number } {
  const n = Math.max(0, Math.floor(max));
  return { shown: list.slice(0, n), more: Math.max(0, list.length - n) };
}

export function countBySeverity(list: readonly Pick<ActiveAlert, 'severity'>[]): { critical: number; warning: number } {
  let critical = 0;
  let warning = 0;
  for (const a of list) {
    if (a.severity === 'CRITICAL') critical++;
    else warning++;
  }
  return { critical, warning };
}

/** The visual cue of a severity: colour class and glyph, shown with its name (never colour alone). */
export function severityStyle(severity: string): { cls: string; glyph: string; label: MessageKey } {
  return severity === 'CRITICAL'
    ? { cls: 'sev-critical', glyph: '✖', label: 'severityCRITICAL' }
    : { cls: 'sev-warning', glyph: '⚠', label: 'severityWARNING' };
}

// ---------- Values ----------

const METRICS = ['OVERDUE_COUNT', 'OVERDUE_SHARE', 'DUE_SOON_COUNT', 'OVERDUE_WITHOUT_APOLOGY', 'LATE_TODAY', 'PROGRESS_SCORE_MTD'] as const;

/** The label of a metric, or null for one this page does not know. */
export function metricLabel(metric: string | null | undefined): MessageKey | null {
  return metric && (METRICS as readonly string[]).includes(metric) ? (`metric${metric}` as MessageKey) : null;
}

/**
 * A value of a metric: the overdue share as a rate (33,72%), counts as whole numbers
 * (10.807). An unknown metric: whole numbers as counts, anything else with 2 decimals.
 */
export function formatAlertValue(metric: string | null | undefined, value: number | null | undefined, lang: Lang): string {
  if (metric === 'OVERDUE_SHARE') return formatRate(value, lang);
  if (metric === 'PROGRESS_SCORE_MTD') return formatDecimal(value, lang, 2);
  if (metric && (METRICS as readonly string[]).includes(metric)) return formatNumber(value, lang);
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return formatDecimal(value, lang, 2);
  return formatNumber(value, lang);
}

/** Metrics where lower is worse: the rule fires at or below its threshold. */
export function lowerIsWorse(metric: string | null | undefined): boolean {
  return metric === 'PROGRESS_SCORE_MTD';
}

/** A threshold as people write it: 10% (not 10,00%), 12,5%, counts as 10.807, scores as 12,5. */
export function formatThreshold(metric: string | null | undefined, threshold: number | null | undefined, lang: Lang): string {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return '?';
  if (metric === 'OVERDUE_SHARE') {
    const pct = Math.round(threshold * 1000) / 10;
    return formatRate(threshold, lang, Number.isInteger(pct) ? 0 : 1);
  }
  if (Number.isInteger(threshold)) return formatNumber(threshold, lang);
  return formatDecimal(threshold, lang, Math.round(threshold * 10) === threshold * 10 ? 1 : 2);
}

/**
 * The rule's condition in words, e.g. "Tỷ lệ quá hạn ≥ 10%" or "Điểm tiến độ tháng (QĐ 766) ≤ 12,5":
 * the metric's name, the direction it fires in and its threshold. An unknown metric keeps its code.
 */
export function alertCondition(
  metric: string | null | undefined,
  threshold: number | null | undefined,
  t: (key: MessageKey) => string,
  lang: Lang,
): string {
  const label = metricLabel(metric);
  const name = label ? t(label) : metric || '?';
  return `${name} ${lowerIsWorse(metric) ? '≤' : '≥'} ${formatThreshold(metric, threshold, lang)}`;
}

/**
 * The metric of a history row, which does not carry one: its own `metric` field if present,
 * else the metric of the same rule among the active alerts, else a guess: value and threshold
 * both within 0..1 with a fraction is a share (count thresholds are whole numbers).
 */
export function guessMetric(
  row: { metric?: string | null; rule: string | null; value: number | null; threshold: number | null },
  metricOfRule: ReadonlyMap<string, string>,
): string | null {
  if (row.metric) return row.metric;
  const known = row.rule ? metricOfRule.get(row.rule) : undefined;
  if (known) return known;
  const inUnit = (v: number | null) => v === null || (v >= 0 && v <= 1);
  const fractional = (v: number | null) => v !== null && !Number.isInteger(v);
  if (inUnit(row.value) && inUnit(row.threshold) && (fractional(row.value) || fractional(row.threshold))) return 'OVERDUE_SHARE';
  return null;
}

// ---------- Durations ----------

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes from `since` to `now` (0 when now is before since or unknown). */
export function durationParts(sinceMillis: number | null | undefined, nowMillis: number): DurationParts {
  const ms = typeof sinceMillis === 'number' && Number.isFinite(sinceMillis) && sinceMillis > 0 ? Math.max(0, nowMillis - sinceMillis) : 0;
  const totalMinutes = Math.floor(ms / 60_000);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/** "42 phút", "2 giờ 5 phút", "3 ngày 4 giờ"; "dưới 1 phút" for less than a minute. */
export function formatDuration(sinceMillis: number | null | undefined, nowMillis: number, t: Translator): string {
  const { days, hours, minutes } = durationParts(sinceMillis, nowMillis);
  if (days > 0) return t('durDays', { d: days, h: hours });
  if (hours > 0) return t('durHours', { h: hours, m: minutes });
  if (minutes > 0) return t('durMinutes', { m: minutes });
  return t('durUnderMinute');
}

/**
 * "Now" for durations: the job's clock (`asOf` of the answer) when known, because firings
 * are stamped with the job's time (a replaying job is in the past); else the wall clock.
 */
export function alertsNow(answer: Pick<AlertsAnswer, 'asOf'> | null, fallback: number): number {
  const ms = parseInstant(answer?.asOf ?? null);
  return ms ?? fallback;
}

// ---------- Silences ----------

/** Minutes of a silence the server accepts: a whole number 1 … 43200, or null. */
export function silenceMinutes(value: unknown): number | null {
  const n = toNumber(value);
  if (n === null || !Number.isInteger(n) || n < 1 || n > MAX_SILENCE_MINUTES) return null;
  return n;
}

/** Whether a silence is still in force at `now`. */
export function silenceActive(s: Pick<AlertSilence, 'untilMillis'> | null | undefined, nowMillis: number): boolean {
  return !!s && s.untilMillis > nowMillis;
}

// ---------- History ----------

export interface AlertHistoryRow {
  /** Epoch millis of the change; null when the row has no readable time. */
  time: number | null;
  /** The time as the server wrote it. */
  timeText: string | null;
  rule: string | null;
  ruleName: string | null;
  unit: string | null;
  severity: string | null;
  /** FIRING or RESOLVED (upper case), or whatever else the row says. */
  state: string | null;
  value: number | null;
  threshold: number | null;
  pending: number | null;
  alertId: string | null;
  metric: string | null;
}

/**
 * One row of `GET /api/alerts/history`: a map from InfluxDB whose fields may be missing,
 * numbers or strings ("12.0", "null"). Accepts `time` or `at`, `alert_id` or `alertId`.
 */
export function normalizeHistoryRow(v: unknown): AlertHistoryRow | null {
  const o = obj(v);
  if (!o) return null;
  const timeText = str(o.time) ?? str(o.at);
  const numericTime = toNumber(o.time);
  const nullish = (x: unknown) => {
    const s = str(x);
    return s === null || s === 'null' ? null : s;
  };
  return {
    time: numericTime ?? parseInstant(timeText),
    timeText,
    rule: nullish(o.rule) ?? nullish(o.ruleId),
    ruleName: nullish(o.ruleName),
    unit: nullish(o.unit) ?? nullish(o.unitId),
    severity: nullish(o.severity)?.toUpperCase() ?? null,
    state: nullish(o.state)?.toUpperCase() ?? null,
    value: toNumber(o.value),
    threshold: toNumber(o.threshold),
    pending: toNumber(o.pending),
    alertId: nullish(o.alert_id) ?? nullish(o.alertId),
    metric: nullish(o.metric),
  };
}

/** The rows of a history answer, newest first (rows without a time last, in the server's order). */
export function historyRows(raw: unknown): AlertHistoryRow[] {
  const o = obj(raw);
  const list = o && Array.isArray(o.changes) ? o.changes : Array.isArray(raw) ? raw : [];
  const rows: { row: AlertHistoryRow; i: number }[] = [];
  list.forEach((v, i) => {
    const row = normalizeHistoryRow(v);
    if (row) rows.push({ row, i });
  });
  rows.sort((a, b) => {
    const ta = a.row.time;
    const tb = b.row.time;
    if ((ta === null) !== (tb === null)) return ta === null ? 1 : -1;
    if (ta !== null && tb !== null && ta !== tb) return tb - ta;
    return a.i - b.i;
  });
  return rows.map((r) => r.row);
}

/** "Bắt đầu" for FIRING, "Kết thúc" for RESOLVED; null for a state this page does not know. */
export function historyStateLabel(state: string | null): MessageKey | null {
  return state === 'FIRING' ? 'stateFIRING' : state === 'RESOLVED' ? 'stateRESOLVED' : null;
}

// ---------- Polling ----------

/** The poller needs only part of the coalescer's timers (tests pass fake ones). */
export type PollTimers = Pick<Timers, 'setTimeout' | 'clearTimeout'>;

export type PollResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Poller {
  /** Fetches now (after an action), dropping an answer still on its way. */
  refresh(): void;
  /** Stops for good: the request on its way is aborted, no timer is left. */
  stop(): void;
  readonly stopped: boolean;
}

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  timers?: PollTimers;
}

/**
 * Calls `fetchFn` now and then `intervalMs` after each answer (never two at once), with an
 * AbortController per request; a request slower than `timeoutMs` is aborted and reported as
 * a network failure. Results of an aborted or stopped request are never reported.
 */
export function poll<T>(
  fetchFn: (signal: AbortSignal) => Promise<T>,
  onResult: (r: PollResult<T>) => void,
  options: PollOptions = {},
): Poller {
  const intervalMs = options.intervalMs ?? ALERTS_POLL_MS;
  const timeoutMs = options.timeoutMs ?? ALERTS_TIMEOUT_MS;
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let next: unknown = null;
  let timeout: unknown = null;
  let controller: AbortController | null = null;
  let generation = 0;

  /** Forgets the scheduled fetch and the request on its way (its answer will be ignored). */
  const drop = () => {
    if (next !== null) timers.clearTimeout(next);
    next = null;
    if (timeout !== null) timers.clearTimeout(timeout);
    timeout = null;
    controller?.abort();
    controller = null;
  };

  const run = () => {
    next = null;
    if (stopped) return;
    const mine = ++generation;
    const c = new AbortController();
    controller = c;
    let timedOut = false;
    timeout = timers.setTimeout(() => {
      timeout = null;
      timedOut = true;
      c.abort();
    }, timeoutMs);
    let promise: Promise<T>;
    try {
      promise = fetchFn(c.signal);
    } catch (e) {
      promise = Promise.reject(e);
    }
    void promise
      .then(
        (value): PollResult<T> => ({ ok: true, value }),
        (error: unknown): PollResult<T> => ({ ok: false, error: timedOut ? new ApiError(0, 'timeout') : error }),
      )
      .then((result) => {
        // Superseded by refresh(), or stopped: neither report nor schedule.
        if (stopped || mine !== generation) return;
        if (timeout !== null) timers.clearTimeout(timeout);
        timeout = null;
        controller = null;
        next = timers.setTimeout(run, intervalMs);
        onResult(result);
      });
  };

  run();
  return {
    refresh() {
      if (stopped) return;
      drop();
      run();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      drop();
    },
    get stopped() {
      return stopped;
    },
  };
}

// ---------- Who may act, and what went wrong ----------

/** Acknowledge and silence are for people; a wall display's session (role DISPLAY) only looks. */
export function mayActOnAlerts(role: string | null | undefined): boolean {
  return !!role && role !== 'DISPLAY';
}

/**
 * The message after a refused acknowledge or silence: the server's own words for a refusal
 * (400, 403, 404: "a wall display is read-only", "no firing alert …"), the usual
 * messages for the rest (no connection, server unavailable).
 */
export function actionErrorMessage(e: unknown, t: Translator): string {
  if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.message) {
    return t('alertActionFailed', { message: e.message });
  }
  return errorMessage(e, t);
}
