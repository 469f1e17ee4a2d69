/**
 * Calls to the dashboard server's HTTP API (same origin, session cookie).
 * Errors come back as JSON `{"error": "..."}`; they are turned into ApiError so views
 * can show a readable message, never a raw body.
 */
import type { Translator } from './i18n';
import type { Bucket, DossierPage, Me, Report, UnitInfo } from './types';

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

  report(unitId: string, from: string, to: string, signal?: AbortSignal): Promise<Report> {
    const q = new URLSearchParams({ from, to });
    return this.getJson<Report>(`/api/units/${encodeURIComponent(unitId)}/report?${q}`, signal);
  }
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
