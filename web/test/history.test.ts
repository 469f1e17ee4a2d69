import { describe, expect, it } from 'vitest';
import { addDays, lastNDays, monthToDate } from '../src/format';
import { checkHistoryRange, historySeries, shortDate } from '../src/history';

describe('date ranges', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-11-22', -29)).toBe('2026-10-24');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('not a date', 1)).toBe('not a date');
  });

  it('gives the last 30 days and the month to date', () => {
    expect(lastNDays('2026-11-22', 30)).toEqual({ from: '2026-10-24', to: '2026-11-22' });
    expect(lastNDays('2026-11-22', 1)).toEqual({ from: '2026-11-22', to: '2026-11-22' });
    expect(monthToDate('2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
    expect(monthToDate('2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });

  it('checks a chosen range', () => {
    expect(checkHistoryRange('2026-10-24', '2026-11-22')).toBeNull();
    expect(checkHistoryRange('2026-11-22', '2026-11-22')).toBeNull();
    expect(checkHistoryRange('2026-11-23', '2026-11-22')).toBe('fromAfterTo');
    expect(checkHistoryRange('2026-02-30', '2026-03-02')).toBe('invalidDate');
    expect(checkHistoryRange('', '2026-03-02')).toBe('invalidDate');
    // 400 days is the most the server answers (to - from at most 399).
    expect(checkHistoryRange('2025-01-01', addDays('2025-01-01', 399))).toBeNull();
    expect(checkHistoryRange('2025-01-01', addDays('2025-01-01', 400))).toBe('historyTooLong');
  });
});

describe('historySeries', () => {
  const day = (date: string, received: number, completed: number, total: number, overdue: number) => ({
    date,
    received,
    completed,
    early: 0,
    onTime: completed,
    late: 0,
    withdrawn: 0,
    pendingEnd: { total, inTime: total - overdue, overdue, paused: 0 },
  });

  it('maps one entry per day to the chart series, in date order', () => {
    const s = historySeries(
      [day('2026-11-03', 7, 1, 52, 3), day('2026-11-01', 12, 10, 40, 2), day('2026-11-02', 5, 6, 39, 2)],
      '2026-11-01',
      '2026-11-03',
    );
    expect(s).toEqual({
      dates: ['2026-11-01', '2026-11-02', '2026-11-03'],
      received: [12, 5, 7],
      completed: [10, 6, 1],
      pendingEnd: [40, 39, 52],
      overdueEnd: [2, 2, 3],
    });
  });

  it('fills missing days (flows 0, levels a gap) and ignores days outside the range', () => {
    const s = historySeries([day('2026-11-02', 5, 6, 39, 2), day('2026-12-25', 1, 1, 1, 1), { nonsense: true }, null], '2026-11-01', '2026-11-03');
    expect(s.dates).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(s.received).toEqual([0, 5, 0]);
    expect(s.pendingEnd).toEqual([null, 39, null]);
    expect(s.overdueEnd).toEqual([null, 2, null]);
  });

  it('survives a bad answer or a bad range', () => {
    expect(historySeries(undefined, '2026-11-01', '2026-11-02').received).toEqual([0, 0]);
    expect(historySeries([], '2026-11-02', '2026-11-01').dates).toEqual([]);
    expect(historySeries([], 'x', '2026-11-01').dates).toEqual([]);
    expect(historySeries([], '2020-01-01', '2026-11-01').dates).toHaveLength(400);
  });

  it('labels the axis dd/mm', () => {
    expect(shortDate('2026-11-03')).toBe('03/11');
    expect(shortDate('x')).toBe('x');
  });
});
