/**
 * Wall display (#/wall, #/wall/<unitId>, ?rotate=N) for leadership screens, 1080p and 4K,
 * left unattended for weeks:
 * - big numbers of the unit (default: the first scope root), live;
 * - the month-to-date progress score (Decision 766) from the period report, every 5 minutes;
 * - its child units ranked by overdue (top 10) and by today's on-time rate (bottom 10);
 * - a treemap of every unit below it, coloured by overdue share of pending, labelled with
 *   the overdue count (the state is never colour alone);
 * - the units below with the most overdue this month and the change against last month
 *   (`GET /api/units/{id}/overdue-ranking`, every 5 minutes);
 * - the active alerts of the unit's subtree (`GET /api/alerts` every 5 s), read-only, at most
 *   three rows (two on a screen under 900 px high), critical first, each with its rule's
 *   name and condition in words.
 * Read from 5 m: no text on it is smaller than 28 px at 1920x1080 (rankings show five rows),
 * the progress score is coloured against its alert rules, and a dark theme can be chosen
 * (`?theme=dark`, or the toggle; remembered).
 * With ?rotate=N the screen shows the unit, then each of its children in turn, N s each.
 *
 * Long-running: one subscription (the whole subtree), chart instances created once and
 * updated with setOption, redraws coalesced to at most two a second, no growing arrays
 * (the caches hold one entry per unit of the rotation at most).
 */
import { wallAlertRows } from '../alerts';
import { errorMessage, isAbort } from '../api';
import { coalescer } from '../coalesce';
import { escapeHtml, h, replaceChildren, setText } from '../dom';
import { DASH, formatDate, formatDecimal, formatNumber, formatRate, monthToDate } from '../format';
import { shortDate } from '../history';
import type { MessageKey } from '../i18n';
import { onTimeRate } from '../report';
import { unitHref } from '../router';
import { applyTheme, clearTheme, storedTheme, wallTheme, type Theme } from '../theme';
import { inScope } from '../units';
import {
  WALL_RANK_N,
  bucketColour,
  formatChange,
  nearestThreshold,
  progressState,
  rankByOnTimeRate,
  rankByOverdue,
  rotationSequence,
  shareLegend,
  textColourOn,
  treemapTiles,
  type OverdueRankRow,
  type RateRankRow,
  type ScoreThreshold,
  type Tile,
} from '../wall';
import type { OverdueRanking } from '../types';
import { alertsSection } from './alerts';
import type { AppContext, View } from './context';
import { chartHolder, fontScale } from './echart';
import { BUCKET_STYLE } from './figures';
import { knownToday } from './today';

/** Redraws the rankings, the treemap and the charts at most this often (the big numbers: at once). */
const RENDER_INTERVAL_MS = 500;
/** The progress score, its thresholds and the month's ranking are fetched again after this long… */
const SLOW_REFRESH_MS = 5 * 60_000;
/** …or this long after a failure. */
const SLOW_RETRY_MS = 60_000;
/** How often the caches are looked at. */
const SLOW_TICK_MS = 15_000;

interface SlowEntry<T> {
  /** The period asked for ("from|to"): a new day or month means a new question. */
  period: string;
  at: number;
  value: T | null;
  error: string | null;
}

