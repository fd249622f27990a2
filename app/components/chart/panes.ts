// Pane planning: which panes the chart has, which series each draws and how tall each is. Pure, so the
// layout can be tested and compared between results (a changed plan means a full rebuild of the chart).
import type { WireSeries } from '../../../lib/transport';

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
  /** Preferred height in px (PANE_PX; price: at least the others and the chart's margins together). */
  px: number;
  /**
   * Constants the program compares this pane's series with (rsi < 30, crossover(r, overbought)), drawn
   * as horizontal level lines; indicator panes only.
   */
  levels: number[];
}

/** What the plan reads of a result: each series' pane, kind, function and output (not its values). */
export interface PlanInput {
  series: Record<string, Omit<WireSeries, 'values'> & { values?: unknown }>;
  /** Per series name, the constants the program compares it with (the result's `levels`). */
  levels?: Record<string, number[]>;
}

export interface PlanOptions {
  /** Draw a volume pane (false when the data has no volume, e.g. FX quotes). */
  volume?: boolean;
  /** Draw the equity and drawdown panes (default: when a result is given). */
  equity?: boolean;
  /** Px of a chart of `panes` panes outside them (margins, gaps, time labels, slider). */
  overheadPx?: (panes: number) => number;
}

/**
 * Preferred heights in px of the panes below the price pane. The price pane gets at least `price` px and
 * at least as much as every other pane and the chart's margins together: it takes half the chart or more.
 */
export const PANE_PX = {
  price: 300,
  volume: 48,
  indicator: 80,
  signalsRow: 14,
  signalsMin: 28,
  equity: 84,
  drawdown: 52,
} as const;
/** The price pane's least share of the plot, in a chart whose height is fixed by its container. */
export const MIN_PRICE_SHARE = 0.5;

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
  const pane = (id: string, kind: PaneKind, title: string, list: PaneSeries[], px: number): Pane => ({
    id,
    kind,
    title,
    series: list,
    height: 0,
    px,
    levels: [],
  });
  const panes: Pane[] = [pane('price', 'price', '', price, PANE_PX.price)];
  if (opts.volume !== false) panes.push(pane('volume', 'volume', 'Volume', [], PANE_PX.volume));
  for (const g of groupSeparate(series)) {
    const title = g.key.startsWith('fn:') ? g.key.slice(3) : g.series[0].name;
    const p = pane(`ind:${g.key}`, 'indicator', title, g.series, PANE_PX.indicator);
    p.levels = paneLevels(g.series, result?.levels);
    panes.push(p);
  }
  if (bools.length > 0) {
    const h = Math.max(PANE_PX.signalsMin, PANE_PX.signalsRow * bools.length);
    panes.push(pane('signals', 'signals', 'Signals', bools, h));
  }
  if (opts.equity ?? result !== null) {
    panes.push(pane('equity', 'equity', 'Equity', [], PANE_PX.equity));
    panes.push(pane('drawdown', 'drawdown', 'Drawdown %', [], PANE_PX.drawdown));
  }
  let others = 0;
  for (let i = 1; i < panes.length; i++) others += panes[i].px;
  panes[0].px = Math.max(PANE_PX.price, others + (opts.overheadPx?.(panes.length) ?? 0));
  const total = panes[0].px + others;
  for (const p of panes) p.height = p.px / total;
  return panes;
}

/** The distinct constants compared with any of `series`, ascending. */
function paneLevels(series: readonly PaneSeries[], levels: PlanInput['levels']): number[] {
  if (!levels) return [];
  const set = new Set<number>();
  for (const s of series) for (const v of levels[s.name] ?? []) if (Number.isFinite(v)) set.add(v);
  return [...set].sort((x, y) => x - y);
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
