// Backtest statistics in one pure function. Names and definitions follow backtesting.py 0.6
// (`_stats.compute_stats`) so results can be compared figure by figure; units are in the names.
// Trade statistics count closed trades only; a position still open is in the equity, not the trades.
import type { SimResult } from './simulate';
import type { Bars } from './types';

export const STAT_NAMES = [
  'Start',
  'End',
  'Duration [days]',
  'Exposure Time [%]',
  'Equity Final [$]',
  'Equity Peak [$]',
  'Commissions [$]',
  'Return [%]',
  'Buy & Hold Return [%]',
  'Return (Ann.) [%]',
  'Volatility (Ann.) [%]',
  'CAGR [%]',
  'Sharpe Ratio',
  'Sortino Ratio',
  'Calmar Ratio',
  'Max. Drawdown [%]',
  'Avg. Drawdown [%]',
  'Max. Drawdown Duration [days]',
  'Avg. Drawdown Duration [days]',
  '# Trades',
  'Win Rate [%]',
  'Best Trade [%]',
  'Worst Trade [%]',
  'Avg. Trade [%]',
  'Max. Trade Duration [days]',
  'Avg. Trade Duration [days]',
  'Profit Factor',
  'Expectancy [%]',
  'SQN',
  'Kelly Criterion',
] as const;

export type StatName = (typeof STAT_NAMES)[number];
export type NumericStatName = Exclude<StatName, 'Start' | 'End'>;
/** Start and End are ISO-8601 times; every other figure is a number (NaN when undefined). */
export type Stats = { Start: string; End: string } & { [K in NumericStatName]: number };

export interface StatsOptions {
  /** First bar at which every indicator is defined; buy & hold is measured from there. */
  readonly warmupBars?: number;
  /** Annual risk-free rate as a fraction, for Sharpe, Sortino and alpha. */
  readonly riskFreeRate?: number;
}

const DAY = 86_400_000;

/** Median spacing of the last 100 bars, like backtesting.py's `_data_period`. */
export function barPeriodMs(time: Float64Array): number {
  const n = time.length;
  if (n < 2) return Number.NaN;
  const from = Math.max(1, n - 100);
  const d: number[] = [];
  for (let i = from; i < n; i++) d.push(time[i] - time[i - 1]);
  d.sort((a, b) => a - b);
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

/** Calendar bucket of an epoch-ms time: day, ISO week (Mon..Sun), month or year. */
function bucketKey(t: number, freq: 'D' | 'W' | 'M' | 'Y'): number {
  const day = Math.floor(t / DAY);
  if (freq === 'D') return day;
  if (freq === 'W') return Math.floor((day + 3) / 7); // 1970-01-01 was a Thursday
  const d = new Date(t);
  return freq === 'M' ? d.getUTCFullYear() * 12 + d.getUTCMonth() : d.getUTCFullYear();
}

/** Where calendar periods end in a time axis, and how many periods make a year. */
export interface Calendar {
  /** Index of the last bar of each calendar period (day, week, month or year). */
  readonly ends: Int32Array;
  readonly perYear: number;
  /** ISO-8601 times of the first and last bar (formatting dates on every sweep run adds up). */
  readonly startIso: string;
  readonly endIso: string;
}

// Calendars depend only on the time axis, which slider moves and sweeps reuse: compute once per array.
const calendars = new WeakMap<Float64Array, Calendar>();

/**
 * backtesting.py's resampling: equity is sampled at the last bar of each calendar day (week, month or
 * year for bars that far apart); 365 periods a year when a fair share of bars fall on weekends, else 252.
 */
export function calendarOf(time: Float64Array): Calendar {
  const hit = calendars.get(time);
  if (hit) return hit;
  const n = time.length;
  const freqDays = Math.floor(barPeriodMs(time) / DAY);
  const freq = freqDays === 7 ? 'W' : freqDays === 31 ? 'M' : freqDays === 365 ? 'Y' : 'D';
  let weekend = 0;
  for (let i = 0; i < n; i++) {
    const dow = (Math.floor(time[i] / DAY) + 4) % 7; // 0 = Sunday
    if (dow === 0 || dow === 6) weekend++;
  }
  const perYear =
    freq === 'W'
      ? 52
      : freq === 'M'
        ? 12
        : freq === 'Y'
          ? 1
          : weekend / Math.max(n, 1) > (2 / 7) * 0.6
            ? 365
            : 252;
  const ends: number[] = [];
  let key = n ? bucketKey(time[0], freq) : 0;
  for (let i = 1; i < n; i++) {
    const next = bucketKey(time[i], freq);
    if (next !== key) {
      ends.push(i - 1);
      key = next;
    }
  }
  if (n) ends.push(n - 1);
  const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : '');
  const cal = { ends: Int32Array.from(ends), perYear, startIso: iso(time[0]), endIso: iso(time[n - 1]) };
  calendars.set(time, cal);
  return cal;
}

