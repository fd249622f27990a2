// Out-of-sample testing and walk-forward analysis over the engine's grid sweep. Each window optimises
// the grid on its in-sample bars by one statistic and runs the winner on the out-of-sample bars that
// follow; the out-of-sample equity curves are chained into one. Indicators are computed once over the
// whole history (they are causal), so a window's first bars are warm; only orders and the account are
// confined to the window, which starts flat with the strategy's capital.
import {
  type Bars,
  barsView,
  computeStats,
  type NumericStatName,
  type OrderRule,
  type ParamGrid,
  type Params,
  type Price,
  type SeriesCache,
  type Stats,
  type StrategyRun,
  simulate,
  sweep,
  type Trades,
} from '../engine';

export interface Window {
  /** In-sample bars [isFrom, isTo). */
  readonly isFrom: number;
  readonly isTo: number;
  /** Out-of-sample bars [oosFrom, oosTo); oosFrom = isTo. */
  readonly oosFrom: number;
  readonly oosTo: number;
}

export interface WindowSpec {
  /** Bars in each in-sample window (the first one, when anchored). */
  readonly inSample: number;
  /** Bars in each out-of-sample window. */
  readonly outOfSample: number;
  /** Anchored windows keep bar 0 as the in-sample start; rolling ones slide it (default rolling). */
  readonly anchored?: boolean;
  /** Most windows (default 200). */
  readonly maxWindows?: number;
}

/** Walk-forward windows over `n` bars; the out-of-sample windows tile the bars after the first in-sample. */
export function walkForwardWindows(n: number, spec: WindowSpec): Window[] {
  const { inSample, outOfSample } = spec;
  if (!Number.isInteger(inSample) || inSample < 2)
    throw new RangeError(`the in-sample window must be at least 2 bars, got ${inSample}`);
  if (!Number.isInteger(outOfSample) || outOfSample < 1)
    throw new RangeError(`the out-of-sample window must be at least 1 bar, got ${outOfSample}`);
  if (inSample + outOfSample > n)
    throw new RangeError(
      `${n} bars cannot hold one window of ${inSample} in-sample and ${outOfSample} out-of-sample bars`,
    );
  const out: Window[] = [];
  const max = spec.maxWindows ?? 200;
  for (let oosFrom = inSample; oosFrom < n; oosFrom += outOfSample) {
    if (out.length === max)
      throw new RangeError(`more than ${max} windows: make the out-of-sample window longer`);
    out.push({
      isFrom: spec.anchored ? 0 : oosFrom - inSample,
      isTo: oosFrom,
      oosFrom,
      oosTo: Math.min(n, oosFrom + outOfSample),
    });
  }
  return out;
}

/** One in-sample / out-of-sample split at a fraction of the bars (e.g. 0.7 = the first 70 % in sample). */
export function splitAt(n: number, fraction: number): Window {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`the split must be between 0 and 1, got ${fraction}`);
  const cut = Math.round(n * fraction);
  if (cut < 2 || cut >= n) throw new RangeError(`a split at ${fraction} of ${n} bars leaves an empty side`);
  return { isFrom: 0, isTo: cut, oosFrom: cut, oosTo: n };
}

/** The bars [from, to) as views (no copy): the engine's view. */
export const sliceBars = barsView;

function slicePrice(p: Price | undefined, from: number, to: number): Price | undefined {
  if (p === undefined) return undefined;
  if (p instanceof Float64Array) return p.subarray(from, to);
  return (t, state) => p(t + from, state);
}

/** A strategy's rules confined to bars [from, to): masks and prices re-indexed from the window's start. */
export function sliceRun(run: StrategyRun, from: number, to: number): StrategyRun {
  const rules = run.rules.map((r): OrderRule => {
    const also =
      r.also === undefined
        ? undefined
        : typeof r.also === 'function'
          ? (
              (f) => (t: number, s: Parameters<typeof f>[1]) =>
                f(t + from, s)
            )(r.also)
          : { ...r.also, mask: r.also.mask ? r.also.mask.subarray(from, to) : null };
    return {
      ...r,
      when: r.when.subarray(from, to),
      also,
      limit: slicePrice(r.limit, from, to),
      stop: slicePrice(r.stop, from, to),
      stopLossAt: slicePrice(r.stopLossAt, from, to),
      takeProfitAt: slicePrice(r.takeProfitAt, from, to),
    };
  });
  return { ...run, rules, warmupBars: Math.max(0, (run.warmupBars ?? 0) - from) };
}

export interface WalkForwardOptions {
  readonly bars: Bars;
  readonly grid: ParamGrid;
  readonly constraint?: (p: Params) => boolean;
  readonly strategy: (params: Params, cache: SeriesCache) => StrategyRun;
  readonly windows: readonly Window[];
  /** The statistic each in-sample window maximises (default 'Sharpe Ratio'). */
  readonly rank?: NumericStatName;
  readonly maxRuns?: number;
}

