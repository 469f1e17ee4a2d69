import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError, errorMessage } from '../src/api';
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

describe('escapeHtml', () => {
  it('neutralises markup in names', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">&\'')).toBe('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#39;');
  });
});
