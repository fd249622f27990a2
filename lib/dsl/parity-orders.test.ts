// Parity with backtesting.py 0.6.6's order rules on GOOG (../shared/data/GOOG.csv): a limit entry, a
// stop entry and a market entry, each with a stop loss and a take profit at prices. Each program is
// checked on a few bars derived by hand from the CSV rows, and over the whole run against a small broker
// written in the shape of backtesting.py's `_Broker._process_orders` (one queue of orders per bar, stop
// orders of trades first, contingent orders reprocessed after a market fill). Its rules, as this test
// implements them (lib/engine/README.md, "Orders", states each):
// - a buy limit fills when low ≤ limit, at min(open, limit); a buy stop when high ≥ stop, at max(open, stop);
// - a long's stop loss (a sell stop) fills when low ≤ sl at min(open, sl); its take profit (a sell limit)
//   when high ≥ tp at max(open, tp); the stop is processed before the target;
// - contingent orders of a market entry are checked on its entry bar; those of a limit or stop entry from
//   the next bar, except a stop entry whose tp is inside its bar while its sl is not;
// - size: floor(equity / (price × (1 + commission))) units (the default size, all in);
//   commission 0.2% × price × units on entry and on exit.
// The strategies cancel an unfilled entry after one bar, as a backtesting.py strategy that cancels its
// pending orders at the start of next() does, and trade only when flat (`if not self.position`).
import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { atr, highest, sma, type TradeRecord, tradeList } from '../engine';
import { runProgram } from './run';
import { readGoog } from './testkit';

const FEE = 0.002;

/** What the strategy asks for at a bar's close: a long entry, with its bracket as prices. */
interface Ask {
  readonly limit?: number;
  readonly stop?: number;
  readonly sl: number;
  readonly tp: number;
}

interface Order {
  kind: 'entry' | 'sl' | 'tp';
  limit?: number;
  stop?: number;
  sl?: number;
  tp?: number;
  trade?: Trade;
}

interface Trade {
  units: number;
  entryBar: number;
  entry: number;
  exitBar: number;
  exit: number;
  reason: string;
  sl?: Order;
  tp?: Order;
}

/** The broker: long entries with brackets, in backtesting.py's queue order. */
function broker(b: Bars, asks: (t: number) => Ask | null) {
  let cash = 10_000;
  let open: Trade | null = null;
  const closed: Trade[] = [];
  let orders: Order[] = [];
  // As backtesting.py keeps it: cash changes by commissions at entry and by the P&L at exit.
  const close = (t: Trade, price: number, bar: number, reason: string) => {
    cash += t.units * (price - t.entry) - FEE * t.units * price;
    Object.assign(t, { exit: price, exitBar: bar, reason });
    orders = orders.filter((o) => o !== t.sl && o !== t.tp);
    closed.push(t);
    open = null;
  };
  const process = (i: number): void => {
    const [o, h, l] = [b.open[i], b.high[i], b.low[i]];
    let again = false;
    for (const order of [...orders]) {
      if (!orders.includes(order)) continue;
      if (order.kind === 'sl' && order.trade) {
        if (l > order.stop!) continue;
        close(order.trade, Math.min(o, order.stop!), i, 'stop loss');
        continue;
      }
      if (order.kind === 'tp' && order.trade) {
        if (h < order.limit!) continue;
        close(order.trade, Math.max(o, order.limit!), i, 'take profit');
        continue;
      }
      // An entry: a stop turns into a market order once touched; a limit fills at it or better.
      let price = o;
      if (order.stop !== undefined) {
        if (h < order.stop) continue;
        price = Math.max(o, order.stop);
      } else if (order.limit !== undefined) {
        if (l > order.limit) continue;
        price = Math.min(o, order.limit);
      }
      orders = orders.filter((x) => x !== order);
      const units = Math.floor(cash / (price * (1 + FEE)));
      if (units < 1) continue;
      cash -= FEE * units * price;
      const t: Trade = { units, entryBar: i, entry: price, exitBar: -1, exit: Number.NaN, reason: 'open' };
      open = t;
      // The stop goes first in the queue, the target last.
      t.sl = { kind: 'sl', stop: order.sl, trade: t };
      t.tp = { kind: 'tp', limit: order.tp, trade: t };
      orders = [t.sl, ...orders, t.tp];
      const market = order.limit === undefined && order.stop === undefined;
      const stopThenTarget = order.stop !== undefined && order.tp! <= h && order.sl! < l;
      if (market || stopThenTarget) again = true;
    }
    if (again) process(i);
  };
  const equity = new Float64Array(b.close.length);
  for (let i = 0; i < b.close.length; i++) {
    if (i > 0) process(i);
    const held = open as Trade | null;
    equity[i] = cash + (held ? held.units * (b.close[i] - held.entry) : 0);
    // next(): cancel the unfilled entry, then ask for a new one when flat.
    orders = orders.filter((x) => x.kind !== 'entry');
    const ask = held ? null : asks(i);
    if (ask && i < b.close.length - 1) orders.push({ kind: 'entry', ...ask });
  }
  return { closed, open: open as Trade | null, equity };
}

