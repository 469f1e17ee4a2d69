/**
 * Building blocks shared by the overview and the unit view: the big numbers of one unit
 * and the sortable table of its child units. Both are built once and then updated in
 * place (text only), because updates may arrive four times a second.
 */
import { DASH, formatDate, formatNumber, formatRate } from '../format';
import type { MessageKey } from '../i18n';
import { onTimeRate } from '../report';
import { unitHref } from '../router';
import type { PendingField, TodayField, UnitFigures } from '../types';
import { h, setText } from '../dom';
import type { AppContext } from './context';

/** Visual state of a pending bucket: colour class plus a glyph, so colour is never the only cue. */
export const BUCKET_STYLE: Record<'total' | 'inTime' | 'dueSoon' | 'overdue' | 'paused', { cls: string; glyph: string }> =
  {
    total: { cls: 'st-pending', glyph: '∑' },
    inTime: { cls: 'st-intime', glyph: '●' },
    dueSoon: { cls: 'st-duesoon', glyph: '▲' },
    overdue: { cls: 'st-overdue', glyph: '■' },
    paused: { cls: 'st-paused', glyph: '❚❚' },
  };

/** The big numbers; `testid` is what browser tests read (total-pending is pending.total). */
const BIG_PENDING: { field: PendingField; testid: string; label: MessageKey; style: keyof typeof BUCKET_STYLE }[] = [
  { field: 'total', testid: 'total-pending', label: 'pending', style: 'total' },
  { field: 'inTime', testid: 'total-inTime', label: 'inTime', style: 'inTime' },
  { field: 'dueSoon', testid: 'total-dueSoon', label: 'dueSoon', style: 'dueSoon' },
  { field: 'overdue', testid: 'total-overdue', label: 'overdue', style: 'overdue' },
  { field: 'paused', testid: 'total-paused', label: 'paused', style: 'paused' },
];

const TODAY_STRIP: { field: TodayField; label: MessageKey }[] = [
  { field: 'received', label: 'received' },
  { field: 'completed', label: 'completed' },
  { field: 'early', label: 'early' },
  { field: 'onTime', label: 'onTime' },
  { field: 'late', label: 'late' },
  { field: 'withdrawn', label: 'withdrawn' },
];

export interface Updatable {
  el: HTMLElement;
  update(): void;
}

/**
 * Big numbers of one unit: pending total and by bucket, completed today with the
 * on-time rate, and a strip with the rest of today's figures.
 */
export function bigNumbers(ctx: AppContext, unitId: string): Updatable {
  const { t, lang } = ctx;
  const values = new Map<string, HTMLElement>();
  const value = (testid: string, cls = 'card-value'): HTMLElement => {
    const el = h('div', { class: cls, testid }, DASH);
    values.set(testid, el);
    return el;
  };
  const span = (testid: string): HTMLElement => {
    const el = h('span', { class: 'num', testid }, DASH);
    values.set(testid, el);
    return el;
  };

  const cards = BIG_PENDING.map(({ field, testid, label, style }) => {
    const s = BUCKET_STYLE[style];
    return h(
      'div',
      { class: `card ${s.cls}` },
      h('div', { class: 'card-label' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, s.glyph), ' ', t(label)),
      value(testid),
      field === 'overdue'
        ? h('div', { class: 'card-sub' }, `${t('overdueWithoutApology')}: `, span('total-overdueWithoutApology'))
        : null,
    );
  });
  const todayLabel = h('span', { class: 'today-label', testid: 'today-date' }, t('today'));
  const completedCard = h(
    'div',
    { class: 'card st-completed' },
    h('div', { class: 'card-label' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '✓'), ' ', t('completedToday')),
    value('total-completedToday'),
    h('div', { class: 'card-sub' }, `${t('onTimeRate')}: `, span('total-onTimeRate')),
    h('div', { class: 'card-note' }, t('onTimeRateNote')),
  );
  const strip = h(
    'div',
    { class: 'today-strip' },
    todayLabel,
    ...TODAY_STRIP.map(({ field, label }) => h('span', { class: `today-item today-${field}` }, `${t(label)} `, span(`today-${field}`))),
  );
  const el = h(
    'section',
    { class: 'big-numbers', 'aria-label': t('liveFigures') },
    h('div', { class: 'cards' }, ...cards, completedCard),
    strip,
  );

  const set = (testid: string, text: string) => {
    const target = values.get(testid);
    if (target) setText(target, text);
  };

  return {
    el,
    update() {
      const f = ctx.live.figures.get(unitId);
      for (const { field, testid } of BIG_PENDING) set(testid, f ? formatNumber(f.pending[field], lang) : DASH);
      set('total-overdueWithoutApology', f ? formatNumber(f.pending.overdueWithoutApology, lang) : DASH);
      set('total-completedToday', f ? formatNumber(f.today.completed, lang) : DASH);
      set(
        'total-onTimeRate',
        f ? formatRate(onTimeRate(f.today.early, f.today.onTime, f.today.completed), lang) : DASH,
      );
      for (const { field } of TODAY_STRIP) set(`today-${field}`, f ? formatNumber(f.today[field], lang) : DASH);
      setText(todayLabel, f?.date ? t('todayOn', { date: formatDate(f.date, lang) }) : t('today'));
    },
  };
}

