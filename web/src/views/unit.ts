/**
 * Unit view (#/unit/<id>): the unit's live figures, its children (if any), a breadcrumb
 * to its parents, the active alerts of its subtree (with acknowledge and silence for people
 * who may act), and the dossiers to chase: overdue, then due soon, then paused.
 */
import { mayActOnAlerts, UNIT_ALERT_ROWS } from '../alerts';
import { errorMessage, isAbort } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { DASH, daysOverdue, formatDateTime, formatNumber } from '../format';
import type { MessageKey } from '../i18n';
import { alertsHref, overviewHref, reportHref, unitHref } from '../router';
import type { Bucket, Dossier, DossierPage } from '../types';
import { inScope } from '../units';
import { alertsSection } from './alerts';
import type { AppContext, View } from './context';
import { BUCKET_STYLE, bigNumbers, unitTable } from './figures';
import { historyPanel } from './history';

/** The buckets worth chasing, in the order a chief works through them. */
export const CHASE_BUCKETS: readonly Bucket[] = ['overdue', 'dueSoon', 'paused'];
const LIMIT = 100;
/** The list is refetched this often, and sooner (but not more often than MIN_REFETCH_MS) when counts move. */
const REFETCH_MS = 30_000;
const MIN_REFETCH_MS = 10_000;

export function breadcrumb(ctx: AppContext, unitId: string): HTMLElement {
  const { t, registry, me } = ctx;
  const chain = registry.ancestry(unitId);
  const items: HTMLElement[] = [h('li', null, h('a', { href: overviewHref() }, t('overview')))];
  chain.forEach((id, i) => {
    const last = i === chain.length - 1;
    // Parents outside the user's scope are shown as plain text: opening them would be refused.
    const clickable = !last && inScope(id, me.scope, registry);
    items.push(
      h(
        'li',
        last ? { 'aria-current': 'page' } : null,
        clickable ? h('a', { href: unitHref(id) }, registry.name(id)) : registry.name(id),
      ),
    );
  });
  return h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb'), testid: 'breadcrumb' }, h('ol', null, ...items));
}

