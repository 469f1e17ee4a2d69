import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES, loadLang, saveLang, translate, type KeyValueStore } from '../src/i18n';

describe('dictionary', () => {
  const viKeys = Object.keys(MESSAGES.vi).sort();

  it('has every key in both languages, and nothing else', () => {
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(viKeys);
    }
  });

  it('has no empty string and the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of viKeys) {
      const k = key as keyof typeof MESSAGES.vi;
      for (const lang of LANGS) expect(MESSAGES[lang][k].trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(MESSAGES.en[k]), key).toEqual(placeholders(MESSAGES.vi[k]));
    }
  });

  it('holds the Vietnamese terms users know', () => {
    const vi = MESSAGES.vi;
    expect(vi.pending).toBe('Đang giải quyết');
    expect(vi.inTime).toBe('Trong hạn');
    expect(vi.dueSoon).toBe('Sắp đến hạn');
    expect(vi.overdue).toBe('Quá hạn');
    expect(vi.paused).toBe('Tạm dừng');
    expect(vi.overdueWithoutApology).toBe('Quá hạn chưa xin lỗi');
    expect(vi.today).toBe('Hôm nay');
    expect(vi.received).toBe('Tiếp nhận');
    expect(vi.completed).toBe('Đã giải quyết');
    expect(vi.early).toBe('Trước hạn');
    expect(vi.onTime).toBe('Đúng hạn');
    expect(vi.late).toBe('Trễ hạn');
    expect(vi.withdrawn).toBe('Rút hồ sơ');
    expect(vi.updatedAt).toBe('Cập nhật lúc');
    expect(vi.disconnected).toBe('Mất kết nối');
    expect(vi.reconnecting).toBe('Mất kết nối — đang kết nối lại…');
    expect(vi.login).toBe('Đăng nhập');
    expect(vi.logout).toBe('Đăng xuất');
    expect(vi.username).toBe('Tên đăng nhập');
    expect(vi.password).toBe('Mật khẩu');
    expect(vi.report).toBe('Báo cáo');
    expect(vi.dossiersToChase).toBe('Hồ sơ cần xử lý');
    expect(vi.rRateDenominator).toBe('tỷ lệ trên số hồ sơ đã giải quyết');
    expect(vi.alertsTitle).toBe('Cảnh báo đang hoạt động');
    expect(vi.alertsNone).toBe('Không có cảnh báo');
    expect(vi.alertAck).toBe('Xác nhận');
    expect(vi.alertSilence).toBe('Tạm tắt');
    expect(vi.stateFIRING).toBe('Bắt đầu');
    expect(vi.stateRESOLVED).toBe('Kết thúc');
    expect(translate('vi', 'alertAcked', { by: 'chanhvp', time: '15/10/2023 09:15' })).toBe('Đã xác nhận bởi chanhvp lúc 15/10/2023 09:15');
    expect(translate('vi', 'alertSilencedUntil', { time: '15/10/2023 13:15' })).toBe('Tạm tắt đến 15/10/2023 13:15');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('vi', 'todayOn', { date: '15/10/2023' })).toBe('Hôm nay (15/10/2023)');
    expect(translate('en', 'todayOn', { date: '15/10/2023' })).toBe('Today (15/10/2023)');
    expect(translate('en', 'todayOn')).toBe('Today ({date})');
    expect(translate('vi', 'unknownUnit', { unitId: '<b>x</b>' })).toBe('Không tìm thấy đơn vị "<b>x</b>".');
  });
});

describe('language choice', () => {
  function memoryStore(): KeyValueStore & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  }

  it('defaults to Vietnamese and remembers English', () => {
    const store = memoryStore();
    expect(loadLang(store)).toBe('vi');
    saveLang('en', store);
    expect(loadLang(store)).toBe('en');
    saveLang('vi', store);
    expect(loadLang(store)).toBe('vi');
    store.data.set('sla.lang', 'fr');
    expect(loadLang(store)).toBe('vi');
  });

  it('survives storage that throws or is missing', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadLang(broken)).toBe('vi');
    expect(() => saveLang('en', broken)).not.toThrow();
    expect(loadLang(null)).toBe('vi');
  });
});
