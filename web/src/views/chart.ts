/**
 * Bar chart of overdue dossiers by child unit (top 15), drawn with ECharts.
 * Unit names are drawn on the canvas (no markup); the tooltip is HTML, so names are
 * escaped there.
 */
import { escapeHtml, h, setText } from '../dom';
import { formatNumber } from '../format';
import { unitHref } from '../router';
import type { AppContext } from './context';

export const TOP_N = 15;

export interface ChartRow {
  unitId: string;
  name: string;
  value: number;
}

/** The rows to draw: units with overdue dossiers, most first, at most 15. Exported for tests. */
export function topOverdue(rows: readonly ChartRow[], n = TOP_N): ChartRow[] {
  return rows
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'vi'))
    .slice(0, n);
}

type ECharts = ReturnType<typeof import('./../echarts-setup').echarts.init>;

export interface OverdueChart {
  el: HTMLElement;
  update(rows: readonly ChartRow[]): void;
  destroy(): void;
}

const OVERDUE_COLOUR = '#a3005c';

export function overdueChart(ctx: AppContext): OverdueChart {
  const { t, lang } = ctx;
  const canvasBox = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': t('overdueByUnit') });
  const empty = h('p', { class: 'chart-empty', hidden: true }, t('noOverdue'));
  const el = h(
    'section',
    { class: 'panel chart-panel', testid: 'overdue-chart' },
    h('h2', null, t('overdueByUnit')),
    canvasBox,
    empty,
  );

  let chart: ECharts | null = null;
  let destroyed = false;
  let latest: ChartRow[] = [];
  let drawnKey = '';
  const onResize = () => chart?.resize();

  const draw = () => {
    if (!chart) return;
    const top = topOverdue(latest);
    empty.hidden = top.length > 0;
    canvasBox.classList.toggle('is-empty', top.length === 0);
    const key = JSON.stringify(top.map((r) => [r.unitId, r.value]));
    if (key === drawnKey) return; // Nothing to redraw: updates often touch other figures only.
    drawnKey = key;
    // Largest at the top of a horizontal bar chart: ECharts draws categories bottom-up.
    const rows = [...top].reverse();
    chart.setOption(
      {
        animation: false,
        grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14, color: '#1a1a1a' } },
        yAxis: {
          type: 'category',
          data: rows.map((r) => r.name),
          axisLabel: { fontSize: 15, color: '#1a1a1a', width: 220, overflow: 'truncate' },
        },
        tooltip: {
          trigger: 'item',
          formatter: (p: unknown) => {
            const { dataIndex } = p as { dataIndex: number };
            const r = rows[dataIndex];
            return r ? `${escapeHtml(r.name)}<br>${escapeHtml(t('overdue'))}: <b>${formatNumber(r.value, lang)}</b>` : '';
          },
        },
        aria: { enabled: true },
        series: [
          {
            type: 'bar',
            data: rows.map((r) => r.value),
            itemStyle: { color: OVERDUE_COLOUR },
            barMaxWidth: 28,
            label: {
              show: true,
              position: 'right',
              fontSize: 15,
              fontWeight: 'bold',
              color: '#1a1a1a',
              formatter: (p: unknown) => formatNumber((p as { value: number }).value, lang),
            },
          },
        ],
      },
      { notMerge: true },
    );
  };

  void import('../echarts-setup')
    .then(({ echarts }) => {
      if (destroyed) return;
      chart = echarts.init(canvasBox, undefined, { renderer: 'canvas' });
      chart.on('click', (p) => {
        const r = [...topOverdue(latest)].reverse()[p.dataIndex];
        if (r) location.hash = unitHref(r.unitId);
      });
      window.addEventListener('resize', onResize);
      draw();
    })
    .catch((e: unknown) => {
      setText(empty, String(e));
      empty.hidden = false;
    });

  return {
    el,
    update(rows) {
      latest = [...rows];
      draw();
    },
    destroy() {
      destroyed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
      chart = null;
    },
  };
}
