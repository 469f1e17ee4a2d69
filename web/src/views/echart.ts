/**
 * One ECharts instance per chart box, created once when the (lazily loaded) library is
 * there and then only updated with setOption: a wall display runs for weeks, so charts are
 * never re-created per update. Options sent before the library is loaded are kept (the
 * latest only) and drawn when it is. Resizes follow the box (ResizeObserver) and the window.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ECharts } from '../echarts-setup';

export interface ChartHolder {
  /**
   * Draws an option. With a key, an option whose key equals the one drawn last is skipped
   * (live updates often change nothing the chart shows).
   */
  set(option: EChartsCoreOption, key?: string): void;
  /** Forgets the last key, so the next set() draws whatever it gets (fonts changed, say). */
  invalidate(): void;
  /** Called with the chart once it exists (click handlers). */
  ready(fn: (chart: ECharts) => void): void;
  destroy(): void;
}

export function chartHolder(box: HTMLElement, onError: (message: string) => void): ChartHolder {
  let chart: ECharts | null = null;
  let destroyed = false;
  let pending: EChartsCoreOption | null = null;
  let drawnKey: string | null = null;
  const readyFns: ((c: ECharts) => void)[] = [];
  let observer: ResizeObserver | null = null;
  let resizeQueued = false;

  const resize = () => {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      if (chart && !destroyed) chart.resize();
    });
  };

  void import('../echarts-setup')
    .then(({ echarts }) => {
      if (destroyed) return;
      chart = echarts.init(box, undefined, { renderer: 'canvas' });
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(resize);
        observer.observe(box);
      }
      window.addEventListener('resize', resize);
      for (const fn of readyFns.splice(0)) fn(chart);
      if (pending) {
        chart.setOption(pending, { notMerge: true, lazyUpdate: true });
        pending = null;
      }
    })
    .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));

  return {
    set(option, key) {
      if (key !== undefined && key === drawnKey) return;
      drawnKey = key ?? null;
      if (!chart) {
        pending = option;
        return;
      }
      // notMerge: the option is always complete, so nothing of an earlier one lingers.
      chart.setOption(option, { notMerge: true, lazyUpdate: true });
    },
    invalidate() {
      drawnKey = null;
    },
    ready(fn) {
      if (chart) fn(chart);
      else readyFns.push(fn);
    },
    destroy() {
      destroyed = true;
      observer?.disconnect();
      observer = null;
      window.removeEventListener('resize', resize);
      chart?.dispose();
      chart = null;
      pending = null;
      readyFns.length = 0;
    },
  };
}

/**
 * How much bigger than on a 1920-pixel-wide screen text should be drawn on the canvas:
 * follows the root font size, which the wall display scales with the viewport (4K: 2).
 */
export function fontScale(): number {
  try {
    const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return Number.isFinite(px) && px > 0 ? px / 16 : 1;
  } catch {
    return 1;
  }
}
