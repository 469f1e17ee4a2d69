/**
 * ECharts options of the day-by-day charts (history of the unit view, 30-day trend of the
 * wall display), built from the series of history.ts. Series differ by colour (Okabe & Ito
 * blue / bluish green, the app's overdue magenta, near-black), by kind (bars, lines), by
 * symbol and by line style, and each is named in the legend: colour is never the only cue.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../dom';
import { formatDate, formatNumber, type Lang } from '../format';
import { shortDate, type HistorySeries } from '../history';
import type { Translator } from '../i18n';

export const TREND_COLOURS = {
  received: '#0b5fa5',
  completed: '#00805f',
  overdue: '#a3005c',
  pending: '#111418',
} as const;

const TEXT = '#111418';

function tooltip(s: HistorySeries, lang: Lang, size: number) {
  return {
    trigger: 'axis',
    textStyle: { fontSize: size },
    formatter: (params: unknown) => {
      const list = (Array.isArray(params) ? params : [params]) as {
        dataIndex: number;
        seriesName: string;
        value: number | null;
        marker: string;
      }[];
      const first = list[0];
      if (!first) return '';
      const head = escapeHtml(formatDate(s.dates[first.dataIndex] ?? '', lang));
      // `marker` is ECharts' own coloured dot markup; names and numbers are escaped.
      const rows = list.map(
        (p) => `${p.marker}${escapeHtml(p.seriesName)}: <b>${escapeHtml(formatNumber(p.value, lang))}</b>`,
      );
      return [head, ...rows].join('<br>');
    },
  };
}

function axisLabel(size: number, colour = TEXT) {
  return { fontSize: size, color: colour };
}

/** Unit view: received and completed per day as bars, pending and overdue at end of day as lines. */
export function historyOption(s: HistorySeries, t: Translator, lang: Lang, scale = 1): EChartsCoreOption {
  const fs = Math.round(14 * scale);
  const fmt = (v: number) => formatNumber(v, lang);
  return {
    animation: false,
    aria: { enabled: true },
    legend: { top: 0, textStyle: { fontSize: fs, color: TEXT }, itemWidth: 28, itemHeight: 14 },
    grid: { left: 8, right: 8, top: 40 * scale, bottom: 8, containLabel: true },
    tooltip: tooltip(s, lang, fs),
    xAxis: { type: 'category', data: s.dates.map(shortDate), axisLabel: axisLabel(fs) },
    yAxis: [
      { type: 'value', name: t('perDay'), minInterval: 1, nameTextStyle: axisLabel(fs), axisLabel: { ...axisLabel(fs), formatter: fmt } },
      {
        type: 'value',
        name: t('pending'),
        minInterval: 1,
        splitLine: { show: false },
        nameTextStyle: axisLabel(fs),
        axisLabel: { ...axisLabel(fs), formatter: fmt },
      },
    ],
    series: [
      { name: t('trendReceived'), type: 'bar', data: s.received, itemStyle: { color: TREND_COLOURS.received }, barMaxWidth: 18 },
      {
        name: t('trendCompleted'),
        type: 'bar',
        data: s.completed,
        itemStyle: { color: TREND_COLOURS.completed, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4 } },
        barMaxWidth: 18,
      },
      {
        name: t('trendPendingEnd'),
        type: 'line',
        yAxisIndex: 1,
        data: s.pendingEnd,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { color: TREND_COLOURS.pending, width: 2, type: 'dashed' },
        itemStyle: { color: TREND_COLOURS.pending },
      },
      {
        name: t('trendOverdueEnd'),
        type: 'line',
        yAxisIndex: 1,
        data: s.overdueEnd,
        symbol: 'triangle',
        symbolSize: 9,
        lineStyle: { color: TREND_COLOURS.overdue, width: 3 },
        itemStyle: { color: TREND_COLOURS.overdue },
      },
    ],
  };
}

/** Wall display: received, completed and overdue at end of day as lines, readable from afar. */
export function wallTrendOption(s: HistorySeries, t: Translator, lang: Lang, scale = 1): EChartsCoreOption {
  const fs = Math.round(16 * scale);
  const fmt = (v: number) => formatNumber(v, lang);
  const line = (colour: string, symbol: string, type: 'solid' | 'dashed') => ({
    type: 'line',
    symbol,
    symbolSize: Math.round(8 * scale),
    lineStyle: { color: colour, width: Math.max(2, Math.round(3 * scale)), type },
    itemStyle: { color: colour },
  });
  return {
    animation: false,
    aria: { enabled: true },
    legend: { top: 0, textStyle: { fontSize: fs, color: TEXT, fontWeight: 'bold' }, itemWidth: 32 * scale, itemHeight: 14 * scale },
    grid: { left: 8, right: 8, top: 44 * scale, bottom: 4, containLabel: true },
    tooltip: tooltip(s, lang, fs),
    xAxis: { type: 'category', data: s.dates.map(shortDate), axisLabel: axisLabel(fs) },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { ...axisLabel(fs), formatter: fmt } },
      {
        type: 'value',
        minInterval: 1,
        splitLine: { show: false },
        axisLabel: { ...axisLabel(fs, TREND_COLOURS.overdue), formatter: fmt },
      },
    ],
    series: [
      { name: t('trendReceived'), data: s.received, ...line(TREND_COLOURS.received, 'circle', 'solid') },
      { name: t('trendCompleted'), data: s.completed, ...line(TREND_COLOURS.completed, 'rect', 'dashed') },
      { name: t('trendOverdueEnd'), yAxisIndex: 1, data: s.overdueEnd, ...line(TREND_COLOURS.overdue, 'triangle', 'solid') },
    ],
  };
}