export interface WindowResult extends Window {
  readonly params: Params;
  readonly inSample: Stats;
  readonly outOfSample: Stats;
  /** Out-of-sample annualised return ÷ in-sample annualised return (NaN when in-sample ≤ 0). */
  readonly efficiency: number;
}

export interface WalkForwardResult {
  readonly windows: WindowResult[];
  /** Out-of-sample equity chained across windows, starting at the capital; NaN before the first window. */
  readonly equity: Float64Array;
  /** Statistics of the chained out-of-sample run (its bars only). */
  readonly stats: Stats;
  /** Walk-forward efficiency (Pardo): mean out-of-sample ÷ mean in-sample annualised return. */
  readonly efficiency: number;
  readonly rank: NumericStatName;
}

/** Runs the walk-forward; every window's sweep shares one series cache. */
export function walkForward(opts: WalkForwardOptions): WalkForwardResult {
  const { bars, windows } = opts;
  const rank = opts.rank ?? 'Sharpe Ratio';
  if (windows.length === 0) throw new RangeError('walk-forward needs at least one window');
  const n = bars.close.length;
  const cache: SeriesCache = new Map();
  const equity = new Float64Array(n).fill(Number.NaN);
  const results: WindowResult[] = [];
  let level = Number.NaN;
  const parts: { trades: Trades; offset: number }[] = [];
  for (const w of windows) {
    const best = sweep({
      bars: sliceBars(bars, w.isFrom, w.isTo),
      grid: opts.grid,
      constraint: opts.constraint,
      strategy: (p) => sliceRun(opts.strategy(p, cache), w.isFrom, w.isTo),
      rank,
      top: 1,
      maxRuns: opts.maxRuns,
    }).runs[0];
    const run = sliceRun(opts.strategy(best.params, cache), w.oosFrom, w.oosTo);
    const oosBars = sliceBars(bars, w.oosFrom, w.oosTo);
    const sim = simulate(oosBars, run.rules, run.settings);
    const stats = computeStats(oosBars, sim, { warmupBars: run.warmupBars });
    const capital = run.settings.capital;
    if (Number.isNaN(level)) level = capital;
    for (let i = 0; i < sim.equity.length; i++) equity[w.oosFrom + i] = (level * sim.equity[i]) / capital;
    level = equity[w.oosTo - 1];
    parts.push({ trades: sim.trades, offset: w.oosFrom - windows[0].oosFrom });
    const isAnn = best.stats['Return (Ann.) [%]'];
    results.push({
      ...w,
      params: best.params,
      inSample: best.stats,
      outOfSample: stats,
      efficiency: isAnn > 0 ? stats['Return (Ann.) [%]'] / isAnn : Number.NaN,
    });
  }
  const from = windows[0].oosFrom;
  const to = windows[windows.length - 1].oosTo;
  const chained = sliceBars(bars, from, to);
  // The chained run's statistics come from its equity and every window's trades, in order.
  const stats = computeStats(chained, { equity: equity.subarray(from, to), trades: concatTrades(parts) });
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const isMean = mean(results.map((r) => r.inSample['Return (Ann.) [%]']));
  const oosMean = mean(results.map((r) => r.outOfSample['Return (Ann.) [%]']));
  return {
    windows: results,
    equity,
    stats,
    efficiency: isMean > 0 ? oosMean / isMean : Number.NaN,
    rank,
  };
}

/**
 * Trade records of consecutive windows as one: closed trades of every window first (in window order), then
 * those still open at a window's end; bar indexes shifted by each window's offset. Generic over the
 * record's columns, so a column added to Trades is carried along.
 */
export function concatTrades(parts: readonly { trades: Trades; offset: number }[]): Trades {
  const picks: { t: Trades; i: number; offset: number }[] = [];
  for (const { trades: t, offset } of parts) for (let i = 0; i < t.closed; i++) picks.push({ t, i, offset });
  const closed = picks.length;
  for (const { trades: t, offset } of parts)
    for (let i = t.closed; i < t.count; i++) picks.push({ t, i, offset });
  const first = parts[0]?.trades;
  const out: Record<string, unknown> = { count: picks.length, closed };
  if (!first) return { ...(out as object), count: 0, closed: 0 } as Trades;
  for (const [key, col] of Object.entries(first)) {
    if (!ArrayBuffer.isView(col)) continue;
    const Ctor = col.constructor as new (n: number) => { [i: number]: number };
    const arr = new Ctor(picks.length);
    const shift = key === 'entryBar' || key === 'exitBar';
    picks.forEach(({ t, i, offset }, k) => {
      const v = (t as unknown as Record<string, { [i: number]: number }>)[key][i];
      arr[k] = shift && v >= 0 ? v + offset : v;
    });
    out[key] = arr;
  }
  return out as unknown as Trades;
}
