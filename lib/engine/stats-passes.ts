// The passes over equity and trades behind computeStats (stats.ts has the definitions).
//
// Each pass keeps its running values in locals and returns them through a module-level Float64Array
// rather than a result object: V8 keeps locals in registers, and a function that builds an object
// literal is deoptimized whenever that literal's hidden class dies in a GC, after which a long loop
// runs in the interpreter until V8 recompiles it. Sweeps call these once per run, so nothing here
// allocates.
import { drawdownFrom } from './drawdown';
import type { Trades } from './trades';

const DAY = 86_400_000;

/** The results of the last pass; read them (by the index constants below) before the next one. */
export const out = new Float64Array(16);

// equityPass: drawdowns and beta
export const DD_MAX = 0;
export const DD_PEAK = 1;
export const DD_PERIODS = 2;
export const DD_DEPTH_SUM = 3;
export const DD_DUR_MAX = 4;
export const DD_DUR_SUM = 5;
export const BETA = 6;

/** Log returns of a close series, less their mean; their sum (rounding residue) and sum of squares. */
interface Market {
  readonly dy: Float64Array;
  readonly dySum: number;
  readonly ss: number;
}

const NO_MARKET: Market = { dy: new Float64Array(0), dySum: 0, ss: 0 };

// Like the calendars in stats.ts: keyed by the close array, which slider moves and sweeps reuse.
const markets = new WeakMap<Float64Array, Market>();

function marketOf(close: Float64Array): Market {
  const hit = markets.get(close);
  if (hit) return hit;
  const k = Math.max(0, close.length - 1);
  const dy = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) {
    dy[i] = Math.log(close[i + 1] / close[i]);
    s += dy[i];
  }
  const mean = s / k;
  let dySum = 0;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    dy[i] -= mean;
    dySum += dy[i];
    ss += dy[i] * dy[i];
  }
  const m = { dy, dySum, ss };
  markets.set(close, m);
  return m;
}

/**
 * The drawdowns of an equity curve and, when `close` is given, its beta, in one pass over the equity
 * (out[DD_*], out[BETA]).
 *
 * Drawdowns: a period runs from a bar at a running high to the next one (or to the last bar,
 * backtesting.py's convention); within it the peak is constant, so its depth is drawdownFrom(min, peak)
 * (drawdown.ts) and no bar needs a division.
 *
 * Beta, backtesting.py's: cov(x, y) / var(y) over every bar, x the equity's log returns and y the
 * close's. Σ(x − x̄)(y − ȳ) is Σ x(y − ȳ) − x̄ Σ(y − ȳ), so the market's centred returns are computed
 * once per close array. NaN when the equity reaches zero or below (numpy's log gives −inf or NaN there),
 * there are fewer than two returns, or no close is given.
 */
export function equityPass(time: Float64Array, equity: Float64Array, close: Float64Array | null): void {
  const n = equity.length | 0; // an int32 to V8, so that the loop index stays one
  const withBeta = close !== null && n >= 3 && close.length === n;
  const { dy, dySum, ss } = withBeta ? marketOf(close) : NO_MARKET;
  let sx = 0;
  let sxy = 0;
  let maxDd = 0;
  let periods = 0;
  let depthSum = 0;
  let durMax = Number.NaN;
  let durSum = 0;
  let peak = equity[0];
  let low = peak;
  let start = 0;
  let prev = peak;
  // i = n is one extra step that closes the drawdown period still open at the last bar.
  for (let i = 1; i <= n; i++) {
    let end = i;
    if (i < n) {
      const e = equity[i];
      // Flat bars (out of the market) add log(1) = 0: skip the log, the costliest step here.
      if (withBeta && (e !== prev || e === 0)) {
        const x = Math.log(e / prev);
        sx += x;
        sxy += x * dy[i - 1];
      }
      prev = e;
      if (!(e >= peak)) {
        if (e < low) low = e;
        continue;
      }
      if (e === peak && low === peak) {
        start = i; // still at the high: the period has not begun
        continue;
      }
    } else {
      if (start >= n - 1) break;
      end = n - 1;
    }
    // Undefined (NaN) below a positive peak counts as no drawdown, as backtesting.py's nan_to_num.
    const fall = drawdownFrom(low, peak);
    const depth = Number.isNaN(fall) ? 0 : -fall;
    if (end > start + 1) {
      const days = (time[end] - time[start]) / DAY;
      periods++;
      depthSum += depth;
      durSum += days;
      if (!(days <= durMax)) durMax = days;
      if (depth > maxDd) maxDd = depth;
    } else if (peak > 0 && depth > maxDd) {
      maxDd = depth;
    }
    if (i < n) {
      peak = equity[i];
      low = peak;
      start = i;
    }
  }
  out[DD_MAX] = maxDd;
  out[DD_PEAK] = peak;
  out[DD_PERIODS] = periods;
  out[DD_DEPTH_SUM] = depthSum;
  out[DD_DUR_MAX] = durMax;
  out[DD_DUR_SUM] = durSum;
  out[BETA] = withBeta && Number.isFinite(sx) ? (sxy - (sx / (n - 1)) * dySum) / ss : Number.NaN;
}

