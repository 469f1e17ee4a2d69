import { describe, expect, it } from 'vitest';
import {
  ALERTS_POLL_MS,
  ALERTS_TIMEOUT_MS,
  actionErrorMessage,
  alertsInSubtree,
  alertsNow,
  countBySeverity,
  durationParts,
  formatAlertValue,
  formatDuration,
  guessMetric,
  historyRows,
  historyStateLabel,
  limitRows,
  mayActOnAlerts,
  metricLabel,
  normalizeAlerts,
  normalizeHistoryRow,
  poll,
  severityStyle,
  silenceMinutes,
  sortAlerts,
  toNumber,
  type PollResult,
  wallAlertRows,
  alertCondition,
} from '../src/alerts';
import { Api, ApiError } from '../src/api';
import { translator } from '../src/i18n';
import type { UnitInfo } from '../src/types';
import { Registry } from '../src/units';
import { fakeTimers } from './fake-timers';

const UNITS: UnitInfo[] = [
  { unitId: 'tinh', name: 'Tỉnh An Phú', parentId: null, level: 'PROVINCE' },
  { unitId: 'huyen', name: 'Huyện Giồng Riềng', parentId: 'tinh', level: 'DISTRICT' },
  { unitId: 'xa-a', name: 'Xã Ngọc Chúc', parentId: 'huyen', level: 'COMMUNE' },
  { unitId: 'xa-b', name: 'Xã Bình An', parentId: 'huyen', level: 'COMMUNE' },
  { unitId: 'so', name: 'Sở Tư pháp', parentId: 'tinh', level: 'DEPARTMENT' },
];

function alert(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alertId: id,
    ruleId: 'commune-overdue-share',
    ruleName: 'Tỷ lệ hồ sơ quá hạn của xã, phường vượt 10%',
    unitId: 'xa-a',
    severity: 'WARNING',
    metric: 'OVERDUE_SHARE',
    state: 'FIRING',
    value: 0.3372,
    threshold: 0.1,
    pending: 120,
    firedAt: '2023-10-15T08:12:00+07:00',
    firedAtMillis: Date.parse('2023-10-15T08:12:00+07:00'),
    at: '2023-10-15T08:12:00+07:00',
    atMillis: Date.parse('2023-10-15T08:12:00+07:00'),
    ...over,
  };
}

describe('reading GET /api/alerts', () => {
  it('keeps firing alerts with their acknowledgement and silence, and drops what cannot be shown', () => {
    const a = normalizeAlerts({
      asOf: '2023-10-15T10:00:00+07:00',
      active: [
        alert('r|xa-a|1', {
          acknowledged: { alertId: 'r|xa-a|1', by: 'chanhvp', at: '2023-10-15T09:15:00+07:00' },
          silenced: { id: 's1', ruleId: null, unitId: 'huyen', untilMillis: 1_700_000_000_000, until: '2023-11-15T05:13:20+07:00', by: 'lanhdao', at: '2023-10-15T09:00:00+07:00', reason: null },
        }),
        alert('r|xa-b|2', { unitId: 'xa-b', severity: 'critical', value: '12', firedAtMillis: undefined }),
        { alertId: 'no-unit' },
        'garbage',
        null,
        alert('resolved', { state: 'RESOLVED' }),
      ],
      silences: [{ id: 's1', unitId: 'huyen', untilMillis: 5 }, { id: 'no-unit' }],
    });
    expect(a.asOf).toBe('2023-10-15T10:00:00+07:00');
    expect(a.active.map((x) => x.alertId)).toEqual(['r|xa-a|1', 'r|xa-b|2']);
    const [first, second] = a.active;
    expect(first?.acknowledged).toEqual({ alertId: 'r|xa-a|1', by: 'chanhvp', at: '2023-10-15T09:15:00+07:00' });
    expect(first?.silenced?.ruleId).toBeNull();
    expect(first?.silenced?.unitId).toBe('huyen');
    expect(second?.severity).toBe('CRITICAL');
    expect(second?.value).toBe(12);
    // Millis missing: read from the ISO time.
    expect(second?.firedAtMillis).toBe(Date.parse('2023-10-15T08:12:00+07:00'));
    expect(second?.acknowledged).toBeUndefined();
    expect(a.silences.map((s) => s.id)).toEqual(['s1']);
  });

  it('survives any answer', () => {
    expect(normalizeAlerts(null)).toEqual({ asOf: null, active: [], silences: [] });
    // While the job catches up: said, with how far it has come; otherwise not there at all.
    expect(normalizeAlerts({ active: [], catchingUp: true, inputProgress: '2025-03-01T10:00:00+07:00' })).toMatchObject({
      catchingUp: true,
      inputProgress: '2025-03-01T10:00:00+07:00',
    });
    expect(normalizeAlerts({ active: [], catchingUp: false, inputProgress: 'x' }).catchingUp).toBeUndefined();
    expect(normalizeAlerts({ active: 'x' })).toEqual({ asOf: null, active: [], silences: [] });
    expect(normalizeAlerts([1, 2])).toEqual({ asOf: null, active: [], silences: [] });
  });

  it('reads numbers from numbers and numeric strings only', () => {
    expect(toNumber(3)).toBe(3);
    expect(toNumber('12.0')).toBe(12);
    expect(toNumber(' 0.25 ')).toBe(0.25);
    expect(toNumber('1e3')).toBe(1000);
    expect(toNumber('null')).toBeNull();
    expect(toNumber('')).toBeNull();
    expect(toNumber('12abc')).toBeNull();
    expect(toNumber(Number.NaN)).toBeNull();
    expect(toNumber(undefined)).toBeNull();
  });
});

