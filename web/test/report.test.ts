import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n';
import { checkInvariant, checkSubtotals, onTimeRate } from '../src/report';
import type { Report } from '../src/types';
import { reportLines } from '../src/views/report';

function report(overrides: Partial<Report> = {}): Report {
  return {
    unitId: 'huyen-giong-rieng',
    from: '2022-12-15',
    to: '2023-10-15',
    carriedOver: 127,
    received: { total: 10807, online: 2391, inPerson: 8000, postal: 416 },
    transferredIn: 5,
    transferredOut: 12,
    completed: {
      total: 8498,
      early: 2822,
      onTime: 5502,
      late: 174,
      earlyRate: 2822 / 8498,
      onTimeRate: 5502 / 8498,
      lateRate: 174 / 8498,
    },
    withdrawn: 120,
    pendingAtEnd: { total: 2309, inTime: 2270, overdue: 34, paused: 5 },
    progressScore766: 19.9,
    ...overrides,
  };
}

describe('checkInvariant', () => {
  it('accepts a report that reconciles', () => {
    // 127 + 10807 + 5 = 10939 = 8498 + 120 + 12 + 2309
    expect(checkInvariant(report())).toEqual({ ok: true, left: 10939, right: 10939, diff: 0 });
  });

  it('flags the published Giồng Riềng report, which does not reconcile', () => {
    const published = report({
      transferredIn: 0,
      transferredOut: 0,
      withdrawn: 0,
      completed: { ...report().completed, total: 8368 },
    });
    const r = checkInvariant(published);
    expect(r.ok).toBe(false);
    expect(r.left).toBe(127 + 10807);
    expect(r.right).toBe(8368 + 2309);
    expect(r.diff).toBe(127 + 10807 - 8368 - 2309);
  });

  it('holds for an empty period', () => {
    const empty = report({
      carriedOver: 0,
      received: { total: 0, online: 0, inPerson: 0, postal: 0 },
      transferredIn: 0,
      transferredOut: 0,
      completed: { total: 0, early: 0, onTime: 0, late: 0, earlyRate: 0, onTimeRate: 0, lateRate: 0 },
      withdrawn: 0,
      pendingAtEnd: { total: 0, inTime: 0, overdue: 0, paused: 0 },
      progressScore766: 20,
    });
    expect(checkInvariant(empty).ok).toBe(true);
  });
});

describe('checkSubtotals', () => {
  it('finds nothing wrong in a consistent report', () => {
    expect(checkSubtotals(report())).toEqual([]);
  });

  it('finds the published 2,822 + 5,502 + 174 ≠ 8,368', () => {
    const r = report({ completed: { ...report().completed, total: 8368 } });
    expect(checkSubtotals(r)).toEqual([{ line: 'completed', total: 8368, sum: 8498 }]);
  });
});

describe('onTimeRate', () => {
  it('is (early + on time) / completed, none when nothing completed', () => {
    expect(onTimeRate(2822, 5502, 8498)).toBeCloseTo(0.97952, 5);
    expect(onTimeRate(0, 0, 0)).toBeNull();
  });
});

describe('reportLines', () => {
  it('lays out every figure in publication order with stable test ids', () => {
    const lines = reportLines(report(), translator('vi'), 'vi');
    expect(lines.map((l) => l.testid)).toEqual([
      'report-received-total',
      'report-received-online',
      'report-received-inPersonPostal',
      'report-received-inPerson',
      'report-received-postal',
      'report-carriedOver',
      'report-transferredIn',
      'report-transferredOut',
      'report-completed-total',
      'report-completed-early',
      'report-completed-onTime',
      'report-completed-late',
      'report-withdrawn',
      'report-pendingAtEnd-total',
      'report-pendingAtEnd-inTime',
      'report-pendingAtEnd-overdue',
      'report-pendingAtEnd-paused',
    ]);
    const byId = new Map(lines.map((l) => [l.testid, l]));
    expect(byId.get('report-received-total')?.value).toBe('10.807');
    expect(byId.get('report-received-inPersonPostal')?.value).toBe('8.416');
    expect(byId.get('report-completed-early')?.rate).toEqual({ value: '33,21%', testid: 'report-completed-earlyRate' });
    expect(byId.get('report-carriedOver')?.label).toBe('Số hồ sơ kỳ trước chuyển sang');
  });

  it('formats in English too', () => {
    const lines = reportLines(report(), translator('en'), 'en');
    expect(lines[0]?.value).toBe('10,807');
    expect(lines[0]?.label).toBe('Dossiers received in the period');
  });
});
