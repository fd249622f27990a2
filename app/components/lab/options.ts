// The lab's charts as ECharts options (pure: the components only draw them): the sweep heatmap of one
// statistic over two inputs, a walk-forward's stitched out-of-sample equity, and Monte Carlo percentile
// bands around the run's own equity. Colours come from the chart palette of the theme on screen.
import type { WireCurve } from '../../../lib/transport';
import type { Palette } from '../chart/theme';

/** The heatmap's plot area in pixels: fixed, so a cell's place on screen can be computed (tests, a11y). */
export const HEATMAP_GRID = { left: 56, right: 24, top: 12, bottom: 78 } as const;

export interface HeatCells {
  xs: number[];
  ys: number[];
  /** [x index, y index, value, run index] per cell that has a run; value NaN when undefined. */
  cells: [number, number, number, number][];
}

/**
 * Cells of `stat` over inputs `x` and `y`. With more inputs swept, a cell shows the best run (by the
 * statistic's value, higher first) among those with its x and y: the one a click loads.
 */
export function heatCells(
  params: Record<string, Float64Array>,
  stat: Float64Array,
  x: string,
  y: string,
): HeatCells {
  const xsRaw = params[x];
  const ysRaw = y === x ? new Float64Array(xsRaw.length) : params[y];
  const xs = [...new Set(xsRaw)].sort((a, b) => a - b);
  const ys = [...new Set(ysRaw)].sort((a, b) => a - b);
  const xi = new Map(xs.map((v, i) => [v, i]));
  const yi = new Map(ys.map((v, i) => [v, i]));
  const best = new Map<number, [number, number, number, number]>();
  for (let r = 0; r < stat.length; r++) {
    const cx = xi.get(xsRaw[r]) as number;
    const cy = yi.get(ysRaw[r]) as number;
    const key = cy * xs.length + cx;
    const v = stat[r];
    const had = best.get(key);
    if (!had || (Number.isNaN(had[2]) && !Number.isNaN(v)) || v > had[2]) best.set(key, [cx, cy, v, r]);
  }
  return { xs, ys, cells: [...best.values()] };
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

export function heatmapOption(h: HeatCells, labels: { x: string; y: string; stat: string }, p: Palette) {
  const finite = h.cells.map((c) => c[2]).filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: p.fg },
    grid: { ...HEATMAP_GRID, containLabel: false },
    tooltip: {
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      textStyle: { color: p.fg },
      formatter: (o: { value: [number, number, number] }) =>
        `${labels.x} ${fmt(h.xs[o.value[0]])}, ${labels.y} ${fmt(h.ys[o.value[1]])}<br/>${labels.stat}: ${Number.isFinite(o.value[2]) ? o.value[2].toFixed(3) : '—'}`,
    },
    xAxis: {
      type: 'category',
      data: h.xs.map(fmt),
      name: labels.x,
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { color: p.muted },
      axisLine: { lineStyle: { color: p.axis } },
    },
    yAxis: {
      type: 'category',
      data: h.ys.map(fmt),
      name: labels.y,
      nameLocation: 'middle',
      nameGap: 40,
      axisLabel: { color: p.muted },
      axisLine: { lineStyle: { color: p.axis } },
    },
    visualMap: {
      min,
      max: max > min ? max : min + 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      text: [max.toFixed(2), min.toFixed(2)],
      textStyle: { color: p.muted },
      inRange: { color: [p.down, p.bg === '#ffffff' ? '#f3f3f3' : '#3a3f4b', p.up] },
      outOfRange: { color: p.grid },
    },
    series: [
      {
        type: 'heatmap',
        data: h.cells.map((c) => [c[0], c[1], Number.isFinite(c[2]) ? c[2] : '-']),
        itemStyle: { borderColor: p.bg, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: p.fg, borderWidth: 2 } },
      },
    ],
  };
}

/** A date (or a trade number) for the x axis. */
export type XLabel = (index: number) => string;

function lineAxes(p: Palette) {
  return {
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.grid } },
    },
    grid: { left: 64, right: 16, top: 28, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      textStyle: { color: p.fg },
      valueFormatter: (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—'),
    },
    legend: { top: 0, textStyle: { color: p.muted } },
  };
}

function xAxisOf(curve: WireCurve, label: XLabel, p: Palette) {
  return {
    type: 'category',
    data: Array.from(curve.index, label),
    boundaryGap: false,
    axisLabel: { color: p.muted, hideOverlap: true },
    axisLine: { lineStyle: { color: p.axis } },
  };
}

export function equityOption(curve: WireCurve, label: XLabel, p: Palette, name = 'Out-of-sample equity') {
  return {
    backgroundColor: 'transparent',
    animation: false,
    ...lineAxes(p),
    xAxis: xAxisOf(curve, label, p),
    series: [
      {
        name,
        type: 'line',
        showSymbol: false,
        data: Array.from(curve.values),
        lineStyle: { color: p.equity, width: 1.5 },
        itemStyle: { color: p.equity },
      },
    ],
  };
}

/**
 * The 5th–95th percentile band (stacked areas: the 5th, then the gap up to the 95th, filled), the median
 * and the actual equity. The band and lines share the x axis: the points of `bands.p50`.
 */
export function bandsOption(
  bands: { p5: WireCurve; p50: WireCurve; p95: WireCurve },
  actual: WireCurve,
  label: XLabel,
  p: Palette,
) {
  const byIndex = new Map<number, number>();
  for (let i = 0; i < actual.index.length; i++) byIndex.set(actual.index[i], actual.values[i]);
  const lo = Array.from(bands.p5.values);
  const gap = Array.from(bands.p95.values, (v, i) => v - lo[i]);
  return {
    backgroundColor: 'transparent',
    animation: false,
    ...lineAxes(p),
    legend: { ...lineAxes(p).legend, data: ['5th–95th', 'median', 'actual'] },
    xAxis: xAxisOf(bands.p50, label, p),
    series: [
      {
        name: '5th',
        type: 'line',
        stack: 'band',
        data: lo,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        itemStyle: { color: p.muted },
      },
      {
        name: '5th–95th',
        type: 'line',
        stack: 'band',
        data: gap,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: p.sliderFill, opacity: 1 },
        itemStyle: { color: p.sliderFill },
        tooltip: { show: false },
      },
      {
        name: 'median',
        type: 'line',
        data: Array.from(bands.p50.values),
        showSymbol: false,
        lineStyle: { color: p.muted, type: 'dashed', width: 1 },
        itemStyle: { color: p.muted },
      },
      {
        name: 'actual',
        type: 'line',
        data: Array.from(bands.p50.index, (i) => byIndex.get(i) ?? null),
        connectNulls: true,
        showSymbol: false,
        lineStyle: { color: p.equity, width: 1.5 },
        itemStyle: { color: p.equity },
      },
    ],
  };
}