/** The broker's trades in the engine's terms; trades still open are left out. */
const closedTrades = (r: ReturnType<typeof broker>) =>
  r.closed.map((t) => [t.entryBar, t.entry, t.units, t.exitBar, t.exit, t.reason]);
const ours = (trades: readonly TradeRecord[]) =>
  trades
    .filter((t) => !t.open)
    .map((t) => [t.entryBar, t.entryPrice, t.quantity, t.exitBar, t.exitPrice, t.exitReason]);

function run(src: string, b: Bars): { trades: TradeRecord[]; equity: Float64Array } {
  const r = runProgram(src, b);
  if (!r.ok) throw new Error(r.report);
  return { trades: tradeList(r.sim.trades), equity: r.sim.equity };
}

/** Every closed trade the same, and the equity of every bar within 1e-9 (relative). */
function expectSame(got: ReturnType<typeof run>, want: ReturnType<typeof broker>): void {
  expect(ours(got.trades)).toEqual(closedTrades(want));
  expect(got.trades.filter((t) => !t.open).length).toBeGreaterThan(10);
  let worst = 0;
  want.equity.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(got.equity[i] - e) / e);
  });
  expect(worst).toBeLessThan(1e-9);
}

const HEADER = 'strategy("parity", capital=10000, fee=0.2%, units="whole")\n';