describe('order and filter', () => {
  const reg = new Registry(UNITS);
  const list = normalizeAlerts({
    active: [
      alert('w-old', { firedAtMillis: 1000 }),
      alert('c-old', { severity: 'CRITICAL', firedAtMillis: 1000, unitId: 'so' }),
      alert('w-new', { firedAtMillis: 3000, unitId: 'xa-b' }),
      alert('c-new', { severity: 'CRITICAL', firedAtMillis: 2000, unitId: 'huyen' }),
      alert('w-tie-b', { firedAtMillis: 500 }),
      alert('w-tie-a', { firedAtMillis: 500 }),
      alert('elsewhere', { unitId: 'unknown-unit', firedAtMillis: 10 }),
    ],
  }).active;

  it('puts critical alerts first, then the newest, ties by id', () => {
    expect(sortAlerts(list).map((a) => a.alertId)).toEqual(['c-new', 'c-old', 'w-new', 'w-old', 'w-tie-a', 'w-tie-b', 'elsewhere']);
    // The input is left as it was.
    expect(list[0]?.alertId).toBe('w-old');
  });

  it('keeps a subtree', () => {
    const ids = (root: string | null) => alertsInSubtree(sortAlerts(list), root, reg).map((a) => a.alertId);
    expect(ids('huyen')).toEqual(['c-new', 'w-new', 'w-old', 'w-tie-a', 'w-tie-b']);
    expect(ids('xa-b')).toEqual(['w-new']);
    expect(ids('so')).toEqual(['c-old']);
    expect(ids('tinh')).toHaveLength(6);
    expect(ids('unknown-unit')).toEqual(['elsewhere']);
    expect(ids(null)).toHaveLength(7);
  });

  it('limits the rows and counts the rest', () => {
    expect(limitRows([1, 2, 3, 4, 5, 6, 7, 8], 6)).toEqual({ shown: [1, 2, 3, 4, 5, 6], more: 2 });
    expect(limitRows([1, 2], 6)).toEqual({ shown: [1, 2], more: 0 });
    expect(limitRows([1, 2], Number.POSITIVE_INFINITY)).toEqual({ shown: [1, 2], more: 0 });
    expect(countBySeverity(list)).toEqual({ critical: 2, warning: 5 });
  });

  it('gives each severity a word, a glyph and a colour class', () => {
    const t = translator('vi');
    const c = severityStyle('CRITICAL');
    const w = severityStyle('WARNING');
    expect(t(c.label)).toBe('Nghiêm trọng');
    expect(t(w.label)).toBe('Cảnh báo');
    expect(translator('en')(c.label)).toBe('Critical');
    expect(c.glyph).not.toBe(w.glyph);
    expect(c.cls).not.toBe(w.cls);
  });
});

