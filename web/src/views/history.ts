/**
 * History panel of the unit view: received and completed per day (bars), pending and
 * overdue at the end of each day (lines), from `GET /api/units/{id}/history`, for a chosen
 * range (default: the last 30 days). One chart instance for the life of the panel.
 */
import { errorMessage, isAbort } from '../api';
import { h, setText } from '../dom';
import { lastNDays } from '../format';
import { checkHistoryRange, HISTORY_DEFAULT_DAYS, historySeries } from '../history';
import type { AppContext } from './context';
import { chartHolder, fontScale } from './echart';
import { jobToday } from './today';
import { historyOption } from './trend';

/** A range ending today is fetched again this often (today's bar grows). */
const REFRESH_MS = 5 * 60_000;

export interface Panel {
  el: HTMLElement;
  destroy(): void;
}

export function historyPanel(ctx: AppContext, unitId: string): Panel {
  const { t, lang, api } = ctx;
  const fromInput = h('input', { type: 'date', name: 'from', required: true, testid: 'history-from' });
  const toInput = h('input', { type: 'date', name: 'to', required: true, testid: 'history-to' });
  const formError = h('p', { class: 'error', role: 'alert', hidden: true, testid: 'history-error' });
  const status = h('p', { class: 'chart-status', 'aria-live': 'polite' });
  const canvasBox = h('div', { class: 'chart-canvas history-canvas', role: 'img', 'aria-label': t('historyTitle') });
  const form = h(
    'form',
    { class: 'history-form', novalidate: true },
    h('label', null, t('reportFrom'), ' ', fromInput),
    h('label', null, t('reportTo'), ' ', toInput),
    h('button', { type: 'submit', class: 'secondary', testid: 'history-submit' }, t('historyShow')),
    formError,
  );
  const el = h(
    'section',
    { class: 'panel history-panel', testid: 'history-chart' },
    h('div', { class: 'panel-head' }, h('h2', null, t('historyTitle')), form),
    status,
    canvasBox,
  );

  const chart = chartHolder(canvasBox, (message) => {
    setText(status, t('chartError', { message }));
  });
  let controller = new AbortController();
  let range: { from: string; to: string; endsToday: boolean } | null = null;
  let destroyed = false;

  async function load(from: string, to: string, endsToday: boolean): Promise<void> {
    controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    range = { from, to, endsToday };
    fromInput.value = from;
    toInput.value = to;
    el.dataset.from = from;
    el.dataset.to = to;
    el.dataset.state = 'loading';
    setText(status, t('loading'));
    try {
      const answer = await api.history(unitId, from, to, signal);
      if (signal.aborted || destroyed) return;
      const series = historySeries(answer.days, from, to);
      chart.set(historyOption(series, t, lang, fontScale()));
      setText(status, '');
      el.dataset.state = 'ready';
      el.dataset.days = String(series.dates.length);
    } catch (e) {
      if (isAbort(e) || destroyed) return;
      setText(status, errorMessage(e, t));
      el.dataset.state = 'error';
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const problem = checkHistoryRange(fromInput.value, toInput.value);
    formError.hidden = problem === null;
    formError.textContent = problem ? t(problem) : '';
    if (problem) return;
    void jobToday(ctx, controller.signal)
      .then((today) => load(fromInput.value, toInput.value, toInput.value >= today))
      .catch(() => {});
  });

  const timer = setInterval(() => {
    if (range?.endsToday) void load(range.from, range.to, true);
  }, REFRESH_MS);

  void jobToday(ctx, controller.signal)
    .then((today) => {
      if (destroyed) return;
      const r = lastNDays(today, HISTORY_DEFAULT_DAYS);
      void load(r.from, r.to, true);
    })
    .catch(() => {});

  return {
    el,
    destroy() {
      destroyed = true;
      clearInterval(timer);
      controller.abort();
      chart.destroy();
    },
  };
}
