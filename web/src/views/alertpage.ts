/**
 * Alerts page (#/alerts?from=&to=): the active alerts of every unit the user may see, with
 * acknowledge and silence, and below them the history of state changes (`GET
 * /api/alerts/history`) for a period, newest first (default: the last 7 days).
 */
import { ALERT_HISTORY_DEFAULT_DAYS, formatAlertValue, guessMetric, historyRows, historyStateLabel, mayActOnAlerts, severityStyle, type AlertHistoryRow } from '../alerts';
import { errorMessage, isAbort } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { DASH, formatDateTime, formatNumber, lastNDays } from '../format';
import { checkHistoryRange } from '../history';
import type { MessageKey } from '../i18n';
import { alertsHref, unitHref } from '../router';
import type { AlertsAnswer } from '../types';
import { alertsSection } from './alerts';
import type { AppContext, View } from './context';
import { jobToday } from './today';

export function alertsView(container: HTMLElement, ctx: AppContext, from: string | null, to: string | null): View {
  const { t, lang, api, registry, roots } = ctx;
  const controller = new AbortController();
  let destroyed = false;

  // Rule names and metrics, learnt from the active list: a history row names its rule by id only.
  const ruleNames = new Map<string, string>();
  const ruleMetrics = new Map<string, string>();
  let rows: AlertHistoryRow[] | null = null;
  const learn = (answer: AlertsAnswer) => {
    let learnt = false;
    for (const a of answer.active) {
      if (a.ruleId && a.ruleName && ruleNames.get(a.ruleId) !== a.ruleName) {
        ruleNames.set(a.ruleId, a.ruleName);
        learnt = true;
      }
      if (a.ruleId && a.metric && ruleMetrics.get(a.ruleId) !== a.metric) {
        ruleMetrics.set(a.ruleId, a.metric);
        learnt = true;
      }
    }
    if (learnt && rows) renderHistory(rows);
  };

  const active = alertsSection(ctx, { root: null, canAct: mayActOnAlerts(ctx.me.role), links: true, onData: learn });

  const fromInput = h('input', { type: 'date', name: 'from', required: true, testid: 'alert-history-from' });
  const toInput = h('input', { type: 'date', name: 'to', required: true, testid: 'alert-history-to' });
  const formError = h('p', { class: 'error', role: 'alert', hidden: true, testid: 'alert-history-error' });
  const form = h(
    'form',
    { class: 'history-form', novalidate: true },
    h('label', null, t('reportFrom'), ' ', fromInput),
    h('label', null, t('reportTo'), ' ', toInput),
    h('button', { type: 'submit', class: 'secondary', testid: 'alert-history-submit' }, t('historyShow')),
    formError,
  );
  const status = h('p', { class: 'chart-status', 'aria-live': 'polite', testid: 'alert-history-status' });
  const body = h('div', { class: 'table-wrap' });
  const panel = h(
    'section',
    { class: 'panel alert-history-panel', testid: 'alert-history-panel' },
    h('div', { class: 'panel-head' }, h('h2', null, t('alertHistoryTitle')), form),
    status,
    body,
  );

  container.append(
    h(
      'div',
      { class: 'page alerts-page', testid: 'alerts-page' },
      h('div', { class: 'page-head' }, h('h1', null, t('navAlerts'))),
      active.el,
      panel,
    ),
  );

  function renderHistory(list: AlertHistoryRow[]): void {
    if (list.length === 0) {
      replaceChildren(body, h('p', { class: 'notice', testid: 'alert-history-none' }, t('alertHistoryNone')));
      setText(status, '');
      return;
    }
    setText(status, t('alertHistoryCount', { count: formatNumber(list.length, lang) }));
    const withPending = list.some((r) => r.pending !== null);
    const heads: MessageKey[] = ['colTime', 'unit', 'colRule', 'colSeverity', 'colStatus', 'colValue', 'colThreshold'];
    if (withPending) heads.push('pending');
    replaceChildren(
      body,
      h(
        'table',
        { class: 'alert-history', testid: 'alert-history' },
        h('thead', null, h('tr', null, ...heads.map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          null,
          ...list.map((r) => {
            const metric = guessMetric(r, ruleMetrics);
            const sev = r.severity ? severityStyle(r.severity) : null;
            const stateKey = historyStateLabel(r.state);
            const ruleName = r.ruleName ?? (r.rule ? (ruleNames.get(r.rule) ?? r.rule) : DASH);
            return h(
              'tr',
              {
                testid: 'alert-history-row',
                class: r.state === 'FIRING' ? 'state-firing' : r.state === 'RESOLVED' ? 'state-resolved' : undefined,
                'data-alert-id': r.alertId ?? undefined,
                'data-state': r.state ?? undefined,
              },
              h('td', { class: 'num', testid: 'cell-time', 'data-time': r.timeText ?? undefined }, r.time !== null ? formatDateTime(r.time, lang, true) : (r.timeText ?? DASH)),
              h('td', { testid: 'cell-unit' }, r.unit ? (registry.has(r.unit) ? h('a', { href: unitHref(r.unit) }, registry.name(r.unit)) : r.unit) : DASH),
              h('td', { testid: 'cell-rule', title: r.rule ?? undefined }, ruleName),
              h(
                'td',
                { testid: 'cell-severity' },
                sev && (r.severity === 'CRITICAL' || r.severity === 'WARNING')
                  ? h('span', { class: `alert-severity ${sev.cls}` }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, sev.glyph), ' ', t(sev.label))
                  : (r.severity ?? DASH),
              ),
              h('td', { testid: 'cell-state' }, stateKey ? t(stateKey) : (r.state ?? DASH)),
              h('td', { class: 'num', testid: 'cell-value' }, formatAlertValue(metric, r.value, lang)),
              h('td', { class: 'num', testid: 'cell-threshold' }, formatAlertValue(metric, r.threshold, lang)),
              withPending ? h('td', { class: 'num', testid: 'cell-pending' }, formatNumber(r.pending, lang)) : null,
            );
          }),
        ),
      ),
    );
  }

  async function load(f: string, tt: string): Promise<void> {
    fromInput.value = f;
    toInput.value = tt;
    panel.dataset.from = f;
    panel.dataset.to = tt;
    panel.dataset.state = 'loading';
    setText(status, t('loading'));
    try {
      const answer = await api.alertHistory(f, tt, controller.signal);
      if (destroyed) return;
      rows = historyRows(answer);
      renderHistory(rows);
      panel.dataset.state = 'ready';
    } catch (e) {
      if (isAbort(e) || destroyed) return;
      rows = null;
      setText(status, '');
      replaceChildren(body, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
      panel.dataset.state = 'error';
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const problem = checkHistoryRange(fromInput.value, toInput.value);
    formError.hidden = problem === null;
    setText(formError, problem ? t(problem) : '');
    if (problem) return;
    const target = alertsHref(fromInput.value, toInput.value);
    // Same period again: the hash does not change, so load directly.
    if (location.hash === target) void load(fromInput.value, toInput.value);
    else location.hash = target;
  });

  const asked = from !== null || to !== null ? checkHistoryRange(from ?? '', to ?? '') : null;
  if (from && to && asked === null) {
    void load(from, to);
  } else {
    // A period in the address that cannot be asked for: say why, show the default one.
    if (asked) {
      formError.hidden = false;
      setText(formError, t(asked));
    }
    void jobToday(ctx, controller.signal)
      .then((today) => {
        if (destroyed) return;
        const r = lastNDays(today, ALERT_HISTORY_DEFAULT_DAYS);
        void load(r.from, r.to);
      })
      .catch(() => {});
  }

  // Keeps the header's "updated at" and connection state meaningful on this page too.
  if (roots[0]) ctx.live.subscribe({ subtree: { unitId: roots[0], depth: 0 } });
  ctx.refreshStatus();

  return {
    destroy() {
      destroyed = true;
      controller.abort();
      active.destroy();
    },
  };
}