describe('values and durations', () => {
  it('shows the share as a rate and counts as numbers', () => {
    expect(formatAlertValue('OVERDUE_SHARE', 0.3372, 'vi')).toBe('33,72%');
    expect(formatAlertValue('OVERDUE_SHARE', 0.3372, 'en')).toBe('33.72%');
    expect(formatAlertValue('OVERDUE_COUNT', 10807, 'vi')).toBe('10.807');
    expect(formatAlertValue('LATE_TODAY', 10807, 'en')).toBe('10,807');
    expect(formatAlertValue('PROGRESS_SCORE_MTD', 15.5, 'vi')).toBe('15,50');
    expect(formatAlertValue('PROGRESS_SCORE_MTD', 15.5, 'en')).toBe('15.50');
    expect(formatAlertValue('DUE_SOON_COUNT', Number.NaN, 'vi')).toBe('—');
    expect(formatAlertValue(null, 12, 'vi')).toBe('12');
    expect(formatAlertValue('SOMETHING_NEW', 1.5, 'vi')).toBe('1,50');
    expect(metricLabel('OVERDUE_WITHOUT_APOLOGY')).toBe('metricOVERDUE_WITHOUT_APOLOGY');
    expect(metricLabel('SOMETHING_NEW')).toBeNull();
  });

  it('guesses the metric of a history row', () => {
    const known = new Map([['r1', 'OVERDUE_COUNT']]);
    expect(guessMetric({ metric: 'LATE_TODAY', rule: 'r1', value: 0.5, threshold: 0.1 }, known)).toBe('LATE_TODAY');
    expect(guessMetric({ rule: 'r1', value: 0.5, threshold: 0.1 }, known)).toBe('OVERDUE_COUNT');
    expect(guessMetric({ rule: 'r2', value: 0.34, threshold: 0.1 }, known)).toBe('OVERDUE_SHARE');
    expect(guessMetric({ rule: 'r2', value: 0.04, threshold: null }, known)).toBe('OVERDUE_SHARE');
    expect(guessMetric({ rule: 'r2', value: 12, threshold: 10 }, known)).toBeNull();
    expect(guessMetric({ rule: null, value: 1, threshold: 0 }, known)).toBeNull();
  });

  it('says how long an alert has been firing', () => {
    const vi = translator('vi');
    const en = translator('en');
    const since = Date.parse('2023-10-15T08:12:00+07:00');
    const at = (m: number) => since + m * 60_000;
    expect(durationParts(since, at(125))).toEqual({ days: 0, hours: 2, minutes: 5 });
    expect(formatDuration(since, since + 30_000, vi)).toBe('dưới 1 phút');
    expect(formatDuration(since, at(42), vi)).toBe('42 phút');
    expect(formatDuration(since, at(125), vi)).toBe('2 giờ 5 phút');
    expect(formatDuration(since, at(3 * 1440 + 4 * 60 + 59), vi)).toBe('3 ngày 4 giờ');
    expect(formatDuration(since, at(42), en)).toBe('42 min');
    expect(formatDuration(since, at(125), en)).toBe('2 h 5 min');
    // A clock behind the firing, or no firing time: nothing negative.
    expect(formatDuration(since, since - 600_000, vi)).toBe('dưới 1 phút');
    expect(durationParts(0, at(5))).toEqual({ days: 0, hours: 0, minutes: 0 });
  });

  it('measures from the job clock when the answer has one', () => {
    expect(alertsNow({ asOf: '2023-10-15T10:00:00+07:00' }, 5)).toBe(Date.parse('2023-10-15T10:00:00+07:00'));
    expect(alertsNow({ asOf: null }, 5)).toBe(5);
    expect(alertsNow(null, 7)).toBe(7);
  });
});

