// One account over many markets: shared cash, positions per market on the union clock (align.ts).
// Long positions only in this version. Per union bar, in this order (documented in README.md):
//   fill 'open':  fills of the orders decided at earlier closes, for markets with a bar now, at its open;
//                 then every position marked at its last close; then the decisions of this close.
//   fill 'close': marks, decisions, then their fills at this close, then marks again.
// Within one bar's fills: exits (market order), rebalancing sells, entries (in the order they were
// ranked), rebalancing buys. Entries wanting more positions than free slots are ranked by `score`
// (higher first, NaN last, then market order). Sizes: the market's weight × the equity marked at this
// bar's fill prices, capped by cash (no leverage); whole units round down.
import { type Bars, EXIT_OPEN, EXIT_SIGNAL, type Settings, TradeLog, type Trades } from '../engine';
import { type Aligned, alignMarkets } from './align';

export interface MarketInput {
  readonly symbol: string;
  /** The market's own bars, in the account currency. */
  readonly bars: Bars;
  /** Long entry and exit signals at each of the market's closes. */
  readonly entry: Uint8Array;
  readonly exit: Uint8Array;
  /** Ranks entries when more markets signal than slots are free (higher first). */
  readonly score?: Float64Array;
}

export type Allocation =
  | { readonly kind: 'equal' }
  | { readonly kind: 'weights'; readonly weights: readonly number[] };
export type Rebalance = 'none' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

/** The account's costs and fills mean what they mean for one market (the engine's Settings). */
export interface PortfolioSettings
  extends Pick<Settings, 'capital' | 'fee' | 'commission' | 'slippage' | 'fill' | 'units'> {
  readonly allocation: Allocation;
  /** Most positions open at once (default: one per market). */
  readonly maxPositions?: number;
  /** Resize held positions to their weights at the close of the first bar of each period. */
  readonly rebalance?: Rebalance;
}

export interface PortfolioResult {
  readonly aligned: Aligned;
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Market value of each market's position at each close, row-major by market (k * T + t). */
  readonly value: Float64Array;
  /** Every trade on the union clock, closed first; `market[i]` is its market's index. */
  readonly trades: Trades;
  readonly market: Int32Array;
  readonly perMarket: Trades[];
  /** Entries reduced or skipped for lack of cash. */
  readonly insufficientFunds: number;
}

const period = (ms: number, r: Rebalance): number => {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  if (r === 'weekly') return Math.floor((ms / 86_400_000 + 3) / 7); // weeks start on Monday (1970-01-01 was a Thursday)
  if (r === 'monthly') return y * 12 + mo;
  if (r === 'quarterly') return y * 4 + Math.floor(mo / 3);
  return y;
};

function weightsOf(s: PortfolioSettings, m: number): Float64Array {
  if (s.allocation.kind === 'equal') return new Float64Array(m).fill(1 / Math.min(m, s.maxPositions ?? m));
  const w = s.allocation.weights;
  if (w.length !== m)
    throw new RangeError(`${w.length} weights for ${m} markets: give one weight per market`);
  let sum = 0;
  for (const x of w) {
    if (!(x >= 0)) throw new RangeError(`weights must be 0 or more, got ${x}`);
    sum += x;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`weights add up to ${sum}: at most 1 (100 %) without leverage`);
  return Float64Array.from(w);
}

const NONE = 0;
const EXIT = 1;
const ENTRY = 2;

