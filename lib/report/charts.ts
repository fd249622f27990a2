// ECharts options for the report charts. The same builders feed the interactive charts in the browser
// and the static SVG rendered on the server for the HTML report (`interactive: false` leaves out
// tooltips, zoom and animation). Times are shown in UTC everywhere (`useUTC`).
import type { EChartsOption } from 'echarts';
import { formatNumber } from './format';
import type { Marker, Points, RunChartData } from './series';

export interface ChartPalette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  equity: string;
  previous: string;
  drawdown: string;
  drawdownFill: string;
  long: string;
  short: string;
  exit: string;
  tooltip: string;
}

// The app's theme tokens (app/globals.css), so the charts sit in the pages like the rest of the UI.
export const LIGHT_PALETTE: ChartPalette = {
  background: '#ffffff',
  text: '#1a1e24',
  muted: '#5b6574',
  grid: '#eef0f4',
  axis: '#cdd2da',
  equity: '#2962ff',
  previous: '#8e97a4',
  drawdown: '#e53935',
  drawdownFill: 'rgba(229, 57, 53, 0.12)',
  long: '#089981',
  short: '#e53935',
  exit: '#1a1e24',
  tooltip: '#ffffff',
};

export const DARK_PALETTE: ChartPalette = {
  background: '#15181e',
  text: '#d9dde3',
  muted: '#8d96a3',
  grid: '#20242c',
  axis: '#343b47',
  equity: '#4c8dff',
  previous: '#6b7481',
  drawdown: '#ef5350',
  drawdownFill: 'rgba(239, 83, 80, 0.16)',
  long: '#26a69a',
  short: '#ef5350',
  exit: '#d9dde3',
  tooltip: '#1b1f26',
};

export interface ChartOptions {
  /** Tooltips, zoom and animation for the browser; false for a static SVG. Default true. */
  interactive?: boolean;
}

const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

function axisStyle(p: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted, fontSize: 11, hideOverlap: true },
    splitLine: { lineStyle: { color: p.grid } },
  };
}

function tooltip(p: ChartPalette, interactive: boolean) {
  return interactive
    ? {
        trigger: 'axis' as const,
        backgroundColor: p.tooltip,
        borderColor: p.axis,
        textStyle: { color: p.text, fontSize: 12 },
        axisPointer: { type: 'line' as const, lineStyle: { color: p.muted } },
      }
    : undefined;
}

const MARKER_STYLE: Record<Marker['kind'], { symbol: string; rotate: number; name: string }> = {
  'entry-long': { symbol: 'triangle', rotate: 0, name: 'Long entry' },
  'entry-short': { symbol: 'triangle', rotate: 180, name: 'Short entry' },
  exit: { symbol: 'circle', rotate: 0, name: 'Exit' },
};

function markerSeries(markers: readonly Marker[], kind: Marker['kind'], color: string, interactive: boolean) {
  const style = MARKER_STYLE[kind];
  const data: [number, number, number][] = [];
  for (const m of markers) if (m.kind === kind) data.push([m.time, m.value, m.trade + 1]);
  return {
    type: 'scatter' as const,
    name: style.name,
    xAxisIndex: 0,
    yAxisIndex: 0,
    symbol: style.symbol,
    symbolRotate: style.rotate,
    symbolSize: kind === 'exit' ? 6 : 9,
    itemStyle:
      kind === 'exit'
        ? { color: 'transparent', borderColor: color, borderWidth: 1.5 }
        : { color, borderColor: color },
    z: 5,
    silent: !interactive,
    data,
    tooltip: interactive ? { trigger: 'item' as const } : undefined,
  };
}

/** A run's chart: equity with the trade markers above, drawdown (%) below, on one time axis. */
export function runChartOption(data: RunChartData, p: ChartPalette, opts: ChartOptions = {}): EChartsOption {
  const interactive = opts.interactive ?? true;
  const hasLong = data.markers.some((m) => m.kind === 'entry-long');
  const hasShort = data.markers.some((m) => m.kind === 'entry-short');
  const hasExit = data.markers.some((m) => m.kind === 'exit');
  const markers = [
    ...(hasLong ? [markerSeries(data.markers, 'entry-long', p.long, interactive)] : []),
    ...(hasShort ? [markerSeries(data.markers, 'entry-short', p.short, interactive)] : []),
    ...(hasExit ? [markerSeries(data.markers, 'exit', p.exit, interactive)] : []),
  ];
  const bottom = interactive ? 64 : 28;
  return {
    useUTC: true,
    animation: false,
    backgroundColor: p.background,
    textStyle: { fontFamily: FONT, color: p.text },
    legend: {
      top: 4,
      right: 12,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: p.muted, fontSize: 11 },
      data: ['Equity', ...markers.map((m) => m.name), 'Drawdown'],
    },
    tooltip: tooltip(p, interactive),
    axisPointer: interactive ? { link: [{ xAxisIndex: 'all' }] } : undefined,
    grid: [
      { left: 64, right: 20, top: 32, height: '54%' },
      { left: 64, right: 20, top: '70%', bottom },
    ],
    xAxis: [
      { type: 'time', gridIndex: 0, ...axisStyle(p), axisLabel: { show: false }, splitLine: { show: false } },
      { type: 'time', gridIndex: 1, ...axisStyle(p), splitLine: { show: false } },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        scale: true,
        name: 'Equity',
        nameTextStyle: { color: p.muted, fontSize: 11, align: 'left' },
        ...axisStyle(p),
        axisLabel: { ...axisStyle(p).axisLabel, formatter: (v: number) => formatNumber(v, 0) },
      },
      {
        type: 'value',
        gridIndex: 1,
        max: 0,
        name: 'Drawdown %',
        nameTextStyle: { color: p.muted, fontSize: 11, align: 'left' },
        splitNumber: 3,
        ...axisStyle(p),
      },
    ],
    dataZoom: interactive
      ? [
          { type: 'inside', xAxisIndex: [0, 1] },
          {
            type: 'slider',
            xAxisIndex: [0, 1],
            bottom: 12,
            height: 22,
            borderColor: p.axis,
            textStyle: { color: p.muted },
          },
        ]
      : undefined,
    series: [
      {
        type: 'line',
        name: 'Equity',
        data: data.equity,
        showSymbol: false,
        lineStyle: { color: p.equity, width: 1.5 },
        itemStyle: { color: p.equity },
        tooltip: interactive ? { valueFormatter: (v) => formatNumber(v as number, 2) } : undefined,
      },
      ...markers,
      {
        type: 'line',
        name: 'Drawdown',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: data.drawdown,
        showSymbol: false,
        lineStyle: { color: p.drawdown, width: 1 },
        itemStyle: { color: p.drawdown },
        areaStyle: { color: p.drawdownFill },
        tooltip: interactive ? { valueFormatter: (v) => `${formatNumber(v as number, 2)}%` } : undefined,
      },
    ],
  };
}

