// The chart's ECharts series, one definition each: its static option (type, pane, style) and how to
// compute its data for the current view. `source` is what the data is derived from; the controller
// pushes a series again only when its source or the view slice changed.
import type { SeriesValues, WireBars, WireM4, WorkspaceResult } from '../../../lib/transport';
import { isM4, m4Exact } from '../../../lib/transport';
import { aggregateCandles, boolRuns, decimateExtreme, decimateMinMax, pow2AtLeast } from './decimate';
import { type MarkerKind, type Markers, markersInRange, tradePaths } from './markers';
import type { Pane } from './panes';
import { boolRunsM4, decimateExtremeM4, decimateMinMaxM4 } from './sparse';
import type { Palette } from './theme';

/** The bars handed to ECharts: [from, to] at `bucket` bars per candle and `lineBucket` per line point. */
export interface View {
  from: number;
  to: number;
  bucket: number;
  lineBucket: number;
  /** Pixels per bar at the current zoom. */
  pxPerBar: number;
  /** Candles wide enough (CANDLE_BODY_PX) to draw bodies; narrower ones are drawn batched, as wicks. */
  bodies: boolean;
}

/** Derived data, computed once per bars / result and shared by series and tooltip. */
export interface Derived {
  bars: WireBars;
  result: WorkspaceResult | null;
  /** Computed from the equity, or the preview's. */
  drawdown: Float64Array | WireM4 | null;
  /** The preview's drawdown, when `result` completes a preview. */
  previewDrawdown: WireM4 | null;
  markers: Markers | null;
  /** Close decimated over the whole range: the slider's data shadow. */
  overview: Float64Array;
  /** Buy and hold from the first bar's close with the run's starting cash, per bar; null without a result. */
  buyHold: Float64Array | null;
}

// A loosely typed ECharts series option: typed-array `data` is not in ECharts' declared types.
export type SeriesOpt = Record<string, unknown> & { id: string; type: string };

export interface SeriesDef {
  id: string;
  option: SeriesOpt;
  /** Identity of what the data derives from; with `sliced`, the view matters too. */
  source: unknown;
  sliced: boolean;
  data(v: View): Float64Array;
  /** Whether data(v) is what the full series would give (not so for a preview outside its window). */
  exact?(v: View): boolean;
  /** The preview `source` whose full data this is: where it was drawn exactly, the drawing stands. */
  alias?: unknown;
  /** Option properties that follow the view, pushed with the data. */
  extra?(v: View): Record<string, unknown>;
}

/** Min/max lines (decimateMinMax) of a full or previewed series. */
function lineDef(values: SeriesValues, alias: unknown) {
  return {
    source: values,
    sliced: true,
    alias,
    data: (v: View) =>
      isM4(values)
        ? decimateMinMaxM4(values, v.from, v.to, v.lineBucket)
        : decimateMinMax(values, v.from, v.to, v.lineBucket),
    exact: (v: View) => !isM4(values) || m4Exact(values, v.from, v.to, v.lineBucket),
  };
}

/** Colour of every named series, by its position in its pane (stable while the plan is). */
export function seriesColors(panes: readonly Pane[], p: Palette): Map<string, string> {
  const out = new Map<string, string>();
  for (const pane of panes) {
    pane.series.forEach((s, k) => {
      const c =
        s.style === 'histogram'
          ? p.upVolume
          : s.output === 'signal' || s.output === 'd'
            ? p.series[1]
            : p.series[k % p.series.length];
      out.set(s.name, c);
    });
  }
  return out;
}

