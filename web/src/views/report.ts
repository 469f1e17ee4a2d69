/**
 * Report view (#/report/<id>?from=&to=): the period report laid out like the published
 * ones, with its denominator stated and the reconciliation checked on screen.
 */
import { errorMessage, isAbort, reportCsvUrl, reportXlsxUrl } from '../api';
import { h, replaceChildren } from '../dom';
import { firstDayOfMonth, formatDate, formatDecimal, formatNumber, formatRate, isLocalDate, localDateOf } from '../format';
import type { Lang } from '../format';
import type { MessageKey, Translator } from '../i18n';
import { formatDayMonthYear, parseDayMonthYear, presetOf, presetPeriod, PRESETS, type PresetId } from '../periods';
import { checkInvariant, checkSubtotals } from '../report';
import { reportHref, unitHref } from '../router';
import type { Report } from '../types';
import type { AppContext, View } from './context';
import { breakdownSection } from './breakdown';
import { breadcrumb } from './unit';

interface Line {
  /** Numbering as in a published report: "1", "a", … */
  no: string;
  label: string;
  value: string;
  testid: string;
  rate?: { value: string; testid: string };
  level: 0 | 1 | 2;
  cls?: string;
}

/** The report's lines in publication order. Pure apart from translation; exported for tests. */
export function reportLines(r: Report, t: Translator, lang: Lang): Line[] {
  const n = (v: number) => formatNumber(v, lang);
  const rate = (v: number) => formatRate(v, lang);
  return [
    { no: '1', label: t('rReceived'), value: n(r.received.total), testid: 'report-received-total', level: 0 },
    { no: 'a', label: t('rOnline'), value: n(r.received.online), testid: 'report-received-online', level: 1 },
    {
      no: 'b',
      label: t('rInPersonPostal'),
      value: n(r.received.inPerson + r.received.postal),
      testid: 'report-received-inPersonPostal',
      level: 1,
    },
    { no: '-', label: t('rInPerson'), value: n(r.received.inPerson), testid: 'report-received-inPerson', level: 2 },
    { no: '-', label: t('rPostal'), value: n(r.received.postal), testid: 'report-received-postal', level: 2 },
    { no: '2', label: t('rCarriedOver'), value: n(r.carriedOver), testid: 'report-carriedOver', level: 0 },
    { no: '3', label: t('rTransferredIn'), value: n(r.transferredIn), testid: 'report-transferredIn', level: 0 },
    { no: '4', label: t('rTransferredOut'), value: n(r.transferredOut), testid: 'report-transferredOut', level: 0 },
    { no: '5', label: t('rCompleted'), value: n(r.completed.total), testid: 'report-completed-total', level: 0 },
    {
      no: 'a',
      label: t('rEarly'),
      value: n(r.completed.early),
      testid: 'report-completed-early',
      rate: { value: rate(r.completed.earlyRate), testid: 'report-completed-earlyRate' },
      level: 1,
      cls: 'st-intime',
    },
    {
      no: 'b',
      label: t('rOnTime'),
      value: n(r.completed.onTime),
      testid: 'report-completed-onTime',
      rate: { value: rate(r.completed.onTimeRate), testid: 'report-completed-onTimeRate' },
      level: 1,
      cls: 'st-intime',
    },
    {
      no: 'c',
      label: t('rLate'),
      value: n(r.completed.late),
      testid: 'report-completed-late',
      rate: { value: rate(r.completed.lateRate), testid: 'report-completed-lateRate' },
      level: 1,
      cls: 'st-overdue',
    },
    { no: '6', label: t('rWithdrawn'), value: n(r.withdrawn), testid: 'report-withdrawn', level: 0 },
    { no: '7', label: t('rPendingAtEnd'), value: n(r.pendingAtEnd.total), testid: 'report-pendingAtEnd-total', level: 0 },
    { no: 'a', label: t('rPendingInTime'), value: n(r.pendingAtEnd.inTime), testid: 'report-pendingAtEnd-inTime', level: 1, cls: 'st-intime' },
    { no: 'b', label: t('rPendingOverdue'), value: n(r.pendingAtEnd.overdue), testid: 'report-pendingAtEnd-overdue', level: 1, cls: 'st-overdue' },
    { no: 'c', label: t('rPendingPaused'), value: n(r.pendingAtEnd.paused), testid: 'report-pendingAtEnd-paused', level: 1, cls: 'st-paused' },
  ];
}

