// Maximum adverse and favourable excursion of each trade (MAE, MFE): how far the price went against and
// for the position while it was open, from the bars' highs and lows.
//
// Convention (TradingView's "max drawdown / max run-up" per trade, from bar data only): the prices the
// trade lived through are its fill prices and
//  - on the entry bar, from the fill on: the bar's high and low when the entry filled at the bar's open
//    (its price is the open, with or without slippage, and not a fill="close" fill at the close), else
//    the bar's close (what came between an intrabar fill and the close is not known);
//  - every bar strictly between the entry and exit bars: high and low;
//  - on the exit bar, up to the exit: its high and low when the exit is at the close (fill="close"
//    signal or time exits, and a trade still open, marked at the last close), else the open (an exit
//    at the open or inside the bar comes after it);
//  - a trade entered and left on one bar: its high and low only when it filled at the open and left at
//    the close.
// Excursions are side × (price / entry price − 1): MFE is the largest (at least 0), MAE the smallest
// (at most 0), both before fees. In cash: × quantity × entry price.
import { EXIT_SIGNAL, EXIT_TIME, type Trades } from './trades';
import type { Bars, Settings } from './types';

export interface Excursions {
  /** Maximum adverse excursion per trade, a fraction of the entry price (≤ 0). */
  readonly mae: Float64Array;
  /** Maximum favourable excursion per trade, a fraction of the entry price (≥ 0). */
  readonly mfe: Float64Array;
}

/** MAE and MFE of trades [0, count) on the bars they were simulated on (see the convention above). */
export function tradeExcursions(
  bars: Bars,
  trades: Trades,
  settings: Pick<Settings, 'fill' | 'slippage'>,
): Excursions {
  const { open, high, low, close } = bars;
  const n = trades.count;
  const mae = new Float64Array(n);
  const mfe = new Float64Array(n);
  const slip = settings.slippage;
  // The highest and lowest price seen by the trade at hand; NaN prices (a gap in the data) are skipped.
  let hi = 0;
  let lo = 0;
  const see = (p: number) => {
    if (p > hi) hi = p;
    if (p < lo) lo = p;
  };
  const range = (t: number) => {
    if (high[t] > hi) hi = high[t];
    if (low[t] < lo) lo = low[t];
  };
  for (let i = 0; i < n; i++) {
    const side = trades.side[i];
    const eb = trades.entryBar[i];
    const xb = trades.exitBar[i];
    const entry = trades.entryPrice[i];
    const exit = trades.exitPrice[i];
    // With fill="close" a market entry fills at the close, which may equal the open.
    const atCloseFill =
      settings.fill === 'close' && (entry === close[eb] || entry === close[eb] * (1 + side * slip));
    const atOpen = !atCloseFill && (entry === open[eb] || entry === open[eb] * (1 + side * slip));
    const reason = trades.exitReason[i];
    const atClose =
      trades.open[i] === 1 || (settings.fill === 'close' && (reason === EXIT_SIGNAL || reason === EXIT_TIME));
    hi = Math.max(entry, exit);
    lo = Math.min(entry, exit);
    if (eb === xb) {
      if (atOpen && atClose) range(eb);
    } else {
      if (atOpen) range(eb);
      else see(close[eb]);
      for (let t = eb + 1; t < xb; t++) range(t);
      if (atClose) range(xb);
      else see(open[xb]);
    }
    const up = hi / entry - 1;
    const down = lo / entry - 1;
    mfe[i] = Math.max(0, side > 0 ? up : -down);
    mae[i] = Math.min(0, side > 0 ? down : -up);
  }
  return { mae, mfe };
}

/** An excursion (a fraction of the entry price) of trade i in cash: × quantity × entry price. */
export function excursionCash(
  trades: Pick<Trades, 'quantity' | 'entryPrice'>,
  i: number,
  fraction: number,
): number {
  return fraction * trades.quantity[i] * trades.entryPrice[i];
}