/** The buy-and-hold line's name (legend and tooltip). */
export const BUY_HOLD = 'Buy & hold';
const XY = ['x', 'y'];
const MARKER_PX = 10;
const LINE_BASE = {
  type: 'line',
  showSymbol: false,
  symbol: 'none',
  sampling: 'lttb',
  connectNulls: false,
  animation: false,
  progressive: 0,
  emphasis: { disabled: true },
  dimensions: XY,
  encode: { x: 0, y: 1 },
};
// Markers are [bar, price, trade]: the trade index rides along for nobody but debugging.
const MARK_DIMS = ['x', 'y', 'trade'];
// Marker shapes as filled paths. The entry arrows carry their offset from the bar in the path (a lone
// moveTo stretches the symbol's box: ↑ sits below its anchor, the bar's low; ↓ above the high). Hollow
// shapes are rings cut by an inner contour of opposite winding, since ECharts fills 'empty' symbols
// white, which shows on a dark background.
const ENTRY_LONG = 'path://M0,0M5,13L10,19L7,19L7,26L3,26L3,19L0,19Z';
const ENTRY_SHORT = 'path://M3,0L7,0L7,7L10,7L5,13L0,7L3,7ZM0,26';
const RING = 'path://M5,0A5,5,0,1,1,5,10A5,5,0,1,1,5,0ZM5,2.4A2.6,2.6,0,1,0,5,7.6A2.6,2.6,0,1,0,5,2.4Z';
const CROSS = 'path://M2,0L5,3L8,0L10,2L7,5L10,8L8,10L5,7L2,10L0,8L3,5L0,2Z';
const DIAMOND_RING = 'path://M5,0L10,5L5,10L0,5ZM5,2.6L2.6,5L5,7.4L7.4,5Z';

