// The chart's layout option: one grid per pane stacked vertically, an x axis per grid (all in bar-index
// units, linked for zoom and crosshair), a y axis per grid on the right, a legend per pane, one dataZoom
// pair driving every x axis, and one shared tooltip. Series come from series.ts.
import { fmtFixed, fmtTick, fmtTime } from './format';
import { layoutPanes, type Pane, type PaneRect } from './panes';
import { BUY_HOLD, type SeriesDef } from './series';
import type { Palette } from './theme';

export const GRID_LEFT = 10;
export const GRID_RIGHT = 72;
const SLIDER_HEIGHT = 24;
const SLIDER_BOTTOM = 8;
/** Space under the bottom pane: its time labels, then the slider. */
export const PLOT_BOTTOM = SLIDER_BOTTOM + SLIDER_HEIGHT + 30;
const PLOT_TOP = 6;
const PANE_GAP = 6;
export const FONT = '-apple-system, BlinkMacSystemFont, "Trebuchet MS", Roboto, Ubuntu, sans-serif';

export interface LayoutContext {
  panes: readonly Pane[];
  palette: Palette;
  n: number;
  height: number;
  priceDecimals: number;
  intraday: boolean;
  time: Float64Array;
  view: { start: number; end: number };
  ticks: { values: number[]; labels: Map<number, string> };
  /** The label of a tick value; reads the controller's current ticks (they change with every zoom). */
  tickLabel: (v: number) => string;
  colors: Map<string, string>;
  tooltip: (x: number) => string;
  hasTrades: boolean;
}

type Extent = { min: number; max: number };
const pad = (e: Extent, f: number) => (e.max > e.min ? (e.max - e.min) * f : Math.abs(e.max) * 0.01 || 1);

/** Px of a chart of `panes` panes outside them: margins, gaps, the time labels and the slider. */
export function overheadPx(panes: number): number {
  return PLOT_TOP + PLOT_BOTTOM + PANE_GAP * Math.max(0, panes - 1);
}

/** The chart height at which every pane gets its preferred px (the price pane half of it or more). */
export function chartHeight(panes: readonly Pane[]): number {
  return overheadPx(panes.length) + panes.reduce((a, p) => a + p.px, 0);
}

export function paneRects(panes: readonly Pane[], height: number): PaneRect[] {
  return layoutPanes(panes, height, { top: PLOT_TOP, bottom: PLOT_BOTTOM, gap: PANE_GAP, minHeight: 28 });
}

/** Decimals that tell ticks `step` apart. */
const stepDecimals = (step: number) => Math.min(8, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));

/**
 * Label formatter for a pane's y axis; `step` gives the current tick spacing (it follows the zoom). A price
 * tick shows the decimals its spacing needs (180, not 180.000); the crosshair label (`exact`) shows the
 * instrument's precision as well.
 */
function yLabel(
  pane: Pane,
  dp: number,
  step: () => number,
  magnitude: () => number,
  exact = false,
): (v: number) => string {
  switch (pane.kind) {
    case 'price':
      return (v) => fmtFixed(v, exact ? Math.max(dp, stepDecimals(step())) : stepDecimals(step()));
    case 'drawdown':
      return (v) => `${fmtTick(v, step(), magnitude())}%`;
    default:
      return (v) => fmtTick(v, step(), magnitude());
  }
}

/** Grid positions, legends and pane titles: the parts that follow the container's height. */
export function placement(ctx: Pick<LayoutContext, 'panes' | 'height' | 'palette' | 'colors' | 'hasTrades'>) {
  const rects = paneRects(ctx.panes, ctx.height);
  const p = ctx.palette;
  const grid = rects.map((r, i) => ({
    id: `grid:${ctx.panes[i].id}`,
    left: GRID_LEFT,
    right: GRID_RIGHT,
    top: r.top,
    height: r.height,
    // v6 shrinks a grid whose labels overflow; panes must keep identical x extents to stay aligned.
    outerBoundsMode: 'none',
    show: true,
    backgroundColor: 'transparent',
    borderWidth: 0,
  }));
  const legend = ctx.panes.map((pane, i) => {
    const names = legendNames(pane, ctx.hasTrades);
    const title = pane.kind === 'indicator' || pane.kind === 'signals' ? pane.title.toUpperCase() : '';
    return {
      id: `legend:${pane.id}`,
      show: names.length > 0 || title !== '',
      data: names.map((name) => ({ name, itemStyle: { color: legendColor(name, ctx, p) } })),
      left: GRID_LEFT + 6 + (title ? title.length * 7 + 10 : 0),
      top: rects[i].top + 2,
      itemWidth: 12,
      itemHeight: 3,
      itemGap: 12,
      icon: 'rect',
      padding: 0,
      textStyle: { color: p.fg, fontSize: 11, fontFamily: FONT },
      inactiveColor: p.muted,
    };
  });
  const title = ctx.panes.map((pane, i) => ({
    id: `title:${pane.id}`,
    show: pane.kind === 'indicator' || pane.kind === 'signals',
    text: pane.title.toUpperCase(),
    left: GRID_LEFT + 4,
    top: rects[i].top,
    padding: [1, 2],
    textStyle: { color: p.muted, fontSize: 11, fontWeight: 600, fontFamily: FONT },
  }));
  return { grid, legend, title };
}

