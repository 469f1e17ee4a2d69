/**
 * Pure formatting of figures, rates, dates and date-times for display.
 *
 * Every formatter takes the language explicitly and uses an explicit locale
 * ('vi-VN' / 'en-GB') and, for instants, the deployment's time zone
 * (Asia/Ho_Chi_Minh), so the output never depends on the browser's settings:
 * a screen in a browser set to UTC still shows Vietnamese local time.
 */

export type Lang = 'vi' | 'en';

/** The time zone all "local date" computations use (sla-rules.md). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Placeholder shown for a figure that is not known (yet). */
export const DASH = '—';

// Intl objects are costly to build; a wall display re-renders every few hundred ms.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(lang: Lang, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${lang}|${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], options);
    cache.set(k, f);
  }
  return f;
}

function dateFormat(lang: Lang, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${lang}|${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], options);
    cache.set(k, f);
  }
  return f;
}

function isFiniteNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** A count: 10.807 (vi) / 10,807 (en). */
export function formatNumber(n: number | null | undefined, lang: Lang): string {
  if (!isFiniteNumber(n)) return DASH;
  return numberFormat(lang, 'int', { maximumFractionDigits: 0 }).format(n);
}

/** A number with a fixed count of decimals: 19,85 (vi) / 19.85 (en). */
export function formatDecimal(n: number | null | undefined, lang: Lang, digits = 2): string {
  if (!isFiniteNumber(n)) return DASH;
  return numberFormat(lang, `dec${digits}`, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/**
 * A rate given as a fraction (0.3372) shown as a percentage: 33,72% (vi) / 33.72% (en).
 * Intl's percent style scales by 100 in decimal, avoiding 0.0207 * 100 = 2.0699999….
 */
export function formatRate(fraction: number | null | undefined, lang: Lang, digits = 2): string {
  if (!isFiniteNumber(fraction)) return DASH;
  return numberFormat(lang, `pct${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/** count / denominator as a fraction, or null when the denominator is 0 (no rate to show). */
export function ratio(count: number, denominator: number): number | null {
  return denominator > 0 ? count / denominator : null;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses an ISO-8601 date-time with offset ("2023-10-15T08:12:00+07:00", fractions and
 * 'Z' allowed) into epoch milliseconds; null when it cannot be read.
 */
export function parseInstant(value: string | null | undefined): number | null {
  if (!value) return null;
  // Date.parse only promises millisecond fractions; Java may send up to nanoseconds.
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

function partsOf(f: Intl.DateTimeFormat, ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) out[p.type] = p.value;
  return out;
}

// Both locales give dd/mm/yyyy, but vi-VN puts the time before the date ("08:12
// 15/10/2023"); the parts are assembled by hand so both read "15/10/2023 08:12".
const DATE_PARTS: Intl.DateTimeFormatOptions = {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
};
const DATE_TIME_PARTS: Intl.DateTimeFormatOptions = {
  ...DATE_PARTS,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/**
 * A date: 15/10/2023. A plain local date ("2023-10-15") is shown as it is; an instant
 * is shown as its date in Asia/Ho_Chi_Minh.
 */
export function formatDate(value: string | number | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return DASH;
  if (typeof value === 'string') {
    const m = LOCAL_DATE.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const ms = toMillis(value);
  if (ms === null) return DASH;
  const p = partsOf(dateFormat(lang, 'date', DATE_PARTS), ms);
  return `${p.day}/${p.month}/${p.year}`;
}

/** A date-time, 24-hour, in Asia/Ho_Chi_Minh: 15/10/2023 08:12 (or 08:12:05 with seconds). */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  lang: Lang,
  withSeconds = false,
): string {
  const ms = toMillis(value);
  if (ms === null) return DASH;
  const p = partsOf(dateFormat(lang, 'datetime', DATE_TIME_PARTS), ms);
  // Some engines render midnight as "24" even with h23; normalise.
  const hour = p.hour === '24' ? '00' : p.hour;
  const time = withSeconds ? `${hour}:${p.minute}:${p.second}` : `${hour}:${p.minute}`;
  return `${p.day}/${p.month}/${p.year} ${time}`;
}

/** A time of day, 24-hour, in Asia/Ho_Chi_Minh: 08:12. */
export function formatTime(value: string | number | Date | null | undefined, lang: Lang): string {
  const ms = toMillis(value);
  if (ms === null) return DASH;
  const p = partsOf(dateFormat(lang, 'datetime', DATE_TIME_PARTS), ms);
  return `${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

function toMillis(value: string | number | Date | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return parseInstant(value);
}

/** The local date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function localDateOf(value: string | number | Date): string | null {
  const ms = toMillis(value);
  if (ms === null) return null;
  const p = partsOf(dateFormat('en', 'iso', DATE_PARTS), ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The first day of the month of a local date: 2023-10-15 → 2023-10-01. */
export function firstDayOfMonth(localDate: string): string {
  return `${localDate.slice(0, 8)}01`;
}

/** A local date n days after (before, if negative) another: 2026-03-01 - 1 → 2026-02-28. */
export function addDays(localDate: string, n: number): string {
  const m = LOCAL_DATE.exec(localDate);
  if (!m) return localDate;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The period from the first day of the month to `today`, both included (month to date). */
export function monthToDate(today: string): { from: string; to: string } {
  return { from: firstDayOfMonth(today), to: today };
}

/** The last `n` days up to and including `today`: 30 days to 2026-11-22 is 2026-10-24 … 2026-11-22. */
export function lastNDays(today: string, n: number): { from: string; to: string } {
  return { from: addDays(today, -(Math.max(1, Math.floor(n)) - 1)), to: today };
}

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Calendar days from local date a to local date b (b - a); both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  const pa = LOCAL_DATE.exec(a);
  const pb = LOCAL_DATE.exec(b);
  if (!pa || !pb) return NaN;
  const ua = Date.UTC(Number(pa[1]), Number(pa[2]) - 1, Number(pa[3]));
  const ub = Date.UTC(Number(pb[1]), Number(pb[2]) - 1, Number(pb[3]));
  return Math.round((ub - ua) / 86_400_000);
}

/**
 * Days a pending dossier is overdue at "now": local date of now minus local date of its
 * due time (sla-rules.md judges by date, not time of day); 0 when not overdue.
 */
export function daysOverdue(dueAt: string, now: string | number | Date): number {
  const due = localDateOf(dueAt);
  const today = localDateOf(now);
  if (!due || !today) return 0;
  return Math.max(0, daysBetween(due, today));
}