/** Period returns of the equity resampled to calendar periods, and periods a year. */
export function periodReturns(
  time: Float64Array,
  equity: Float64Array,
): { returns: Float64Array; perYear: number } {
  const { ends, perYear } = calendarOf(time);
  const returns = new Float64Array(Math.max(0, ends.length - 1));
  for (let i = 1; i < ends.length; i++) returns[i - 1] = equity[ends[i]] / equity[ends[i - 1]] - 1;
  return { returns, perYear };
}

/** Geometric mean of simple returns; 0 when any return is ≤ −100% (backtesting.py). */
export function geometricMean(r: ArrayLike<number>, from = 0, to = r.length): number {
  let s = 0;
  const m = to - from;
  if (m <= 0) return Number.NaN;
  for (let i = from; i < to; i++) {
    const x = !Number.isNaN(r[i]) ? 1 + r[i] : 1;
    if (x <= 0) return 0;
    s += Math.log(x);
  }
  return Math.exp(s / m) - 1;
}

interface Drawdowns {
  maxDd: number;
  equityPeak: number;
  periods: number;
  depthSum: number;
  durMax: number;
  durSum: number;
}

/**
 * Drawdowns in one pass. A drawdown period runs from a bar at a running high to the next one (or to the
 * last bar, backtesting.py's convention); within it the peak is constant, so its depth is 1 − min/peak
 * and no bar needs a division.
 */
export function drawdowns(time: Float64Array, equity: Float64Array): Drawdowns {
  const n = equity.length;
  const out = { maxDd: 0, equityPeak: equity[0], periods: 0, depthSum: 0, durMax: Number.NaN, durSum: 0 };
  let peak = equity[0];
  let low = peak;
  let start = 0;
  const close = (i: number) => {
    if (i > start + 1) {
      const depth = peak > 0 ? 1 - low / peak : 0;
      const dur = (time[i] - time[start]) / DAY;
      out.periods++;
      out.depthSum += depth;
      out.durSum += dur;
      if (!(dur <= out.durMax)) out.durMax = dur;
      if (depth > out.maxDd) out.maxDd = depth;
    } else if (peak > 0 && 1 - low / peak > out.maxDd) {
      out.maxDd = 1 - low / peak;
    }
  };
  for (let i = 1; i < n; i++) {
    const e = equity[i];
    if (e >= peak) {
      if (e === peak && low === peak) {
        start = i; // still at the high: the period has not begun
        continue;
      }
      close(i);
      peak = e;
      low = e;
      start = i;
    } else if (e < low) {
      low = e;
    }
  }
  if (start < n - 1) close(n - 1);
  out.equityPeak = peak;
  return out;
}

/** Bars covered by closed trades, entry to exit inclusive, counting overlaps once. */
function exposedBars(trades: SimResult['trades'], n: number): number {
  const k = trades.closed;
  const { entryBar, exitBar } = trades;
  let sorted = true;
  for (let i = 1; i < k && sorted; i++) sorted = entryBar[i] >= entryBar[i - 1];
  if (!sorted) {
    const held = new Uint8Array(n);
    for (let i = 0; i < k; i++) held.fill(1, entryBar[i], exitBar[i] + 1);
    return held.reduce((a, b) => a + b, 0);
  }
  let total = 0;
  let covered = -1; // last bar already counted
  for (let i = 0; i < k; i++) {
    const from = Math.max(entryBar[i], covered + 1);
    if (exitBar[i] >= from) {
      total += exitBar[i] - from + 1;
      covered = exitBar[i];
    }
  }
  return total;
}