describe('actions', () => {
  it('are for people, never for a wall display', () => {
    expect(mayActOnAlerts('ADMIN')).toBe(true);
    expect(mayActOnAlerts('LEADERSHIP')).toBe(true);
    expect(mayActOnAlerts('CHIEF')).toBe(true);
    expect(mayActOnAlerts('DISPLAY')).toBe(false);
    expect(mayActOnAlerts('')).toBe(false);
    expect(mayActOnAlerts(undefined)).toBe(false);
  });

  it('accepts 1 … 43200 whole minutes', () => {
    expect(silenceMinutes('60')).toBe(60);
    expect(silenceMinutes(1440)).toBe(1440);
    expect(silenceMinutes('0')).toBeNull();
    expect(silenceMinutes('43201')).toBeNull();
    expect(silenceMinutes('1.5')).toBeNull();
    expect(silenceMinutes('abc')).toBeNull();
  });

  it("shows the server's reason for a refusal", () => {
    const t = translator('vi');
    expect(actionErrorMessage(new ApiError(403, 'a wall display is read-only'), t)).toBe('Không thực hiện được: a wall display is read-only');
    expect(actionErrorMessage(new ApiError(404, "no firing alert 'x'"), translator('en'))).toBe("Not done: no firing alert 'x'");
    expect(actionErrorMessage(new ApiError(0, 'Failed to fetch'), t)).toBe('Không kết nối được tới máy chủ.');
    expect(actionErrorMessage(new ApiError(503, 'down'), t)).toBe(t('errorUnavailable'));
  });
});

describe('history rows', () => {
  it('reads maps from InfluxDB whatever their field names and types', () => {
    expect(
      normalizeHistoryRow({
        time: '2023-10-15T01:12:00Z',
        rule: 'commune-overdue-share',
        unit: 'xa-a',
        severity: 'critical',
        state: 'firing',
        value: '0.3372',
        threshold: 0.1,
        pending: '120',
        alert_id: 'a1',
      }),
    ).toEqual({
      time: Date.parse('2023-10-15T01:12:00Z'),
      timeText: '2023-10-15T01:12:00Z',
      rule: 'commune-overdue-share',
      ruleName: null,
      unit: 'xa-a',
      severity: 'CRITICAL',
      state: 'FIRING',
      value: 0.3372,
      threshold: 0.1,
      pending: 120,
      alertId: 'a1',
      metric: null,
    });
    // The server's present spelling: `at` and `alertId`, every field a string, "null" for nothing.
    const r = normalizeHistoryRow({ at: '2023-10-15T08:12:00+07:00', alertId: 'a2', value: 'null', threshold: '10.0', state: 'RESOLVED' });
    expect(r?.time).toBe(Date.parse('2023-10-15T01:12:00Z'));
    expect(r?.alertId).toBe('a2');
    expect(r?.value).toBeNull();
    expect(r?.threshold).toBe(10);
    expect(r?.unit).toBeNull();
    expect(r?.pending).toBeNull();
    expect(normalizeHistoryRow('x')).toBeNull();
    expect(normalizeHistoryRow({})?.time).toBeNull();
  });

  it('lists the newest first, rows without a time last', () => {
    const rows = historyRows({
      from: '2023-10-01',
      to: '2023-10-15',
      changes: [
        { time: '2023-10-14T01:00:00Z', alert_id: 'b' },
        { alert_id: 'no-time-1' },
        { time: '2023-10-15T01:00:00Z', alert_id: 'c' },
        null,
        { time: 'garbage', alert_id: 'no-time-2' },
        { time: '2023-10-13T01:00:00Z', alert_id: 'a' },
      ],
    });
    expect(rows.map((r) => r.alertId)).toEqual(['c', 'b', 'a', 'no-time-1', 'no-time-2']);
    expect(historyRows(null)).toEqual([]);
    expect(historyRows({ changes: 'x' })).toEqual([]);
  });

  it('names the state changes', () => {
    const vi = translator('vi');
    const en = translator('en');
    const firing = historyStateLabel('FIRING');
    const resolved = historyStateLabel('RESOLVED');
    expect(firing && vi(firing)).toBe('Bắt đầu');
    expect(resolved && vi(resolved)).toBe('Kết thúc');
    expect(firing && en(firing)).toBe('Started');
    expect(resolved && en(resolved)).toBe('Ended');
    expect(historyStateLabel('PENDING')).toBeNull();
    expect(historyStateLabel(null)).toBeNull();
  });
});

