/**
 * A small hash router: `#/` overview, `#/unit/<unitId>`, `#/report/<unitId>?from=&to=`.
 * Pure parsing and building, so it is tested without a browser.
 */

export type Route =
  | { name: 'overview'; root: string | null }
  | { name: 'unit'; unitId: string }
  | { name: 'report'; unitId: string; from: string | null; to: string | null }
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
  const unitId = id !== undefined ? decode(id) : null;
  if (rest.length === 0 && unitId) {
    if (head === 'unit') return { name: 'unit', unitId };
    if (head === 'report') return { name: 'report', unitId, from: query.get('from'), to: query.get('to') };
  }
  return { name: 'notFound', path };
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