export function simulatePortfolio(markets: readonly MarketInput[], s: PortfolioSettings): PortfolioResult {
  const aligned = alignMarkets(markets.map((x) => x.bars));
  const { time, m, at } = aligned;
  const T = time.length;
  for (const x of markets)
    if (x.entry.length !== x.bars.time.length || x.exit.length !== x.bars.time.length)
      throw new RangeError(`${x.symbol}: signals must have one value per bar of the market`);
  if (s.maxPositions !== undefined && !(Number.isInteger(s.maxPositions) && s.maxPositions >= 1))
    throw new RangeError(`maxPositions must be a whole number of 1 or more, got ${s.maxPositions}`);
  const weight = weightsOf(s, m);
  const maxPos = s.maxPositions ?? m;
  const commission = s.commission ?? 0;
  const equity = new Float64Array(T);
  const cashOut = new Float64Array(T);
  const value = new Float64Array(m * T);
  const qty = new Float64Array(m);
  const avg = new Float64Array(m);
  const entryBar = new Int32Array(m);
  const entryFees = new Float64Array(m);
  const last = new Float64Array(m).fill(Number.NaN);
  const pending = new Uint8Array(m);
  const rebal = new Uint8Array(m);
  let entryOrder: number[] = []; // pending entries in ranked order
  const all = new TradeLog(32, time);
  const own = markets.map(() => new TradeLog(8, time));
  const marketOf: number[] = [];
  let cash = s.capital;
  let insufficient = 0;

  const record = (
    k: number,
    q: number,
    exitBar: number,
    px: number,
    fees: number,
    reason: number,
    open: boolean,
  ) => {
    all.push(1, q, entryBar[k], avg[k], exitBar, px, fees, reason, open);
    own[k].push(1, q, entryBar[k], avg[k], exitBar, px, fees, reason, open);
    marketOf.push(k);
  };
  const markAt = (t: number, price: (k: number, i: number) => number): number => {
    let eq = cash;
    for (let k = 0; k < m; k++) {
      if (qty[k] === 0) continue;
      const i = at[k * T + t];
      eq += qty[k] * (i >= 0 ? price(k, i) : last[k]);
    }
    return eq;
  };
  const sell = (k: number, q: number, t: number, price: number) => {
    const px = price * (1 - s.slippage);
    const fee = s.fee * q * px + commission;
    cash += q * px - fee;
    const share = q / qty[k];
    const feeIn = entryFees[k] * share;
    record(k, q, t, px, feeIn + fee, EXIT_SIGNAL, false);
    entryFees[k] -= feeIn;
    qty[k] -= q;
    if (share >= 1 - 1e-12 || qty[k] <= 1e-12 * q) {
      qty[k] = 0;
      entryFees[k] = 0;
    }
  };
  const buy = (k: number, t: number, price: number, budgetValue: number): boolean => {
    const px = price * (1 + s.slippage);
    const budget = Math.min(budgetValue, cash) - commission;
    if (budgetValue > cash + 1e-9) insufficient++;
    if (!(budget > 0)) return false;
    let q = budget / (px * (1 + s.fee));
    if (s.units === 'whole') q = Math.floor(q + 1e-9);
    if (!(q > 0)) return false;
    const fee = s.fee * q * px + commission;
    cash -= q * px + fee;
    if (qty[k] === 0) {
      entryBar[k] = t;
      avg[k] = px;
    } else avg[k] = (avg[k] * qty[k] + px * q) / (qty[k] + q);
    qty[k] += q;
    entryFees[k] += fee;
    return true;
  };

  const fillPending = (t: number, field: 'open' | 'close') => {
    const price = (k: number, i: number) => markets[k].bars[field][i];
    const has = (k: number) => at[k * T + t] >= 0 && !Number.isNaN(price(k, at[k * T + t]));
    for (let k = 0; k < m; k++) {
      if (pending[k] === EXIT && has(k)) {
        if (qty[k] > 0) sell(k, qty[k], t, price(k, at[k * T + t]));
        pending[k] = NONE;
        rebal[k] = 0;
      }
    }
    const rebalTarget = (k: number) => weight[k] * markAt(t, price);
    for (let k = 0; k < m; k++) {
      if (!rebal[k] || !has(k) || qty[k] === 0) continue;
      const p = price(k, at[k * T + t]);
      const excess = qty[k] - rebalTarget(k) / p;
      if (excess > 0) {
        sell(k, s.units === 'whole' ? Math.min(qty[k], Math.ceil(excess - 1e-9)) : excess, t, p);
        rebal[k] = 0;
      }
    }
    const waiting: number[] = [];
    for (const k of entryOrder) {
      if (!has(k)) {
        waiting.push(k);
        continue;
      }
      pending[k] = NONE;
      buy(k, t, price(k, at[k * T + t]), weight[k] * markAt(t, price));
    }
    entryOrder = waiting;
    for (let k = 0; k < m; k++) {
      if (!rebal[k] || !has(k) || qty[k] === 0) continue;
      const p = price(k, at[k * T + t]);
      const short = rebalTarget(k) - qty[k] * p;
      if (short > 0) buy(k, t, p, short);
      rebal[k] = 0;
    }
  };
  const mark = (t: number) => {
    let eq = cash;
    for (let k = 0; k < m; k++) {
      const i = at[k * T + t];
      if (i >= 0 && !Number.isNaN(markets[k].bars.close[i])) last[k] = markets[k].bars.close[i];
      const v = qty[k] === 0 ? 0 : qty[k] * last[k];
      value[k * T + t] = v;
      eq += v;
    }
    equity[t] = eq;
    cashOut[t] = cash;
  };
  const decide = (t: number) => {
    let open = 0;
    for (let k = 0; k < m; k++) if ((qty[k] > 0 && pending[k] !== EXIT) || pending[k] === ENTRY) open++;
    const candidates: number[] = [];
    for (let k = 0; k < m; k++) {
      const i = at[k * T + t];
      if (i < 0 || Number.isNaN(markets[k].bars.close[i])) continue;
      const x = markets[k];
      if (qty[k] > 0 && pending[k] === NONE && x.exit[i] === 1) {
        pending[k] = EXIT;
        open--;
      } else if (qty[k] === 0 && pending[k] === NONE && x.entry[i] === 1 && x.exit[i] !== 1)
        candidates.push(k);
    }
    const score = (k: number) => {
      const v = markets[k].score?.[at[k * T + t]];
      return v === undefined || Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
    };
    candidates.sort((a, b) => score(b) - score(a) || a - b);
    for (const k of candidates.slice(0, Math.max(0, maxPos - open))) {
      pending[k] = ENTRY;
      entryOrder.push(k);
    }
    if (
      s.rebalance &&
      s.rebalance !== 'none' &&
      t > 0 &&
      period(time[t], s.rebalance) !== period(time[t - 1], s.rebalance)
    )
      for (let k = 0; k < m; k++) if (qty[k] > 0 && pending[k] === NONE) rebal[k] = 1;
  };

  for (let t = 0; t < T; t++) {
    if (s.fill === 'open') {
      fillPending(t, 'open');
      mark(t);
      decide(t);
    } else {
      mark(t);
      decide(t);
      fillPending(t, 'close');
      mark(t);
    }
  }
  for (let k = 0; k < m; k++)
    if (qty[k] > 0) record(k, qty[k], T - 1, last[k], entryFees[k], EXIT_OPEN, true);
  return {
    aligned,
    equity,
    cash: cashOut,
    value,
    trades: all.finish(),
    market: Int32Array.from(marketOf),
    perMarket: own.map((l) => l.finish()),
    insufficientFunds: insufficient,
  };
}
