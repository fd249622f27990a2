// The simulator against a plain reference written from lib/engine/README.md's rules alone: one bar at a
// time, lots as objects, no events, no typed-array bookkeeping. Random strategies with stops, targets,
// trailing stops, pyramiding, fees, slippage, whole units and ruin must give the same trades and equity.
import { describe, expect, it } from 'vitest';
import { sma } from './indicators/ma';
import { makeBars, randomWalk, rng } from './indicators/test-helpers';
import { simulate } from './simulate';
import { type TradeRecord, tradeList } from './trades';
import type { Bars, OrderKind, OrderRule, OrderSize, Settings } from './types';

const DUST = 1e-9; // the README's dust threshold, restated

interface Lot {
  side: number;
  qty: number;
  price: number;
  fee: number;
  bar: number;
  best: number;
}

type Trade = Omit<TradeRecord, 'entryTime' | 'exitTime' | 'pnl' | 'returnPct'>;

function reference(b: Bars, rules: readonly OrderRule[], s: Settings) {
  const n = b.close.length;
  const fee = s.fee;
  const slip = s.slippage;
  const maxLots = s.pyramiding ?? 1;
  let cash = s.capital;
  let lots: Lot[] = [];
  const trades: Trade[] = [];
  const equity = new Array<number>(n).fill(0);
  const position = () => lots.reduce((a, l) => a + l.side * l.qty, 0);

  const close = (l: Lot, qty: number, price: number, bar: number, reason: TradeRecord['exitReason']) => {
    const entryFee = (l.fee * qty) / l.qty;
    const exitFee = qty * price * fee;
    trades.push({
      side: l.side > 0 ? 'long' : 'short',
      quantity: qty,
      entryBar: l.bar,
      entryPrice: l.price,
      exitBar: bar,
      exitPrice: price,
      fees: entryFee + exitFee,
      open: false,
      exitReason: reason,
    });
    cash += l.side * qty * price - exitFee;
    l.fee -= entryFee;
    l.qty -= qty;
  };
  const closeAll = (price: number, bar: number, reason: TradeRecord['exitReason']) => {
    for (const l of lots) close(l, l.qty, price, bar, reason);
    lots = [];
  };

  const order = (kind: OrderKind, size: OrderSize, raw: number, bar: number) => {
    const held = position();
    const heldSide = Math.sign(held);
    if (kind === 'exit') {
      if (lots.length) closeAll(raw * (1 - heldSide * slip), bar, 'signal');
      return;
    }
    if (kind === 'sell' || kind === 'cover') {
      const side = kind === 'sell' ? 1 : -1;
      if (!lots.length || heldSide !== side) return;
      const units = Math.abs(held);
      const price = raw * (1 - side * slip);
      let q =
        size.kind === 'percent'
          ? size.value * units
          : size.kind === 'units'
            ? size.value
            : size.value / price;
      if (q >= units * (1 - DUST)) return closeAll(price, bar, 'signal');
      if (s.units === 'whole') q = Math.floor(q);
      if (q < units * DUST) return;
      // FIFO, whole lots while the rest of the order covers them (within DUST of the order).
      let left = q;
      for (const l of lots) {
        if (left <= q * DUST) break;
        const take = left >= l.qty - q * DUST ? l.qty : left;
        close(l, take, price, bar, 'signal');
        left -= take;
      }
      lots = lots.filter((l) => l.qty > 0);
      return;
    }
    const side = kind === 'buy' ? 1 : -1;
    if (lots.length && heldSide !== side) closeAll(raw * (1 + side * slip), bar, 'signal');
    else if (lots.length >= maxLots) return;
    const pos = position();
    const price = raw * (1 + side * slip);
    const eq = cash + pos * raw;
    const avail = eq - Math.abs(pos) * raw;
    const unit = price * (1 + fee);
    const want =
      size.kind === 'percent' ? size.value * eq : size.kind === 'cash' ? size.value : size.value * unit;
    let q = Math.min(want, avail) / unit;
    if (s.units === 'whole') q = Math.floor(q);
    if (!(q > 0) || q < DUST * (eq / unit) || !Number.isFinite(q)) return;
    const f = q * price * fee;
    cash -= side * q * price + f;
    lots.push({ side, qty: q, price, fee: f, bar, best: price });
  };

  const risk = (t: number) => {
    const o = b.open[t];
    const h = b.high[t];
    const lo = b.low[t];
    for (const l of lots) {
      const up = l.side > 0;
      const stops: [number, TradeRecord['exitReason']][] = [];
      if (s.stopLoss) stops.push([l.price * (1 - l.side * s.stopLoss), 'stop loss']);
      if (s.trailingStop) stops.push([l.best * (1 - l.side * s.trailingStop), 'trailing stop']);
      // The tighter stop (nearer the price) is the one that counts; on a tie the fixed stop.
      stops.sort((x, y) => (up ? y[0] - x[0] : x[0] - y[0]));
      const stop = stops[0];
      if (stop) {
        const [lv, why] = stop;
        const hit = up ? (o <= lv ? o : lo <= lv ? lv : Number.NaN) : o >= lv ? o : h >= lv ? lv : Number.NaN;
        if (!Number.isNaN(hit)) {
          close(l, l.qty, hit * (1 - l.side * slip), t, why);
          continue;
        }
      }
      if (s.takeProfit) {
        const tp = l.price * (1 + l.side * s.takeProfit);
        const hit = up ? (o >= tp ? o : h >= tp ? tp : Number.NaN) : o <= tp ? o : lo <= tp ? tp : Number.NaN;
        if (!Number.isNaN(hit)) {
          close(l, l.qty, hit, t, 'take profit');
          continue;
        }
      }
      if (s.trailingStop) l.best = up ? Math.max(l.best, h) : Math.min(l.best, lo);
    }
    lots = lots.filter((l) => l.qty > 0);
  };

  let bankruptAt = -1;
  for (let t = 0; t < n; t++) {
    if (s.fill === 'open') {
      if (t > 0) for (const r of rules) if (r.when[t - 1] === 1) order(r.kind, r.size, b.open[t], t);
      if (lots.length) risk(t);
    } else {
      if (lots.length) risk(t);
      for (const r of rules) if (r.when[t] === 1) order(r.kind, r.size, b.close[t], t);
    }
    const eq = cash + position() * b.close[t];
    if (eq <= 0) {
      if (lots.length) closeAll(b.close[t], t, 'bankrupt');
      bankruptAt = t;
      break;
    }
    equity[t] = eq;
  }
  if (bankruptAt < 0)
    for (const l of lots)
      trades.push({
        side: l.side > 0 ? 'long' : 'short',
        quantity: l.qty,
        entryBar: l.bar,
        entryPrice: l.price,
        exitBar: n - 1,
        exitPrice: b.close[n - 1],
        fees: l.fee,
        open: true,
        exitReason: 'open',
      });
  return { equity, trades, bankruptAt };
}

