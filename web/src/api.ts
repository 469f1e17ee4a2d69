/**
 * Calls to the dashboard server's HTTP API (same origin, session cookie).
 * Errors come back as JSON `{"error": "..."}`; they are turned into ApiError so views
 * can show a readable message, never a raw body.
 */
import type { Translator } from './i18n';
import type {
  AlertAck,
  AlertThresholds,
  OverdueRanking,
  ReportBreakdown,
  AlertHistoryAnswer,
  AlertRulesAnswer,
  AlertRulesSaved,
  AlertSilence,
  AlertsAnswer,
  Bucket,
  CreatedDisplay,
  DisplayInfo,
  ChaseQuery,
  DossierDetail,
  DossierPage,
  DossierSearch,
  Forecast,
  History,
  Me,
  QualityCounts,
  Report,
  SilenceRequest,
  UnitInfo,
} from './types';

export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Reads the server's error message out of a failed response, whatever it holds. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const text = await res.text();
    if (text) {
      try {
        const body: unknown = JSON.parse(text);
        if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
          message = (body as { error: string }).error;
        }
      } catch {
        // Not JSON (a proxy's HTML page, say): keep the status text rather than show markup.
      }
    }
  } catch {
    // Body unreadable: keep the status text.
  }
  return new ApiError(res.status, message);
}

export class Api {
  private readonly fetchFn: FetchLike;
  /** Called on any 401, so the app can show the login form when the session has expired. */
  onUnauthorized: (() => void) | null = null;

  constructor(fetchFn?: FetchLike) {
    this.fetchFn = fetchFn ?? ((input, init) => fetch(input, init));
  }

  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(path, {
        method: 'GET',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) {
      const err = await errorFromResponse(res);
      if (err.status === 401 && this.onUnauthorized) this.onUnauthorized();
      throw err;
    }
    return (await res.json()) as T;
  }

  /**
   * A state-changing call (POST, PUT, DELETE) with an optional JSON body. Same-origin fetch
   * sends the Origin header, which the server checks; an empty answer (204) gives null.
   */
  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T | null> {
    return this.sendText<T>(method, path, body === undefined ? undefined : JSON.stringify(body), signal);
  }