export function buildSeriesDefs(
  panes: readonly Pane[],
  d: Derived,
  p: Palette,
  colors: Map<string, string>,
): SeriesDef[] {
  const defs: SeriesDef[] = [];
  const { bars, result } = d;
  const paneIndex = new Map(panes.map((pane, i) => [pane.id, i]));
  const axes = (id: string) => ({ xAxisIndex: paneIndex.get(id) ?? 0, yAxisIndex: paneIndex.get(id) ?? 0 });
  // Candles and both volume series share one aggregation per view.
  let memo: { key: string; rows: ReturnType<typeof aggregateCandles> } | null = null;
  const candleRows = (v: View) => {
    const key = `${v.from}:${v.to}:${v.bucket}`;
    if (memo?.key !== key) memo = { key, rows: aggregateCandles(bars, v.from, v.to, v.bucket) };
    return memo.rows;
  };

  // First, so the slider uses it for its data shadow; invisible and inert on the price pane.
  defs.push({
    id: 'overview',
    option: {
      ...LINE_BASE,
      id: 'overview',
      ...axes('price'),
      silent: true,
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      z: 0,
    },
    source: d.overview,
    sliced: false,
    data: () => d.overview,
  });
  defs.push({
    id: 'candles',
    option: {
      id: 'candles',
      type: 'candlestick',
      name: 'Price',
      ...axes('price'),
      dimensions: ['x', 'open', 'close', 'low', 'high'],
      encode: { x: 0, y: [1, 2, 3, 4] },
      barWidth: '70%',
      // Batched candles are wicks only (one path: cheap), which is what a candle under CANDLE_BODY_PX
      // looks like anyway; wider ones are drawn one by one with their bodies (see extra).
      large: true,
      largeThreshold: 1,
      progressive: 0,
      animation: false,
      emphasis: { disabled: true },
      itemStyle: { color: p.up, color0: p.down, borderColor: p.up, borderColor0: p.down, borderWidth: 1 },
    },
    source: bars,
    sliced: true,
    data: (v) => candleRows(v).candles,
    extra: (v) => ({ largeThreshold: v.bodies ? Number.MAX_SAFE_INTEGER : 1 }),
  });
  if (paneIndex.has('volume')) {
    for (const up of [true, false]) {
      const id = up ? 'vol-up' : 'vol-down';
      defs.push({
        id,
        option: {
          id,
          type: 'bar',
          name: 'Volume',
          ...axes('volume'),
          dimensions: XY,
          encode: { x: 0, y: 1 },
          barWidth: '70%',
          barGap: '-100%',
          // Always batched: one path per series instead of an element per bar (4x cheaper to redraw).
          large: true,
          largeThreshold: 1,
          progressive: 0,
          animation: false,
          emphasis: { disabled: true },
          itemStyle: { color: up ? p.upVolume : p.downVolume },
        },
        source: bars,
        sliced: true,
        data: (v) => (up ? candleRows(v).volUp : candleRows(v).volDown),
      });
    }
  }
  for (const pane of panes) {
    if (pane.kind !== 'price' && pane.kind !== 'indicator') continue;
    for (const s of pane.series) {
      const ws = result?.series[s.name];
      if (!ws || s.kind !== 'number') continue;
      const values = ws.values;
      const previous = result?.completes?.series[s.name]?.values;
      const color = colors.get(s.name) ?? p.fg;
      if (s.style === 'histogram') {
        for (const pos of [true, false]) {
          const id = `hist:${pos ? '+' : '-'}:${s.name}`;
          defs.push({
            id,
            option: {
              id,
              type: 'bar',
              name: s.name,
              ...axes(pane.id),
              dimensions: XY,
              encode: { x: 0, y: 1 },
              barWidth: '60%',
              barGap: '-100%',
              large: true,
              largeThreshold: 1,
              progressive: 0,
              animation: false,
              emphasis: { disabled: true },
              itemStyle: { color: pos ? p.upVolume : p.downVolume },
            },
            source: values,
            sliced: true,
            alias: previous,
            data: (v) =>
              keepSign(
                isM4(values)
                  ? decimateExtremeM4(values, v.from, v.to, v.bucket)
                  : decimateExtreme(values as Float64Array, v.from, v.to, v.bucket),
                pos,
              ),
            exact: (v) => !isM4(values) || m4Exact(values, v.from, v.to, v.bucket),
          });
        }
        continue;
      }
      const id = `line:${s.name}`;
      defs.push({
        id,
        option: {
          ...LINE_BASE,
          id,
          name: s.name,
          ...axes(pane.id),
          color,
          lineStyle: { width: 1.5, color },
          z: 3,
        },
        ...lineDef(values, previous),
      });
    }
  }
  for (const pane of panes) {
    if (pane.kind !== 'indicator') continue;
    // One series per level: a NaN row between two levels would fall outside the zoom window, and the
    // window's filter would join them.
    pane.levels.forEach((level, k) => {
      const id = `level:${pane.id}:${k}`;
      defs.push({
        id,
        option: {
          ...LINE_BASE,
          id,
          ...axes(pane.id),
          sampling: 'none',
          silent: true,
          tooltip: { show: false },
          color: p.muted,
          lineStyle: { width: 1, type: [4, 3], color: p.muted, opacity: 0.9 },
          z: 2,
        },
        // By value: a slider move that keeps the level keeps its drawing.
        source: level,
        sliced: true,
        data: (v) => levelRow(level, v.from, v.to, v.bucket * 2),
      });
    });
  }
  const signals = panes.find((x) => x.kind === 'signals');
  signals?.series.forEach((s, row) => {
    const ws = result?.series[s.name];
    if (!ws) return;
    const values = ws.values;
    const id = `sig:${s.name}`;
    const color = colors.get(s.name) ?? p.fg;
    defs.push({
      id,
      option: {
        ...LINE_BASE,
        id,
        name: s.name,
        ...axes('signals'),
        sampling: 'none',
        silent: true,
        color,
        lineStyle: { width: 8, color, opacity: 0.85, cap: 'butt' },
      },
      source: values,
      sliced: true,
      alias: result?.completes?.series[s.name]?.values,
      data: (v) =>
        isM4(values)
          ? boolRunsM4(values, v.from, v.to, v.bucket, row, 2 / v.pxPerBar)
          : boolRuns(values, v.from, v.to, v.bucket, row, 2 / v.pxPerBar),
      exact: (v) => !isM4(values) || m4Exact(values, v.from, v.to, v.bucket),
    });
  });
  if (result && paneIndex.has('equity')) {
    const eq = result.equity;
    defs.push({
      id: 'equity',
      option: {
        ...LINE_BASE,
        id: 'equity',
        name: 'Equity',
        ...axes('equity'),
        color: p.equity,
        lineStyle: { width: 1.5, color: p.equity },
        areaStyle: { color: p.equity, opacity: 0.08, origin: 'start' },
      },
      ...lineDef(eq, result.completes?.equity),
    });
  }
  if (d.buyHold && paneIndex.has('equity')) {
    const bh = d.buyHold;
    defs.push({
      id: 'buyhold',
      option: {
        ...LINE_BASE,
        id: 'buyhold',
        name: BUY_HOLD,
        ...axes('equity'),
        color: p.muted,
        lineStyle: { width: 1, color: p.muted },
        z: 1,
      },
      ...lineDef(bh, undefined),
    });
  }
  if (d.drawdown && paneIndex.has('drawdown')) {
    const dd = d.drawdown;
    defs.push({
      id: 'drawdown',
      option: {
        ...LINE_BASE,
        id: 'drawdown',
        name: 'Drawdown %',
        ...axes('drawdown'),
        color: p.drawdown,
        lineStyle: { width: 1, color: p.drawdown },
        areaStyle: { color: p.drawdownFill, opacity: 1, origin: 0 },
      },
      ...lineDef(dd, d.previewDrawdown ?? undefined),
    });
  }
  if (result && d.markers) addTradeSeries(defs, d, p, axes('price'));
  return defs;
}

