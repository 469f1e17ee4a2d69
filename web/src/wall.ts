/**
 * Pure logic of the wall display: overdue share and its colour scale, the two rankings,
 * the treemap tiles and the rotation order. No DOM, no ECharts, so it is unit tested.
 */
import { onTimeRate } from './report';
import type { PendingFigures, UnitFigures } from './types';

/** How many units each ranking lists. */
export const RANK_N = 10;

/** Overdue dossiers as a share of all pending ones; null when nothing is pending. */
export function overdueShare(p: Pick<PendingFigures, 'total' | 'overdue'> | null | undefined): number | null {
  if (!p || !(p.total > 0)) return null;
  return Math.min(1, Math.max(0, p.overdue / p.total));
}

/**
 * Upper bounds (inclusive) of the share classes 1 … 5; class 0 is "no overdue at all",
 * class 6 anything above the last bound. -1 is "nothing pending".
 */
export const SHARE_BOUNDS: readonly number[] = [0.02, 0.05, 0.1, 0.2];

export type ShareBucket = -1 | 0 | 1 | 2 | 3 | 4 | 5;

export function shareBucket(share: number | null): ShareBucket {
  if (share === null || !Number.isFinite(share)) return -1;
  if (share <= 0) return 0;
  for (let i = 0; i < SHARE_BOUNDS.length; i++) {
    if (share <= (SHARE_BOUNDS[i] as number)) return (i + 1) as ShareBucket;
  }
  return 5;
}

/**
 * Sequential, colour-blind-safe scale (ColorBrewer RdPu, 6 classes: light pink to dark
 * purple, lightness falling monotonically), one colour per share class 0 … 5. Grey for
 * "nothing pending". Tiles also carry the overdue count as text: colour is never alone.
 */
export const SHARE_COLOURS: readonly string[] = ['#feebe2', '#fcc5c0', '#fa9fb5', '#f768a1', '#c51b8a', '#7a0177'];
export const NO_PENDING_COLOUR = '#dde1e6';

export function bucketColour(b: ShareBucket): string {
  return b < 0 ? NO_PENDING_COLOUR : (SHARE_COLOURS[b] as string);
}

/** Relative luminance of a #rrggbb colour (WCAG 2). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 0;
  const lin = (c: string) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1] as string) + 0.7152 * lin(m[2] as string) + 0.0722 * lin(m[3] as string);
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const DARK_TEXT = '#111418';
export const LIGHT_TEXT = '#ffffff';

/** Text colour for a tile: whichever of near-black and white contrasts more. */
export function textColourOn(background: string): string {
  return contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}

export interface OverdueRankRow {
  unitId: string;
  name: string;
  overdue: number;
  pending: number;
  share: number | null;
}

function collator(): Intl.Collator {
  return new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
}

/**
 * The units with the most overdue dossiers, at most n, units without any left out. Ties:
 * the higher overdue share first, then by name.
 */
export function rankByOverdue(
  ids: readonly string[],
  figures: ReadonlyMap<string, UnitFigures>,
  nameOf: (id: string) => string,
  n = RANK_N,
): OverdueRankRow[] {
  const c = collator();
  const rows: OverdueRankRow[] = [];
  for (const id of ids) {
    const f = figures.get(id);
    if (!f || f.pending.overdue <= 0) continue;
    rows.push({ unitId: id, name: nameOf(id), overdue: f.pending.overdue, pending: f.pending.total, share: overdueShare(f.pending) });
  }
  return rows
    .sort((a, b) => b.overdue - a.overdue || (b.share ?? 0) - (a.share ?? 0) || c.compare(a.name, b.name))
    .slice(0, Math.max(0, n));
}

export interface RateRankRow {
  unitId: string;
  name: string;
  completed: number;
  /** early + on time */
  inTime: number;
  late: number;
  rate: number;
}

/**
 * The units with the lowest on-time rate today, among those that completed anything
 * (no completion, no rate), at most n. Ties: more late dossiers first, then by name.
 */
export function rankByOnTimeRate(
  ids: readonly string[],
  figures: ReadonlyMap<string, UnitFigures>,
  nameOf: (id: string) => string,
  n = RANK_N,
): RateRankRow[] {
  const c = collator();
  const rows: RateRankRow[] = [];
  for (const id of ids) {
    const f = figures.get(id);
    if (!f) continue;
    const rate = onTimeRate(f.today.early, f.today.onTime, f.today.completed);
    if (rate === null) continue;
    rows.push({
      unitId: id,
      name: nameOf(id),
      completed: f.today.completed,
      inTime: f.today.early + f.today.onTime,
      late: f.today.late,
      rate,
    });
  }
  return rows.sort((a, b) => a.rate - b.rate || b.late - a.late || c.compare(a.name, b.name)).slice(0, Math.max(0, n));
}

export interface Tile {
  id: string;
  name: string;
  /** Area of the tile: pending total, at least the floor so every unit stays visible. */
  value: number;
  pending: number;
  overdue: number;
  share: number | null;
  bucket: ShareBucket;
  children?: Tile[];
}

/**
 * The treemap of every unit below `root` (down to maxDepth levels), sized by pending
 * dossiers and coloured by overdue share. A unit without pending dossiers keeps a small
 * tile (a quarter of an even share of the root's pending, at least 1), and a parent is
 * never smaller than its children together. Units without figures count as zero.
 */