export function unitView(container: HTMLElement, ctx: AppContext, unitId: string): View {
  const { t, lang, registry, api } = ctx;
  if (!registry.has(unitId)) {
    container.append(
      h(
        'div',
        { class: 'page' },
        h('p', { class: 'error', role: 'alert', testid: 'error' }, t('unknownUnit', { unitId })),
        h('a', { href: overviewHref() }, t('backToOverview')),
      ),
    );
    return { destroy() {} };
  }
  const children = registry.children(unitId).map((u) => u.unitId);
  const big = bigNumbers(ctx, unitId);
  const table = children.length > 0 ? unitTable(ctx, children) : null;
  const history = historyPanel(ctx, unitId);
  const alerts = alertsSection(ctx, {
    root: unitId,
    canAct: mayActOnAlerts(ctx.me.role),
    links: true,
    maxRows: UNIT_ALERT_ROWS,
    moreHref: alertsHref(),
  });

  const dossierBox = h('div', { class: 'dossiers-body' }, h('p', { class: 'loading' }, t('loading')));
  const dossierStatus = h('p', { class: 'dossier-status', testid: 'dossier-status', 'aria-live': 'polite' });
  const refreshButton = h('button', { type: 'button', class: 'secondary', onclick: () => void loadDossiers() }, t('refresh'));

  container.append(
    h(
      'div',
      { class: 'page unit' },
      breadcrumb(ctx, unitId),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { testid: 'unit-title' }, registry.name(unitId)),
        h('div', { class: 'page-links' }, h('a', { href: reportHref(unitId), class: 'button-link' }, t('report'))),
      ),
      big.el,
      alerts.el,
      table ? h('section', { class: 'panel' }, h('h2', null, t('childUnits')), table.el) : null,
      history.el,
      h(
        'section',
        { class: 'panel dossiers' },
        h('div', { class: 'panel-head' }, h('h2', null, t('dossiersToChase')), refreshButton),
        dossierStatus,
        dossierBox,
      ),
    ),
  );

  let controller: AbortController | null = null;
  let lastFetch = 0;
  let fetchedCounts = '';
  let destroyed = false;

  const countsKey = () => {
    const f = ctx.live.figures.get(unitId);
    return f ? `${f.pending.overdue}/${f.pending.dueSoon}/${f.pending.paused}/${f.pending.overdueWithoutApology}` : '';
  };

  async function loadDossiers(): Promise<void> {
    controller?.abort();
    const c = new AbortController();
    controller = c;
    lastFetch = Date.now();
    fetchedCounts = countsKey();
    try {
      const pages = await Promise.all(CHASE_BUCKETS.map((b) => api.dossiers(unitId, b, LIMIT, c.signal)));
      if (destroyed || c.signal.aborted) return;
      renderDossiers(pages);
    } catch (e) {
      if (isAbort(e) || destroyed) return;
      replaceChildren(dossierBox, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
    }
  }

  function renderDossiers(pages: DossierPage[]): void {
    // "Now" for days overdue is the job's now (asOf), like the buckets themselves.
    const now = ctx.live.asOf ?? Date.now();
    const notes: string[] = [];
    const items: Dossier[] = [];
    pages.forEach((p, i) => {
      const bucket = CHASE_BUCKETS[i] as Bucket;
      items.push(...p.items);
      if (p.total > p.items.length) {
        notes.push(t('shownOf', { shown: formatNumber(p.items.length, lang), total: formatNumber(p.total, lang), bucket: t(bucket).toLowerCase() }));
      }
    });
    setText(dossierStatus, notes.join(' '));
    if (items.length === 0) {
      replaceChildren(dossierBox, h('p', { class: 'notice', testid: 'no-dossiers' }, t('noDossiers')));
      return;
    }
    const showUnit = children.length > 0;
    const heads: MessageKey[] = ['colCode', 'colStatus'];
    if (showUnit) heads.push('colHoldingUnit');
    heads.push('colField', 'colChannel', 'colReceived', 'colDue', 'colDaysOverdue', 'colApology');
    const rows = items.map((d) => {
      const style = BUCKET_STYLE[d.bucket === 'inTime' ? 'inTime' : d.bucket] ?? BUCKET_STYLE.inTime;
      const days = d.bucket === 'overdue' ? daysOverdue(d.dueAt, now) : 0;
      const channelKey = `channel${d.channel}` as MessageKey;
      const channel = ['ONLINE', 'IN_PERSON', 'POSTAL'].includes(d.channel) ? t(channelKey) : d.channel;
      return h(
        'tr',
        { testid: `dossier-row-${d.dossierId}`, class: `bucket-${d.bucket}` },
        h('td', { class: 'code', testid: 'cell-dossierId' }, d.dossierId),
        h(
          'td',
          { class: `status ${style.cls}`, testid: 'cell-bucket' },
          h('span', { class: 'glyph', 'aria-hidden': 'true' }, style.glyph),
          ' ',
          t(d.bucket),
        ),
        showUnit ? h('td', { testid: 'cell-unit' }, h('a', { href: unitHref(d.unitId) }, registry.name(d.unitId))) : null,
        h('td', { testid: 'cell-field' }, d.field),
        h('td', { testid: 'cell-channel' }, channel),
        h('td', { class: 'num', testid: 'cell-receivedAt' }, formatDateTime(d.receivedAt, lang)),
        h('td', { class: 'num', testid: 'cell-dueAt' }, formatDateTime(d.dueAt, lang)),
        h('td', { class: `num${days > 0 ? ' alert-overdue' : ''}`, testid: 'cell-daysOverdue' }, days > 0 ? formatNumber(days, lang) : DASH),
        h(
          'td',
          { class: d.apologyIssued ? 'apology-yes' : d.bucket === 'overdue' ? 'apology-no alert-overdue' : 'apology-no', testid: 'cell-apology' },
          d.apologyIssued ? `✓ ${t('apologySent')}` : `✗ ${t('apologyNotSent')}`,
        ),
      );
    });
    replaceChildren(
      dossierBox,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'dossier-table', testid: 'dossier-table' },
          h('thead', null, h('tr', null, ...heads.map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', null, ...rows),
        ),
      ),
    );
  }

  const render = () => {
    big.update();
    table?.update();
    // Counts moved (a dossier turned overdue, one was completed): refresh the list soon.
    const key = countsKey();
    if (key && key !== fetchedCounts && Date.now() - lastFetch > MIN_REFETCH_MS) void loadDossiers();
  };
  const off = ctx.live.on((e) => {
    if (e.kind === 'snapshot' || e.kind === 'update') render();
  });
  const timer = setInterval(() => void loadDossiers(), REFETCH_MS);
  ctx.live.subscribe({ subtree: { unitId, depth: 1 } });
  ctx.refreshStatus();
  big.update();
  table?.update();
  void loadDossiers();

  return {
    destroy() {
      destroyed = true;
      off();
      clearInterval(timer);
      controller?.abort();
      history.destroy();
      alerts.destroy();
    },
  };
}
