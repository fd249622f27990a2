// Pane planning: which panes the chart has, which series each draws and how tall each is. Pure, so the
// layout can be tested and compared between results (a changed plan means a full rebuild of the chart).
import type { WireSeries } from '../../../lib/transport/protocol';

export type PaneKind = 'price' | 'volume' | 'indicator' | 'signals' | 'equity' | 'drawdown';

export interface PaneSeries {
  /** The series' name in the result. */
  name: string;
  kind: 'number' | 'bool';
  fn?: string;
  output?: string;
  /** How to draw a number series: a line, or bars from zero (a MACD histogram). */
  style: 'line' | 'histogram';
}

export interface Pane {
  /** Stable id: 'price', 'volume', 'ind:<group>', 'signals', 'equity', 'drawdown'. */
  id: string;
  kind: PaneKind;
  /** Short caption drawn at the pane's top left. */
  title: string;
  series: PaneSeries[];
  /** Fraction of the plot height; the fractions of a plan sum to 1. */
  height: number;
}

/** What the plan reads of a result: each series' pane, kind, function and output (not its values). */
export interface PlanInput {
  series: Record<string, Omit<WireSeries, 'values'> & { values?: unknown }>;
}

export interface PlanOptions {
  /** Draw a volume pane (false when the data has no volume, e.g. FX quotes). */
  volume?: boolean;
  /** Draw the equity and drawdown panes (default: when a result is given). */
  equity?: boolean;
}

/** Relative heights of the panes below the price pane; the price pane takes the rest. */
export const PANE_WEIGHTS = {
  volume: 0.1,
  indicator: 0.15,
  signalsRow: 0.03,
  signalsMin: 0.05,
  equity: 0.15,
  drawdown: 0.09,
} as const;
/** The price pane never gets less than this share, however many panes there are. */
export const MIN_PRICE_SHARE = 0.34;

const HISTOGRAM_OUTPUTS = new Set(['hist', 'histogram']);

/**
 * Groups the 'separate' number series into panes: the outputs of one function share a pane (macd's
 * macd/signal/hist, stoch's k/d, and two rsi calls, which share a scale), keyed by the function; a
 * series computed by arithmetic (no function) gets a pane of its own. Groups keep program order.
 */
export function groupSeparate(series: PlanInput['series']): { key: string; series: PaneSeries[] }[] {
  const groups = new Map<string, PaneSeries[]>();
  for (const [name, s] of Object.entries(series)) {
    if (s.pane !== 'separate' || s.kind !== 'number') continue;
    const key = s.fn ? `fn:${s.fn}` : `name:${name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(toPaneSeries(name, s));
  }
  return [...groups].map(([key, list]) => ({ key, series: list }));
}

function toPaneSeries(name: string, s: Omit<WireSeries, 'values'>): PaneSeries {
  const style = s.output && HISTOGRAM_OUTPUTS.has(s.output) ? 'histogram' : 'line';
  return { name, kind: s.kind, fn: s.fn, output: s.output, style };
}

/**
 * The pane list, top to bottom: price (candles + 'price' overlays), volume, one pane per group of
 * 'separate' series, signals (boolean series, one row each), equity, drawdown.
 *
 * Boolean series are drawn in a thin signals pane as marks where they are true, rather than over the
 * candles: they are often states lasting many bars (close > sma), which marks on the candles cannot
 * show, and the trades they cause already have their own markers on the price pane.
 */
export function planPanes(result: PlanInput | null, opts: PlanOptions = {}): Pane[] {
  const series = result?.series ?? {};
  const price: PaneSeries[] = [];
  const bools: PaneSeries[] = [];
  for (const [name, s] of Object.entries(series)) {
    if (s.kind === 'bool') bools.push(toPaneSeries(name, s));
    else if (s.pane === 'price') price.push(toPaneSeries(name, s));
  }
  const panes: Pane[] = [{ id: 'price', kind: 'price', title: '', series: price, height: 0 }];
  if (opts.volume !== false) {
    panes.push({ id: 'volume', kind: 'volume', title: 'Volume', series: [], height: PANE_WEIGHTS.volume });
  }
  for (const g of groupSeparate(series)) {
    panes.push({
      id: `ind:${g.key}`,
      kind: 'indicator',
      title: g.key.startsWith('fn:') ? g.key.slice(3) : g.series[0].name,
      series: g.series,
      height: PANE_WEIGHTS.indicator,
    });
  }
  if (bools.length > 0) {
    const h = Math.max(PANE_WEIGHTS.signalsMin, PANE_WEIGHTS.signalsRow * bools.length);
    panes.push({ id: 'signals', kind: 'signals', title: 'Signals', series: bools, height: h });
  }
  if (opts.equity ?? result !== null) {
    panes.push({ id: 'equity', kind: 'equity', title: 'Equity', series: [], height: PANE_WEIGHTS.equity });
    panes.push({
      id: 'drawdown',
      kind: 'drawdown',
      title: 'Drawdown %',
      series: [],
      height: PANE_WEIGHTS.drawdown,
    });
  }
  let others = 0;
  for (let i = 1; i < panes.length; i++) others += panes[i].height;
  const priceShare = Math.max(MIN_PRICE_SHARE, 1 - others);
  const scale = others > 0 ? (1 - priceShare) / others : 0;
  for (let i = 1; i < panes.length; i++) panes[i].height *= scale;
  panes[0].height = panes.length > 1 ? priceShare : 1;
  return panes;
}

/** A string that changes exactly when the pane layout (panes, their series and styles) changes. */
export function planKey(panes: readonly Pane[]): string {
  return panes.map((p) => `${p.id}[${p.series.map((s) => `${s.name}:${s.style}`).join(',')}]`).join('|');
}

export interface PaneRect {
  top: number;
  height: number;
}

/**
 * Pixel rectangles for the panes in a plot of `total` px: `top` and `bottom` margins, `gap` px between
 * panes. Heights follow the plan's fractions, rounded to whole pixels, and never go below `minHeight`.
 */
export function layoutPanes(
  panes: readonly Pane[],
  total: number,
  opts: { top: number; bottom: number; gap: number; minHeight?: number },
): PaneRect[] {
  const minH = opts.minHeight ?? 24;
  const avail = Math.max(0, total - opts.top - opts.bottom - opts.gap * (panes.length - 1));
  const rects: PaneRect[] = [];
  let y = opts.top;
  let used = 0;
  for (let i = 0; i < panes.length; i++) {
    const last = i === panes.length - 1;
    const h = last ? Math.max(minH, avail - used) : Math.max(minH, Math.round(panes[i].height * avail));
    rects.push({ top: y, height: h });
    used += h;
    y += h + opts.gap;
  }
  return rects;
}