export interface MetricSpec {
  name: string;
  /** Appended to values in labels, e.g. '%'. */
  unit: string;
  color: keyof Pick<ChartPalette, 'equity' | 'long' | 'drawdown'>;
  digits?: number;
}

export const METRICS = {
  returnPct: { name: 'Return', unit: '%', color: 'equity', digits: 2 },
  sharpe: { name: 'Sharpe ratio', unit: '', color: 'long', digits: 2 },
  maxDrawdownPct: { name: 'Max. drawdown', unit: '%', color: 'drawdown', digits: 2 },
} as const satisfies Record<string, MetricSpec>;

/** One figure of the successful runs over time (x: when the run started). */
export function metricHistoryOption(
  points: Points,
  metric: MetricSpec,
  p: ChartPalette,
  opts: ChartOptions = {},
): EChartsOption {
  const interactive = opts.interactive ?? true;
  const color = p[metric.color];
  const digits = metric.digits ?? 2;
  return {
    useUTC: true,
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT, color: p.text },
    tooltip: tooltip(p, interactive),
    grid: { left: 52, right: 14, top: 14, bottom: 28 },
    xAxis: { type: 'time', ...axisStyle(p), splitLine: { show: false } },
    yAxis: {
      type: 'value',
      scale: true,
      splitNumber: 4,
      ...axisStyle(p),
      axisLabel: {
        ...axisStyle(p).axisLabel,
        // ECharts' own tick text keeps just enough decimals to tell neighbouring ticks apart.
        formatter: `{value}${metric.unit}`,
      },
    },
    series: [
      {
        type: 'line',
        name: metric.name,
        data: points,
        showSymbol: points.length <= 24,
        symbolSize: 5,
        lineStyle: { color, width: 1.75 },
        itemStyle: { color },
        areaStyle: { color, opacity: 0.08, origin: 'start' },
        tooltip: interactive
          ? { valueFormatter: (v) => `${formatNumber(v as number, digits)}${metric.unit}` }
          : undefined,
      },
    ],
  };
}

/** The latest run's equity against the previous successful run's, two lines on one time axis. */
export function compareEquityOption(
  latest: { label: string; points: Points },
  previous: { label: string; points: Points } | null,
  p: ChartPalette,
  opts: ChartOptions = {},
): EChartsOption {
  const interactive = opts.interactive ?? true;
  const series: EChartsOption['series'] = [];
  if (previous)
    series.push({
      type: 'line',
      name: previous.label,
      data: previous.points,
      showSymbol: false,
      lineStyle: { color: p.previous, width: 1.25, type: 'dashed' },
      itemStyle: { color: p.previous },
    });
  series.push({
    type: 'line',
    name: latest.label,
    data: latest.points,
    showSymbol: false,
    lineStyle: { color: p.equity, width: 1.75 },
    itemStyle: { color: p.equity },
  });
  return {
    useUTC: true,
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT, color: p.text },
    legend: {
      top: 0,
      right: 8,
      itemWidth: 16,
      itemHeight: 8,
      textStyle: { color: p.muted, fontSize: 11 },
    },
    tooltip: interactive
      ? { ...tooltip(p, interactive), valueFormatter: (v) => formatNumber(v as number, 2) }
      : undefined,
    grid: { left: 64, right: 16, top: 30, bottom: interactive ? 56 : 28 },
    xAxis: { type: 'time', ...axisStyle(p), splitLine: { show: false } },
    yAxis: {
      type: 'value',
      scale: true,
      ...axisStyle(p),
      axisLabel: { ...axisStyle(p).axisLabel, formatter: (v: number) => formatNumber(v, 0) },
    },
    dataZoom: interactive
      ? [
          { type: 'inside' },
          { type: 'slider', bottom: 8, height: 20, borderColor: p.axis, textStyle: { color: p.muted } },
        ]
      : undefined,
    series,
  };
}
