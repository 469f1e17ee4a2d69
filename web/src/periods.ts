/**
 * Report periods people are asked for, and dates typed as Vietnamese write them (15/10/2023)
 * whatever the browser's locale. Pure: today is a parameter, so it is unit tested.
 */
import { addDays, isLocalDate } from './format';

export type PresetId = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear' | 'reportingMonth' | 'reportingYear';

export const PRESETS: readonly PresetId[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear', 'reportingMonth', 'reportingYear'];

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const min = (a: string, b: string) => (a < b ? a : b);

/**
 * The period of a preset on `today` (YYYY-MM-DD). Periods that are not over end today (the
 * figures after today are not known yet):
 * - this month, this quarter, this year: from their first day to today;
 * - last month: the whole previous month;
 * - the monthly reporting period (kỳ báo cáo tháng): the 15th of the month before to the 14th,
 *   the one that holds today;
 * - the yearly reporting period (kỳ báo cáo năm), 15/12 of the year before to 14/12, as the
 *   seed reports count it, the one that holds today.
 */
export function presetPeriod(id: PresetId, today: string): Period {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const d = Number(today.slice(8, 10));
  switch (id) {
    case 'thisMonth':
      return { from: iso(y, m, 1), to: today };
    case 'lastMonth': {
      const py = m === 1 ? y - 1 : y;
      const pm = m === 1 ? 12 : m - 1;
      return { from: iso(py, pm, 1), to: iso(py, pm, lastDay(py, pm)) };
    }
    case 'thisQuarter':
      return { from: iso(y, Math.floor((m - 1) / 3) * 3 + 1, 1), to: today };
    case 'thisYear':
      return { from: iso(y, 1, 1), to: today };
    case 'reportingMonth': {
      // On the 15th or later, the period that began on the 15th of this month.
      const [sy, sm] = d >= 15 ? [y, m] : m === 1 ? [y - 1, 12] : [y, m - 1];
      const [ey, em] = sm === 12 ? [sy + 1, 1] : [sy, sm + 1];
      return { from: iso(sy, sm, 15), to: min(iso(ey, em, 14), today) };
    }
    case 'reportingYear': {
      const endYear = m === 12 && d >= 15 ? y + 1 : y;
      return { from: iso(endYear - 1, 12, 15), to: min(iso(endYear, 12, 14), today) };
    }
  }
}

/** The preset a period is, if any (so the buttons show which one is on screen). */
export function presetOf(period: Period, today: string): PresetId | null {
  return PRESETS.find((p) => {
    const q = presetPeriod(p, today);
    return q.from === period.from && q.to === period.to;
  }) ?? null;
}

/**
 * A date typed as dd/MM/yyyy (also d/M/yyyy, with '.' or '-' between), as YYYY-MM-DD, or null
 * when it is not a real calendar date. An ISO date is accepted too (pasted from an address).
 */
export function parseDayMonthYear(text: string): string | null {
  const s = text.trim();
  if (isLocalDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const out = iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return isLocalDate(out) ? out : null;
}

/** YYYY-MM-DD as dd/MM/yyyy (what the date inputs show), '' for anything else. */
export function formatDayMonthYear(localDate: string | null | undefined): string {
  if (!localDate || !isLocalDate(localDate)) return '';
  return `${localDate.slice(8, 10)}/${localDate.slice(5, 7)}/${localDate.slice(0, 4)}`;
}

/** The day before a local date (the end of the period before). */
export function dayBefore(localDate: string): string {
  return addDays(localDate, -1);
}
