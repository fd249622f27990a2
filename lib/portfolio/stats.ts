// A portfolio's figures: the account's statistics (the engine's, with an equal-weight buy-and-hold of
// the markets as the benchmark), each market's share of them, exposure and cash over time, and the
// correlation of the markets' returns.
import { computeStats, type Stats } from '../engine';
import type { MarketInput, PortfolioResult } from './simulate';

export interface MarketFigures {
  readonly symbol: string;
  readonly '# Trades': number;
  readonly 'Win Rate [%]': number;
  /** Net P&L of the market's closed trades plus its open trade marked at the last close. */
  readonly 'P&L': number;
  /** That P&L as a percent of the starting capital. */
  readonly 'Contribution [%]': number;
  /** Bars with a position in this market, as a percent of all bars. */
  readonly 'Exposure Time [%]': number;
}

export interface PortfolioFigures {
  readonly stats: Stats;
  readonly markets: MarketFigures[];
  /** Invested value ÷ equity at each close. */
  readonly exposure: Float64Array;
  /** Pearson correlation of the markets' bar returns, over the times both have consecutive bars. */
  readonly correlation: number[][];
  /** The benchmark: an equal-weight buy-and-hold index of the markets (1 at the start). */
  readonly benchmark: Float64Array;
}

/** Equal-weight buy-and-hold index on the union clock (each market from its first bar, carried). */
export function benchmarkIndex(markets: readonly MarketInput[], r: PortfolioResult): Float64Array {
  const { time, m, at } = r.aligned;
  const T = time.length;
  const out = new Float64Array(T);
  const first = new Float64Array(m).fill(Number.NaN);
  const last = new Float64Array(m).fill(Number.NaN);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const i = at[k * T + t];
      const c = i >= 0 ? markets[k].bars.close[i] : Number.NaN;
      if (!Number.isNaN(c)) {
        if (Number.isNaN(first[k])) first[k] = c;
        last[k] = c;
      }
      sum += Number.isNaN(first[k]) ? 1 : last[k] / first[k];
    }
    out[t] = sum / m;
  }
  return out;
}

/** Per-market returns on the union clock: NaN where the market has no bar or no previous bar. */
function unionReturns(markets: readonly MarketInput[], r: PortfolioResult): Float64Array[] {
  const { time, at } = r.aligned;
  const T = time.length;
  return markets.map((x, k) => {
    const out = new Float64Array(T).fill(Number.NaN);
    for (let t = 0; t < T; t++) {
      const i = at[k * T + t];
      if (i > 0) out[t] = x.bars.close[i] / x.bars.close[i - 1] - 1;
    }
    return out;
  });
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      n++;
      sa += a[i];
      sb += b[i];
    }
  if (n < 3) return Number.NaN;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) ** 2;
      vb += (b[i] - mb) ** 2;
    }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN;
}

export function portfolioFigures(
  markets: readonly MarketInput[],
  r: PortfolioResult,
  capital: number,
  opts: { warmupBars?: number } = {},
): PortfolioFigures {
  const { time, m } = r.aligned;
  const T = time.length;
  const benchmark = benchmarkIndex(markets, r);
  const bars = {
    time,
    open: benchmark,
    high: benchmark,
    low: benchmark,
    close: benchmark,
    volume: new Float64Array(T),
  };
  const stats = computeStats(bars, { equity: r.equity, trades: r.trades }, opts);
  const exposure = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let v = 0;
    for (let k = 0; k < m; k++) v += r.value[k * T + t];
    exposure[t] = r.equity[t] > 0 ? v / r.equity[t] : 0;
  }
  const figures = markets.map((x, k): MarketFigures => {
    const tr = r.perMarket[k];
    let wins = 0;
    let pnl = 0;
    for (let i = 0; i < tr.count; i++) {
      pnl += tr.pnl[i];
      if (i < tr.closed && tr.pnl[i] > 0) wins++;
    }
    let held = 0;
    for (let t = 0; t < T; t++) if (r.value[k * T + t] !== 0) held++;
    return {
      symbol: x.symbol,
      '# Trades': tr.closed,
      'Win Rate [%]': tr.closed ? (wins / tr.closed) * 100 : Number.NaN,
      'P&L': pnl,
      'Contribution [%]': (pnl / capital) * 100,
      'Exposure Time [%]': T ? (held / T) * 100 : Number.NaN,
    };
  });
  const rets = unionReturns(markets, r);
  // Symmetric: each pair once.
  const correlation = rets.map(() => new Array<number>(m).fill(1));
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) correlation[i][j] = correlation[j][i] = pearson(rets[i], rets[j]);
  return { stats, markets: figures, exposure, correlation, benchmark };
}