  /** As send, with a body that is already JSON text, sent as it is (an administrator's edit). */
  async sendText<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, json?: string, signal?: AbortSignal): Promise<T | null> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(path, {
        method,
        credentials: 'same-origin',
        headers,
        body: json,
        cache: 'no-store',
        signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) {
      const err = await errorFromResponse(res);
      if (err.status === 401 && this.onUnauthorized) this.onUnauthorized();
      throw err;
    }
    const text = res.status === 204 ? '' : await res.text();
    return text ? (JSON.parse(text) as T) : null;
  }

  me(signal?: AbortSignal): Promise<Me> {
    return this.getJson<Me>('/api/me', signal);
  }

  units(signal?: AbortSignal): Promise<UnitInfo[]> {
    return this.getJson<UnitInfo[]>('/api/units', signal);
  }

  clock(signal?: AbortSignal): Promise<{ asOf: string }> {
    return this.getJson<{ asOf: string }>('/api/clock', signal);
  }

  dossiers(unitId: string, bucket: Bucket, limit = 100, signal?: AbortSignal): Promise<DossierPage> {
    const q = new URLSearchParams({ bucket, limit: String(limit) });
    return this.getJson<DossierPage>(`/api/units/${encodeURIComponent(unitId)}/dossiers?${q}`, signal);
  }

  /** A page of the unit's open dossiers, narrowed as the chase list's filters say (in due order). */
  chase(unitId: string, query: ChaseQuery, signal?: AbortSignal): Promise<DossierPage> {
    return this.getJson<DossierPage>(`/api/units/${encodeURIComponent(unitId)}/dossiers?${chaseParams(query)}`, signal);
  }

  /** How many running dossiers of the subtree turn overdue at the end of each of the next days, with their lists. */
  forecast(unitId: string, days = 7, signal?: AbortSignal): Promise<Forecast> {
    return this.getJson<Forecast>(`/api/units/${encodeURIComponent(unitId)}/forecast?days=${days}`, signal);
  }

  /** One dossier and its timeline; 404 when unknown or not the caller's. */
  dossier(dossierId: string, signal?: AbortSignal): Promise<DossierDetail> {
    return this.getJson<DossierDetail>(`/api/dossiers/${encodeURIComponent(dossierId)}`, signal);
  }

  /** The caller's dossiers whose code is q or ends with it. */
  searchDossiers(q: string, limit = 20, signal?: AbortSignal): Promise<DossierSearch> {
    return this.getJson<DossierSearch>(`/api/dossiers?${new URLSearchParams({ q, limit: String(limit) })}`, signal);
  }

  report(unitId: string, from: string, to: string, signal?: AbortSignal): Promise<Report> {
    const q = new URLSearchParams({ from, to });
    return this.getJson<Report>(`/api/units/${encodeURIComponent(unitId)}/report?${q}`, signal);
  }

  history(unitId: string, from: string, to: string, signal?: AbortSignal): Promise<History> {
    const q = new URLSearchParams({ from, to });
    return this.getJson<History>(`/api/units/${encodeURIComponent(unitId)}/history?${q}`, signal);
  }

  /** The alert rules on a unit's progress score (anyone who sees the unit, wall displays too). */
  alertThresholds(unitId: string, signal?: AbortSignal): Promise<AlertThresholds> {
    return this.getJson<AlertThresholds>(`/api/alerts/thresholds?${new URLSearchParams({ unit: unitId })}`, signal);
  }

  /** The units below with the most overdue in a month (default: this one), and the change against the month before. */
  overdueRanking(unitId: string, month: string | null, limit: number, signal?: AbortSignal): Promise<OverdueRanking> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (month) q.set('month', month);
    return this.getJson<OverdueRanking>(`/api/units/${encodeURIComponent(unitId)}/overdue-ranking?${q}`, signal);
  }

  /** The period report broken down by child unit or by field (lĩnh vực). */
  reportBreakdown(unitId: string, by: 'unit' | 'field', from: string, to: string, signal?: AbortSignal): Promise<ReportBreakdown> {
    const q = new URLSearchParams({ by, from, to });
    return this.getJson<ReportBreakdown>(`/api/units/${encodeURIComponent(unitId)}/report/breakdown?${q}`, signal);
  }

  quality(signal?: AbortSignal): Promise<QualityCounts> {
    return this.getJson<QualityCounts>('/api/quality', signal);
  }

  displays(signal?: AbortSignal): Promise<DisplayInfo[]> {
    return this.getJson<DisplayInfo[]>('/api/displays', signal);
  }

  /** @param expiresInDays leave out: valid until revoked */
  async createDisplay(name: string, units: string[], signal?: AbortSignal, expiresInDays?: number): Promise<CreatedDisplay> {
    const body = expiresInDays === undefined ? { name, units } : { name, units, expiresInDays };
    const created = await this.send<CreatedDisplay>('POST', '/api/displays', body, signal);
    if (!created || typeof created.token !== 'string') throw new ApiError(500, 'no token in the answer');
    return created;
  }

  async revokeDisplay(id: string, signal?: AbortSignal): Promise<void> {
    await this.send<unknown>('DELETE', `/api/displays/${encodeURIComponent(id)}`, undefined, signal);
  }

  /** The firing alerts of the caller's units (wall displays may read them too). */
  alerts(signal?: AbortSignal): Promise<AlertsAnswer> {
    return this.getJson<AlertsAnswer>('/api/alerts', signal);
  }

  /** Records who acknowledged a firing alert; 403 for a wall display, 404 once it stopped firing. */
  ackAlert(alertId: string, signal?: AbortSignal): Promise<AlertAck | null> {
    return this.send<AlertAck>('POST', `/api/alerts/${encodeURIComponent(alertId)}/ack`, undefined, signal);
  }

  /** Silences a rule (or every rule) on a unit's subtree for some minutes. */
  silenceAlerts(body: SilenceRequest, signal?: AbortSignal): Promise<AlertSilence | null> {
    return this.send<AlertSilence>('POST', '/api/alerts/silences', body, signal);
  }

  /** The alert rule set in force, who published it and when (administrators only). */
  alertRules(signal?: AbortSignal): Promise<AlertRulesAnswer> {
    return this.getJson<AlertRulesAnswer>('/api/alert-rules', signal);
  }

  /**
   * Publishes a rule set, the editor's text unchanged. The server validates it first: a 400
   * names the rule and the problem, and the running rules stay in force.
   */
  async putAlertRules(text: string, signal?: AbortSignal): Promise<AlertRulesSaved> {
    const saved = await this.sendText<AlertRulesSaved>('PUT', '/api/alert-rules', text, signal);
    if (!saved || typeof saved.rules !== 'number') throw new ApiError(500, 'no rule count in the answer');
    return saved;
  }

  /** Alert state changes of the caller's units in [from, to] (503 when the history database is down). */
  alertHistory(from: string, to: string, signal?: AbortSignal): Promise<AlertHistoryAnswer> {
    const q = new URLSearchParams({ from, to });
    return this.getJson<AlertHistoryAnswer>(`/api/alerts/history?${q}`, signal);
  }
}

/** The query string of a chase-list page: only what narrows it, in a fixed order. */
export function chaseParams(q: ChaseQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.bucket) p.set('bucket', q.bucket);
  if (q.field) p.set('field', q.field);
  if (q.apology !== null && q.apology !== undefined) p.set('apology', String(q.apology));
  if (q.minDaysOverdue) p.set('minDaysOverdue', String(q.minDaysOverdue));
  p.set('limit', String(q.limit));
  p.set('offset', String(q.offset));
  return p;
}

/** The period report as CSV (a plain link: the browser downloads it with the session cookie). */
export function reportXlsxUrl(unitId: string, from: string, to: string): string {
  return `/api/units/${encodeURIComponent(unitId)}/report.xlsx?${new URLSearchParams({ from, to })}`;
}

export function reportCsvUrl(unitId: string, from: string, to: string): string {
  return `/api/units/${encodeURIComponent(unitId)}/report.csv?${new URLSearchParams({ from, to })}`;
}

/**
 * The full address a kiosk browser opens: `<origin>/display/<token>`. Built from the token
 * (the server's `url` may carry another origin when called through a proxy); the server's
 * `url` is used only when no token came back.
 */
export function kioskUrl(origin: string, created: { token?: string | null; url?: string | null }): string {
  const base = origin.replace(/\/+$/, '');
  if (created.token) return `${base}/display/${encodeURIComponent(created.token)}`;
  if (created.url) {
    try {
      return new URL(created.url, `${base}/`).toString();
    } catch {
      return created.url;
    }
  }
  return '';
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** A message a person can read, for any error an API call may throw. */
export function errorMessage(e: unknown, t: Translator): string {
  if (e instanceof ApiError) {
    switch (e.status) {
      case 0:
        return t('errorNetwork');
      case 400:
        return t('errorBadRequest', { message: e.message });
      case 403:
        return t('errorForbidden');
      case 404:
        return t('errorNotFound', { message: e.message });
      case 503:
        return t('errorUnavailable');
      default:
        return t('errorOther', { status: e.status, message: e.message });
    }
  }
  return t('errorOther', { status: '?', message: e instanceof Error ? e.message : String(e) });
}