function legendNames(pane: Pane, hasTrades: boolean): string[] {
  switch (pane.kind) {
    case 'price':
      return [...pane.series.map((s) => s.name), ...(hasTrades ? ['Trades'] : [])];
    case 'indicator':
      return pane.series.map((s) => s.name);
    case 'volume':
      return ['Volume'];
    case 'equity':
      return ['Equity', BUY_HOLD];
    case 'drawdown':
      return ['Drawdown %'];
    default:
      return [];
  }
}

function legendColor(name: string, ctx: Pick<LayoutContext, 'colors'>, p: Palette): string {
  if (name === 'Trades') return p.up;
  if (name === 'Volume') return p.upVolume;
  if (name === 'Equity') return p.equity;
  if (name === BUY_HOLD) return p.muted;
  if (name === 'Drawdown %') return p.drawdown;
  return ctx.colors.get(name) ?? p.fg;
}

/** The x-axis tick options for the current view (calendar-aligned, shared by every pane). */
export function xTicks(ctx: Pick<LayoutContext, 'panes' | 'ticks'>) {
  const last = ctx.panes.length - 1;
  return ctx.panes.map((pane, i) => ({
    id: `x:${pane.id}`,
    axisTick: { customValues: ctx.ticks.values, show: i === last },
    axisLabel: { customValues: ctx.ticks.values, show: i === last },
  }));
}

