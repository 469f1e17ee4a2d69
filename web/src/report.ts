/**
 * Pure checks of a period report (sla-rules.md, "Invariants"). Hand-made reports drift
 * (see the Giồng Riềng example in the domain brief); ours show, next to the figures,
 * whether they reconcile.
 */
import type { Report } from './types';

export interface InvariantResult {
  ok: boolean;
  /** carriedOver + received.total + transferredIn */
  left: number;
  /** completed.total + withdrawn + transferredOut + pendingAtEnd.total */
  right: number;
  /** left - right */
  diff: number;
}

/**
 * `carriedOver + received.total + transferredIn =
 *  completed.total + withdrawn + transferredOut + pendingAtEnd.total`
 */
export function checkInvariant(r: Report): InvariantResult {
  const left = r.carriedOver + r.received.total + r.transferredIn;
  const right = r.completed.total + r.withdrawn + r.transferredOut + r.pendingAtEnd.total;
  return { ok: left === right, left, right, diff: left - right };
}

export type SubtotalLine = 'received' | 'completed' | 'pendingAtEnd';

export interface SubtotalProblem {
  line: SubtotalLine;
  total: number;
  sum: number;
}

/**
 * The totals that must equal the sum of their parts: received by channel, completed by
 * outcome, pending at end by state. Returns only the lines that do not add up.
 */
export function checkSubtotals(r: Report): SubtotalProblem[] {
  const lines: SubtotalProblem[] = [
    { line: 'received', total: r.received.total, sum: r.received.online + r.received.inPerson + r.received.postal },
    { line: 'completed', total: r.completed.total, sum: r.completed.early + r.completed.onTime + r.completed.late },
    {
      line: 'pendingAtEnd',
      total: r.pendingAtEnd.total,
      sum: r.pendingAtEnd.inTime + r.pendingAtEnd.overdue + r.pendingAtEnd.paused,
    },
  ];
  return lines.filter((l) => l.total !== l.sum);
}

/** On-time rate of live "today" figures: (early + onTime) / completed, null when none completed. */
export function onTimeRate(early: number, onTime: number, completed: number): number | null {
  return completed > 0 ? (early + onTime) / completed : null;
}

/** The figures a breakdown row carries, in the order of the breakdown table. */
export const BREAKDOWN_COLUMNS = [
  'carriedOver',
  'received',
  'transferredIn',
  'transferredOut',
  'completed',
  'early',
  'onTime',
  'late',
  'withdrawn',
  'pendingAtEnd',
  'pendingOverdue',
] as const;

export type BreakdownColumn = (typeof BREAKDOWN_COLUMNS)[number];

export function breakdownValue(r: Report, c: BreakdownColumn): number {
  switch (c) {
    case 'carriedOver':
      return r.carriedOver;
    case 'received':
      return r.received.total;
    case 'transferredIn':
      return r.transferredIn;
    case 'transferredOut':
      return r.transferredOut;
    case 'completed':
      return r.completed.total;
    case 'early':
      return r.completed.early;
    case 'onTime':
      return r.completed.onTime;
    case 'late':
      return r.completed.late;
    case 'withdrawn':
      return r.withdrawn;
    case 'pendingAtEnd':
      return r.pendingAtEnd.total;
    case 'pendingOverdue':
      return r.pendingAtEnd.overdue;
  }
}

/** The columns where the rows do not add up to the total (none, for every breakdown this server makes). */
export function breakdownMismatches(rows: readonly Report[], total: Report): { column: BreakdownColumn; sum: number; total: number }[] {
  return BREAKDOWN_COLUMNS.map((column) => ({
    column,
    sum: rows.reduce((s, r) => s + breakdownValue(r, column), 0),
    total: breakdownValue(total, column),
  })).filter((x) => x.sum !== x.total);
}
