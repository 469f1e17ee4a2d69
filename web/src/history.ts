/**
 * Pure mapping of `GET /api/units/{id}/history` (one entry per day, api-notes.md) to the
 * series the charts draw, and the checks of a chosen date range. No DOM, no ECharts.
 */
import { addDays, daysBetween, isLocalDate } from './format';
import type { MessageKey } from './i18n';

/** The server answers at most 400 days (`to - from` at most 399). */
export const MAX_HISTORY_DAYS = 400;
/** The default range of the charts: the last 30 days, today included. */
export const HISTORY_DEFAULT_DAYS = 30;

export interface HistorySeries {
  /** Every date of the range, oldest first. */
  dates: string[];
  /** Flows of each day; 0 for a day the server did not list. */
  received: number[];
  completed: number[];
  /** Levels at the end of each day; null (a gap in the line) for a day the server did not list. */
  pendingEnd: (number | null)[];
  overdueEnd: (number | null)[];
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function levelOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One value per date of [from, to], whatever order or gaps the answer has; days outside the
 * range and duplicates (the later entry wins) are ignored. At most MAX_HISTORY_DAYS dates.
 */
export function historySeries(days: unknown, from: string, to: string): HistorySeries {
  const out: HistorySeries = { dates: [], received: [], completed: [], pendingEnd: [], overdueEnd: [] };
  if (!isLocalDate(from) || !isLocalDate(to) || from > to) return out;
  const byDate = new Map<string, Record<string, unknown>>();
  if (Array.isArray(days)) {
    for (const d of days) {
      if (d && typeof d === 'object' && typeof (d as { date?: unknown }).date === 'string') {
        byDate.set((d as { date: string }).date, d as Record<string, unknown>);
      }
    }
  }
  const count = Math.min(daysBetween(from, to) + 1, MAX_HISTORY_DAYS);
  for (let i = 0; i < count; i++) {
    const date = addDays(from, i);
    const d = byDate.get(date);
    const p = (d?.pendingEnd && typeof d.pendingEnd === 'object' ? d.pendingEnd : null) as Record<string, unknown> | null;
    out.dates.push(date);
    out.received.push(num(d?.received));
    out.completed.push(num(d?.completed));
    out.pendingEnd.push(p ? levelOf(p.total) : null);
    out.overdueEnd.push(p ? levelOf(p.overdue) : null);
  }
  return out;
}

/** Why a chosen range cannot be asked for, as a message key; null when it is fine. */
export function checkHistoryRange(from: string, to: string): MessageKey | null {
  if (!isLocalDate(from) || !isLocalDate(to)) return 'invalidDate';
  if (from > to) return 'fromAfterTo';
  if (daysBetween(from, to) + 1 > MAX_HISTORY_DAYS) return 'historyTooLong';
  return null;
}

/** "24/10" for an axis label (the year is in the picker and the tooltip). */
export function shortDate(localDate: string): string {
  return isLocalDate(localDate) ? `${localDate.slice(8, 10)}/${localDate.slice(5, 7)}` : localDate;
}
