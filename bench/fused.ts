// The hand-fused SMA crossover backtest: indicators, signals and the account in one loop, the
// fastest way to get this one equity curve in JavaScript. The engine API is measured against it.
import type { Bars } from '../lib/engine';

export interface FusedResult {
  readonly equity: Float64Array;
  readonly trades: number;
}

/**
 * SMA(fast)/SMA(slow) crossover, long only, 100% of equity, fee on every fill, signals filled at the
 * next bar's open: indicators, signals and the account in one pass. Same arithmetic as the engine's
 * Book (quantity = budget / (price × (1 + fee)), capped by buying power).
 */
export function fusedCrossover(
  bars: Bars,
  fast: number,
  slow: number,
  capital: number,
  fee: number,
): FusedResult {
  const { open, close } = bars;
  const len = close.length;
  const equity = new Float64Array(len);
  let sf = 0;
  let ss = 0;
  let pf = Number.NaN;
  let ps = Number.NaN;
  let cash = capital;
  let pos = 0;
  let buy = false;
  let sell = false;
  let trades = 0;
  for (let t = 0; t < len; t++) {
    const price = open[t];
    if (buy) {
      const eq = cash + pos * price;
      const avail = eq - pos * price;
      const qty = Math.min(eq, avail) / (price * (1 + fee));
      if (qty > 0) {
        cash -= qty * price + qty * price * fee;
        pos += qty;
      }
    } else if (sell && pos > 0) {
      cash += pos * price - pos * price * fee;
      pos = 0;
      trades++;
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
    equity[t] = cash + pos * c;
  }
  return { equity, trades };
}
