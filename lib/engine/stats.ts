// Backtest statistics in one pure function. Names and definitions follow backtesting.py 0.6
// (`_stats.compute_stats`) so results can be compared figure by figure; units are in the names.
// Trade statistics count closed trades only; a position still open is in the equity, not the trades.
import type { SimResult } from './simulate';
import {
  BETA,
  DD_DEPTH_SUM,
  DD_DUR_MAX,
  DD_DUR_SUM,
  DD_MAX,
  DD_PEAK,
  DD_PERIODS,
  equityPass,
  out,
  RET_DOWNSIDE,
  RET_S1,
  RET_S2,
  returnPass,
  TR_BEST,
  TR_COMMISSIONS,
  TR_DUR_MAX,
  TR_DUR_SUM,
  TR_EXPOSED,
  TR_LOSS_SUM,
  TR_LOSSES,
  TR_NEG_RET,
  TR_PL_MEAN,
  TR_PL_STD,
  TR_POS_RET,
  TR_RET_SUM,
  TR_WIN_SUM,
  TR_WINS,
  TR_WORST,
  tradePass,
} from './stats-passes';
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
  'Alpha [%]',
  'Beta',
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

export interface Drawdowns {
  maxDd: number;
  equityPeak: number;
  periods: number;
  depthSum: number;
  durMax: number;
  durSum: number;
}

/** Drawdown figures of an equity curve (see equityPass). */
export function drawdowns(time: Float64Array, equity: Float64Array): Drawdowns {
  equityPass(time, equity, null);
  return {
    maxDd: out[DD_MAX],
    equityPeak: out[DD_PEAK],
    periods: out[DD_PERIODS],
    depthSum: out[DD_DEPTH_SUM],
    durMax: out[DD_DUR_MAX],
    durSum: out[DD_DUR_SUM],
  };
}

/**
 * Every statistic of one simulation. Only its equity and trades are read, so a sweep can pass a
 * simulateInto() result (trade arrays longer than `count`: records from `count` on are ignored).
 */
export function computeStats(
  bars: Bars,
  sim: Pick<SimResult, 'equity' | 'trades'>,
  opts: StatsOptions = {},
): Stats {
  const { time, close } = bars;
  const { equity, trades } = sim;
  const n = equity.length;
  const rf = opts.riskFreeRate ?? 0;
  const nan = Number.NaN;
  if (n === 0) {
    const empty = Object.fromEntries(STAT_NAMES.map((k) => [k, nan])) as unknown as Stats;
    return { ...empty, Start: '', End: '', '# Trades': 0 };
  }
  equityPass(time, equity, close);
  const beta = out[BETA];
  const maxDd = out[DD_MAX];
  const equityPeak = out[DD_PEAK];
  const ddPeriods = out[DD_PERIODS];
  const ddDepthSum = out[DD_DEPTH_SUM];
  const ddDurMax = out[DD_DUR_MAX];
  const ddDurSum = out[DD_DUR_SUM];
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
    returnPass(equity, ends);
    const s1 = out[RET_S1];
    const m2 = Math.max(0, out[RET_S2] - (s1 * s1) / m);
    variance = m > 1 ? m2 / (m - 1) : nan;
    downside = out[RET_DOWNSIDE];
  }
  const annReturn = m > 0 ? (1 + g) ** perYear - 1 : nan;
  const annVol = Math.sqrt((variance + (1 + g) ** 2) ** perYear - (1 + g) ** (2 * perYear));
  const downsideDev = Math.sqrt(downside / m) * Math.sqrt(perYear);
  const years = (time[n - 1] - time[0]) / DAY / 365.25;
  const count = trades.closed;
  tradePass(trades, n);
  const wins = out[TR_WINS];
  const losses = out[TR_LOSSES];
  const winRate = count ? wins / count : nan;
  const plStd = out[TR_PL_STD];
  const negRet = out[TR_NEG_RET];
  const orNaN = (x: number) => (x === 0 ? nan : x);

  return {
    Start: cal.startIso,
    End: cal.endIso,
    'Duration [days]': (time[n - 1] - time[0]) / DAY,
    'Exposure Time [%]': (out[TR_EXPOSED] / n) * 100,
    'Equity Final [$]': last,
    'Equity Peak [$]': equityPeak,
    'Commissions [$]': out[TR_COMMISSIONS],
    'Return [%]': totalReturn * 100,
    'Buy & Hold Return [%]': buyHold * 100,
    'Return (Ann.) [%]': annReturn * 100,
    'Volatility (Ann.) [%]': annVol * 100,
    'CAGR [%]': years > 0 ? ((last / first) ** (1 / years) - 1) * 100 : nan,
    'Sharpe Ratio': (annReturn * 100 - rf * 100) / orNaN(annVol * 100),
    'Sortino Ratio': (annReturn - rf) / downsideDev,
    'Calmar Ratio': annReturn / orNaN(maxDd),
    // Jensen's alpha against buy & hold, with beta from bar-by-bar log returns over every bar.
    'Alpha [%]': totalReturn * 100 - rf * 100 - beta * (buyHold * 100 - rf * 100),
    Beta: beta,
    'Max. Drawdown [%]': -maxDd * 100,
    'Avg. Drawdown [%]': ddPeriods ? -(ddDepthSum / ddPeriods) * 100 : nan,
    'Max. Drawdown Duration [days]': ddDurMax,
    'Avg. Drawdown Duration [days]': ddPeriods ? ddDurSum / ddPeriods : nan,
    '# Trades': count,
    'Win Rate [%]': winRate * 100,
    'Best Trade [%]': out[TR_BEST] * 100,
    'Worst Trade [%]': out[TR_WORST] * 100,
    'Avg. Trade [%]': count ? geometricMean(trades.returnPct, 0, count) * 100 : nan,
    'Max. Trade Duration [days]': out[TR_DUR_MAX],
    'Avg. Trade Duration [days]': count ? out[TR_DUR_SUM] / count : nan,
    'Profit Factor': out[TR_POS_RET] / orNaN(negRet),
    'Expectancy [%]': count ? (out[TR_RET_SUM] / count) * 100 : nan,
    SQN: (Math.sqrt(count) * out[TR_PL_MEAN]) / orNaN(plStd),
    'Kelly Criterion': winRate - (1 - winRate) / (out[TR_WIN_SUM] / wins / (out[TR_LOSS_SUM] / losses)),
  };
}
