// Monte Carlo views of one backtest. Trade reshuffling keeps each trade's return and draws their order
// at random: the final equity is the same, the drawdown is not, so it shows the drawdowns the same trades
// could have produced. The circular block bootstrap (Politis & Romano 1992) redraws blocks of bar returns,
// keeping short-range dependence, and shows a spread of returns and drawdowns with equity bands.
import { percentileSorted, Rng } from '../engine';

export interface Percentiles {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export function percentiles(values: Float64Array): Percentiles {
  const s = Float64Array.from(values).sort();
  return { p5: percentileSorted(s, 0.05), p50: percentileSorted(s, 0.5), p95: percentileSorted(s, 0.95) };
}

/** Deepest fall from a running peak of a compounded path starting at 1, as a positive fraction. */
function maxDrawdownOf(growth: ArrayLike<number>, n: number): number {
  let level = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    level *= 1 + growth[i];
    if (level > peak) peak = level;
    const dd = 1 - level / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

function checkRuns(runs: number, maxCells: number, cells: number): void {
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000)
    throw new RangeError(`runs must be a whole number from 1 to 100000, got ${runs}`);
  if (cells > maxCells)
    throw new RangeError(`${cells} simulated values exceed the limit of ${maxCells}: use fewer runs`);
}

export interface ReshuffleResult {
  /** Max drawdown [%] per reshuffled order (positive numbers). */
  readonly maxDrawdown: Float64Array;
  /** Percentiles of the max drawdown [%]. */
  readonly drawdown: Percentiles;
  /** The drawdown [%] of the order that actually happened. */
  readonly actualDrawdown: number;
  /** Share of orders whose drawdown is deeper than the actual one. */
  readonly deeperThanActual: number;
  /** With `bands`: equity after each trade (growth of 1), 5th/50th/95th percentile over the orders. */
  readonly bands?: Bands;
}

export interface Bands {
  readonly p5: Float64Array;
  readonly p50: Float64Array;
  readonly p95: Float64Array;
}

/** Per column of `runs` paths of `n` levels (row-major), the 5th/50th/95th percentile times `scale`. */
function bandsOf(paths: Float64Array, runs: number, n: number, scale: number): Bands {
  const p5 = new Float64Array(n);
  const p50 = new Float64Array(n);
  const p95 = new Float64Array(n);
  const col = new Float64Array(runs);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < runs; r++) col[r] = paths[r * n + i];
    col.sort();
    p5[i] = scale * percentileSorted(col, 0.05);
    p50[i] = scale * percentileSorted(col, 0.5);
    p95[i] = scale * percentileSorted(col, 0.95);
  }
  return { p5, p50, p95 };
}

/** Trade-order reshuffling: `tradeReturns` are each trade's return on equity as fractions (0.02 = +2 %). */
export function reshuffleTrades(
  tradeReturns: ArrayLike<number>,
  runs = 1000,
  seed = 1,
  maxCells = 50_000_000,
  bands = false,
): ReshuffleResult {
  const n = tradeReturns.length;
  checkRuns(runs, maxCells, runs * n);
  const paths = bands ? new Float64Array(runs * n) : null;
  const order = Float64Array.from(tradeReturns);
  const rng = new Rng(seed);
  const dd = new Float64Array(runs);
  const actual = maxDrawdownOf(tradeReturns, n) * 100;
  let deeper = 0;
  for (let r = 0; r < runs; r++) {
    // Fisher–Yates on the previous permutation: each one is uniform.
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    dd[r] = maxDrawdownOf(order, n) * 100;
    if (dd[r] > actual + 1e-12) deeper++;
    if (paths) {
      let level = 1;
      for (let i = 0; i < n; i++) paths[r * n + i] = level *= 1 + order[i];
    }
  }
  return {
    maxDrawdown: dd,
    drawdown: percentiles(dd),
    actualDrawdown: actual,
    deeperThanActual: deeper / runs,
    ...(paths ? { bands: bandsOf(paths, runs, n, 1) } : {}),
  };
}

export interface BootstrapResult {
  /** Total return [%] per simulated path. */
  readonly totalReturn: Float64Array;
  /** Max drawdown [%] per simulated path. */
  readonly maxDrawdown: Float64Array;
  readonly returns: Percentiles;
  readonly drawdown: Percentiles;
  /** Equity bands per bar (growth of 1 → starting equity × level), 5th/50th/95th percentile. */
  readonly bands: Bands;
  readonly blockLength: number;
}

/**
 * Circular block bootstrap of per-bar returns (fractions, NaN warm-up skipped): `runs` paths as long as
 * the input, built from blocks of `blockLength` consecutive returns starting at uniform random bars.
 */
export function blockBootstrap(
  barReturns: ArrayLike<number>,
  opts: { runs?: number; blockLength?: number; seed?: number; startEquity?: number; maxCells?: number } = {},
): BootstrapResult {
  const src: number[] = [];
  for (let i = 0; i < barReturns.length; i++) if (!Number.isNaN(barReturns[i])) src.push(barReturns[i]);
  const n = src.length;
  const runs = opts.runs ?? 1000;
  checkRuns(runs, opts.maxCells ?? 20_000_000, runs * n);
  // Default block length n^(1/3), the order that minimises the bootstrap's error for the variance.
  const L = Math.max(1, Math.min(n, opts.blockLength ?? Math.round(Math.cbrt(n))));
  const start = opts.startEquity ?? 1;
  const rng = new Rng(opts.seed ?? 1);
  const paths = new Float64Array(runs * n);
  const total = new Float64Array(runs);
  const dd = new Float64Array(runs);
  const path = new Float64Array(n);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < n; ) {
      const from = Math.floor(rng.next() * n);
      for (let k = 0; k < L && i < n; k++, i++) path[i] = src[(from + k) % n];
    }
    let level = 1;
    for (let i = 0; i < n; i++) {
      level *= 1 + path[i];
      paths[r * n + i] = level;
    }
    total[r] = (level - 1) * 100;
    dd[r] = maxDrawdownOf(path, n) * 100;
  }
  return {
    totalReturn: total,
    maxDrawdown: dd,
    returns: percentiles(total),
    drawdown: percentiles(dd),
    bands: bandsOf(paths, runs, n, start),
    blockLength: L,
  };
}

/**
 * Each closed trade's P&L as a fraction of the equity before it was entered (the close of the bar
 * before its entry bar; the capital for an entry on the first bar): what reshuffling compounds.
 */
export function tradeReturnsOnEquity(
  trades: { readonly closed: number; readonly entryBar: Int32Array; readonly pnl: Float64Array },
  equity: Float64Array,
  capital: number,
): Float64Array {
  const out = new Float64Array(trades.closed);
  for (let i = 0; i < trades.closed; i++) {
    const b = trades.entryBar[i];
    const before = b > 0 ? equity[b - 1] : capital;
    out[i] = trades.pnl[i] / before;
  }
  return out;
}

/** Bar-to-bar returns of an equity curve from bar `from` on (the first return is from → from + 1). */
export function equityReturns(equity: Float64Array, from = 0): Float64Array {
  const start = Math.max(0, from);
  const out = new Float64Array(Math.max(0, equity.length - start - 1));
  for (let i = 0; i < out.length; i++) out[i] = equity[start + i + 1] / equity[start + i] - 1;
  return out;
}