describe('the alert calls', () => {
  function json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }

  it('use the documented paths and bodies', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = new Api(async (url, init) => {
      calls.push({ url, init });
      if (url.endsWith('/ack')) return json(200, { alertId: 'x', by: 'u', at: 'now' });
      if (url.endsWith('/silences')) return json(201, { id: 's1', unitId: 'xa-a', ruleId: 'r', untilMillis: 1, until: 'x', by: 'u', at: 'y', reason: null });
      return json(200, { asOf: null, active: [], silences: [], changes: [] });
    });
    await api.alerts();
    expect(await api.ackAlert('r|xa a|2023-10-15T08:12:00+07:00')).toEqual({ alertId: 'x', by: 'u', at: 'now' });
    await api.silenceAlerts({ unitId: 'xa-a', ruleId: 'r', minutes: 60, reason: 'Đang xử lý' });
    await api.alertHistory('2023-10-09', '2023-10-15');
    expect(calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual([
      'GET /api/alerts',
      'POST /api/alerts/r%7Cxa%20a%7C2023-10-15T08%3A12%3A00%2B07%3A00/ack',
      'POST /api/alerts/silences',
      'GET /api/alerts/history?from=2023-10-09&to=2023-10-15',
    ]);
    expect(calls[1]?.init?.body).toBeUndefined();
    expect(JSON.parse(String(calls[2]?.init?.body))).toEqual({ unitId: 'xa-a', ruleId: 'r', minutes: 60, reason: 'Đang xử lý' });
  });

  it("pass the server's refusal on", async () => {
    const api = new Api(async () => json(403, { error: 'a wall display is read-only' }));
    const err = await api.ackAlert('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(actionErrorMessage(err, translator('en'))).toBe('Not done: a wall display is read-only');
  });
});