const KINDS: OrderKind[] = ['buy', 'buy', 'short', 'sell', 'cover', 'exit'];

function randomCase(seed: number): { bars: Bars; rules: OrderRule[]; settings: Settings } {
  const r = rng(seed * 104_729);
  const n = 20 + Math.floor(r() * 300);
  const bars = makeBars(n, seed);
  const rules: OrderRule[] = [];
  for (let k = 1 + Math.floor(r() * 4); k > 0; k--) {
    const density = r() * 0.4;
    const when = Uint8Array.from({ length: n }, () => (r() < density ? 1 : 0));
    const u = r();
    const size: OrderSize =
      u < 0.6
        ? { kind: 'percent', value: [1, 0.25, 0.5, 0.1][Math.floor(r() * 4)] }
        : u < 0.8
          ? { kind: 'units', value: 1 + r() * 40 }
          : { kind: 'cash', value: 500 + r() * 8_000 };
    rules.push({ kind: KINDS[Math.floor(r() * KINDS.length)], size, when });
  }
  const settings: Settings = {
    capital: r() < 0.1 ? 300 : 10_000,
    fee: r() < 0.4 ? 0 : r() * 0.005,
    slippage: r() < 0.7 ? 0 : r() * 0.005,
    fill: r() < 0.5 ? 'open' : 'close',
    units: r() < 0.25 ? 'whole' : 'fractional',
    pyramiding: r() < 0.4 ? undefined : 1 + Math.floor(r() * 5),
    stopLoss: r() < 0.5 ? 0.005 + r() * 0.05 : undefined,
    takeProfit: r() < 0.4 ? 0.005 + r() * 0.08 : undefined,
    trailingStop: r() < 0.3 ? 0.005 + r() * 0.05 : undefined,
  };
  return { bars, rules, settings };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('simulate against a reference loop', () => {
  it('gives the same trades and equity on random strategies', () => {
    let trades = 0;
    let risk = 0;
    let pyramided = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed);
      const want = reference(c.bars, c.rules, c.settings);
      const sim = simulate(c.bars, c.rules, c.settings);
      const got = tradeList(sim.trades);
      const at = `seed ${seed}`;
      expect(sim.bankruptAt, at).toBe(want.bankruptAt);
      expect(got.length, at).toBe(want.trades.length);
      got.forEach((g, i) => {
        const w = want.trades[i];
        expect([g.side, g.entryBar, g.exitBar, g.open, g.exitReason], `${at} trade ${i}`).toEqual([
          w.side,
          w.entryBar,
          w.exitBar,
          w.open,
          w.exitReason,
        ]);
        for (const k of ['quantity', 'entryPrice', 'exitPrice', 'fees'] as const)
          expect(close(g[k], w[k]), `${at} trade ${i} ${k}: ${g[k]} vs ${w[k]}`).toBe(true);
        if (g.exitReason !== 'signal' && g.exitReason !== 'open' && g.exitReason !== 'bankrupt') risk++;
      });
      for (let t = 0; t < want.equity.length; t++)
        expect(close(sim.equity[t], want.equity[t]), `${at} equity at ${t}`).toBe(true);
      trades += got.length;
      // Two lots open at once: one entered while another was still held.
      if (got.some((a) => got.some((b) => b.entryBar > a.entryBar && b.entryBar < a.exitBar))) pyramided++;
    }
    // The cases must exercise what they claim to.
    expect(trades).toBeGreaterThan(3000);
    expect(risk).toBeGreaterThan(500);
    expect(pyramided).toBeGreaterThan(20);
  });
});