export function computeStats(bars: Bars, sim: SimResult, opts: StatsOptions = {}): Stats {
  const { time, close } = bars;
  const { equity, trades } = sim;
  const n = equity.length;
  const rf = opts.riskFreeRate ?? 0;
  const nan = Number.NaN;
  if (n === 0) {
    const empty = Object.fromEntries(STAT_NAMES.map((k) => [k, nan])) as unknown as Stats;
    return { ...empty, Start: '', End: '', '# Trades': 0 };
  }
  const dd = drawdowns(time, equity);
  const warm = Math.min(Math.max(0, opts.warmupBars ?? 0), n - 1);
  const first = equity[0];
  const last = equity[n - 1];
  const totalReturn = (last - first) / first;
  const buyHold = (close[n - 1] - close[warm]) / close[warm];

  // Period returns: the product of (1 + r) telescopes to last/first, so the geometric mean needs no logs.
  const cal = calendarOf(time);
  const { ends, perYear } = cal;
  const m = ends.length - 1;
  let g = nan;
  let variance = nan;
  let downside = 0;
  if (m > 0) {
    const e0 = equity[ends[0]];
    const em = equity[ends[m]];
    g = em > 0 && e0 > 0 ? (em / e0) ** (1 / m) - 1 : 0;
    // Sums shifted by the first return keep the variance exact enough without a division chain.
    const k0 = equity[ends[1]] / e0 - 1;
    let s1 = 0;
    let s2 = 0;
    for (let i = 1; i <= m; i++) {
      const r = equity[ends[i]] / equity[ends[i - 1]] - 1;
      const d = r - k0;
      s1 += d;
      s2 += d * d;
      if (r < 0) downside += r * r;
    }
    const m2 = Math.max(0, s2 - (s1 * s1) / m);
    variance = m > 1 ? m2 / (m - 1) : nan;
  }
  const annReturn = m > 0 ? (1 + g) ** perYear - 1 : nan;
  const annVol = Math.sqrt((variance + (1 + g) ** 2) ** perYear - (1 + g) ** (2 * perYear));
  const downsideDev = Math.sqrt(downside / m) * Math.sqrt(perYear);
  const years = (time[n - 1] - time[0]) / DAY / 365.25;
  const t = tradeStats(trades);
  const orNaN = (x: number) => (x === 0 ? nan : x);

  return {
    Start: cal.startIso,
    End: cal.endIso,
    'Duration [days]': (time[n - 1] - time[0]) / DAY,
    'Exposure Time [%]': (exposedBars(trades, n) / n) * 100,
    'Equity Final [$]': last,
    'Equity Peak [$]': dd.equityPeak,
    'Commissions [$]': t.commissions,
    'Return [%]': totalReturn * 100,
    'Buy & Hold Return [%]': buyHold * 100,
    'Return (Ann.) [%]': annReturn * 100,
    'Volatility (Ann.) [%]': annVol * 100,
    'CAGR [%]': years > 0 ? ((last / first) ** (1 / years) - 1) * 100 : nan,
    'Sharpe Ratio': (annReturn * 100 - rf * 100) / orNaN(annVol * 100),
    'Sortino Ratio': (annReturn - rf) / downsideDev,
    'Calmar Ratio': annReturn / orNaN(dd.maxDd),
    'Max. Drawdown [%]': -dd.maxDd * 100,
    'Avg. Drawdown [%]': dd.periods ? -(dd.depthSum / dd.periods) * 100 : nan,
    'Max. Drawdown Duration [days]': dd.durMax,
    'Avg. Drawdown Duration [days]': dd.periods ? dd.durSum / dd.periods : nan,
    '# Trades': t.count,
    'Win Rate [%]': t.winRate * 100,
    'Best Trade [%]': t.best * 100,
    'Worst Trade [%]': t.worst * 100,
    'Avg. Trade [%]': t.count ? geometricMean(trades.returnPct, 0, t.count) * 100 : nan,
    'Max. Trade Duration [days]': t.durMax,
    'Avg. Trade Duration [days]': t.count ? t.durSum / t.count : nan,
    'Profit Factor': t.posRet / orNaN(t.negRet),
    'Expectancy [%]': t.count ? (t.retSum / t.count) * 100 : nan,
    SQN: (Math.sqrt(t.count) * t.plMean) / orNaN(t.plStd),
    'Kelly Criterion': t.winRate - (1 - t.winRate) / (t.winSum / t.wins / (t.lossSum / t.losses)),
  };
}

/** Figures over the closed trades. */
function tradeStats(trades: SimResult['trades']) {
  const k = trades.closed;
  const { pnl, returnPct, fees, entryTime, exitTime } = trades;
  const s = {
    count: k,
    wins: 0,
    losses: 0,
    winSum: 0,
    lossSum: 0,
    best: Number.NaN,
    worst: Number.NaN,
    posRet: 0,
    negRet: 0,
    retSum: 0,
    commissions: 0,
    durMax: Number.NaN,
    durSum: 0,
    plMean: Number.NaN,
    plStd: Number.NaN,
    winRate: Number.NaN,
  };
  let plSum = 0;
  for (let i = 0; i < k; i++) {
    const p = pnl[i];
    const r = returnPct[i];
    if (p > 0) {
      s.wins++;
      s.winSum += p;
    } else if (p < 0) {
      s.losses++;
      s.lossSum -= p;
    }
    if (!(r <= s.best)) s.best = r;
    if (!(r >= s.worst)) s.worst = r;
    if (r > 0) s.posRet += r;
    else if (r < 0) s.negRet -= r;
    s.retSum += r;
    s.commissions += fees[i];
    const d = (exitTime[i] - entryTime[i]) / DAY;
    if (!(d <= s.durMax)) s.durMax = d;
    s.durSum += d;
    plSum += p;
  }
  if (k) {
    s.plMean = plSum / k;
    s.winRate = s.wins / k;
    let ss = 0;
    for (let i = 0; i < k; i++) ss += (pnl[i] - s.plMean) ** 2;
    s.plStd = k > 1 ? Math.sqrt(ss / (k - 1)) : Number.NaN;
  }
  return s;
}