describe('poll', () => {
  const flush = () => new Promise<void>((r) => setTimeout(r, 0));

  /** A fetch the test answers by hand; it rejects with AbortError when aborted, like fetch. */
  function manualFetch() {
    const calls: { signal: AbortSignal; resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
    const fn = (signal: AbortSignal) =>
      new Promise<number>((resolve, reject) => {
        calls.push({ signal, resolve, reject });
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    return { fn, calls };
  }

  it('fetches now, then 5 s after each answer, never two at once', async () => {
    const { timers, advance } = fakeTimers();
    const { fn, calls } = manualFetch();
    const results: PollResult<number>[] = [];
    const p = poll(fn, (r) => results.push(r), { timers });
    expect(calls).toHaveLength(1);
    advance(ALERTS_POLL_MS * 2);
    expect(calls).toHaveLength(1); // still waiting for the first answer
    calls[0]?.resolve(1);
    await flush();
    expect(results).toEqual([{ ok: true, value: 1 }]);
    advance(ALERTS_POLL_MS - 1);
    expect(calls).toHaveLength(1);
    advance(1);
    expect(calls).toHaveLength(2);
    calls[1]?.reject(new ApiError(503, 'down'));
    await flush();
    expect(results[1]?.ok).toBe(false);
    // A failure does not stop it.
    advance(ALERTS_POLL_MS);
    expect(calls).toHaveLength(3);
    p.stop();
  });

  it('stops cleanly: the request on its way is aborted, no timer is left, nothing is reported', async () => {
    const { timers, advance, pending } = fakeTimers();
    const { fn, calls } = manualFetch();
    const results: PollResult<number>[] = [];
    const p = poll(fn, (r) => results.push(r), { timers });
    calls[0]?.resolve(1);
    await flush();
    advance(ALERTS_POLL_MS);
    expect(calls).toHaveLength(2);
    p.stop();
    expect(p.stopped).toBe(true);
    expect(calls[1]?.signal.aborted).toBe(true);
    expect(pending()).toBe(0);
    await flush();
    advance(ALERTS_POLL_MS * 10);
    expect(calls).toHaveLength(2);
    expect(results).toHaveLength(1);
    p.refresh();
    expect(calls).toHaveLength(2);
    p.stop();
  });

  it('stops cleanly between two fetches too', async () => {
    const { timers, pending } = fakeTimers();
    const { fn, calls } = manualFetch();
    const p = poll(fn, () => {}, { timers });
    calls[0]?.resolve(1);
    await flush();
    expect(pending()).toBe(1); // the next fetch
    p.stop();
    expect(pending()).toBe(0);
  });

  it('refresh() fetches at once and ignores the answer it replaced', async () => {
    const { timers, advance } = fakeTimers();
    const { fn, calls } = manualFetch();
    const results: PollResult<number>[] = [];
    const p = poll(fn, (r) => results.push(r), { timers });
    p.refresh();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[1]?.resolve(2);
    await flush();
    expect(results).toEqual([{ ok: true, value: 2 }]);
    advance(ALERTS_POLL_MS);
    expect(calls).toHaveLength(3);
    p.stop();
  });

  it('gives up on a request that hangs and reports it as a network failure', async () => {
    const { timers, advance } = fakeTimers();
    const { fn, calls } = manualFetch();
    const results: PollResult<number>[] = [];
    const p = poll(fn, (r) => results.push(r), { timers });
    advance(ALERTS_TIMEOUT_MS);
    await flush();
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r?.ok).toBe(false);
    expect(r && !r.ok && r.error instanceof ApiError && r.error.status).toBe(0);
    advance(ALERTS_POLL_MS);
    expect(calls).toHaveLength(2);
    p.stop();
  });

  it('reports a fetch function that throws', async () => {
    const { timers } = fakeTimers();
    const results: PollResult<number>[] = [];
    const p = poll<number>(
      () => {
        throw new Error('boom');
      },
      (r) => results.push(r),
      { timers },
    );
    await flush();
    expect(results[0]?.ok).toBe(false);
    p.stop();
  });
});

describe('wall rows', () => {
  it('shows three alerts (two lines each at 28 px), two on a short screen', () => {
    expect(wallAlertRows(1080)).toBe(3);
    expect(wallAlertRows(2160)).toBe(3);
    expect(wallAlertRows(900)).toBe(3);
    expect(wallAlertRows(720)).toBe(2);
    expect(wallAlertRows(0)).toBe(3);
    expect(wallAlertRows(Number.NaN)).toBe(3);
  });
});

describe('alert conditions in words', () => {
  const vi = translator('vi');
  const en = translator('en');
  it('names the metric, the direction and the threshold as people write it', () => {
    expect(alertCondition('OVERDUE_SHARE', 0.1, vi, 'vi')).toBe('Tỷ lệ quá hạn ≥ 10%');
    expect(alertCondition('OVERDUE_SHARE', 0.125, vi, 'vi')).toBe('Tỷ lệ quá hạn ≥ 12,5%');
    expect(alertCondition('OVERDUE_COUNT', 10807, vi, 'vi')).toBe('Số hồ sơ quá hạn ≥ 10.807');
    expect(alertCondition('PROGRESS_SCORE_MTD', 12.5, vi, 'vi')).toBe('Điểm tiến độ tháng (QĐ 766) ≤ 12,5');
    expect(alertCondition('OVERDUE_SHARE', 0.1, en, 'en')).toBe('Overdue share ≥ 10%');
  });
  it('keeps an unknown metric by its code, never cut', () => {
    expect(alertCondition('SOMETHING_NEW', 3, vi, 'vi')).toBe('SOMETHING_NEW ≥ 3');
    expect(alertCondition('', Number.NaN, vi, 'vi')).toBe('? ≥ ?');
  });
});