type SortKey = 'name' | PendingField | TodayField | 'onTimeRate';

interface Column {
  key: SortKey;
  label: MessageKey;
  group: 'unit' | 'pending' | 'today';
  /** Class for the cell when the value is above 0 (state colour plus bold). */
  alert?: string;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'unit', group: 'unit' },
  { key: 'total', label: 'total', group: 'pending' },
  { key: 'inTime', label: 'inTime', group: 'pending' },
  { key: 'dueSoon', label: 'dueSoon', group: 'pending', alert: 'alert-duesoon' },
  { key: 'overdue', label: 'overdue', group: 'pending', alert: 'alert-overdue' },
  { key: 'overdueWithoutApology', label: 'overdueWithoutApology', group: 'pending', alert: 'alert-overdue' },
  { key: 'paused', label: 'paused', group: 'pending' },
  { key: 'received', label: 'received', group: 'today' },
  { key: 'completed', label: 'completed', group: 'today' },
  { key: 'early', label: 'early', group: 'today' },
  { key: 'onTime', label: 'onTime', group: 'today' },
  { key: 'late', label: 'late', group: 'today', alert: 'alert-overdue' },
  { key: 'withdrawn', label: 'withdrawn', group: 'today' },
  { key: 'onTimeRate', label: 'onTimeRate', group: 'today' },
];

function sortValue(f: UnitFigures | undefined, key: SortKey): number {
  if (!f || key === 'name') return -1;
  if (key === 'onTimeRate') return onTimeRate(f.today.early, f.today.onTime, f.today.completed) ?? -1;
  if (key in f.pending) return f.pending[key as PendingField];
  return f.today[key as TodayField];
}

/**
 * Sorts unit ids by a figure (units without figures last), ties and the name column by
 * the Vietnamese collation of names. Exported for tests.
 */
export function sortUnits(
  ids: readonly string[],
  key: SortKey,
  desc: boolean,
  figures: ReadonlyMap<string, UnitFigures>,
  nameOf: (id: string) => string,
): string[] {
  const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
  const byName = (a: string, b: string) => collator.compare(nameOf(a), nameOf(b)) || (a < b ? -1 : a > b ? 1 : 0);
  return [...ids].sort((a, b) => {
    if (key === 'name') return desc ? byName(b, a) : byName(a, b);
    const va = sortValue(figures.get(a), key);
    const vb = sortValue(figures.get(b), key);
    if ((va < 0) !== (vb < 0)) return va < 0 ? 1 : -1;
    if (va !== vb) return desc ? vb - va : va - vb;
    return byName(a, b);
  });
}