describe('parity with backtesting.py 0.6.6 order rules on GOOG', () => {
  const b = readGoog();
  const c = b.close;
  const f = sma(c, 10);
  const s = sma(c, 20);
  const a = atr(b.high, b.low, c, 14);
  const hi = highest(b.high, 20);
  const cross = (t: number) => t > 0 && f[t] > s[t] && f[t - 1] <= s[t - 1];

  it('limit entries: buy(limit=close * 0.99, cancel_after=1) with stops at prices', () => {
    const src = `${HEADER}f = sma(close, 10)
s = sma(close, 20)
if crossover(f, s) and position_size == 0:
    buy(limit=close * 0.99, cancel_after=1)
stop_loss(price=close - 2 * atr(14))
take_profit(price=close + 3 * atr(14))
`;
    const got = run(src, b);
    const want = broker(b, (t) =>
      cross(t) && a[t] > 0 ? { limit: c[t] * 0.99, sl: c[t] - 2 * a[t], tp: c[t] + 3 * a[t] } : null,
    );
    expectSame(got, want);
    // By hand. Bar 74, 2004-12-03 (O 179.95 H 181.06 L 177.60 C 180.40): SMA10 175.896 crosses above
    // SMA20 174.994; ATR(14) 7.0516. The limit is 180.40 × 0.99 = 178.596. Bar 75, 2004-12-06 (O 179.13
    // H 180.70 L 176.02): the low reaches it, the open is above it: filled at 178.596, for
    // floor(10000 / (178.596 × 1.002)) = 55 units. Its stop 180.40 − 2 × 7.0516 = 166.30 and target
    // 180.40 + 3 × 7.0516 = 201.55 are not checked on bar 75 (a limit fill). Bar 94, 2005-01-03 (O 197.40
    // H 203.64): the high passes the target: out at 201.55.
    expect(a[74]).toBeCloseTo(7.0516, 4);
    const [t0] = got.trades;
    expect([t0.entryBar, t0.entryPrice, t0.quantity, t0.exitBar, t0.exitReason]).toEqual([
      75,
      178.596,
      55,
      94,
      'take profit',
    ]);
    expect(t0.exitPrice).toBeCloseTo(180.4 + 3 * 7.0516, 3);
    // Bar 405, 2006-03-29 (C 394.98): the limit is 391.0302. Bar 406, 2006-03-30 opens at 389.19, below
    // it: filled at the open, the better price.
    const gap = got.trades.find((t) => t.entryBar === 406);
    expect(gap?.entryPrice).toBe(389.19);
  });

  it('stop entries: buy(stop=highest(high, 20), cancel_after=1), target reachable on the entry bar', () => {
    const src = `${HEADER}s = sma(close, 20)
hi = highest(high, 20)
if close > s and position_size == 0:
    buy(stop=hi, cancel_after=1)
stop_loss(price=close - 2 * atr(14))
take_profit(price=hi + 2 * atr(14))
`;
    const got = run(src, b);
    const want = broker(b, (t) =>
      c[t] > s[t] && a[t] > 0 ? { stop: hi[t], sl: c[t] - 2 * a[t], tp: hi[t] + 2 * a[t] } : null,
    );
    expectSame(got, want);
    // By hand. Bar 26, 2004-09-27: the 20-bar high is 124.10, ATR 3.9699. Bar 27 (O 121.30 H 127.40):
    // the high passes the stop, the open did not: filled at 124.10. Its target 124.10 + 2 × 3.9699 =
    // 132.04 is above bar 27's high; bar 28 (O 126.70 H 135.02) takes it at 132.04.
    const t27 = got.trades.find((t) => t.entryBar === 27);
    expect([t27?.entryPrice, t27?.exitBar, t27?.exitReason]).toEqual([124.1, 28, 'take profit']);
    expect(t27?.exitPrice).toBeCloseTo(124.1 + 2 * 3.9699, 3);
    // Bar 196, 2005-05-31 (H 278.40 C 277.27, ATR 6.5405): stop 278.40, stop loss 264.19, target 291.48.
    // Bar 197, 2005-06-01 (O 283.20 H 292.89 L 282.02) opens above the stop: filled at the open, 283.20;
    // the high passes the target and the low stays above the stop loss, so the target fills on the
    // entry bar (backtesting.py's one same-bar exception for stop entries).
    const t197 = got.trades.find((t) => t.entryBar === 197);
    expect([t197?.entryPrice, t197?.exitBar, t197?.exitReason]).toEqual([283.2, 197, 'take profit']);
    expect(t197?.exitPrice).toBeCloseTo(278.4 + 2 * 6.5405, 3);
  });

  it('market entries: sl/tp at prices checked on the entry bar', () => {
    const src = `${HEADER}f = sma(close, 10)
s = sma(close, 20)
if crossover(f, s) and position_size == 0:
    buy(market)
stop_loss(price=close - 2 * atr(14))
take_profit(price=close + 4 * atr(14))
`;
    const got = run(src, b);
    const want = broker(b, (t) =>
      cross(t) && a[t] > 0 ? { sl: c[t] - 2 * a[t], tp: c[t] + 4 * a[t] } : null,
    );
    expectSame(got, want);
  });
});
