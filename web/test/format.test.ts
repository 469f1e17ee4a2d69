import { describe, expect, it } from 'vitest';
import {
  DASH,
  daysBetween,
  daysOverdue,
  firstDayOfMonth,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatNumber,
  formatRate,
  formatTime,
  isLocalDate,
  localDateOf,
  parseInstant,
  ratio,
} from '../src/format';

describe('formatNumber', () => {
  it('groups thousands with a dot in Vietnamese and a comma in English', () => {
    expect(formatNumber(10807, 'vi')).toBe('10.807');
    expect(formatNumber(10807, 'en')).toBe('10,807');
    expect(formatNumber(1143000, 'vi')).toBe('1.143.000');
    expect(formatNumber(1234, 'vi')).toBe('1.234');
    expect(formatNumber(0, 'vi')).toBe('0');
    expect(formatNumber(127, 'en')).toBe('127');
  });

  it('shows a dash for missing or non-finite values', () => {
    expect(formatNumber(undefined, 'vi')).toBe(DASH);
    expect(formatNumber(null, 'en')).toBe(DASH);
    expect(formatNumber(NaN, 'vi')).toBe(DASH);
  });
});

describe('formatRate', () => {
  it('shows fractions as percentages with two decimals', () => {
    expect(formatRate(0.3372, 'vi')).toBe('33,72%');
    expect(formatRate(0.3372, 'en')).toBe('33.72%');
    expect(formatRate(0.6575, 'vi')).toBe('65,75%');
    expect(formatRate(0.0207, 'vi')).toBe('2,07%');
    expect(formatRate(0.9923, 'en')).toBe('99.23%');
    expect(formatRate(1, 'vi')).toBe('100,00%');
    expect(formatRate(0, 'en')).toBe('0.00%');
  });

  it('rounds the published example 2822/8368', () => {
    expect(formatRate(2822 / 8368, 'vi')).toBe('33,72%');
  });

  it('shows a dash when there is no rate', () => {
    expect(formatRate(null, 'vi')).toBe(DASH);
    expect(formatRate(ratio(5, 0), 'vi')).toBe(DASH);
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('formatDecimal', () => {
  it('uses the language decimal separator', () => {
    expect(formatDecimal(19.85, 'vi')).toBe('19,85');
    expect(formatDecimal(19.85, 'en')).toBe('19.85');
    expect(formatDecimal(20, 'vi')).toBe('20,00');
  });
});

describe('dates', () => {
  it('formats a local date as dd/mm/yyyy in both languages', () => {
    expect(formatDate('2023-10-15', 'vi')).toBe('15/10/2023');
    expect(formatDate('2023-10-15', 'en')).toBe('15/10/2023');
    expect(formatDate('2022-12-15', 'vi')).toBe('15/12/2022');
  });

  it('formats an instant by its date in Asia/Ho_Chi_Minh', () => {
    // 20:30 UTC on the 14th is 03:30 on the 15th in Vietnam.
    expect(formatDate('2023-10-14T20:30:00Z', 'vi')).toBe('15/10/2023');
    expect(formatDate(new Date('2023-10-14T16:59:00Z'), 'en')).toBe('14/10/2023');
  });

  it('formats date-times 24-hour, date first, in Vietnamese time whatever the offset given', () => {
    expect(formatDateTime('2023-10-15T08:12:00+07:00', 'vi')).toBe('15/10/2023 08:12');
    expect(formatDateTime('2023-10-15T08:12:00+07:00', 'en')).toBe('15/10/2023 08:12');
    expect(formatDateTime('2023-10-15T01:12:00Z', 'vi')).toBe('15/10/2023 08:12');
    expect(formatDateTime('2023-10-15T17:05:00+07:00', 'en')).toBe('15/10/2023 17:05');
    expect(formatDateTime('2023-10-14T17:00:00Z', 'vi')).toBe('15/10/2023 00:00');
    expect(formatDateTime('2023-10-15T08:12:05+07:00', 'vi', true)).toBe('15/10/2023 08:12:05');
  });

  it('reads Java date-times with nanoseconds and without seconds', () => {
    expect(formatDateTime('2026-11-22T09:15:02.123456789+07:00', 'vi', true)).toBe('22/11/2026 09:15:02');
    expect(formatDateTime('2023-10-15T08:12+07:00', 'vi')).toBe('15/10/2023 08:12');
    expect(parseInstant('2023-10-15T08:12:00+07:00')).toBe(Date.UTC(2023, 9, 15, 1, 12));
    expect(parseInstant('not a date')).toBeNull();
    expect(formatDateTime('garbage', 'vi')).toBe(DASH);
    expect(formatDateTime(null, 'vi')).toBe(DASH);
  });

  it('computes local dates and day differences', () => {
    expect(localDateOf('2023-10-14T17:00:00Z')).toBe('2023-10-15');
    expect(localDateOf('2023-10-14T16:59:59Z')).toBe('2023-10-14');
    expect(firstDayOfMonth('2023-10-15')).toBe('2023-10-01');
    expect(daysBetween('2023-10-01', '2023-10-15')).toBe(14);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('15/10/2023')).toBe(false);
  });

  it('counts days overdue by date, not time of day', () => {
    const due = '2023-10-20T16:00:00+07:00';
    expect(daysOverdue(due, '2023-10-20T23:59:00+07:00')).toBe(0);
    expect(daysOverdue(due, '2023-10-21T00:00:00+07:00')).toBe(1);
    expect(daysOverdue(due, '2023-10-25T08:00:00+07:00')).toBe(5);
    expect(daysOverdue(due, '2023-10-19T08:00:00+07:00')).toBe(0);
  });
});

describe('formatTime', () => {
  it('is the 24-hour time of day in Asia/Ho_Chi_Minh', () => {
    expect(formatTime('2023-10-15T08:12:00+07:00', 'vi')).toBe('08:12');
    expect(formatTime('2023-10-15T10:05:00Z', 'en')).toBe('17:05');
    expect(formatTime('2023-10-14T17:00:00Z', 'vi')).toBe('00:00');
    expect(formatTime(Date.parse('2023-10-15T01:12:00Z'), 'vi')).toBe('08:12');
    expect(formatTime('garbage', 'vi')).toBe(DASH);
    expect(formatTime(null, 'vi')).toBe(DASH);
  });
});
