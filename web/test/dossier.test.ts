import { describe, expect, it } from 'vitest';
import { Api, chaseParams } from '../src/api';
import {
  chaseQuery,
  FIRST_DUTY,
  firstForecastDay,
  isFirstDuty,
  isFirstDutyFilter,
  lastPage,
  NO_FILTERS,
  shownRange,
} from '../src/chase';
import { formatDuration, rejectText, searchText, timelineSteps } from '../src/dossier';
import { translator } from '../src/i18n';
import { dossierHref, parseRoute, searchHref } from '../src/router';
import type { DossierDetail } from '../src/types';

const vi = translator('vi');
const names: Record<string, string> = { 'xa-a': 'Xã A', 'xa-b': 'Xã B', 'so-tp': 'Sở Tư pháp' };
const name = (id: string) => names[id] ?? id;

function dossier(over: Partial<DossierDetail>): DossierDetail {
  return {
    dossierId: 'H33-251015-0001',
    status: 'OPEN',
    bucket: 'inTime',
    unitId: 'xa-b',
    receivingUnitId: 'xa-a',
    field: 'ho-tich',
    channel: 'ONLINE',
    receivedAt: '2025-10-15T08:00:00+07:00',
    dueAt: '2025-10-21T16:00:00+07:00',
    apologyIssued: false,
    events: [],
    ...over,
  };
}

describe('the timeline of a dossier, in words', () => {
  it('says where it was received, why and how long it was paused, the new due date, and the transfer from whom to whom', () => {
    const d = dossier({
      events: [
        { eventId: 'r', type: 'RECEIVED', occurredAt: '2025-10-15T08:00:00+07:00', unitId: 'xa-a', dueAt: '2025-10-20T16:00:00+07:00', applied: true },
        { eventId: 'p', type: 'PAUSED', occurredAt: '2025-10-16T09:00:00+07:00', reason: 'Bổ sung giấy tờ', applied: true },
        { eventId: 'p2', type: 'PAUSED', occurredAt: '2025-10-16T10:00:00+07:00', applied: false, rejectReason: 'PAUSED_WHILE_PAUSED' },
        { eventId: 's', type: 'RESUMED', occurredAt: '2025-10-17T12:30:00+07:00', applied: true },
        { eventId: 'x', type: 'TRANSFERRED', occurredAt: '2025-10-18T08:00:00+07:00', toUnitId: 'xa-b', applied: true },
        { eventId: 'a', type: 'APOLOGY_ISSUED', occurredAt: '2025-10-22T08:00:00+07:00', dueAt: '2025-10-25T16:00:00+07:00', applied: true },
      ],
    });
    const steps = timelineSteps(d, name, vi, 'vi', '2025-10-23T09:00:00+07:00');
    expect(steps.map((s) => s.eventId)).toEqual(['r', 'p', 'p2', 's', 'x', 'a']);
    expect(steps.map((s) => s.text)).toEqual([
      'Tiếp nhận tại Xã A, hạn trả 20/10/2025 16:00',
      'Tạm dừng trong 1 ngày 3 giờ',
      'Không ghi nhận: Tạm dừng',
      'Tiếp tục xử lý, hạn trả mới 21/10/2025 19:30',
      'Chuyển từ Xã A sang Xã B',
      'Gửi thư xin lỗi, hẹn trả kết quả ngày 25/10/2025',
    ]);
    expect(steps[1]?.note).toBe('Lý do: Bổ sung giấy tờ');
    expect(steps[2]?.note).toBe('Bị từ chối vì hồ sơ đang tạm dừng');
    expect(steps[2]?.applied).toBe(false);
  });

  it('says how early or late it was completed, against the due date after pauses', () => {
    const early = dossier({
      status: 'COMPLETED', outcome: 'early', bucket: undefined, dueAt: '2025-10-21T16:00:00+07:00',
      events: [{ eventId: 'c', type: 'COMPLETED', occurredAt: '2025-10-19T10:00:00+07:00', applied: true }],
    });
    expect(timelineSteps(early, name, vi, 'vi', null)[0]?.text).toBe('Đã giải quyết, sớm 2 ngày so với hạn 21/10/2025');
    const late = dossier({ status: 'COMPLETED', outcome: 'late', events: [{ eventId: 'c', type: 'COMPLETED', occurredAt: '2025-10-24T10:00:00+07:00', applied: true }] });
    expect(timelineSteps(late, name, vi, 'vi', null)[0]?.text).toBe('Đã giải quyết, trễ 3 ngày so với hạn 21/10/2025');
    const onTime = dossier({ status: 'COMPLETED', events: [{ eventId: 'c', type: 'COMPLETED', occurredAt: '2025-10-21T17:00:00+07:00', applied: true }] });
    expect(timelineSteps(onTime, name, vi, 'vi', null)[0]?.text).toBe('Đã giải quyết đúng hạn (21/10/2025)');
  });

  it('counts a pause still running up to now, and shows a refusal after closure with its reason', () => {
    const d = dossier({
      events: [
        { eventId: 'p', type: 'PAUSED', occurredAt: '2025-10-16T09:00:00+07:00', applied: true },
        { eventId: 'w', type: 'WITHDRAWN', occurredAt: '2025-10-30T09:00:00+07:00', reason: 'Công dân rút', applied: false, rejectReason: 'AFTER_COMPLETED' },
      ],
    });
    const steps = timelineSteps(d, name, vi, 'vi', '2025-10-16T11:15:00+07:00');
    expect(steps[0]?.text).toBe('Đang tạm dừng, đã 2 giờ 15 phút');
    expect(steps[0]?.note).toBe('Không ghi lý do');
    expect(steps[1]?.text).toBe('Không ghi nhận: Rút hồ sơ (hoặc bị từ chối)');
    expect(steps[1]?.note).toBe('Bị từ chối vì hồ sơ đã giải quyết xong · Lý do: Công dân rút');
  });

  it('writes durations with their two largest units and reason codes in words', () => {
    expect(formatDuration(45 * 60_000, vi, 'vi')).toBe('45 phút');
    expect(formatDuration((26 * 60 + 5) * 60_000, vi, 'vi')).toBe('1 ngày 2 giờ');
    expect(formatDuration(0, vi, 'vi')).toBe('0 phút');
    expect(rejectText('AFTER_WITHDRAWN', vi)).toBe('hồ sơ đã rút');
    expect(rejectText('SOMETHING_NEW', vi)).toBe('SOMETHING_NEW');
  });

  it('takes a code or its end of at least 3 characters from the search box', () => {
    expect(searchText('  -0001 ')).toBe('-0001');
    expect(searchText('01')).toBeNull();
    expect(parseRoute(searchHref(' -0001'))).toEqual({ name: 'search', q: '-0001' });
    expect(parseRoute(dossierHref('000.00.27.H33-231015-0001'))).toEqual({ name: 'dossier', dossierId: '000.00.27.H33-231015-0001' });
  });
});

