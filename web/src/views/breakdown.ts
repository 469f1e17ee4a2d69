/**
 * The report's breakdowns (by child unit, by field): one table each, a row per part and a
 * total row that is the unit's own report, with the check that the rows add up to it shown.
 */
import { errorMessage, isAbort } from '../api';
import { h, replaceChildren } from '../dom';
import { formatNumber, formatRate } from '../format';
import type { MessageKey } from '../i18n';
import { BREAKDOWN_COLUMNS, breakdownMismatches, breakdownValue, type BreakdownColumn } from '../report';
import { reportHref } from '../router';
import type { Report, ReportBreakdown } from '../types';
import type { AppContext } from './context';

const HEADERS: Record<BreakdownColumn, MessageKey> = {
  carriedOver: 'bdCarriedOver',
  received: 'bdReceived',
  transferredIn: 'bdTransferredIn',
  transferredOut: 'bdTransferredOut',
  completed: 'bdCompleted',
  early: 'bdEarly',
  onTime: 'bdOnTime',
  late: 'bdLate',
  withdrawn: 'bdWithdrawn',
  pendingAtEnd: 'bdPendingAtEnd',
  pendingOverdue: 'bdPendingOverdue',
};

export function breakdownSection(ctx: AppContext, unitId: string, by: 'unit' | 'field', from: string, to: string, signal: AbortSignal): HTMLElement {
  const { t, lang, api } = ctx;
  const body = h('div', { class: 'breakdown-body' }, h('p', { class: 'loading' }, t('loading')));
  const section = h(
    'section',
    { class: 'report-sheet breakdown', testid: `breakdown-${by}` },
    h('h2', null, t(by === 'unit' ? 'bdByUnit' : 'bdByField')),
    body,
  );
  section.dataset.state = 'loading';
  const n = (v: number) => formatNumber(v, lang);
  const cells = (r: Report) => [
    ...BREAKDOWN_COLUMNS.map((c) => h('td', { class: `num${c === 'late' || c === 'pendingOverdue' ? ' st-overdue' : ''}`, 'data-col': c }, n(breakdownValue(r, c)))),
    h('td', { class: 'num', 'data-col': 'onTimeRate' }, r.completed.total > 0 ? formatRate(r.completed.earlyRate + r.completed.onTimeRate, lang) : '—'),
  ];
  const render = (b: ReportBreakdown) => {
    section.dataset.state = 'ready';
    if (b.rows.length === 0) {
      replaceChildren(body, h('p', { class: 'notice' }, t(by === 'unit' ? 'noChildren' : 'bdNoFields')));
      return;
    }
    const mismatches = breakdownMismatches(b.rows, b.total);
    const rows = b.rows.map((r) =>
      h(
        'tr',
        { testid: 'breakdown-row', 'data-key': r.key, class: r.key === '_rest' ? 'breakdown-rest' : '' },
        h(
          'th',
          { scope: 'row', class: 'name' },
          by === 'unit' && r.key !== '_rest' && !ctx.kiosk ? h('a', { href: reportHref(r.key, from, to) }, r.name) : r.name,
        ),
        ...cells(r),
      ),
    );
    replaceChildren(
      body,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'report-table breakdown-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t(by === 'unit' ? 'unit' : 'bdField')),
              ...BREAKDOWN_COLUMNS.map((c) => h('th', { scope: 'col', class: 'num' }, t(HEADERS[c]))),
              h('th', { scope: 'col', class: 'num' }, t('bdOnTimeRate')),
            ),
          ),
          h('tbody', null, ...rows),
          h('tfoot', null, h('tr', { testid: 'breakdown-total' }, h('th', { scope: 'row' }, t('bdTotal')), ...cells(b.total))),
        ),
      ),
      h(
        'p',
        { class: mismatches.length === 0 ? 'invariant ok' : 'invariant bad', testid: 'breakdown-check', 'data-ok': String(mismatches.length === 0) },
        mismatches.length === 0
          ? t('bdAddsUp', { count: formatNumber(b.rows.length, lang) })
          : t('bdDoesNotAddUp', { columns: mismatches.map((m) => `${t(HEADERS[m.column])} ${n(m.sum)} ≠ ${n(m.total)}`).join('; ') }),
      ),
      b.rows.some((r) => r.key === '_rest') ? h('p', { class: 'denominator-note' }, t(by === 'unit' ? 'bdRestUnitNote' : 'bdRestFieldNote')) : null,
    );
  };
  api
    .reportBreakdown(unitId, by, from, to, signal)
    .then((b) => {
      if (!signal.aborted) render(b);
    })
    .catch((e: unknown) => {
      if (isAbort(e)) return;
      section.dataset.state = 'error';
      replaceChildren(body, h('p', { class: 'error', role: 'alert' }, errorMessage(e, t)));
    });
  return section;
}