/**
 * A horizontal line at `level` across bars [from, to], with a point every `step` bars, so that the part
 * inside the zoom window stays drawn when its ends lie outside it (the window filters points out).
 */
export function levelRow(level: number, from: number, to: number, step: number): Float64Array {
  const a = from - 0.5;
  const b = to + 0.5;
  const s = Math.max(1, step);
  const points = Math.ceil((b - a) / s) + 1;
  const out = new Float64Array(points * 2);
  for (let k = 0; k < points; k++) {
    out[k * 2] = Math.min(b, a + k * s);
    out[k * 2 + 1] = level;
  }
  return out;
}

function keepSign(rows: Float64Array, positive: boolean): Float64Array {
  for (let r = 1; r < rows.length; r += 2) {
    if (rows[r] >= 0 !== positive) rows[r] = Number.NaN;
  }
  return rows;
}

const MARKER_STYLE: Record<MarkerKind, (p: Palette) => Record<string, unknown>> = {
  // Direction in the arrow and its colour; profit and loss in the exit's green or red.
  longEntry: (p) => ({ symbol: ENTRY_LONG, symbolSize: [11, 28], itemStyle: mark(p.long, p) }),
  shortEntry: (p) => ({ symbol: ENTRY_SHORT, symbolSize: [11, 28], itemStyle: mark(p.short, p) }),
  exitWin: (p) => ({ symbol: RING, symbolSize: 12, itemStyle: { color: p.up, opacity: 1 } }),
  exitLoss: (p) => ({ symbol: RING, symbolSize: 12, itemStyle: { color: p.down, opacity: 1 } }),
  stopWin: (p) => ({ symbol: CROSS, symbolSize: 11, itemStyle: mark(p.up, p) }),
  stopLoss: (p) => ({ symbol: CROSS, symbolSize: 11, itemStyle: mark(p.down, p) }),
  open: (p) => ({ symbol: DIAMOND_RING, symbolSize: 14, itemStyle: { color: p.open, opacity: 1 } }),
};

/** Opaque, with a hairline in the background colour to stand out from candles and lines. */
function mark(color: string, p: Palette) {
  return { color, opacity: 1, borderColor: p.bg, borderWidth: 0.75 };
}

function addTradeSeries(
  defs: SeriesDef[],
  d: Derived,
  p: Palette,
  axes: { xAxisIndex: number; yAxisIndex: number },
): void {
  const trades = d.result!.trades;
  for (const wins of [true, false]) {
    const id = wins ? 'trade-path-win' : 'trade-path-loss';
    defs.push({
      id,
      option: {
        ...LINE_BASE,
        id,
        name: 'Trades',
        ...axes,
        sampling: 'none',
        silent: true,
        color: wins ? p.up : p.down,
        lineStyle: { width: 1, type: 'dashed', color: wins ? p.up : p.down, opacity: 0.7 },
        z: 4,
      },
      source: trades,
      // Full data completing a preview: the same run's trades, drawn the same (protocol 3 sends them whole).
      alias: d.result!.completes?.trades,
      sliced: true,
      data: (v) => tradePaths(trades, v.from, v.to, wins, 300, v.bucket * 8),
    });
  }
  const markers = d.markers!;
  for (const kind of Object.keys(MARKER_STYLE) as MarkerKind[]) {
    const id = `trade:${kind}`;
    const rows = markers[kind];
    defs.push({
      id,
      option: {
        id,
        type: 'scatter',
        name: 'Trades',
        ...axes,
        dimensions: MARK_DIMS,
        encode: { x: 0, y: 1 },
        // Not batched: batched scatter cannot draw path symbols. markersInRange keeps at most one marker
        // per kind per marker width, so a view holds a few hundred at most.
        large: false,
        progressive: 0,
        animation: false,
        silent: true,
        z: 5,
        ...MARKER_STYLE[kind](p),
      },
      source: rows,
      sliced: true,
      // One marker per kind per ~marker width: denser, and they only smear into each other.
      data: (v) => markersInRange(rows, v.from, v.to, pow2AtLeast(MARKER_PX / v.pxPerBar)),
    });
  }
}
