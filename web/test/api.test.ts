import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError, errorMessage, kioskUrl, reportCsvUrl } from '../src/api';
import { escapeHtml } from '../src/dom';
import { translator } from '../src/i18n';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('Api', () => {
  it('calls the documented paths with encoded parameters', async () => {
    const calls: string[] = [];
    const api = new Api(async (url) => {
      calls.push(url);
      return json(200, { total: 0, items: [] });
    });
    await api.dossiers('xa-a', 'overdue', 100);
    await api.report('xa-a', '2023-10-01', '2023-10-15');
    expect(calls).toEqual([
      '/api/units/xa-a/dossiers?bucket=overdue&limit=100',
      '/api/units/xa-a/report?from=2023-10-01&to=2023-10-15',
    ]);
  });

  it('turns {"error": …} responses into readable messages', async () => {
    const t = translator('vi');
    const api = new Api(async () => json(400, { error: 'from must not be after to' }));
    const err = await api.report('x', '2023-10-15', '2023-10-01').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect(errorMessage(err, t)).toBe('Yêu cầu không hợp lệ: from must not be after to');
    expect(errorMessage(new ApiError(403, 'forbidden'), t)).toBe('Bạn không có quyền xem đơn vị này.');
    expect(errorMessage(new ApiError(404, 'unknown unit x'), translator('en'))).toBe('Not found: unknown unit x');
    expect(errorMessage(new ApiError(0, 'Failed to fetch'), t)).toBe('Không kết nối được tới máy chủ.');
  });

  it('does not show a non-JSON error body', async () => {
    const api = new Api(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = (await api.me().catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe('Bad Gateway');
  });

  it('reports a 401 so the login form can be shown', async () => {
    const api = new Api(async () => json(401, { error: 'not logged in' }));
    const onUnauthorized = vi.fn();
    api.onUnauthorized = onUnauthorized;
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('maps network failures to status 0', async () => {
    const api = new Api(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.units()).rejects.toMatchObject({ status: 0 });
  });
});

describe('new endpoints', () => {
  it('asks for history, quality and displays on the documented paths', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = new Api(async (url, init) => {
      calls.push({ url, init });
      return json(200, url.includes('displays') ? [] : { days: [], counts: {} });
    });
    await api.history('xa a', '2026-10-24', '2026-11-22');
    await api.quality();
    await api.displays();
    expect(calls.map((c) => c.url)).toEqual([
      '/api/units/xa%20a/history?from=2026-10-24&to=2026-11-22',
      '/api/quality',
      '/api/displays',
    ]);
    expect(calls.every((c) => c.init?.method === 'GET')).toBe(true);
  });

  it('creates a display with a JSON body and revokes it', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = new Api(async (url, init) => {
      calls.push({ url, init });
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return json(201, { id: 'd1', name: 'Phòng họp', units: ['tinh'], token: 'tok_123', url: 'http://x/display/tok_123' });
    });
    const created = await api.createDisplay('Phòng họp', ['tinh']);
    expect(created.token).toBe('tok_123');
    const post = calls[0];
    expect(post?.url).toBe('/api/displays');
    expect(post?.init?.method).toBe('POST');
    expect((post?.init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(post?.init?.body))).toEqual({ name: 'Phòng họp', units: ['tinh'] });
    await api.revokeDisplay('d/1');
    expect(calls[1]?.url).toBe('/api/displays/d%2F1');
    expect(calls[1]?.init?.method).toBe('DELETE');
    expect(calls[1]?.init?.body).toBeUndefined();
  });

  it('turns a refused creation into a readable error', async () => {
    const api = new Api(async () => json(400, { error: 'name is required (at most 100 characters)' }));
    const err = await api.createDisplay('', ['tinh']).catch((e: unknown) => e);
    expect(errorMessage(err, translator('en'))).toBe('Bad request: name is required (at most 100 characters)');
  });

  it('reads the alert rules and puts the editor\'s text unchanged', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = new Api(async (url, init) => {
      calls.push({ url, init });
      if (init?.method === 'PUT') return json(200, { rules: 2, updatedBy: 'admin', updatedAt: '2023-10-15T09:15:00+07:00' });
      return json(200, { rules: null, updatedBy: null, updatedAt: null });
    });
    expect(await api.alertRules()).toEqual({ rules: null, updatedBy: null, updatedAt: null });
    const text = '{ "rules" : [ ]  }\n';
    expect(await api.putAlertRules(text)).toEqual({ rules: 2, updatedBy: 'admin', updatedAt: '2023-10-15T09:15:00+07:00' });
    expect(calls[0]?.url).toBe('/api/alert-rules');
    expect(calls[0]?.init?.method).toBe('GET');
    expect(calls[1]?.url).toBe('/api/alert-rules');
    expect(calls[1]?.init?.method).toBe('PUT');
    expect(calls[1]?.init?.body).toBe(text);
    expect((calls[1]?.init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('gives the server\'s message for refused rules', async () => {
    const api = new Api(async () => json(400, { error: "alert rule 'x': clear (5.0) must not be above fire (1.0)" }));
    await expect(api.putAlertRules('{"rules": []}')).rejects.toMatchObject({
      status: 400,
      message: "alert rule 'x': clear (5.0) must not be above fire (1.0)",
    });
  });

  it('builds the CSV link and the kiosk address', () => {
    expect(reportCsvUrl('huyen-giong-rieng', '2022-12-15', '2023-10-15')).toBe(
      '/api/units/huyen-giong-rieng/report.csv?from=2022-12-15&to=2023-10-15',
    );
    expect(reportCsvUrl('a/b', '2023-10-01', '2023-10-15')).toBe('/api/units/a%2Fb/report.csv?from=2023-10-01&to=2023-10-15');
    expect(kioskUrl('https://sla.example.vn', { token: 'AbC-_9', url: 'http://internal:8080/display/AbC-_9' })).toBe(
      'https://sla.example.vn/display/AbC-_9',
    );
    expect(kioskUrl('https://sla.example.vn/', { url: '/display/x' })).toBe('https://sla.example.vn/display/x');
    expect(kioskUrl('https://sla.example.vn', {})).toBe('');
  });
});

describe('escapeHtml', () => {
  it('neutralises markup in names', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">&\'')).toBe('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#39;');
  });
});