/** Today, by the job's clock when it answers, else the wall clock. */
async function knownToday(ctx: AppContext, signal: AbortSignal): Promise<string> {
  let today: string | null = null;
  try {
    today = localDateOf((await ctx.api.clock(signal)).asOf);
  } catch (e) {
    if (isAbort(e)) throw e;
  }
  today ??= (ctx.live.asOf && localDateOf(ctx.live.asOf)) || localDateOf(Date.now()) || '1970-01-01';
  return today;
}

export function reportView(container: HTMLElement, ctx: AppContext, unitId: string, from: string | null, to: string | null): View {
  const { t, lang, registry, api } = ctx;
  const controller = new AbortController();
  // Text, not type=date: the browser's date field follows its own locale (mm/dd/yyyy in an
  // English Chrome); here a date is always written 15/10/2023.
  const dateInput = (name: string) =>
    h('input', {
      type: 'text',
      name,
      required: true,
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: 'dd/mm/yyyy',
      size: 10,
      title: t('dateHint'),
      testid: `report-${name}`,
    });
  const fromInput = dateInput('from');
  const toInput = dateInput('to');
  let today: string | null = null;
  const presetButtons = new Map<PresetId, HTMLButtonElement>();
  const presets = h(
    'div',
    { class: 'report-presets', role: 'group', 'aria-label': t('reportPresets'), testid: 'report-presets' },
    h('span', { class: 'presets-label' }, `${t('reportPresets')}:`),
    ...PRESETS.map((id) => {
      const b = h('button', { type: 'button', class: 'secondary preset', testid: `preset-${id}`, 'aria-pressed': 'false' }, t(`preset${id}` as MessageKey));
      b.addEventListener('click', () => {
        if (!today) return;
        const p = presetPeriod(id, today);
        fromInput.value = formatDayMonthYear(p.from);
        toInput.value = formatDayMonthYear(p.to);
        form.requestSubmit();
      });
      presetButtons.set(id, b);
      return b;
    }),
  );
  const markPreset = (f: string, tt: string) => {
    const on = today ? presetOf({ from: f, to: tt }, today) : null;
    for (const [id, b] of presetButtons) b.setAttribute('aria-pressed', String(id === on));
  };
  const formError = h('p', { class: 'error', role: 'alert', hidden: true, testid: 'report-form-error' });
  const body = h('div', { class: 'report-body' });
  // The CSV of the period on screen; shown once a report is there, for exactly its dates.
  const csvLink = h('a', { class: 'button-link', testid: 'report-csv', download: '', hidden: true }, t('reportCsv'));
  const xlsxLink = h('a', { class: 'button-link', testid: 'report-xlsx', download: '', hidden: true }, t('reportXlsx'));

  const form = h(
    'form',
    { class: 'report-form', testid: 'report-form', novalidate: true },
    presets,
    h('label', null, t('reportFrom'), ' ', fromInput),
    h('label', null, t('reportTo'), ' ', toInput),
    h('button', { type: 'submit', testid: 'report-submit' }, t('reportShow')),
    h('button', { type: 'button', class: 'secondary', testid: 'report-print', onclick: () => window.print() }, t('reportPrint')),
    xlsxLink,
    csvLink,
    formError,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = parseDayMonthYear(fromInput.value) ?? '';
    const tt = parseDayMonthYear(toInput.value) ?? '';
    let problem: string | null = null;
    if (!isLocalDate(f) || !isLocalDate(tt)) problem = t('invalidDate');
    else if (f > tt) problem = t('fromAfterTo');
    formError.hidden = problem === null;
    formError.textContent = problem ?? '';
    if (problem) return;
    const target = reportHref(unitId, f, tt);
    // Same period again: the hash does not change, so load directly.
    if (location.hash === target) void load(f, tt);
    else location.hash = target;
  });

  container.append(
    h(
      'div',
      { class: 'page report' },
      registry.has(unitId) ? breadcrumb(ctx, unitId) : null,
      h(
        'div',
        { class: 'page-head' },
        h('h1', { testid: 'unit-title' }, `${t('reportTitle')} — ${registry.name(unitId)}`),
        h('div', { class: 'page-links' }, h('a', { href: unitHref(unitId), class: 'button-link' }, t('dossiersToChase'))),
      ),
      form,
      body,
    ),
  );

  async function load(f: string, tt: string): Promise<void> {
    fromInput.value = formatDayMonthYear(f);
    toInput.value = formatDayMonthYear(tt);
    markPreset(f, tt);
    replaceChildren(body, h('p', { class: 'loading' }, t('loading')));
    csvLink.hidden = true;
    xlsxLink.hidden = true;
    try {
      const r = await api.report(unitId, f, tt, controller.signal);
      if (controller.signal.aborted) return;
      render(r);
    } catch (e) {
      if (isAbort(e)) return;
      replaceChildren(body, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
    }
  }

  function render(r: Report): void {
    const f = r.from || parseDayMonthYear(fromInput.value) || '';
    const tt = r.to || parseDayMonthYear(toInput.value) || '';
    csvLink.href = reportCsvUrl(unitId, f, tt);
    csvLink.hidden = false;
    xlsxLink.href = reportXlsxUrl(unitId, f, tt);
    xlsxLink.hidden = false;
    const lines = reportLines(r, t, lang);
    const inv = checkInvariant(r);
    const subtotals = checkSubtotals(r);
    const lineLabel: Record<string, MessageKey> = { received: 'rReceived', completed: 'rCompleted', pendingAtEnd: 'rPendingAtEnd' };
    const invariant = h(
      'div',
      {
        class: inv.ok && subtotals.length === 0 ? 'invariant ok' : 'invariant bad',
        testid: 'report-invariant',
        'data-ok': String(inv.ok),
        role: inv.ok ? null : 'alert',
      },
      h('strong', null, `${t('rInvariant')}: `),
      inv.ok
        ? t('rInvariantOk', { left: formatNumber(inv.left, lang), right: formatNumber(inv.right, lang) })
        : t('rInvariantBad', {
            left: formatNumber(inv.left, lang),
            right: formatNumber(inv.right, lang),
            diff: formatNumber(inv.diff, lang),
          }),
      h('div', { class: 'formula' }, t('rInvariantFormula')),
      ...subtotals.map((s) =>
        h(
          'div',
          { class: 'subtotal-bad' },
          t('rSubtotalBad', { line: t(lineLabel[s.line] ?? 'rReceived'), total: formatNumber(s.total, lang), sum: formatNumber(s.sum, lang) }),
        ),
      ),
    );
    replaceChildren(
      body,
      h(
        'article',
        { class: 'report-sheet', testid: 'report' },
        h('h2', null, registry.name(unitId)),
        h('p', { class: 'period', testid: 'report-period' }, t('reportPeriod', { from: formatDate(r.from, lang), to: formatDate(r.to, lang) })),
        h(
          'table',
          { class: 'report-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col', class: 'no' }, ''),
              h('th', { scope: 'col' }, t('reportLine')),
              h('th', { scope: 'col', class: 'num' }, t('reportFigure')),
              h('th', { scope: 'col', class: 'num' }, t('reportRate'), h('div', { class: 'denominator' }, `(${t('rRateDenominator')})`)),
            ),
          ),
          h(
            'tbody',
            null,
            ...lines.map((l) =>
              h(
                'tr',
                { class: `level-${l.level}${l.cls ? ` ${l.cls}` : ''}` },
                h('td', { class: 'no' }, l.no),
                h('th', { scope: 'row' }, l.label),
                h('td', { class: 'num', testid: l.testid }, l.value),
                h('td', { class: 'num' }, l.rate ? h('span', { testid: l.rate.testid }, l.rate.value) : ''),
              ),
            ),
            h(
              'tr',
              { class: 'level-0 progress' },
              h('td', { class: 'no' }, '8'),
              h('th', { scope: 'row' }, t('rProgress'), h('div', { class: 'denominator' }, t('rProgressNote'))),
              h('td', { class: 'num', testid: 'report-progressScore766' }, formatDecimal(r.progressScore766, lang, 2)),
              h('td', { class: 'num' }, '/ 20'),
            ),
          ),
        ),
        h('p', { class: 'denominator-note' }, `${t('reportRate')}: ${t('rRateDenominator')}.`),
        invariant,
      ),
      registry.children(unitId).length > 0 ? breakdownSection(ctx, unitId, 'unit', f, tt, controller.signal) : null,
      breakdownSection(ctx, unitId, 'field', f, tt, controller.signal),
    );
  }

  // Keeps the header's "updated at" and connection state meaningful on this page too.
  ctx.live.subscribe({ subtree: { unitId, depth: 0 } });
  ctx.refreshStatus();

  const asked = from && to && isLocalDate(from) && isLocalDate(to);
  if (asked) void load(from, to);
  void knownToday(ctx, controller.signal)
    .then((d) => {
      today = d;
      if (controller.signal.aborted) return;
      if (asked) markPreset(from, to);
      else void load(firstDayOfMonth(d), d);
    })
    .catch(() => {});

  return {
    destroy() {
      controller.abort();
    },
  };
}