export function treemapTiles(
  root: string,
  childrenOf: (id: string) => readonly string[],
  nameOf: (id: string) => string,
  figures: ReadonlyMap<string, UnitFigures>,
  maxDepth = Number.POSITIVE_INFINITY,
): Tile[] {
  // Count the units first: the floor depends on how many share the area.
  const seen = new Set<string>([root]);
  const walk = (id: string, depth: number, visit: (id: string, depth: number) => void) => {
    if (depth > maxDepth) return;
    for (const child of childrenOf(id)) {
      if (seen.has(child)) continue;
      seen.add(child);
      visit(child, depth);
      walk(child, depth + 1, visit);
    }
  };
  let count = 0;
  let childSum = 0;
  walk(root, 1, (id, depth) => {
    count++;
    if (depth === 1) childSum += figures.get(id)?.pending.total ?? 0;
  });
  if (count === 0) return [];
  const rootTotal = Math.max(figures.get(root)?.pending.total ?? 0, childSum);
  const floor = Math.max(1, rootTotal / (4 * count));

  seen.clear();
  seen.add(root);
  const build = (id: string, depth: number): Tile[] => {
    if (depth > maxDepth) return [];
    const out: Tile[] = [];
    for (const child of childrenOf(id)) {
      if (seen.has(child)) continue;
      seen.add(child);
      const p = figures.get(child)?.pending;
      const pending = p?.total ?? 0;
      const overdue = p?.overdue ?? 0;
      const share = overdueShare(p);
      const kids = build(child, depth + 1);
      const kidsValue = kids.reduce((s, k) => s + k.value, 0);
      const tile: Tile = {
        id: child,
        name: nameOf(child),
        value: Math.max(pending, floor, kidsValue),
        pending,
        overdue,
        share,
        bucket: shareBucket(share),
      };
      if (kids.length > 0) tile.children = kids;
      out.push(tile);
    }
    return out;
  };
  return build(root, 1);
}

/** The units a rotating wall shows in turn: the root first, then its children. */
export function rotationSequence(root: string, children: readonly string[]): string[] {
  return [root, ...children.filter((c) => c !== root)];
}

/** Legend of the share classes, "nothing pending" first; labels are formatted for the language. */
export function shareLegend(formatShare: (fraction: number) => string, noPending: string, none: string): { bucket: ShareBucket; label: string; colour: string }[] {
  const b = SHARE_BOUNDS;
  const pct = (i: number) => formatShare(b[i] as number);
  return [
    { bucket: -1, label: noPending, colour: bucketColour(-1) },
    { bucket: 0, label: none, colour: bucketColour(0) },
    { bucket: 1, label: `≤ ${pct(0)}`, colour: bucketColour(1) },
    { bucket: 2, label: `${pct(0)} – ${pct(1)}`, colour: bucketColour(2) },
    { bucket: 3, label: `${pct(1)} – ${pct(2)}`, colour: bucketColour(3) },
    { bucket: 4, label: `${pct(2)} – ${pct(3)}`, colour: bucketColour(4) },
    { bucket: 5, label: `> ${pct(3)}`, colour: bucketColour(5) },
  ];
}

/** How many rows each ranking shows on a wall at 1920x1080, with its text at 28 px or more. */
export const WALL_RANK_N = 5;

/** A rule on the progress score that applies to the unit (`GET /api/alerts/thresholds`). */
export interface ScoreThreshold {
  ruleId: string;
  name: string;
  severity: string;
  /** Fires at or below this score. */
  fire: number;
  /** Clears at or above this score. */
  clear: number;
}

/**
 * The progress score against the alert thresholds that apply to it: `critical` or `warning`
 * at or below a rule's `fire` (the worst one wins), `near` between a rule's `fire` and its
 * `clear` (about to fire, or not yet cleared), `ok` above them all; `none` without a score or
 * without any rule on it (then no colour says more than the number).
 */
export type ScoreState = 'none' | 'ok' | 'near' | 'warning' | 'critical';

export function progressState(score: number | null | undefined, thresholds: readonly ScoreThreshold[]): ScoreState {
  if (typeof score !== 'number' || !Number.isFinite(score) || thresholds.length === 0) return 'none';
  let state: ScoreState = 'ok';
  const worse = (s: ScoreState) => {
    const order: ScoreState[] = ['none', 'ok', 'near', 'warning', 'critical'];
    if (order.indexOf(s) > order.indexOf(state)) state = s;
  };
  for (const r of thresholds) {
    if (score <= r.fire) worse(r.severity === 'CRITICAL' ? 'critical' : 'warning');
    else if (score < Math.max(r.clear, r.fire)) worse('near');
  }
  return state;
}

/** The threshold the score is shown against: the highest `fire` of the rules (the first one it meets going down). */
export function nearestThreshold(thresholds: readonly ScoreThreshold[]): ScoreThreshold | null {
  let best: ScoreThreshold | null = null;
  for (const r of thresholds) if (!best || r.fire > best.fire) best = r;
  return best;
}

/** One row of `GET /api/units/{id}/overdue-ranking`. */
export interface PeriodRankRow {
  unitId: string;
  /** Overdue in the period: completed late in it plus still overdue at its end. */
  overdue: number;
  /** The same for the previous period (last month). */
  previous: number;
  /** overdue - previous */
  change: number;
}

/** The change against the previous period as shown: "+3", "−2" (a true minus), "0". */
export function formatChange(change: number, format: (n: number) => string): string {
  if (change > 0) return `+${format(change)}`;
  if (change < 0) return `−${format(-change)}`;
  return '0';
}
