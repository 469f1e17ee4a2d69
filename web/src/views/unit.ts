/**
 * Unit view (#/unit/<id>): the unit's live figures, its children (if any), a breadcrumb
 * to its parents, the active alerts of its subtree (with acknowledge and silence for people
 * who may act). First of all the dossiers to chase, in due order, with filters (bucket, field, days
 * overdue, apology), paging and "overdue without apology" as one click; then the forecast of the
 * next days with the list behind each.
 */
import { mayActOnAlerts, UNIT_ALERT_ROWS } from '../alerts';
import { errorMessage, isAbort } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { chaseQuery, type ChaseFilters, FIRST_DUTY, firstForecastDay, isFirstDuty, isFirstDutyFilter, lastPage, NO_FILTERS, optionalText, shownRange } from '../chase';
import { DASH, daysOverdue, formatDate, formatDateTime, formatNumber } from '../format';
import type { MessageKey } from '../i18n';
import { alertsHref, dossierHref, overviewHref, reportHref, unitHref } from '../router';
import type { Bucket, Dossier, DossierPage, Forecast } from '../types';
import { inScope } from '../units';
import { alertsSection } from './alerts';
import type { AppContext, View } from './context';
import { BUCKET_STYLE, bigNumbers, unitTable } from './figures';
import { historyPanel } from './history';

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
  const refreshButton = h('button', { type: 'button', class: 'secondary', onclick: () => void loadAll() }, t('refresh'));

  // The chase list: filters, the first duty as one click, paging; rows in due order from the server.
  let filters: ChaseFilters = { ...NO_FILTERS };
  const knownFields = new Set<string>();
  const bucketSelect = h('select', { testid: 'filter-bucket', name: 'bucket' },
    h('option', { value: '' }, t('filterAll')),
    ...(['overdue', 'dueSoon', 'paused', 'inTime'] as Bucket[]).map((b) => h('option', { value: b }, t(b)))) as HTMLSelectElement;
  const fieldSelect = h('select', { testid: 'filter-field', name: 'field' }, h('option', { value: '' }, t('filterAll'))) as HTMLSelectElement;
  const minDaysInput = h('input', { type: 'number', min: '0', step: '1', value: '0', class: 'days-input', testid: 'filter-min-days', name: 'minDaysOverdue' }) as HTMLInputElement;
  const apologySelect = h('select', { testid: 'filter-apology', name: 'apology' },
    h('option', { value: '' }, t('filterAll')),
    h('option', { value: 'true' }, t('apologySent')),
    h('option', { value: 'false' }, t('apologyNotSent'))) as HTMLSelectElement;
  const firstDutyButton = h('button', { type: 'button', class: 'first-duty-button', testid: 'first-duty', onclick: () => setFilters({ ...FIRST_DUTY }) });
  const resetButton = h('button', { type: 'button', class: 'secondary', testid: 'filter-reset', onclick: () => setFilters({ ...NO_FILTERS }) }, t('filterReset'));
  const prevButton = h('button', { type: 'button', class: 'secondary', testid: 'page-prev', onclick: () => setFilters({ ...filters, page: filters.page - 1 }) }, t('pagePrev')) as HTMLButtonElement;
  const nextButton = h('button', { type: 'button', class: 'secondary', testid: 'page-next', onclick: () => setFilters({ ...filters, page: filters.page + 1 }) }, t('pageNext')) as HTMLButtonElement;
  const pageLabel = h('span', { class: 'page-label', testid: 'page-label' });
  const readFilters = () =>
    setFilters({
      bucket: (bucketSelect.value || null) as Bucket | null,
      field: optionalText(fieldSelect.value),
      minDaysOverdue: Math.max(0, Math.floor(Number(minDaysInput.value) || 0)),
      apology: apologySelect.value === '' ? null : apologySelect.value === 'true',
      page: 0,
    });
  for (const el of [bucketSelect, fieldSelect, apologySelect, minDaysInput]) el.addEventListener('change', readFilters);
  const label = (text: string, el: HTMLElement) => h('label', { class: 'filter' }, h('span', null, text), el);
  const filterBar = h('div', { class: 'chase-filters', testid: 'chase-filters' },
    firstDutyButton,
    label(t('filterBucket'), bucketSelect),
    label(t('filterField'), fieldSelect),
    label(t('filterMinDays'), minDaysInput),
    label(t('filterApology'), apologySelect),
    resetButton);
  const pager = h('div', { class: 'pager' }, prevButton, pageLabel, nextButton);

  const forecast = forecastPanel(ctx, unitId, children.length > 0);

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
      h(
        'section',
        { class: 'panel dossiers', testid: 'chase-panel' },
        h('div', { class: 'panel-head' }, h('h2', null, t('dossiersToChase')), refreshButton),
        filterBar,
        dossierStatus,
        dossierBox,
        pager,
      ),
      forecast.el,
      big.el,
      alerts.el,
      table ? h('section', { class: 'panel' }, h('h2', null, t('childUnits')), table.el) : null,
      history.el,
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

  function showFilters(): void {
    bucketSelect.value = filters.bucket ?? '';
    fieldSelect.value = filters.field ?? '';
    minDaysInput.value = String(filters.minDaysOverdue);
    apologySelect.value = filters.apology === null ? '' : String(filters.apology);
    firstDutyButton.classList.toggle('active', isFirstDutyFilter(filters));
    firstDutyButton.setAttribute('aria-pressed', String(isFirstDutyFilter(filters)));
  }

  function setFilters(f: ChaseFilters): void {
    filters = { ...f, page: Math.max(0, f.page) };
    showFilters();
    void loadDossiers();
  }

  function addFields(items: readonly Dossier[]): void {
    let added = false;
    for (const d of items) {
      if (d.field && !knownFields.has(d.field)) {
        knownFields.add(d.field);
        added = true;
      }
    }
    if (!added) return;
    const chosen = fieldSelect.value;
    replaceChildren(fieldSelect, h('option', { value: '' }, t('filterAll')), ...[...knownFields].sort().map((f) => h('option', { value: f }, f)));
    fieldSelect.value = chosen;
  }

  function updateFirstDuty(): void {
    const f = ctx.live.figures.get(unitId);
    const n = f ? f.pending.overdueWithoutApology : null;
    replaceChildren(firstDutyButton, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '⚑ '), t('chaseFirstDuty'),
      n === null ? null : h('span', { class: 'count', testid: 'first-duty-count' }, formatNumber(n, lang)));
  }

  async function loadAll(): Promise<void> {
    void forecast.load();
    await loadDossiers();
  }

  async function loadDossiers(): Promise<void> {
    controller?.abort();
    const c = new AbortController();
    controller = c;
    lastFetch = Date.now();
    fetchedCounts = countsKey();
    try {
      const page = await api.chase(unitId, chaseQuery(filters), c.signal);
      if (destroyed || c.signal.aborted) return;
      if (page.items.length === 0 && page.total > 0 && filters.page > lastPage(page.total)) {
        // The list shrank under the page shown: show its last page.
        filters = { ...filters, page: lastPage(page.total) };
        void loadDossiers();
        return;
      }
      renderDossiers(page);
    } catch (e) {
      if (isAbort(e) || destroyed) return;
      replaceChildren(dossierBox, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
    }
  }

  function renderDossiers(page: DossierPage): void {
    // "Now" for days overdue is the job's now (asOf), like the buckets themselves.
    const now = ctx.live.asOf ?? Date.now();
    addFields(page.items);
    const range = shownRange(filters.page, page.items.length, page.total);
    setText(pageLabel, t('pageOf', { from: formatNumber(range.from, lang), to: formatNumber(range.to, lang), total: formatNumber(range.total, lang) }));
    prevButton.disabled = filters.page <= 0;
    nextButton.disabled = filters.page >= lastPage(page.total);
    setText(dossierStatus, '');
    const items = page.items;
    if (items.length === 0) {
      replaceChildren(dossierBox, h('p', { class: 'notice', testid: 'no-dossiers' }, t('chaseEmpty')));
      return;
    }
    replaceChildren(dossierBox, dossierTable(ctx, items, children.length > 0, now, 'dossier-table'));
  }
  const render = () => {
    big.update();
    table?.update();
    updateFirstDuty();
    // Counts moved (a dossier turned overdue, one was completed): refresh the list soon.
    const key = countsKey();
    if (key && key !== fetchedCounts && Date.now() - lastFetch > MIN_REFETCH_MS) void loadAll();
  };
  const off = ctx.live.on((e) => {
    if (e.kind === 'snapshot' || e.kind === 'update') render();
  });
  const timer = setInterval(() => void loadAll(), REFETCH_MS);
  ctx.live.subscribe({ subtree: { unitId, depth: 1 } });
  ctx.refreshStatus();
  big.update();
  table?.update();
  updateFirstDuty();
  showFilters();
  void loadAll();

  return {
    destroy() {
      destroyed = true;
      off();
      clearInterval(timer);
      controller?.abort();
      forecast.destroy();
      history.destroy();
      alerts.destroy();
    },
  };
}