export function wallView(container: HTMLElement, ctx: AppContext, requestedUnit: string | null, rotateSeconds: number | null): View {
  const { t, lang, registry, roots, api, kiosk } = ctx;
  const fail = (message: string): View => {
    container.append(h('p', { class: 'error wall-error', role: 'alert', testid: 'error' }, message));
    return { destroy() {} };
  };
  if (roots.length === 0) {
    container.append(h('p', { class: 'notice', testid: 'no-units' }, t('noUnits')));
    return { destroy() {} };
  }
  if (requestedUnit && !registry.has(requestedUnit)) return fail(t('unknownUnit', { unitId: requestedUnit }));
  if (requestedUnit && !inScope(requestedUnit, ctx.me.scope ?? [], registry) && !roots.includes(requestedUnit)) {
    return fail(t('errorForbidden'));
  }
  const root = requestedUnit ?? (roots[0] as string);
  const childIds = (id: string) => registry.children(id).map((u) => u.unitId);
  const nameOf = (id: string) => registry.name(id);
  const sequence = rotateSeconds ? rotationSequence(root, childIds(root)) : [root];
  let focusIndex = 0;
  let focus = root;

  // ---------- Big numbers ----------
  const values = new Map<string, HTMLElement>();
  const value = (testid: string): HTMLElement => {
    const el = h('div', { class: 'wall-value', testid }, DASH);
    values.set(testid, el);
    return el;
  };
  const subValue = (testid: string): HTMLElement => {
    const el = h('span', { class: 'num', testid }, DASH);
    values.set(testid, el);
    return el;
  };
  const set = (testid: string, text: string) => {
    const el = values.get(testid);
    if (el) setText(el, text);
  };
  const card = (style: keyof typeof BUCKET_STYLE | 'completed' | 'progress', label: MessageKey, main: HTMLElement, ...sub: (Node | null)[]) => {
    const glyph = style === 'completed' ? '✓' : style === 'progress' ? '★' : BUCKET_STYLE[style].glyph;
    const cls = style === 'completed' ? 'st-completed' : style === 'progress' ? 'st-intime' : BUCKET_STYLE[style].cls;
    return h(
      'div',
      { class: `wall-card ${cls}` },
      h('div', { class: 'wall-card-label' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, glyph), ' ', t(label)),
      main,
      ...sub.map((s) => (s ? h('div', { class: 'wall-card-sub' }, s) : null)),
    );
  };
  const progressNote = h('span', { class: 'wall-note' });
  const progressThreshold = h('span', { class: 'wall-threshold', testid: 'wall-progress-threshold', hidden: true });
  const progressCard = card('progress', 'wallProgress766', value('wall-progress766'), h('span', null, progressThreshold, progressNote));
  progressCard.dataset.testid = 'wall-progress-card';
  const cards = h(
    'section',
    { class: 'wall-cards', 'aria-label': t('liveFigures') },
    card(
      'total',
      'pending',
      value('wall-total-pending'),
      h('span', null, `${t('inTime')} `, subValue('wall-total-inTime'), ` · ${t('paused')} `, subValue('wall-total-paused')),
    ),
    card('dueSoon', 'dueSoon', value('wall-total-dueSoon')),
    card('overdue', 'overdue', value('wall-total-overdue'), h('span', null, `${t('overdueWithoutApology')}: `, subValue('wall-total-overdueWithoutApology'))),
    card('completed', 'completedToday', value('wall-completedToday'), h('span', null, `${t('onTimeRate')}: `, subValue('wall-onTimeRate'))),
    progressCard,
  );

  // ---------- Rankings ----------
  const rankOverdueBody = h('tbody');
  const rankOverdueEmpty = h('p', { class: 'wall-empty', hidden: true }, t('noOverdue'));
  /** A ranking panel: heading, a table of rank, unit and two numbers, and its empty note. */
  const rankPanel = (testid: string, heading: HTMLElement, numbers: [MessageKey, MessageKey], body: HTMLElement, empty: HTMLElement) =>
    h(
      'section',
      { class: 'wall-panel wall-rank', testid },
      heading,
      h(
        'table',
        { class: 'wall-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col', class: 'rank' }, '#'),
            h('th', { scope: 'col' }, t('unit')),
            h('th', { scope: 'col', class: 'num' }, t(numbers[0])),
            h('th', { scope: 'col', class: 'num' }, t(numbers[1])),
          ),
        ),
        body,
      ),
      empty,
    );
  const rankOverdue = rankPanel(
    'wall-rank-overdue',
    h('h2', null, h('span', { class: 'glyph st-overdue', 'aria-hidden': 'true' }, BUCKET_STYLE.overdue.glyph), ' ', t('wallRankOverdue')),
    ['overdue', 'overdueShare'],
    rankOverdueBody,
    rankOverdueEmpty,
  );
  const rankRateBody = h('tbody');
  const rankRateEmpty = h('p', { class: 'wall-empty', hidden: true }, t('wallNoCompletions'));
  const rankRate = rankPanel(
    'wall-rank-onTime',
    // The note as the heading's title: on one 28 px line, the heading takes the panel's width.
    h('h2', { title: t('wallRankOnTimeNote') }, t('wallRankOnTime')),
    ['onTimeRate', 'lateOfCompleted'],
    rankRateBody,
    rankRateEmpty,
  );

  const unitName = (id: string, name: string) => (kiosk ? name : h('a', { href: unitHref(id) }, name));
  let rankOverdueKey = '';
  const drawRankOverdue = (rows: OverdueRankRow[]) => {
    const key = JSON.stringify(rows);
    if (key === rankOverdueKey) return;
    rankOverdueKey = key;
    replaceChildren(
      rankOverdueBody,
      ...rows.map((r, i) =>
        h(
          'tr',
          { testid: `wall-rank-row-${r.unitId}` },
          h('td', { class: 'rank', testid: 'cell-rank' }, i + 1),
          h('th', { scope: 'row', class: 'name', testid: 'cell-name' }, unitName(r.unitId, r.name)),
          h('td', { class: 'num alert-overdue', testid: 'cell-overdue' }, formatNumber(r.overdue, lang)),
          h('td', { class: 'num', testid: 'cell-share' }, formatRate(r.share, lang, 1)),
        ),
      ),
    );
  };
  let rankRateKey = '';
  const drawRankRate = (rows: RateRankRow[]) => {
    const key = JSON.stringify(rows);
    if (key === rankRateKey) return;
    rankRateKey = key;
    replaceChildren(
      rankRateBody,
      ...rows.map((r, i) =>
        h(
          'tr',
          { testid: `wall-rank-onTime-row-${r.unitId}` },
          h('td', { class: 'rank', testid: 'cell-rank' }, i + 1),
          h('th', { scope: 'row', class: 'name', testid: 'cell-name' }, unitName(r.unitId, r.name)),
          h('td', { class: 'num', testid: 'cell-onTimeRate' }, formatRate(r.rate, lang, 1)),
          h(
            'td',
            { class: 'num', testid: 'cell-late' },
            h('span', { class: r.late > 0 ? 'alert-overdue' : '' }, formatNumber(r.late, lang)),
            ` / ${formatNumber(r.completed, lang)}`,
          ),
        ),
      ),
    );
  };

  // ---------- Treemap ----------
  const treemapBox = h('div', { class: 'wall-canvas', role: 'img', 'aria-label': t('wallTreemap') });
  const treemapStatus = h('p', { class: 'wall-empty', hidden: true });
  const legend = h(
    'ul',
    { class: 'wall-legend', 'aria-label': t('overdueShare') },
    h('li', { class: 'legend-glyph' }, h('span', { class: 'glyph st-overdue', 'aria-hidden': 'true' }, `${BUCKET_STYLE.overdue.glyph} n`), `= ${t('legendOverdueCount')}`),
    ...shareLegend((x) => formatRate(x, lang, 0), t('legendNoPending'), t('legendNone')).map((l) =>
      h('li', null, h('span', { class: 'swatch', style: `background:${l.colour}`, 'aria-hidden': 'true' }), l.label),
    ),
  );
  const treemapPanel = h(
    'section',
    { class: 'wall-panel wall-treemap-panel', testid: 'wall-treemap' },
    h('h2', null, t('wallTreemap'), ' ', h('span', { class: 'wall-note' }, `(${t('wallTreemapNote')})`)),
    treemapBox,
    treemapStatus,
    legend,
  );
  const treemap = chartHolder(treemapBox, (message) => {
    treemapStatus.hidden = false;
    setText(treemapStatus, t('chartError', { message }));
  });
  if (!kiosk) {
    treemap.ready((chart) =>
      chart.on('click', (p) => {
        const id = (p.data as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') location.hash = unitHref(id);
      }),
    );
  }

  // ---------- This month's ranking (InfluxDB, slow) ----------
  const periodBody = h('tbody');
  const periodStatus = h('p', { class: 'wall-empty', hidden: true });
  const periodNote = h('span', { class: 'wall-note' });
  const periodPanel = rankPanel(
    'wall-rank-month',
    h('h2', null, t('wallRankMonth'), ' ', periodNote),
    ['overdue', 'wallRankChange'],
    periodBody,
    periodStatus,
  );

  // ---------- Alerts (read-only here, whoever looks) ----------
  const alerts = alertsSection(ctx, { root, canAct: false, maxRows: wallAlertRows(window.innerHeight), wall: true, links: !kiosk });

  // ---------- Page ----------
  const title = h('h1', { class: 'sr-only', testid: 'wall-unit-title' });
  const rotation = h('div', { class: 'wall-rotation', testid: 'wall-rotation', hidden: sequence.length < 2 });
  const wall = h(
    'div',
    { class: 'wall', testid: 'wall' },
    title,
    rotation,
    cards,
    // Two columns: the treemap over the alerts (the treemap gives way to the alerts' rows),
    // and the three rankings (now, today's on-time rate, this month), a third each.
    h(
      'div',
      { class: 'wall-grid' },
      h('div', { class: 'wall-col wall-col-main' }, treemapPanel, alerts.el),
      h('div', { class: 'wall-col wall-col-side' }, rankOverdue, rankRate, periodPanel),
    ),
  );
  container.append(wall);

  // ---------- Theme: dark for walls that run day and night ----------
  let theme: Theme = wallTheme(location.hash, storedTheme());
  applyTheme(theme);
  if (!kiosk) {
    const toggle = h('button', { type: 'button', class: 'secondary wall-theme-toggle', testid: 'wall-theme-toggle' });
    const label = () => setText(toggle, theme === 'dark' ? t('wallThemeLight') : t('wallThemeDark'));
    label();
    toggle.addEventListener('click', () => {
      theme = theme === 'dark' ? 'light' : 'dark';
      applyTheme(theme);
      label();
      treemap.invalidate();
      drawTreemap();
    });
    wall.append(toggle);
  }

  // ---------- Drawing ----------
  let scale = fontScale();

  const tileNode = (tile: Tile): Record<string, unknown> => {
    const bg = bucketColour(tile.bucket);
    const fg = textColourOn(bg);
    const node: Record<string, unknown> = {
      id: tile.id,
      name: tile.name,
      value: tile.value,
      overdue: tile.overdue,
      pending: tile.pending,
      share: tile.share,
      itemStyle: tile.children ? { color: bg, borderColor: bg } : { color: bg },
      label: { color: fg },
      upperLabel: { color: fg },
    };
    if (tile.children) node.children = tile.children.map(tileNode);
    return node;
  };
  type TileData = { name: string; overdue: number; pending: number; share: number | null };
  const tileText = (d: TileData) => t('tileOverdue', { count: formatNumber(d.overdue, lang), share: formatRate(d.share, lang, 1) });
  // On the tile itself: the overdue glyph and count (the legend says what ■ means), short
  // enough to show on small tiles.
  const tileShort = (d: TileData) => `${BUCKET_STYLE.overdue.glyph} ${formatNumber(d.overdue, lang)}`;

  const drawTreemap = () => {
    const tiles = treemapTiles(focus, childIds, nameOf, ctx.live.figures);
    treemapStatus.hidden = tiles.length > 0;
    if (tiles.length === 0) setText(treemapStatus, t('noChildren'));
    const key = `${focus}|${scale}|${theme}|${JSON.stringify(tiles)}`;
    // Read from 5 m: tile labels at 28 px or more (small tiles keep their colour and the tooltip).
    const fs = Math.max(28, Math.round(16 * scale));
    const totalValue = Math.max(1, tiles.reduce((sum, tile) => sum + Math.max(0, tile.value), 0));
    const boxArea = Math.max(1, treemapBox.clientWidth * treemapBox.clientHeight);
    const gap = theme === 'dark' ? '#161b24' : '#ffffff';
    treemap.set(
      {
        animation: false,
        aria: { enabled: true },
        tooltip: kiosk
          ? { show: false }
          : {
              trigger: 'item',
              formatter: (p: unknown) => {
                const d = (p as { data?: TileData }).data;
                if (!d) return '';
                const lines = [
                  `<b>${escapeHtml(d.name)}</b>`,
                  `${escapeHtml(t('pending'))}: ${escapeHtml(formatNumber(d.pending, lang))}`,
                  escapeHtml(d.pending > 0 ? tileText(d) : t('tileNoPending')),
                ];
                return lines.join('<br>');
              },
            },
        series: [
          {
            type: 'treemap',
            roam: false,
            nodeClick: false,
            breadcrumb: { show: false },
            left: 0,
            right: 0,
            top: 0,
            bottom: 0,
            visibleMin: 100 * scale * scale,
            label: {
              show: true,
              fontSize: fs,
              lineHeight: Math.round(fs * 1.15),
              padding: 2,
              fontWeight: 'bold',
              overflow: 'truncate',
              ellipsis: '…',
              formatter: (p: unknown) => {
                const d = (p as { data: TileData & { value?: number } }).data;
                // A tile too small for a few letters at this size gets no label (its colour and
                // the tooltip stay): on a province of a hundred units, "X…" and "P…" tell nobody anything.
                const side = Math.sqrt((Math.max(0, d.value ?? 0) / totalValue) * boxArea);
                if (side < fs * 3.5) return '';
                return `${d.name}\n${tileShort(d)}`;
              },
            },
            upperLabel: {
              show: true,
              height: Math.round(fs * 1.7),
              fontSize: fs,
              fontWeight: 'bold',
              overflow: 'truncate',
              ellipsis: '…',
              formatter: (p: unknown) => {
                const d = (p as { data: TileData }).data;
                return `${d.name} · ${tileShort(d)} (${formatRate(d.share, lang, 1)})`;
              },
            },
            itemStyle: { borderColor: gap, borderWidth: 1, gapWidth: 1 },
            levels: [
              // The root itself is not drawn (no label across the top).
              { itemStyle: { borderColor: gap, borderWidth: 0, gapWidth: Math.round(4 * scale) }, upperLabel: { show: false } },
              // Units right below the root: larger text; their own children: the smaller default.
              {
                itemStyle: { borderWidth: Math.round(3 * scale), gapWidth: Math.round(2 * scale) },
                label: { fontSize: Math.max(30, Math.round(18 * scale)), lineHeight: Math.round(Math.max(30, 18 * scale) * 1.15) },
              },
              { itemStyle: { borderWidth: Math.round(2 * scale), gapWidth: 1 } },
            ],
            data: tiles.map(tileNode),
          },
        ],
      },
      key,
    );
  };

  // The big numbers are a few text nodes: they follow every update at once. The rankings, the
  // treemap and the charts cost a layout and a canvas redraw each: at most twice a second.
  const renderNumbers = () => {
    const f = ctx.live.figures.get(focus);
    const n = (v: number | undefined) => (f && v !== undefined ? formatNumber(v, lang) : DASH);
    set('wall-total-pending', n(f?.pending.total));
    set('wall-total-inTime', n(f?.pending.inTime));
    set('wall-total-paused', n(f?.pending.paused));
    set('wall-total-dueSoon', n(f?.pending.dueSoon));
    set('wall-total-overdue', n(f?.pending.overdue));
    set('wall-total-overdueWithoutApology', n(f?.pending.overdueWithoutApology));
    set('wall-completedToday', n(f?.today.completed));
    set('wall-onTimeRate', f ? formatRate(onTimeRate(f.today.early, f.today.onTime, f.today.completed), lang) : DASH);
    if (f?.monthToDate) showProgress();
    wall.classList.toggle('is-stale', ctx.live.stale);
  };
  const renderCharts = () => {
    const figures = ctx.live.figures;
    const kids = childIds(focus);
    const worst = rankByOverdue(kids, figures, nameOf, WALL_RANK_N);
    const slowest = rankByOnTimeRate(kids, figures, nameOf, WALL_RANK_N);
    drawRankOverdue(worst);
    drawRankRate(slowest);
    rankOverdueEmpty.hidden = worst.length > 0;
    setText(rankOverdueEmpty, kids.length === 0 ? t('noChildren') : t('noOverdue'));
    rankRateEmpty.hidden = slowest.length > 0;
    setText(rankRateEmpty, kids.length === 0 ? t('noChildren') : t('wallNoCompletions'));
    drawTreemap();
  };
  const render = () => {
    renderNumbers();
    renderCharts();
  };
  const scheduler = coalescer(renderCharts, RENDER_INTERVAL_MS);

  // ---------- Progress score, its thresholds and the month's ranking (slow data) ----------
  const progressCache = new Map<string, SlowEntry<number>>();
  const thresholdCache = new Map<string, SlowEntry<ScoreThreshold[]>>();
  const rankingCache = new Map<string, SlowEntry<OverdueRanking>>();
  let slowController = new AbortController();
  const loading = new Set<'progress' | 'thresholds' | 'ranking'>();
  let destroyed = false;

  /** The score coloured against the rules on it: its state on the card, the threshold said in words. */
  const colourProgress = (score: number | null) => {
    const rules = thresholdCache.get(focus)?.value ?? [];
    const state = progressState(score, rules);
    progressCard.dataset.score = state;
    const nearest = nearestThreshold(rules);
    setText(progressThreshold, nearest ? t('wallProgressThreshold', { threshold: formatDecimal(nearest.fire, lang, 1) }) : '');
    progressThreshold.hidden = !nearest;
  };
  const showProgress = () => {
    const mtd = monthToDate(knownToday(ctx));
    setText(progressNote, t('wallProgressNoteShort', { from: shortDate(mtd.from), to: shortDate(mtd.to) }));
    progressCard.title = t('wallProgressNote', { from: shortDate(mtd.from), to: formatDate(mtd.to, lang) });
    // The job sends the month's score with the live figures: exact and live. Older servers: a period report.
    const live = ctx.live.figures.get(focus)?.monthToDate;
    if (live) {
      set('wall-progress766', formatDecimal(live.progressScore766, lang, 2));
      progressCard.dataset.state = 'ready';
      colourProgress(live.progressScore766);
      return;
    }
    const e = progressCache.get(focus);
    const score = e?.value !== null && e?.value !== undefined ? e.value : null;
    set('wall-progress766', score !== null ? formatDecimal(score, lang, 2) : DASH);
    if (e?.error) progressCard.title = e.error;
    progressCard.dataset.state = e ? (e.error ? 'error' : 'ready') : 'loading';
    colourProgress(score);
  };
  let periodKey = '';
  const showRanking = () => {
    const e = rankingCache.get(focus);
    periodPanel.dataset.state = e ? (e.error ? 'error' : 'ready') : 'loading';
    const r = e?.value ?? null;
    setText(periodNote, r ? `(${shortDate(r.from)} – ${shortDate(r.to)})` : '');
    periodPanel.title = r ? t('wallRankMonthNote', { from: shortDate(r.from), to: formatDate(r.to, lang) }) : '';
    const rows = r ? r.units.filter((u) => u.overdue > 0).slice(0, WALL_RANK_N) : [];
    periodStatus.hidden = !e?.error && (!r || rows.length > 0);
    if (e?.error) setText(periodStatus, e.error);
    else if (r && rows.length === 0) setText(periodStatus, t('noOverdue'));
    const key = JSON.stringify(rows);
    if (key === periodKey) return;
    periodKey = key;
    replaceChildren(
      periodBody,
      ...rows.map((u, i) =>
        h(
          'tr',
          { testid: `wall-rank-month-row-${u.unitId}` },
          h('td', { class: 'rank', testid: 'cell-rank' }, i + 1),
          h('th', { scope: 'row', class: 'name', testid: 'cell-name' }, unitName(u.unitId, nameOf(u.unitId) || u.name)),
          h('td', { class: 'num alert-overdue', testid: 'cell-overdue' }, formatNumber(u.overdue, lang)),
          h(
            'td',
            { class: `num change ${u.change > 0 ? 'worse' : u.change < 0 ? 'better' : ''}`, testid: 'cell-change' },
            // An arrow besides the colour: the direction is never colour alone.
            `${u.change > 0 ? '▲ ' : u.change < 0 ? '▼ ' : ''}${formatChange(u.change, (n) => formatNumber(n, lang))}`,
          ),
        ),
      ),
    );
  };

  const due = (e: SlowEntry<unknown> | undefined, period: string, now: number) =>
    !e || e.period !== period || now - e.at > (e.error ? SLOW_RETRY_MS : SLOW_REFRESH_MS);

  /** Fetches one slow value for the unit on screen when it is due, keeping the last good one on a failure. */
  function fetchSlow<T>(kind: 'progress' | 'thresholds' | 'ranking', cache: Map<string, SlowEntry<T>>, period: string, call: (signal: AbortSignal) => Promise<T>, show: () => void): void {
    const unit = focus;
    const signal = slowController.signal;
    if (loading.has(kind) || !due(cache.get(unit), period, Date.now())) return;
    loading.add(kind);
    call(signal)
      .then((value) => cache.set(unit, { period, at: Date.now(), value, error: null }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        const old = cache.get(unit);
        // Keep the last good value on screen (with the error said) rather than a dash.
        cache.set(unit, { period, at: Date.now(), value: old?.period === period ? old.value : null, error: errorMessage(e, t) });
      })
      .finally(() => {
        if (signal !== slowController.signal) return;
        loading.delete(kind);
        if (!destroyed && unit === focus) show();
      });
  }

  function refreshSlow(): void {
    if (destroyed) return;
    const unit = focus;
    const today = knownToday(ctx);
    const mtd = monthToDate(today);
    const mtdKey = `${mtd.from}|${mtd.to}`;
    if (!ctx.live.figures.get(unit)?.monthToDate) {
      fetchSlow('progress', progressCache, mtdKey, (signal) => api.report(unit, mtd.from, mtd.to, signal).then((r) => r.progressScore766), showProgress);
    }
    fetchSlow('thresholds', thresholdCache, 'rules', (signal) => api.alertThresholds(unit, signal).then((a) => a.progressScore766 ?? []), showProgress);
    fetchSlow('ranking', rankingCache, mtdKey, (signal) => api.overdueRanking(unit, mtd.from.slice(0, 7), WALL_RANK_N * 4, signal), showRanking);
    showProgress();
    showRanking();
  }

  // ---------- Focus and rotation ----------
  const setFocus = (index: number) => {
    focusIndex = index;
    focus = sequence[index] ?? root;
    wall.dataset.unitId = focus;
    setText(title, `${t('wallLabel')}: ${nameOf(focus)}`);
    ctx.setHeaderUnit(nameOf(focus));
    setText(rotation, t('wallRotation', { index: index + 1, count: sequence.length }));
    alerts.setRoot(focus);
    // A slow answer for the unit shown before must not hold up this one's.
    slowController.abort();
    slowController = new AbortController();
    loading.clear();
    render();
    refreshSlow();
  };

  const off = ctx.live.on((e) => {
    if (e.kind === 'snapshot' || e.kind === 'update') {
      renderNumbers();
      scheduler.request();
    }
    if (e.kind === 'stale') wall.classList.toggle('is-stale', e.stale);
    // The job's "today" is known once the snapshot is in (a replaying job is in the past).
    if (e.kind === 'snapshot') refreshSlow();
  });
  const onResize = () => {
    alerts.setMaxRows(wallAlertRows(window.innerHeight));
    const s = fontScale();
    if (s === scale) return;
    scale = s;
    treemap.invalidate();
    drawTreemap();
  };
  window.addEventListener('resize', onResize);
  const slowTimer = setInterval(refreshSlow, SLOW_TICK_MS);
  const rotateTimer =
    sequence.length > 1 && rotateSeconds ? setInterval(() => setFocus((focusIndex + 1) % sequence.length), rotateSeconds * 1000) : null;

  // Depth omitted: every unit below the root, for the treemap (and the rotation's units).
  ctx.live.subscribe({ subtree: { unitId: root } });
  ctx.refreshStatus();
  setFocus(0);

  return {
    destroy() {
      destroyed = true;
      off();
      scheduler.cancel();
      clearInterval(slowTimer);
      if (rotateTimer !== null) clearInterval(rotateTimer);
      window.removeEventListener('resize', onResize);
      slowController.abort();
      treemap.destroy();
      clearTheme();
      alerts.destroy();
      ctx.setHeaderUnit(null);
    },
  };
}