describe('the chase list', () => {
  it('asks the API for what the filters say, a page at a time', () => {
    expect(chaseParams(chaseQuery(NO_FILTERS)).toString()).toBe('limit=20&offset=0');
    expect(chaseParams(chaseQuery({ ...FIRST_DUTY, page: 2 })).toString()).toBe('bucket=overdue&apology=false&limit=20&offset=40');
    expect(chaseParams(chaseQuery({ ...NO_FILTERS, field: 'dat-dai', minDaysOverdue: 3, apology: true })).toString())
      .toBe('bucket=overdue&field=dat-dai&apology=true&minDaysOverdue=3&limit=20&offset=0');
  });

  it('marks overdue without apology as the first duty, and pages within the total', () => {
    expect(isFirstDuty({ bucket: 'overdue', apologyIssued: false })).toBe(true);
    expect(isFirstDuty({ bucket: 'overdue', apologyIssued: true })).toBe(false);
    expect(isFirstDuty({ bucket: 'dueSoon', apologyIssued: false })).toBe(false);
    expect(isFirstDutyFilter(FIRST_DUTY)).toBe(true);
    expect(isFirstDutyFilter(NO_FILTERS)).toBe(false);
    expect(lastPage(0)).toBe(0);
    expect(lastPage(40)).toBe(1);
    expect(lastPage(41)).toBe(2);
    expect(shownRange(1, 20, 45)).toEqual({ from: 21, to: 40, total: 45 });
    expect(shownRange(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0 });
  });

  it('opens the forecast on the first day with something turning overdue', () => {
    expect(firstForecastDay([
      { date: '2026-11-22', becomesOverdue: 0, items: [] },
      { date: '2026-11-23', becomesOverdue: 2, items: [] },
    ])).toBe('2026-11-23');
    expect(firstForecastDay([{ date: '2026-11-22', becomesOverdue: 0, items: [] }])).toBe('2026-11-22');
    expect(firstForecastDay([])).toBeNull();
  });

  it('calls the documented paths', async () => {
    const calls: string[] = [];
    const api = new Api(async (url) => {
      calls.push(url);
      return new Response('{}', { status: 200 });
    });
    await api.forecast('xa-a', 7);
    await api.dossier('H33/1 2');
    await api.searchDossiers('-0001');
    await api.chase('xa-a', chaseQuery(FIRST_DUTY));
    expect(calls).toEqual([
      '/api/units/xa-a/forecast?days=7',
      '/api/dossiers/H33%2F1%202',
      '/api/dossiers?q=-0001&limit=20',
      '/api/units/xa-a/dossiers?bucket=overdue&apology=false&limit=20&offset=0',
    ]);
  });
});