/** Dossiers as rows: code (to its page), status, holder, field, channel, dates, days overdue, apology; the first duty marked. */
export function dossierTable(ctx: AppContext, items: readonly Dossier[], showUnit: boolean, now: string | number, testid: string): HTMLElement {
  const { t, lang, registry } = ctx;
  const heads: MessageKey[] = ['colCode', 'colStatus'];
  if (showUnit) heads.push('colHoldingUnit');
  heads.push('colField', 'colChannel', 'colReceived', 'colDue', 'colDaysOverdue', 'colApology');
  const rows = items.map((d) => {
    const style = BUCKET_STYLE[d.bucket === 'inTime' ? 'inTime' : d.bucket] ?? BUCKET_STYLE.inTime;
    const days = d.bucket === 'overdue' ? daysOverdue(d.dueAt, now) : 0;
    const channelKey = `channel${d.channel}` as MessageKey;
    const channel = ['ONLINE', 'IN_PERSON', 'POSTAL'].includes(d.channel) ? t(channelKey) : d.channel;
    const duty = isFirstDuty(d);
    return h(
      'tr',
      { testid: `dossier-row-${d.dossierId}`, class: `bucket-${d.bucket}${duty ? ' first-duty' : ''}`, 'data-first-duty': String(duty) },
      h('td', { class: 'code', testid: 'cell-dossierId' }, h('a', { href: dossierHref(d.dossierId) }, d.dossierId)),
      h(
        'td',
        { class: `status ${style.cls}`, testid: 'cell-bucket' },
        h('span', { class: 'glyph', 'aria-hidden': 'true' }, style.glyph),
        ' ',
        t(d.bucket),
        duty ? h('span', { class: 'duty-badge', testid: 'first-duty-badge', title: t('chaseFirstDuty') }, t('chaseFirstDutyBadge')) : null,
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
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'dossier-table', testid },
      h('thead', null, h('tr', null, ...heads.map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, ...rows),
    ),
  );
}

/** The next days: how many turn overdue at the end of each if nothing is done, and the list behind the day chosen. */
function forecastPanel(ctx: AppContext, unitId: string, showUnit: boolean): { el: HTMLElement; load(): Promise<void>; destroy(): void } {
  const { t, lang, api } = ctx;
  const days = 7;
  const strip = h('div', { class: 'forecast-days', role: 'tablist', testid: 'forecast-days' });
  const list = h('div', { class: 'forecast-list', testid: 'forecast-list' });
  const el = h('section', { class: 'panel forecast', testid: 'forecast' }, h('h2', null, t('forecastTitle', { days })), strip, list);
  let chosen: string | null = null;
  let controller: AbortController | null = null;
  let last: Forecast | null = null;

  function render(f: Forecast): void {
    last = f;
    if (!chosen || !f.days.some((d) => d.date === chosen)) chosen = firstForecastDay(f.days);
    const today = f.days[0]?.date;
    replaceChildren(strip, ...f.days.map((d) =>
      h('button', {
        type: 'button',
        role: 'tab',
        class: `forecast-day${d.date === chosen ? ' active' : ''}${d.becomesOverdue > 0 ? ' has' : ''}`,
        'aria-selected': String(d.date === chosen),
        testid: `forecast-day-${d.date}`,
        'data-count': String(d.becomesOverdue),
        onclick: () => {
          chosen = d.date;
          if (last) render(last);
        },
      },
      h('span', { class: 'forecast-date' }, d.date === today ? `${t('forecastToday')} ${formatDate(d.date, lang)}` : formatDate(d.date, lang)),
      h('span', { class: 'forecast-count', testid: 'forecast-count' }, formatNumber(d.becomesOverdue, lang)))));
    const day = f.days.find((d) => d.date === chosen);
    if (!day) {
      replaceChildren(list);
      return;
    }
    if (day.items.length === 0) {
      replaceChildren(list, h('p', { class: 'notice', testid: 'forecast-none' }, t('forecastNone', { date: formatDate(day.date, lang) })));
      return;
    }
    replaceChildren(list,
      h('h3', null, t('forecastList', { date: formatDate(day.date, lang) })),
      dossierTable(ctx, day.items, showUnit, f.asOf ?? Date.now(), 'forecast-table'));
  }

  return {
    el,
    async load() {
      controller?.abort();
      const c = new AbortController();
      controller = c;
      try {
        const f = await api.forecast(unitId, days, c.signal);
        if (!c.signal.aborted) render(f);
      } catch (e) {
        if (!isAbort(e)) replaceChildren(list, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
      }
    },
    destroy() {
      controller?.abort();
    },
  };
}