/** Table of units (the children of the unit on screen) with all live figures, sortable. */
export function unitTable(ctx: AppContext, unitIds: readonly string[]): Updatable {
  const { t, lang, registry } = ctx;
  let sortKey: SortKey = 'overdue';
  let desc = true;

  const headButtons = new Map<SortKey, HTMLTableCellElement>();
  const headRow = h(
    'tr',
    null,
    ...COLUMNS.map((c) => {
      const th = h(
        'th',
        { scope: 'col', class: `col-${c.key} grp-${c.group}` },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            testid: `sort-${c.key}`,
            onclick: () => {
              if (sortKey === c.key) desc = !desc;
              else {
                sortKey = c.key;
                desc = c.key !== 'name';
              }
              api.update();
            },
          },
          t(c.label),
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
        ),
      );
      headButtons.set(c.key, th);
      return th;
    }),
  );
  const groupRow = h(
    'tr',
    { class: 'group-row' },
    h('th', { scope: 'colgroup' }),
    h('th', { scope: 'colgroup', colspan: 6, class: 'grp-pending' }, t('pending')),
    h('th', { scope: 'colgroup', colspan: 7, class: 'grp-today' }, t('today')),
  );

  const rows = new Map<string, { tr: HTMLTableRowElement; cells: Map<SortKey, HTMLTableCellElement> }>();
  for (const id of unitIds) {
    const cells = new Map<SortKey, HTMLTableCellElement>();
    const tr = h('tr', { testid: `unit-row-${id}`, class: 'unit-row' });
    tr.dataset.unitId = id;
    for (const c of COLUMNS) {
      const td =
        c.key === 'name'
          ? h('th', { scope: 'row', class: 'col-name', testid: 'cell-name' }, h('a', { href: unitHref(id) }, registry.name(id)))
          : h('td', { class: `num col-${c.key}`, testid: `cell-${c.key}` }, DASH);
      cells.set(c.key, td as HTMLTableCellElement);
      tr.appendChild(td);
    }
    // The whole row leads to the unit, not only its name (easier on a touch screen).
    tr.addEventListener('click', (ev) => {
      if ((ev.target as Element).closest('a')) return;
      location.hash = unitHref(id);
    });
    rows.set(id, { tr, cells });
  }
  const tbody = h('tbody');
  const el = h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'units', testid: 'unit-table' }, h('thead', null, groupRow, headRow), tbody),
    h('p', { class: 'hint' }, t('sortHint')),
  );

  const api: Updatable = {
    el,
    update() {
      const figures = ctx.live.figures;
      for (const [id, { cells }] of rows) {
        const f = figures.get(id);
        for (const c of COLUMNS) {
          if (c.key === 'name') continue;
          const td = cells.get(c.key);
          if (!td) continue;
          let text = DASH;
          let v = 0;
          if (f) {
            if (c.key === 'onTimeRate') {
              text = formatRate(onTimeRate(f.today.early, f.today.onTime, f.today.completed), lang);
            } else {
              v = sortValue(f, c.key);
              text = formatNumber(v, lang);
            }
          }
          setText(td, text);
          if (c.alert) td.classList.toggle(c.alert, v > 0);
        }
      }
      for (const [key, th] of headButtons) {
        if (key === sortKey) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
        else th.removeAttribute('aria-sort');
        const mark = th.querySelector('.sort-mark');
        if (mark) setText(mark, key === sortKey ? (desc ? ' ▼' : ' ▲') : '');
      }
      const order = sortUnits([...rows.keys()], sortKey, desc, figures, (id) => registry.name(id));
      // Move rows only when the order changed, so a person reading the table is not disturbed.
      const current = Array.from(tbody.children, (tr) => (tr as HTMLElement).dataset.unitId);
      if (current.length !== order.length || current.some((id, i) => id !== order[i])) {
        for (const id of order) {
          const r = rows.get(id);
          if (r) tbody.appendChild(r.tr);
        }
      }
    },
  };
  return api;
}
