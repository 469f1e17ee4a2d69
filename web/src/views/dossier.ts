/**
 * One dossier (#/dossier/<id>): where it stands (holder, bucket or outcome, due date) and its
 * timeline in words, refused events with why; and the results of a search (#/search?q=) by a
 * code or its end, which opens the dossier at once when only one matches.
 */
import { ApiError, errorMessage, isAbort } from '../api';
import { timelineSteps } from '../dossier';
import { h, replaceChildren } from '../dom';
import { formatDateTime, formatNumber } from '../format';
import type { MessageKey } from '../i18n';
import { dossierHref, overviewHref, unitHref } from '../router';
import type { DossierDetail, DossierMatch } from '../types';
import type { AppContext, View } from './context';
import { BUCKET_STYLE } from './figures';

function standing(ctx: AppContext, d: Pick<DossierDetail, 'status' | 'bucket' | 'outcome'>): HTMLElement {
  const { t } = ctx;
  if (d.status === 'OPEN' && d.bucket) {
    const style = BUCKET_STYLE[d.bucket] ?? BUCKET_STYLE.inTime;
    return h('span', { class: `status ${style.cls}`, testid: 'dossier-bucket' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, style.glyph), ' ',
      `${t('statusOPEN')} · ${t(d.bucket)}`);
  }
  const outcome = d.outcome ? ` · ${t(d.outcome)}` : '';
  return h('span', { class: `status outcome-${d.outcome ?? 'none'}`, testid: 'dossier-bucket' }, `${t(`status${d.status}` as MessageKey)}${outcome}`);
}

function unitLink(ctx: AppContext, unitId: string): HTMLElement | string {
  const name = ctx.registry.has(unitId) ? ctx.registry.name(unitId) : unitId;
  return ctx.registry.has(unitId) && ctx.me.role !== 'DISPLAY' ? h('a', { href: unitHref(unitId) }, name) : name;
}

export function dossierView(container: HTMLElement, ctx: AppContext, dossierId: string): View {
  const { t, lang, api, registry } = ctx;
  const body = h('div', { class: 'dossier-body' }, h('p', { class: 'loading' }, t('loading')));
  container.append(
    h('div', { class: 'page dossier' },
      h('div', { class: 'page-head' }, h('h1', { testid: 'dossier-title' }, t('dossierTitle', { id: dossierId }))),
      body));
  const controller = new AbortController();
  api.dossier(dossierId, controller.signal).then((d) => {
    const name = (id: string) => (registry.has(id) ? registry.name(id) : id);
    const steps = timelineSteps(d, name, t, lang, d.asOf ?? ctx.live.asOf ?? Date.now());
    const facts: [MessageKey, HTMLElement | string][] = [
      ['dossierStatus', standing(ctx, d)],
      [d.status === 'OPEN' ? 'dossierHolder' : 'dossierHolderClosed', unitLink(ctx, d.unitId)],
      ['dossierReceivingUnit', unitLink(ctx, d.receivingUnitId)],
      ['colField', d.field],
      ['colChannel', ['ONLINE', 'IN_PERSON', 'POSTAL'].includes(d.channel) ? t(`channel${d.channel}` as MessageKey) : d.channel],
      ['colReceived', formatDateTime(d.receivedAt, lang)],
      ['colDue', formatDateTime(d.dueAt, lang)],
      ['colApology', d.apologyIssued ? `✓ ${t('apologySent')}` : `✗ ${t('apologyNotSent')}`],
    ];
    if (d.procedureCode) facts.splice(4, 0, ['dossierProcedure', d.procedureCode]);
    replaceChildren(
      body,
      h('section', { class: 'panel' },
        h('dl', { class: 'dossier-facts', testid: 'dossier-facts' },
          ...facts.flatMap(([k, v]) => [h('dt', null, t(k)), h('dd', { testid: `fact-${k}` }, v)]))),
      h('section', { class: 'panel' },
        h('h2', null, t('dossierTimeline')),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'timeline-table', testid: 'timeline' },
            h('thead', null, h('tr', null, ...(['colTime', 'colEvent', 'colNote'] as MessageKey[]).map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', null, ...steps.map((s) =>
              h('tr', { class: s.applied ? `event event-${s.type}` : `event event-${s.type} refused`, testid: `event-${s.eventId}`, 'data-type': s.type,
                'data-applied': String(s.applied) },
                h('td', { class: 'num', testid: 'event-time' }, formatDateTime(s.occurredAt, lang)),
                h('td', { testid: 'event-text' }, s.applied ? s.text : h('span', null, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '⊘ '), s.text)),
                h('td', { testid: 'event-note' }, s.note ?? ''))))))),
    );
  }).catch((e: unknown) => {
    if (isAbort(e)) return;
    const message = e instanceof ApiError && e.status === 404 ? t('dossierNotFound', { id: dossierId }) : errorMessage(e, t);
    replaceChildren(body, h('p', { class: 'error', role: 'alert', testid: 'error' }, message), h('a', { href: overviewHref() }, t('backToOverview')));
  });
  return { destroy: () => controller.abort() };
}

export function searchView(container: HTMLElement, ctx: AppContext, q: string): View {
  const { t, lang, api } = ctx;
  const body = h('div', { class: 'search-body' }, h('p', { class: 'loading' }, t('loading')));
  container.append(h('div', { class: 'page search' }, h('div', { class: 'page-head' }, h('h1', { testid: 'search-title' }, t('searchTitle', { q }))), body));
  const controller = new AbortController();
  if ([...q.trim()].length < 3) {
    replaceChildren(body, h('p', { class: 'notice', testid: 'search-none' }, t('searchTooShort')));
    return { destroy() {} };
  }
  api.searchDossiers(q.trim(), 50, controller.signal).then((r) => {
    if (r.items.length === 1 && r.total === 1) {
      // One match: straight to it (the search stays in the history for the back button).
      location.hash = dossierHref((r.items[0] as DossierMatch).dossierId);
      return;
    }
    if (r.items.length === 0) {
      replaceChildren(body, h('p', { class: 'notice', testid: 'search-none' }, t('searchNone', { q })));
      return;
    }
    replaceChildren(
      body,
      r.total > r.items.length ? h('p', { class: 'notice', testid: 'search-more' }, t('searchMore', { shown: formatNumber(r.items.length, lang), total: formatNumber(r.total, lang) })) : null,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'dossier-table', testid: 'search-results' },
          h('thead', null, h('tr', null, ...(['colCode', 'colStatus', 'colHoldingUnit', 'colField', 'colReceived', 'colDue'] as MessageKey[]).map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', null, ...r.items.map((d) =>
            h('tr', { testid: `result-${d.dossierId}` },
              h('td', { class: 'code' }, h('a', { href: dossierHref(d.dossierId) }, d.dossierId)),
              h('td', null, standing(ctx, d)),
              h('td', null, unitLink(ctx, d.unitId)),
              h('td', null, d.field),
              h('td', { class: 'num' }, formatDateTime(d.receivedAt, lang)),
              h('td', { class: 'num' }, formatDateTime(d.dueAt, lang))))))),
    );
  }).catch((e: unknown) => {
    if (!isAbort(e)) replaceChildren(body, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
  });
  return { destroy: () => controller.abort() };
}