export function buildOption(ctx: LayoutContext, series: Record<string, unknown>[]) {
  const p = ctx.palette;
  const last = ctx.panes.length - 1;
  const all = ctx.panes.map((_, i) => i);
  const { grid, legend, title } = placement(ctx);
  const ticks = xTicks(ctx);
  const xAxis = ctx.panes.map((_, i) => ({
    ...ticks[i],
    type: 'value',
    gridIndex: i,
    min: -0.5,
    max: Math.max(0.5, ctx.n - 0.5),
    axisLine: { show: true, onZero: false, lineStyle: { color: p.axis } },
    axisTick: { ...ticks[i].axisTick, lineStyle: { color: p.axis } },
    axisLabel: {
      ...ticks[i].axisLabel,
      color: p.muted,
      fontSize: 11,
      hideOverlap: true,
      formatter: (v: number) => ctx.tickLabel(v),
    },
    splitLine: { show: true, lineStyle: { color: p.grid, width: 1 } },
    axisPointer: {
      show: true,
      snap: true,
      lineStyle: { color: p.crosshair, type: 'dashed', width: 1 },
      label: {
        show: i === last,
        formatter: (a: { value: number }) =>
          fmtTime(ctx.time[Math.max(0, Math.min(ctx.n - 1, Math.round(a.value)))], ctx.intraday),
        backgroundColor: p.axis,
        color: p.fg,
        fontSize: 11,
      },
    },
  }));
  const yAxis = ctx.panes.map((pane, i) => {
    const splitNumber = pane.kind === 'price' ? 6 : pane.kind === 'volume' ? 2 : 3;
    // The visible extent, recorded when ECharts asks for the axis minimum (before it formats labels).
    let range = 1;
    let magnitude = 0;
    const record = (e: Extent, r: number) => {
      range = r;
      magnitude = Math.max(Math.abs(e.min), Math.abs(e.max));
    };
    const f = pane.kind === 'price' ? 0.08 : 0.06;
    const step = () => (range * (1 + 3 * f)) / splitNumber;
    const fmt = yLabel(pane, ctx.priceDecimals, step, () => magnitude);
    const fmtExact = yLabel(pane, ctx.priceDecimals, step, () => magnitude, true);
    const base = {
      id: `y:${pane.id}`,
      gridIndex: i,
      position: 'right',
      type: 'value',
      scale: true,
      // Fit the visible data with a margin (no "nice" rounding of the extent, which can waste half a
      // pane); the edge values themselves are not labelled, so labels of adjacent panes never collide.
      min: (e: Extent) => {
        record(e, e.max > e.min ? e.max - e.min : Math.abs(e.max) || 1);
        return e.min - pad(e, f);
      },
      // The price pane keeps extra headroom for its legend row.
      max: (e: Extent) => e.max + pad(e, pane.kind === 'price' ? 0.14 : f),
      splitNumber,
      axisLine: { show: false },
      axisTick: { show: false },
      // A short pane (drawdown, volume) can get more ticks than splitNumber asks for: never let them collide.
      // The explicit line height is what the overlap test measures; without it zrender estimates the
      // height from the width of a CJK glyph, ~4 px where no CJK font is installed, and nothing is hidden.
      axisLabel: {
        color: p.muted,
        fontSize: 11,
        lineHeight: 12,
        formatter: fmt,
        showMinLabel: false,
        showMaxLabel: false,
        hideOverlap: true,
      },
      splitLine: { show: pane.kind !== 'volume', lineStyle: { color: p.grid, width: 1 } },
      axisPointer: {
        show: true,
        snap: false,
        lineStyle: { color: p.crosshair, type: 'dashed', width: 1 },
        label: {
          show: true,
          formatter: (a: { value: number }) => fmtExact(a.value),
          backgroundColor: p.axis,
          color: p.fg,
          fontSize: 11,
        },
      },
    };
    if (pane.kind === 'volume') {
      return {
        ...base,
        scale: false,
        min: 0,
        max: (e: Extent) => {
          record(e, e.max || 1);
          return e.max * 1.1;
        },
      };
    }
    if (pane.kind === 'drawdown') {
      return {
        ...base,
        max: 0,
        min: (e: Extent) => {
          record(e, Math.max(1, -e.min));
          return Math.min(-1, e.min - pad(e, 0.08));
        },
      };
    }
    if (pane.kind === 'signals') {
      return {
        ...base,
        type: 'category',
        data: pane.series.map((s) => s.name),
        scale: false,
        min: undefined,
        max: undefined,
        inverse: true,
        splitLine: { show: false },
        axisLabel: { color: p.muted, fontSize: 10, interval: 0 },
        axisPointer: { show: false },
      };
    }
    return base;
  });
  return {
    animation: false,
    backgroundColor: p.bg,
    textStyle: { fontFamily: FONT, color: p.fg },
    grid,
    legend,
    title,
    xAxis,
    yAxis,
    axisPointer: { link: [{ xAxisIndex: 'all' }], triggerTooltip: true },
    tooltip: {
      trigger: 'axis',
      triggerOn: 'mousemove',
      axisPointer: { type: 'cross', crossStyle: { color: p.crosshair } },
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      borderWidth: 1,
      padding: [8, 10],
      textStyle: { color: p.fg, fontSize: 12, fontFamily: FONT },
      extraCssText: 'box-shadow:0 4px 14px rgba(0,0,0,0.25);border-radius:6px',
      confine: true,
      transitionDuration: 0,
      showDelay: 0,
      hideDelay: 50,
      order: 'seriesAsc',
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? params[0] : params;
        const x = (first as { axisValue?: number } | undefined)?.axisValue;
        return typeof x === 'number' ? ctx.tooltip(x) : '';
      },
    },
    dataZoom: [
      {
        id: 'dz-inside',
        type: 'inside',
        xAxisIndex: all,
        filterMode: 'filter',
        startValue: ctx.view.start,
        endValue: ctx.view.end,
        minValueSpan: Math.min(20, ctx.n),
        throttle: 30,
        zoomOnMouseWheel: true,
        moveOnMouseMove: true,
        moveOnMouseWheel: false,
      },
      {
        id: 'dz-slider',
        type: 'slider',
        xAxisIndex: all,
        filterMode: 'filter',
        startValue: ctx.view.start,
        endValue: ctx.view.end,
        minValueSpan: Math.min(20, ctx.n),
        throttle: 30,
        left: GRID_LEFT,
        right: GRID_RIGHT,
        bottom: SLIDER_BOTTOM,
        height: SLIDER_HEIGHT,
        showDetail: false,
        showDataShadow: true,
        brushSelect: false,
        borderColor: p.axis,
        backgroundColor: 'transparent',
        fillerColor: p.sliderFill,
        dataBackground: {
          lineStyle: { color: p.muted, opacity: 0.6, width: 1 },
          areaStyle: { color: p.muted, opacity: 0.12 },
        },
        selectedDataBackground: {
          lineStyle: { color: p.equity, width: 1 },
          areaStyle: { color: p.equity, opacity: 0.15 },
        },
        handleStyle: { color: p.bg, borderColor: p.muted },
        moveHandleStyle: { color: p.axis, opacity: 0.6 },
        emphasis: { handleStyle: { borderColor: p.equity }, moveHandleStyle: { color: p.equity } },
        textStyle: { color: p.muted },
      },
    ],
    series,
  };
}

/** The series list for a full build: every definition with its data for the view. */
export function seriesOptions(defs: readonly SeriesDef[], data: (d: SeriesDef) => Record<string, unknown>) {
  return defs.map((d) => ({ ...d.option, ...data(d) }));
}
