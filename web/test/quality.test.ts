import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES } from '../src/i18n';
import { OTHER_REASONS, QUALITY_LABELS, REJECT_REASONS, qualityRows, reasonTestId } from '../src/quality';

describe('quality rows', () => {
  it('lists every known reason in a fixed order, zeros included, and sums the refused ones', () => {
    const q = qualityRows({ INVALID_JSON: 3, duplicate: 12, late: 0, UNKNOWN_UNIT: 2 });
    expect(q.rows.map((r) => r.reason)).toEqual([...REJECT_REASONS, ...OTHER_REASONS]);
    expect(q.rows.find((r) => r.reason === 'INVALID_JSON')).toEqual({ reason: 'INVALID_JSON', count: 3, label: 'qINVALID_JSON', group: 'rejected' });
    expect(q.rows.find((r) => r.reason === 'duplicate')).toMatchObject({ count: 12, group: 'other' });
    expect(q.rejected).toBe(5);
    expect(q.total).toBe(17);
  });

  it('matches codes without regard to case and keeps unknown reasons by their code', () => {
    const q = qualityRows({ invalid_json: 1, INVALID_JSON: 2, DUPLICATE: 4, NEW_REASON: 7, bad: 'x' });
    expect(q.rows.find((r) => r.reason === 'INVALID_JSON')?.count).toBe(3);
    expect(q.rows.find((r) => r.reason === 'duplicate')?.count).toBe(4);
    const unknown = q.rows.find((r) => r.reason === 'NEW_REASON');
    expect(unknown).toEqual({ reason: 'NEW_REASON', count: 7, label: null, group: 'rejected' });
    expect(q.rows.some((r) => r.reason === 'bad')).toBe(false);
    expect(qualityRows(null).total).toBe(0);
  });

  it('has a label in both languages for every known reason', () => {
    for (const reason of [...REJECT_REASONS, ...OTHER_REASONS]) {
      for (const lang of LANGS) expect(MESSAGES[lang][QUALITY_LABELS[reason]], `${lang} ${reason}`).toBeTruthy();
    }
    expect(MESSAGES.vi.qINVALID_JSON).toBe('JSON không hợp lệ');
    expect(MESSAGES.vi.qMISSING_FIELD).toBe('Thiếu trường bắt buộc');
    expect(MESSAGES.vi.qUNKNOWN_UNIT).toBe('Đơn vị không có trong danh mục');
    expect(MESSAGES.vi.qduplicate).toBe('Trùng lặp');
    expect(MESSAGES.vi.qlate).toBe('Đến muộn');
  });

  it('makes safe test ids', () => {
    expect(reasonTestId('INVALID_JSON')).toBe('quality-INVALID_JSON');
    expect(reasonTestId('duplicate')).toBe('quality-duplicate');
    expect(reasonTestId('a"b c')).toBe('quality-a_b_c');
  });
});
