import { describe, expect, it } from 'vitest';
import { formatDayMonthYear, parseDayMonthYear, presetOf, presetPeriod } from '../src/periods';
import { breakdownMismatches } from '../src/report';
import type { Report } from '../src/types';

describe('report presets', () => {
  const today = '2026-12-02';
  it('this month, this quarter and this year end today', () => {
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(presetPeriod('thisQuarter', today)).toEqual({ from: '2026-10-01', to: '2026-12-02' });
    expect(presetPeriod('thisQuarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-12-02' });
  });
  it('last month is the whole month before, across a year and in February', () => {
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('lastMonth', '2024-03-05')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
  it('the yearly reporting period runs 15/12 to 14/12, the one holding today', () => {
    expect(presetPeriod('reportingYear', today)).toEqual({ from: '2025-12-15', to: '2026-12-02' });
    expect(presetPeriod('reportingYear', '2026-12-14')).toEqual({ from: '2025-12-15', to: '2026-12-14' });
    expect(presetPeriod('reportingYear', '2026-12-15')).toEqual({ from: '2026-12-15', to: '2026-12-15' });
  });
  it('the monthly reporting period runs from the 15th to the 14th', () => {
    expect(presetPeriod('reportingMonth', today)).toEqual({ from: '2026-11-15', to: '2026-12-02' });
    expect(presetPeriod('reportingMonth', '2026-12-20')).toEqual({ from: '2026-12-15', to: '2026-12-20' });
    expect(presetPeriod('reportingMonth', '2026-01-03')).toEqual({ from: '2025-12-15', to: '2026-01-03' });
  });
  it('tells which preset a period is', () => {
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, today)).toBe('lastMonth');
    expect(presetOf({ from: '2026-11-02', to: '2026-11-30' }, today)).toBeNull();
  });
});

describe('dates typed dd/MM/yyyy', () => {
  it('reads them whatever the browser locale', () => {
    expect(parseDayMonthYear('15/10/2023')).toBe('2023-10-15');
    expect(parseDayMonthYear(' 5/1/2024 ')).toBe('2024-01-05');
    expect(parseDayMonthYear('29.02.2024')).toBe('2024-02-29');
    expect(parseDayMonthYear('2023-10-15')).toBe('2023-10-15');
  });
  it('refuses what is not a calendar date, and month-first dates that cannot be', () => {
    expect(parseDayMonthYear('29/02/2023')).toBeNull();
    expect(parseDayMonthYear('10/15/2023')).toBeNull();
    expect(parseDayMonthYear('15/10/23')).toBeNull();
    expect(parseDayMonthYear('')).toBeNull();
  });
  it('writes them back', () => {
    expect(formatDayMonthYear('2023-10-15')).toBe('15/10/2023');
    expect(formatDayMonthYear('nonsense')).toBe('');
  });
});

describe('breakdown rows add up to the total', () => {
  const report = (received: number, late: number, overdue: number): Report => ({
    unitId: 'x',
    from: '2026-11-01',
    to: '2026-11-30',
    carriedOver: 0,
    received: { total: received, online: received, inPerson: 0, postal: 0 },
    transferredIn: 0,
    transferredOut: 0,
    completed: { total: late, early: 0, onTime: 0, late, earlyRate: 0, onTimeRate: 0, lateRate: 1 },
    withdrawn: 0,
    pendingAtEnd: { total: received - late, inTime: received - late - overdue, overdue, paused: 0 },
    progressScore766: 0,
  });
  it('names no column when they do', () => {
    expect(breakdownMismatches([report(3, 1, 1), report(4, 2, 0)], report(7, 3, 1))).toEqual([]);
  });
  it('names each column that does not', () => {
    const m = breakdownMismatches([report(3, 1, 1)], report(7, 1, 1));
    expect(m.map((x) => x.column)).toEqual(['received', 'pendingAtEnd']);
    expect(m[0]).toEqual({ column: 'received', sum: 3, total: 7 });
  });
});
