// The hand-fused crossover backtest with every statistic: fusedCrossover's loop (fused.ts) that also
// accumulates, bar by bar and trade by trade, everything computeStats derives (drawdowns, beta, the
// calendar period returns, the trade figures), then the closing formulas. It is the like-for-like floor
// for "a backtest with all statistics": the equity-only loop leaves out the work the figures need.
//
// What depends on the bars alone is prepared once per bars object, as the engine caches it too: the
// calendar period ends (calendarOf) and the close's centred log returns for beta. Same arithmetic in the
// same order as the engine, so every figure comes out equal (reference.test.ts); it assumes the equity
// stays positive (no bankruptcy handling), which the benchmark's data meets.
import { type Bars, calendarOf, drawdownFrom, type Stats } from '../lib/engine';

const DAY = 86_400_000;

interface Market {
  dy: Float64Array;
  dySum: number;
  ss: number;
}
const markets = new WeakMap<Float64Array, Market>();

/** The close's log returns less their mean, their sum and sum of squares (beta's market side). */
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

let pnls = new Float64Array(1024);

/** SMA(fast)/SMA(slow) crossover as fusedCrossover, scored with every statistic of computeStats. */
export function fusedCrossoverStats(
  bars: Bars,
  fast: number,
  slow: number,
  capital: number,
  fee: number,
  warmupBars: number,
): { equity: Float64Array; stats: Stats } {
  const { open, close, time } = bars;
  const n = close.length | 0;
  const equity = new Float64Array(n);
  const { dy, dySum, ss: dySs } = marketOf(close);
  const cal = calendarOf(time);
  const ends = cal.ends;
  // Account and signals (fused.ts).
  let sf = 0;
  let ss = 0;
  let pf = Number.NaN;
  let ps = Number.NaN;
  let cash = capital;
  let pos = 0;
  let buy = false;
  let sell = false;
  let entryBar = 0;
  let entryPrice = 0;
  let entryFee = 0;
  // Drawdowns and beta (stats-passes.ts equityPass).
  let sx = 0;
  let sxy = 0;
  let maxDd = 0;
  let periods = 0;
  let depthSum = 0;
  let ddDurMax = Number.NaN;
  let ddDurSum = 0;
  let peak = 0;
  let low = 0;
  let start = 0;
  let prev = 0;
  // Calendar period returns (returnPass).
  let j = 0;
  let prevEnd = 0;
  let k0 = 0;
  let s1 = 0;
  let s2 = 0;
  let downside = 0;
  // Closed trades (tradeLoop, exposedBars, geometricMean).
  let count = 0;
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
  let logSum = 0;
  let ruinedTrade = false;
  let exposed = 0;
  let covered = -1;
  for (let t = 0; t < n; t++) {
    const price = open[t];
    if (buy) {
      const eq = cash + pos * price;
      const avail = eq - pos * price;
      const qty = Math.min(eq, avail) / (price * (1 + fee));
      if (qty > 0) {
        entryFee = qty * price * fee;
        cash -= qty * price + entryFee;
        pos += qty;
        entryBar = t;
        entryPrice = price;
      }
    } else if (sell && pos > 0) {
      const exitFee = pos * price * fee;
      cash += pos * price - exitFee;
      // The trade's figures, as Trades.push and tradeLoop compute them.
      const fees = entryFee + exitFee;
      const pnl = pos * (price - entryPrice) - fees;
      const r = price / entryPrice - 1 - fees / (pos * entryPrice);
      if (count === pnls.length) {
        const grown = new Float64Array(count * 2);
        grown.set(pnls);
        pnls = grown;
      }
      pnls[count++] = pnl;
      if (pnl > 0) {
        wins++;
        winSum += pnl;
      } else if (pnl < 0) {
        losses++;
        lossSum -= pnl;
      }
      if (!(r <= best)) best = r;
      if (!(r >= worst)) worst = r;
      if (r > 0) posRet += r;
      else if (r < 0) negRet -= r;
      retSum += r;
      commissions += fees;
      const d = (time[t] - time[entryBar]) / DAY;
      if (!(d <= durMax)) durMax = d;
      durSum += d;
      plSum += pnl;
      const x = 1 + r;
      if (x <= 0) ruinedTrade = true;
      else logSum += Math.log(x);
      const from = Math.max(entryBar, covered + 1);
      if (t >= from) {
        exposed += t - from + 1;
        covered = t;
      }
      pos = 0;
    }
    const c = close[t];
    sf += c;
    ss += c;
    if (t >= fast) sf -= close[t - fast];
    if (t >= slow) ss -= close[t - slow];
    const f = t >= fast - 1 ? sf / fast : Number.NaN;
    const s = t >= slow - 1 ? ss / slow : Number.NaN;
    buy = f > s && pf <= ps;
    sell = f < s && pf >= ps;
    pf = f;
    ps = s;
    const e = cash + pos * c;
    equity[t] = e;
    if (t === ends[j]) {
      if (j === 1) k0 = e / prevEnd - 1;
      if (j > 0) {
        const r = e / prevEnd - 1;
        const dr = r - k0;
        s1 += dr;
        s2 += dr * dr;
        if (r < 0) downside += r * r;
      }
      prevEnd = e;
      j++;
    }
    if (t === 0) {
      peak = low = prev = e;
      continue;
    }
    if (e !== prev || e === 0) {
      const x = Math.log(e / prev);
      sx += x;
      sxy += x * dy[t - 1];
    }
    prev = e;
    if (!(e >= peak)) {
      if (e < low) low = e;
      continue;
    }
    if (e === peak && low === peak) {
      start = t;
      continue;
    }
    const fall = drawdownFrom(low, peak);
    const depth = Number.isNaN(fall) ? 0 : -fall;
    if (t > start + 1) {
      const days = (time[t] - time[start]) / DAY;
      periods++;
      depthSum += depth;
      ddDurSum += days;
      if (!(days <= ddDurMax)) ddDurMax = days;
      if (depth > maxDd) maxDd = depth;
    } else if (peak > 0 && depth > maxDd) {
      maxDd = depth;
    }
    peak = e;
    low = e;
    start = t;
  }
  // The drawdown period still open at the last bar.
  if (start < n - 1) {
    const fall = drawdownFrom(low, peak);
    const depth = Number.isNaN(fall) ? 0 : -fall;
    if (n - 1 > start + 1) {
      const days = (time[n - 1] - time[start]) / DAY;
      periods++;
      depthSum += depth;
      ddDurSum += days;
      if (!(days <= ddDurMax)) ddDurMax = days;
      if (depth > maxDd) maxDd = depth;
    } else if (peak > 0 && depth > maxDd) {
      maxDd = depth;
    }
  }
  const nan = Number.NaN;
  const beta = n >= 3 && Number.isFinite(sx) ? (sxy - (sx / (n - 1)) * dySum) / dySs : nan;
  let plStd = nan;
  const plMean = count ? plSum / count : nan;
  if (count > 1) {
    let q = 0;
    for (let i = 0; i < count; i++) q += (pnls[i] - plMean) ** 2;
    plStd = Math.sqrt(q / (count - 1));
  }
  // The closing formulas of computeStats.
  const warm = Math.min(Math.max(0, warmupBars), n - 1);
  const first = equity[0];
  const last = equity[n - 1];
  const totalReturn = (last - first) / first;
  const buyHold = (close[n - 1] - close[warm]) / close[warm];
  const m = ends.length - 1;
  const perYear = cal.perYear;
  let g = nan;
  let variance = nan;
  if (m > 0) {
    const e0 = equity[ends[0]];
    const em = equity[ends[m]];
    g = em > 0 && e0 > 0 ? (em / e0) ** (1 / m) - 1 : 0;
    variance = m > 1 ? Math.max(0, s2 - (s1 * s1) / m) / (m - 1) : nan;
  } else downside = 0;
  const annReturn = m > 0 ? (1 + g) ** perYear - 1 : nan;
  const annVol = Math.sqrt((variance + (1 + g) ** 2) ** perYear - (1 + g) ** (2 * perYear));
  const downsideDev = Math.sqrt(downside / m) * Math.sqrt(perYear);
  const years = (time[n - 1] - time[0]) / DAY / 365.25;
  const winRate = count ? wins / count : nan;
  const orNaN = (x: number) => (x === 0 ? nan : x);
  const stats: Stats = {
    Start: cal.startIso,
    End: cal.endIso,
    'Duration [days]': (time[n - 1] - time[0]) / DAY,
    'Exposure Time [%]': (exposed / n) * 100,
    'Equity Final [$]': last,
    'Equity Peak [$]': peak,
    'Commissions [$]': commissions,
    'Return [%]': totalReturn * 100,
    'Buy & Hold Return [%]': buyHold * 100,
    'Return (Ann.) [%]': annReturn * 100,
    'Volatility (Ann.) [%]': annVol * 100,
    'CAGR [%]': years > 0 ? ((last / first) ** (1 / years) - 1) * 100 : nan,
    'Sharpe Ratio': (annReturn * 100) / orNaN(annVol * 100),
    'Sortino Ratio': annReturn / downsideDev,
    'Calmar Ratio': annReturn / orNaN(maxDd),
    'Alpha [%]': totalReturn * 100 - beta * (buyHold * 100),
    Beta: beta,
    'Max. Drawdown [%]': -maxDd * 100,
    'Avg. Drawdown [%]': periods ? -(depthSum / periods) * 100 : nan,
    'Max. Drawdown Duration [days]': ddDurMax,
    'Avg. Drawdown Duration [days]': periods ? ddDurSum / periods : nan,
    '# Trades': count,
    'Win Rate [%]': winRate * 100,
    'Best Trade [%]': best * 100,
    'Worst Trade [%]': worst * 100,
    'Avg. Trade [%]': count ? (ruinedTrade ? 0 : Math.exp(logSum / count) - 1) * 100 : nan,
    'Max. Trade Duration [days]': durMax,
    'Avg. Trade Duration [days]': count ? durSum / count : nan,
    'Profit Factor': posRet / orNaN(negRet),
    'Expectancy [%]': count ? (retSum / count) * 100 : nan,
    SQN: (Math.sqrt(count) * plMean) / orNaN(plStd),
    'Kelly Criterion': winRate - (1 - winRate) / (winSum / wins / (lossSum / losses)),
  };
  return { equity, stats };
}
