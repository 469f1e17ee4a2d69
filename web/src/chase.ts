/**
 * The chase list of a unit page as data: its filters, the API query they make, the page
 * shown, and which dossiers are the chief's first duty (overdue and no apology letter sent).
 * Pure, so it is tested without a browser.
 */
import type { Bucket, ChaseQuery, Dossier, ForecastDay } from './types';

export const CHASE_PAGE_SIZE = 20;

export interface ChaseFilters {
  /** null: every open dossier, in due order (the overdue come first: their due dates are the oldest). */
  bucket: Bucket | null;
  field: string | null;
  /** At least this many days overdue (0: any). */
  minDaysOverdue: number;
  /** true: apology sent, false: not sent, null: either. */
  apology: boolean | null;
  /** 0-based page. */
  page: number;
}

export const NO_FILTERS: ChaseFilters = { bucket: null, field: null, minDaysOverdue: 0, apology: null, page: 0 };

/** The chief's first duty: overdue, and no apology letter sent yet. */
export const FIRST_DUTY: ChaseFilters = { ...NO_FILTERS, bucket: 'overdue', apology: false };

export function isFirstDuty(d: Pick<Dossier, 'bucket' | 'apologyIssued'>): boolean {
  return d.bucket === 'overdue' && !d.apologyIssued;
}

export function isFirstDutyFilter(f: ChaseFilters): boolean {
  return f.bucket === 'overdue' && f.apology === false && !f.field && f.minDaysOverdue <= 0;
}

/** The API query of a page of the list. Days overdue only apply to overdue dossiers, so they narrow "all" to the overdue. */
export function chaseQuery(f: ChaseFilters, pageSize = CHASE_PAGE_SIZE): ChaseQuery {
  return {
    bucket: f.minDaysOverdue > 0 && f.bucket === null ? 'overdue' : f.bucket,
    field: f.field || null,
    apology: f.apology,
    minDaysOverdue: f.minDaysOverdue > 0 ? Math.floor(f.minDaysOverdue) : null,
    limit: pageSize,
    offset: Math.max(0, f.page) * pageSize,
  };
}

/** The last page that has rows (0 when none). */
export function lastPage(total: number, pageSize = CHASE_PAGE_SIZE): number {
  return Math.max(0, Math.ceil(total / pageSize) - 1);
}

/** The 1-based range shown: rows from..to of total (0..0 when empty). */
export function shownRange(page: number, count: number, total: number, pageSize = CHASE_PAGE_SIZE): { from: number; to: number; total: number } {
  if (count === 0) return { from: 0, to: 0, total };
  const from = page * pageSize + 1;
  return { from, to: from + count - 1, total };
}

/** The day of the forecast to open first: the first with something turning overdue, else today. */
export function firstForecastDay(days: readonly ForecastDay[]): string | null {
  const d = days.find((x) => x.becomesOverdue > 0) ?? days[0];
  return d ? d.date : null;
}

/** A filter value from a form field: the text, or null when empty. */
export function optionalText(v: string): string | null {
  const s = v.trim();
  return s === '' ? null : s;
}