// returnPass
export const RET_S1 = 0;
export const RET_S2 = 1;
export const RET_DOWNSIDE = 2;

/**
 * Sums over the period returns r_i = e[ends[i]] / e[ends[i-1]] − 1, i = 1..m (m ≥ 1): of r − r_1 and its
 * square (shifted by the first return, which keeps the variance exact enough without a second pass),
 * and of r² over negative r.
 */
export function returnPass(equity: Float64Array, ends: Int32Array): void {
  const m = (ends.length | 0) - 1;
  const k0 = equity[ends[1]] / equity[ends[0]] - 1;
  let s1 = 0;
  let s2 = 0;
  let downside = 0;
  let prev = equity[ends[0]];
  for (let i = 1; i <= m; i++) {
    const e = equity[ends[i]];
    const r = e / prev - 1;
    prev = e;
    const d = r - k0;
    s1 += d;
    s2 += d * d;
    if (r < 0) downside += r * r;
  }
  out[RET_S1] = s1;
  out[RET_S2] = s2;
  out[RET_DOWNSIDE] = downside;
}

// tradePass
export const TR_WINS = 0;
export const TR_LOSSES = 1;
export const TR_WIN_SUM = 2;
export const TR_LOSS_SUM = 3;
export const TR_BEST = 4;
export const TR_WORST = 5;
export const TR_POS_RET = 6;
export const TR_NEG_RET = 7;
export const TR_RET_SUM = 8;
export const TR_COMMISSIONS = 9;
export const TR_DUR_MAX = 10;
export const TR_DUR_SUM = 11;
export const TR_PL_MEAN = 12;
export const TR_PL_STD = 13;
/** Bars covered by the closed trades (see exposedBars). */
export const TR_EXPOSED = 14;

/** Figures over the closed trades: records [0, trades.closed). */
export function tradePass(trades: Trades, n: number): void {
  // The fields are read here and the loops get typed arrays only (see the file comment).
  const k = trades.closed | 0;
  tradeLoop(k, trades.pnl, trades.returnPct, trades.fees, trades.entryTime, trades.exitTime);
  out[TR_EXPOSED] = exposedBars(k, trades.entryBar, trades.exitBar, n);
}

function tradeLoop(
  k: number,
  pnl: Float64Array,
  returnPct: Float64Array,
  fees: Float64Array,
  entryTime: Float64Array,
  exitTime: Float64Array,
): void {
  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  let best = Number.NaN;
  let worst = Number.NaN;
  let posRet = 0;
  let negRet = 0;
  let retSum = 0;
  let commissions = 0;
  let durMax = Number.NaN;
  let durSum = 0;
  let plSum = 0;
  for (let i = 0; i < k; i++) {
    const p = pnl[i];
    const r = returnPct[i];
    if (p > 0) {
      wins++;
      winSum += p;
    } else if (p < 0) {
      losses++;
      lossSum -= p;
    }
    if (!(r <= best)) best = r;
    if (!(r >= worst)) worst = r;
    if (r > 0) posRet += r;
    else if (r < 0) negRet -= r;
    retSum += r;
    commissions += fees[i];
    const d = (exitTime[i] - entryTime[i]) / DAY;
    if (!(d <= durMax)) durMax = d;
    durSum += d;
    plSum += p;
  }
  let plMean = Number.NaN;
  let plStd = Number.NaN;
  if (k) {
    plMean = plSum / k;
    let ss = 0;
    for (let i = 0; i < k; i++) ss += (pnl[i] - plMean) ** 2;
    plStd = k > 1 ? Math.sqrt(ss / (k - 1)) : Number.NaN;
  }
  out[TR_WINS] = wins;
  out[TR_LOSSES] = losses;
  out[TR_WIN_SUM] = winSum;
  out[TR_LOSS_SUM] = lossSum;
  out[TR_BEST] = best;
  out[TR_WORST] = worst;
  out[TR_POS_RET] = posRet;
  out[TR_NEG_RET] = negRet;
  out[TR_RET_SUM] = retSum;
  out[TR_COMMISSIONS] = commissions;
  out[TR_DUR_MAX] = durMax;
  out[TR_DUR_SUM] = durSum;
  out[TR_PL_MEAN] = plMean;
  out[TR_PL_STD] = plStd;
}

/** Bars covered by the first k trades, entry to exit inclusive, counting overlaps once. */
function exposedBars(k: number, entryBar: Int32Array, exitBar: Int32Array, n: number): number {
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