/** Bars that move up to ±4% a bar, opening where the last bar closed (so stops rarely gap). */
function volatileBars(n: number, seed: number): Bars {
  const r = rng(seed);
  const close = randomWalk(n, seed, 100, 0.08);
  const open = Float64Array.from(close, (_, t) => (t ? close[t - 1] : close[0]));
  const high = Float64Array.from(close, (c, t) => Math.max(c, open[t]) * (1 + r() * 0.01));
  const low = Float64Array.from(close, (c, t) => Math.min(c, open[t]) * (1 - r() * 0.01));
  const time = Float64Array.from(close, (_, t) => t * 86_400_000);
  return { time, open, high, low, close, volume: new Float64Array(n) };
}

describe('the strategy of issue 10', () => {
  it('"buy when close > 50 SMA, sell when below, 25% of equity, 5% stop": one entry per position, stops at −5%', () => {
    let stops = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const b = volatileBars(2000, seed);
      const avg = sma(b.close, 50);
      const above = Uint8Array.from(b.close, (c, t) => (c > avg[t] ? 1 : 0));
      const below = Uint8Array.from(b.close, (c, t) => (c < avg[t] ? 1 : 0));
      const sim = simulate(
        b,
        [
          { kind: 'buy', size: { kind: 'percent', value: 0.25 }, when: above },
          { kind: 'sell', size: { kind: 'percent', value: 1 }, when: below },
        ],
        { capital: 10_000, fee: 0, slippage: 0, fill: 'open', units: 'fractional', stopLoss: 0.05 },
      );
      const trades = tradeList(sim.trades);
      // Never two lots at once: each trade closes before the next opens.
      for (let i = 1; i < trades.length; i++)
        expect(trades[i].entryBar).toBeGreaterThanOrEqual(trades[i - 1].exitBar);
      for (const t of trades) {
        expect(t.quantity * t.entryPrice).toBeGreaterThan(1);
        if (t.exitReason !== 'stop loss') continue;
        stops++;
        // −5% exactly, or worse only when the bar opened below the stop.
        const gapped = b.open[t.exitBar] < t.entryPrice * 0.95 && t.exitBar > t.entryBar;
        if (gapped) expect(t.exitPrice).toBe(b.open[t.exitBar]);
        else expect(t.returnPct).toBeCloseTo(-0.05, 12);
      }
    }
    expect(stops).toBeGreaterThan(20);
  });
});
