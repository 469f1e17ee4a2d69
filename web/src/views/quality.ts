/**
 * Data-quality panel of the overview, for administrators: the running totals of refused
 * records by reason, duplicates and late events (`GET /api/quality`). Collapsed by default
 * (a <details>); the summary line carries the totals, and the choice is remembered.
 */
import { errorMessage, isAbort } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { formatDateTime, formatNumber } from '../format';
import { qualityRows, reasonTestId, type QualityRow } from '../quality';
import type { AppContext } from './context';
import type { Panel } from './history';

const REFRESH_MS = 60_000;
const OPEN_KEY = 'sla.qualityOpen';

function storedOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}

function storeOpen(open: boolean): void {
  try {
    localStorage.setItem(OPEN_KEY, open ? '1' : '0');
  } catch {
    // Storage unavailable: the panel starts closed next time.
  }
}

export function qualityPanel(ctx: AppContext): Panel {
  const { t, lang, api } = ctx;
  const summaryText = h('span', { class: 'quality-summary', testid: 'quality-summary' }, t('loading'));
  const body = h('div', { class: 'quality-body' });
  const el = h(
    'details',
    { class: 'panel quality-panel', testid: 'quality-panel' },
    h('summary', { testid: 'quality-toggle' }, h('span', { class: 'quality-title' }, t('qualityTitle')), ' ', summaryText),
    body,
  );
  (el as HTMLDetailsElement).open = storedOpen();
  el.addEventListener('toggle', () => storeOpen((el as HTMLDetailsElement).open));

  let controller = new AbortController();
  let destroyed = false;

  const row = (r: QualityRow) =>
    h(
      'tr',
      { testid: reasonTestId(r.reason), class: r.count > 0 ? 'has-count' : undefined },
      h('th', { scope: 'row', testid: 'cell-reason' }, r.label ? t(r.label) : t('qualityUnknown')),
      h('td', { class: 'code', testid: 'cell-code' }, r.reason),
      h('td', { class: 'num', testid: 'cell-count' }, formatNumber(r.count, lang)),
    );

  const section = (title: string, rows: QualityRow[]) => [
    h('tr', { class: 'quality-group' }, h('th', { scope: 'colgroup', colspan: 3 }, title)),
    ...rows.map(row),
  ];

  async function load(): Promise<void> {
    controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const answer = await api.quality(signal);
      if (destroyed || signal.aborted) return;
      const q = qualityRows(answer.counts);
      const count = (reason: string) => q.rows.find((r) => r.reason === reason)?.count ?? 0;
      setText(
        summaryText,
        t('qualitySummary', {
          rejected: formatNumber(q.rejected, lang),
          duplicate: formatNumber(count('duplicate'), lang),
          late: formatNumber(count('late'), lang),
        }),
      );
      el.dataset.rejected = String(q.rejected);
      replaceChildren(
        body,
        h(
          'table',
          { class: 'quality-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('qualityReason')),
              h('th', { scope: 'col' }, t('qualityCode')),
              h('th', { scope: 'col', class: 'num' }, t('qualityCount')),
            ),
          ),
          h(
            'tbody',
            null,
            ...section(t('qualityRejected'), q.rows.filter((r) => r.group === 'rejected')),
            ...section(t('qualityOther'), q.rows.filter((r) => r.group === 'other')),
          ),
        ),
        answer.asOf ? h('p', { class: 'hint' }, t('qualityAsOf', { time: formatDateTime(answer.asOf, lang, true) })) : null,
      );
    } catch (e) {
      if (isAbort(e) || destroyed) return;
      setText(summaryText, `⚠ ${errorMessage(e, t)}`);
      // Not `error`: a failing history database must not look like a broken overview.
      replaceChildren(body, h('p', { class: 'error', role: 'alert', testid: 'quality-error' }, errorMessage(e, t)));
    }
  }

  const timer = setInterval(() => void load(), REFRESH_MS);
  void load();

  return {
    el,
    destroy() {
      destroyed = true;
      clearInterval(timer);
      controller.abort();
    },
  };
}
