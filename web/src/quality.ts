/**
 * Data-quality counts (`GET /api/quality`) as rows with their labels: the rejection reasons
 * of the dead-letter topic (RejectReason in sla-core), then duplicates and late events.
 */
import type { MessageKey } from './i18n';

/** Reasons a record is refused, in the order of the pipeline: parsing, then the lifecycle. */
export const REJECT_REASONS = [
  'INVALID_JSON',
  'NOT_AN_OBJECT',
  'MISSING_FIELD',
  'INVALID_VALUE',
  'IN_FUTURE',
  'UNKNOWN_UNIT',
  'NOT_RECEIVED',
  'BEFORE_RECEIVED',
  'SECOND_RECEIVED',
  'PAUSED_WHILE_PAUSED',
  'RESUMED_WHILE_RUNNING',
  'AFTER_WITHDRAWN',
  'AFTER_COMPLETED',
  'RETURNED_BEFORE_COMPLETED',
] as const;

/**
 * Counted, but not refused: repeated events, events later than the tolerance, a due date
 * before receipt (overdue from the start), a change for a day past the retention, and a
 * published figure that failed the job's own invariant check (never expected).
 */
export const OTHER_REASONS = ['duplicate', 'late', 'due_before_received', 'beyond_retention', 'invariant_breach'] as const;

export type KnownReason = (typeof REJECT_REASONS)[number] | (typeof OTHER_REASONS)[number];

export const QUALITY_LABELS: Record<KnownReason, MessageKey> = {
  INVALID_JSON: 'qINVALID_JSON',
  NOT_AN_OBJECT: 'qNOT_AN_OBJECT',
  MISSING_FIELD: 'qMISSING_FIELD',
  INVALID_VALUE: 'qINVALID_VALUE',
  IN_FUTURE: 'qIN_FUTURE',
  UNKNOWN_UNIT: 'qUNKNOWN_UNIT',
  NOT_RECEIVED: 'qNOT_RECEIVED',
  BEFORE_RECEIVED: 'qBEFORE_RECEIVED',
  SECOND_RECEIVED: 'qSECOND_RECEIVED',
  PAUSED_WHILE_PAUSED: 'qPAUSED_WHILE_PAUSED',
  RESUMED_WHILE_RUNNING: 'qRESUMED_WHILE_RUNNING',
  AFTER_WITHDRAWN: 'qAFTER_WITHDRAWN',
  AFTER_COMPLETED: 'qAFTER_COMPLETED',
  RETURNED_BEFORE_COMPLETED: 'qRETURNED_BEFORE_COMPLETED',
  duplicate: 'qduplicate',
  late: 'qlate',
  due_before_received: 'qdue_before_received',
  beyond_retention: 'qbeyond_retention',
  invariant_breach: 'qinvariant_breach',
};

export interface QualityRow {
  /** The reason as the server spells it for known reasons (INVALID_JSON, duplicate), else as received. */
  reason: string;
  count: number;
  /** null for a reason this page does not know yet: shown by its code. */
  label: MessageKey | null;
  group: 'rejected' | 'other';
}

export interface QualitySummary {
  rows: QualityRow[];
  /** All refused records (every reason but the counted-only ones). */
  rejected: number;
  total: number;
}

const CANONICAL = new Map<string, KnownReason>(
  [...REJECT_REASONS, ...OTHER_REASONS].map((r) => [r.toLowerCase(), r] as const),
);

/**
 * Every known reason in a fixed order (0 when absent), then reasons the page does not know,
 * sorted by code. Keys are matched without regard to case (the metric names are lower case).
 */
export function qualityRows(counts: unknown): QualitySummary {
  const byReason = new Map<string, number>();
  if (counts && typeof counts === 'object') {
    for (const [k, v] of Object.entries(counts as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const key = CANONICAL.get(k.toLowerCase()) ?? k;
      byReason.set(key, (byReason.get(key) ?? 0) + v);
    }
  }
  const rows: QualityRow[] = [];
  for (const r of REJECT_REASONS) rows.push({ reason: r, count: byReason.get(r) ?? 0, label: QUALITY_LABELS[r], group: 'rejected' });
  const known = new Set<string>([...REJECT_REASONS, ...OTHER_REASONS]);
  const unknown = [...byReason.keys()].filter((k) => !known.has(k)).sort();
  for (const r of unknown) rows.push({ reason: r, count: byReason.get(r) ?? 0, label: null, group: 'rejected' });
  for (const r of OTHER_REASONS) rows.push({ reason: r, count: byReason.get(r) ?? 0, label: QUALITY_LABELS[r], group: 'other' });
  const rejected = rows.filter((r) => r.group === 'rejected').reduce((s, r) => s + r.count, 0);
  return { rows, rejected, total: rows.reduce((s, r) => s + r.count, 0) };
}

/** A testid-safe form of a reason code (codes from the server are data). */
export function reasonTestId(reason: string): string {
  return `quality-${reason.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}
