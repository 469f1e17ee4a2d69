/**
 * A small hash router: `#/` overview, `#/unit/<unitId>`, `#/report/<unitId>?from=&to=`,
 * `#/wall[/<unitId>][?rotate=N&lang=vi|en]` wall display, `#/displays` display tokens,
 * `#/alerts[?from=&to=]` active alerts and their history, `#/alert-rules` the alert rules,
 * `#/dossier/<dossierId>` one dossier's timeline, `#/search?q=` dossiers by their code or its end.
 * Pure parsing and building, so it is tested without a browser.
 */

export type Route =
  | { name: 'overview'; root: string | null }
  | { name: 'unit'; unitId: string }
  | { name: 'report'; unitId: string; from: string | null; to: string | null }
  | { name: 'wall'; unitId: string | null; rotateSeconds: number | null; lang: 'vi' | 'en' | null }
  | { name: 'displays' }
  | { name: 'alerts'; from: string | null; to: string | null }
  | { name: 'alertRules' }
  | { name: 'dossier'; dossierId: string }
  | { name: 'search'; q: string }
  | { name: 'notFound'; path: string };

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { name: 'overview', root: query.get('root') };
  const [head, id, ...rest] = parts;
  if (head === 'wall' && rest.length === 0) {
    const wallUnit = id !== undefined ? decode(id) : null;
    if (id === undefined || wallUnit) {
      const l = query.get('lang');
      return { name: 'wall', unitId: wallUnit, rotateSeconds: parseRotate(query.get('rotate')), lang: l === 'vi' || l === 'en' ? l : null };
    }
  }
  if (head === 'displays' && id === undefined) return { name: 'displays' };
  if (head === 'alerts' && id === undefined) return { name: 'alerts', from: query.get('from'), to: query.get('to') };
  if (head === 'alert-rules' && id === undefined) return { name: 'alertRules' };
  if (head === 'search' && id === undefined) return { name: 'search', q: query.get('q') ?? '' };
  const unitId = id !== undefined ? decode(id) : null;
  if (rest.length === 0 && unitId) {
    if (head === 'unit') return { name: 'unit', unitId };
    if (head === 'dossier') return { name: 'dossier', dossierId: unitId };
    if (head === 'report') return { name: 'report', unitId, from: query.get('from'), to: query.get('to') };
  }
  return { name: 'notFound', path };
}

/** Shortest and longest rotation period of the wall display, in seconds. */
export const MIN_ROTATE_S = 10;
export const MAX_ROTATE_S = 3600;

/** `?rotate=N`: seconds between units, clamped to 10 … 3600; null when absent, not a number or 0. */
export function parseRotate(value: string | null): number | null {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  const n = Math.round(Number(value));
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.min(MAX_ROTATE_S, Math.max(MIN_ROTATE_S, n));
}

export function wallHref(unitId?: string | null, rotateSeconds?: number | null): string {
  const base = unitId ? `#/wall/${encodeURIComponent(unitId)}` : '#/wall';
  return rotateSeconds ? `${base}?rotate=${rotateSeconds}` : base;
}

export const DISPLAYS_HREF = '#/displays';

/** The alert rule editor (administrators). */
export const ALERT_RULES_HREF = '#/alert-rules';

/** The alerts page, with the history's period when given (both dates, or neither). */
export function alertsHref(from?: string | null, to?: string | null): string {
  if (!from || !to) return '#/alerts';
  return `#/alerts?${new URLSearchParams({ from, to })}`;
}

export function overviewHref(root?: string | null): string {
  return root ? `#/?root=${encodeURIComponent(root)}` : '#/';
}

export function unitHref(unitId: string): string {
  return `#/unit/${encodeURIComponent(unitId)}`;
}

export function reportHref(unitId: string, from?: string, to?: string): string {
  const base = `#/report/${encodeURIComponent(unitId)}`;
  if (!from || !to) return base;
  return `${base}?${new URLSearchParams({ from, to })}`;
}

/** One dossier's page, with its timeline. */
export function dossierHref(dossierId: string): string {
  return `#/dossier/${encodeURIComponent(dossierId)}`;
}

/** The results of a search by a dossier code or its end. */
export function searchHref(q: string): string {
  return `#/search?${new URLSearchParams({ q: q.trim() })}`;
}
