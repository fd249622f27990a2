// The simulator against a plain reference written from lib/engine/README.md's "Position state" and
// "Orders" rules alone: one bar at a time, lots and resting orders as objects. Random strategies with
// conditions on the position, resting limit and stop entries (cancel_after), brackets at prices, percent
// stops, exits after N bars, risk sizing, commissions, both fills and pyramiding must give the same
// trades and equity.
import { describe, expect, it } from 'vitest';
import { makeBars, rng } from './indicators/test-helpers';
import { simulate } from './simulate';
import { type TradeRecord, tradeList } from './trades';
import type {
  Bars,
  OrderKind,
  OrderRule,
  OrderSize,
  PositionCondition,
  PositionState,
  PositionTest,
  Price,
  Settings,
} from './types';
import { POSITION_OPS } from './types';

type Reason = TradeRecord['exitReason'];
type Trade = Omit<TradeRecord, 'entryTime' | 'exitTime' | 'pnl' | 'returnPct'>;

interface Lot {
  side: number;
  qty: number;
  price: number;
  fee: number;
  bar: number;
  best: number;
  stop: number;
  target: number;
}

const DUST = 1e-9;

/** A position condition as the README states it: a function, or comparisons (na false) with a mask. */
function holds(a: PositionCondition | PositionTest, t: number, st: PositionState): boolean {
  if (typeof a === 'function') return a(t, st);
  const cmp = (x: number, op: string, c: number) =>
    op === '<'
      ? x < c
      : op === '<='
        ? x <= c
        : op === '>'
          ? x > c
          : op === '>='
            ? x >= c
            : op === '=='
              ? x === c
              : !Number.isNaN(x) && !Number.isNaN(c) && x !== c;
  const vals = Array.from(a.slots, (slot, j) => cmp(st[slot], POSITION_OPS[a.ops[j]], a.values[j]));
  if (a.mask) vals.push(a.mask[t] === 1);
  return a.join === 'and' ? vals.every(Boolean) : vals.some(Boolean);
}

function reference(b: Bars, rules: readonly OrderRule[], s: Settings) {
  const n = b.close.length;
  const { fee, slippage: slip } = s;
  const c = s.commission ?? 0;
  const maxLots = s.pyramiding ?? 1;
  const after = s.exitAfter ?? 0;
  let cash = s.capital;
  let lots: Lot[] = [];
  let openedAt = 0;
  const trades: Trade[] = [];
  const equity = new Array<number>(n).fill(0);
  const position = () => lots.reduce((a, l) => a + l.side * l.qty, 0);
  const resting: ({ price: number; until: number } | null)[] = rules.map(() => null);
  const priceAt = (p: Price, t: number, st: PositionState) => (typeof p === 'function' ? p(t, st) : p[t]);

  const close = (l: Lot, qty: number, price: number, bar: number, reason: Reason) => {
    const entryFee = (l.fee * qty) / l.qty;
    const exitFee = qty * price * fee + c;
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
  const closeAll = (price: number, bar: number, reason: Reason) => {
    for (const l of lots) close(l, l.qty, price, bar, reason);
    lots = [];
  };

  const state = (t: number): PositionState => {
    const st = new Float64Array(4);
    const pos = position();
    st[0] = pos;
    if (!lots.length) {
      st[1] = Number.NaN;
      st[2] = Number.NaN;
      st[3] = 0;
      return st;
    }
    const units = lots.reduce((a, l) => a + l.qty, 0);
    st[1] = lots.reduce((a, l) => a + l.qty * l.price, 0) / units;
    st[2] = t - openedAt;
    st[3] = Math.sign(pos) * (b.close[t] / st[1] - 1);
    return st;
  };

  /** An entry of rule r at `price`, marked at `mark`; brackets read bar `known`. Returns the lot or null. */
  const enter = (r: OrderRule, price: number, mark: number, bar: number, known: number): Lot | null => {
    const side = r.kind === 'buy' ? 1 : -1;
    if (lots.length && Math.sign(position()) !== side) closeAll(price, bar, 'signal');
    else if (lots.length >= maxLots) return null;
    const pos = position();
    const eq = cash + pos * mark;
    const avail = eq - Math.abs(pos) * mark;
    const unit = price * (1 + fee);
    const entry = new Float64Array(4).fill(Number.NaN);
    entry[1] = price;
    let stop = s.stopLoss ? price * (1 - side * s.stopLoss) : Number.NaN;
    let target = s.takeProfit ? price * (1 + side * s.takeProfit) : Number.NaN;
    if (r.stopLossAt) stop = priceAt(r.stopLossAt, known, entry);
    if (r.takeProfitAt) target = priceAt(r.takeProfitAt, known, entry);
    const size: OrderSize = r.size;
    let q: number;
    if (size.kind === 'risk') {
      const stops = [stop, ...(s.trailingStop ? [price * (1 - side * s.trailingStop)] : [])].filter(
        (x) => !Number.isNaN(x),
      );
      if (!stops.length) return null;
      const first = side > 0 ? Math.max(...stops) : Math.min(...stops);
      if (!(side * (price - first) > 0)) return null; // a stop not below a long's fill sizes nothing
      const out = first * (1 - side * slip);
      q = (size.value * eq - 2 * c) / (side * (price - out) + fee * (price + out));
      if (q * unit + c > avail) q = (avail - c) / unit;
    } else if (size.kind === 'units') {
      q = size.value * unit + c > avail ? (avail - c) / unit : size.value;
    } else {
      const want = size.kind === 'percent' ? size.value * eq : size.value;
      q = (Math.min(want, avail) - c) / unit;
    }
    if (s.units === 'whole') q = Math.floor(q);
    if (!(q > 0) || q < DUST * (eq / unit) || !Number.isFinite(q)) return null;
    if (!lots.length) openedAt = bar;
    const f = q * price * fee + c;
    cash -= side * q * price + f;
    const lot = { side, qty: q, price, fee: f, bar, best: price, stop, target };
    lots.push(lot);
    return lot;
  };

  const market = (r: OrderRule, raw: number, bar: number, known: number) => {
    const held = position();
    if (r.kind === 'buy' || r.kind === 'short') {
      enter(r, raw * (1 + (r.kind === 'buy' ? 1 : -1) * slip), raw, bar, known);
      return;
    }
    if (r.kind === 'exit') {
      if (lots.length) closeAll(raw * (1 - Math.sign(held) * slip), bar, 'signal');
      return;
    }
    const side = r.kind === 'sell' ? 1 : -1;
    if (!lots.length || Math.sign(held) !== side) return;
    const units = Math.abs(held);
    const price = raw * (1 - side * slip);
    const sz = r.size;
    let q = sz.kind === 'percent' ? sz.value * units : sz.kind === 'units' ? sz.value : sz.value / price;
    if (q >= units * (1 - DUST)) return closeAll(price, bar, 'signal');
    if (s.units === 'whole') q = Math.floor(q);
    if (q < units * DUST) return;
    let left = q;
    for (const l of lots) {
      if (left <= q * DUST) break;
      const take = left >= l.qty - q * DUST ? l.qty : left;
      close(l, take, price, bar, 'signal');
      left -= take;
    }
    lots = lots.filter((l) => l.qty > 0);
  };

  /** The stop (fixed or trailing, the tighter) and the reason, of a lot. */
  const stopOf = (l: Lot): [number, Reason] => {
    const up = l.side > 0;
    if (!s.trailingStop) return [l.stop, 'stop loss'];
    const trail = l.best * (1 - l.side * s.trailingStop);
    if (Number.isNaN(l.stop)) return [trail, 'trailing stop'];
    return (up ? l.stop >= trail : l.stop <= trail) ? [l.stop, 'stop loss'] : [trail, 'trailing stop'];
  };

  const risk = (t: number) => {
    const [o, h, lo] = [b.open[t], b.high[t], b.low[t]];
    for (const l of lots) {
      const up = l.side > 0;
      const [lv, why] = stopOf(l);
      let hit = Number.NaN;
      if (up) hit = o <= lv ? o : lo <= lv ? lv : Number.NaN;
      else hit = o >= lv ? o : h >= lv ? lv : Number.NaN;
      if (!Number.isNaN(hit)) {
        close(l, l.qty, hit * (1 - l.side * slip), t, why);
        continue;
      }
      const tp = l.target;
      if (up) hit = o >= tp ? o : h >= tp ? tp : Number.NaN;
      else hit = o <= tp ? o : lo <= tp ? tp : Number.NaN;
      if (!Number.isNaN(hit)) {
        close(l, l.qty, hit, t, 'take profit');
        continue;
      }
      if (s.trailingStop) l.best = up ? Math.max(l.best, h) : Math.min(l.best, lo);
    }
    lots = lots.filter((l) => l.qty > 0);
  };

  const restingFills = (t: number) => {
    const [o, h, lo] = [b.open[t], b.high[t], b.low[t]];
    rules.forEach((r, i) => {
      const order = resting[i];
      if (!order) return;
      if (t > order.until) {
        resting[i] = null;
        return;
      }
      const side = r.kind === 'buy' ? 1 : -1;
      const p = order.price;
      let raw = Number.NaN;
      if (r.limit) {
        if (side > 0 && lo <= p) raw = Math.min(o, p);
        if (side < 0 && h >= p) raw = Math.max(o, p);
      } else {
        if (side > 0 && h >= p) raw = Math.max(o, p);
        if (side < 0 && lo <= p) raw = Math.min(o, p);
      }
      if (Number.isNaN(raw)) return;
      resting[i] = null;
      const lot = enter(r, r.limit ? raw : raw * (1 + side * slip), raw, t, t - 1);
      if (!lot || !r.stop) return;
      // A stop entry's target inside its bar, its stop not: the target fills there.
      const [lv] = stopOf(lot);
      const reached = side > 0 ? h >= lot.target : lo <= lot.target;
      const stopped = side > 0 ? lo <= lv : h >= lv;
      if (reached && !stopped) {
        close(lot, lot.qty, side > 0 ? Math.max(o, lot.target) : Math.min(o, lot.target), t, 'take profit');
        lots = lots.filter((l) => l.qty > 0);
      }
    });
  };

  /** Decisions at bar t's close: the market rules that fire; resting orders placed. */
  const decide = (t: number): OrderRule[] => {
    const st = state(t);
    const fire: OrderRule[] = [];
    rules.forEach((r, i) => {
      if (r.when[t] !== 1 || (r.also && !holds(r.also, t, st))) return;
      const p = r.limit ?? r.stop;
      if (!p) {
        fire.push(r);
        return;
      }
      const v = priceAt(p, t, st);
      resting[i] =
        v > 0 && Number.isFinite(v) ? { price: v, until: r.cancelAfter ? t + r.cancelAfter : n } : null;
    });
    return fire;
  };

  const due = (t: number, raw: number) => {
    if (!after) return;
    for (const l of lots) if (l.bar + after <= t) close(l, l.qty, raw * (1 - l.side * slip), t, 'time');
    lots = lots.filter((l) => l.qty > 0);
  };

  let bankruptAt = -1;
  let pending: OrderRule[] = [];
  for (let t = 0; t < n; t++) {
    if (s.fill === 'open') {
      due(t, b.open[t]);
      for (const r of pending) market(r, b.open[t], t, t - 1);
      pending = [];
      if (lots.length) risk(t);
      restingFills(t);
      if (t < n - 1) pending = decide(t);
    } else {
      if (lots.length) risk(t);
      restingFills(t);
      const fire = decide(t);
      due(t, b.close[t]);
      for (const r of fire) market(r, b.close[t], t, t);
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
  const r = rng(seed * 15_485_863);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const n = 20 + Math.floor(r() * 250);
  const bars = makeBars(n, seed);
  // Opens that gap from the last close (up to ±4%) on a third of the bars: limits and stops filled at
  // the open, stops and targets gapped through.
  for (let t = 1; t < n; t++) {
    if (r() > 0.33) continue;
    const o = bars.close[t - 1] * (1 + (r() - 0.5) * 0.08);
    bars.open[t] = o;
    bars.high[t] = Math.max(bars.high[t], o);
    bars.low[t] = Math.min(bars.low[t], o);
  }
  const wiggle = Float64Array.from(bars.close, () => 0.005 + r() * 0.04);
  const rules: OrderRule[] = [];
  for (let k = 1 + Math.floor(r() * 4); k > 0; k--) {
    const density = r() * 0.4;
    const when = Uint8Array.from({ length: n }, () => (r() < density ? 1 : 0));
    const kind = pick(KINDS);
    const entry = kind === 'buy' || kind === 'short';
    const side = kind === 'buy' ? 1 : -1;
    const u = r();
    const size: OrderSize =
      entry && u < 0.25
        ? { kind: 'risk', value: pick([0.005, 0.01, 0.05]) }
        : u < 0.6
          ? { kind: 'percent', value: pick([1, 0.25, 0.5]) }
          : u < 0.8
            ? { kind: 'units', value: 1 + r() * 40 }
            : { kind: 'cash', value: 500 + r() * 8_000 };
    const rule: { -readonly [K in keyof OrderRule]: OrderRule[K] } = { kind, size, when };
    const c = r();
    if (c < 0.2) rule.also = (_, st) => st[0] === 0;
    else if (c < 0.35) rule.also = (_, st) => st[2] >= 3 || st[3] < -0.01;
    else if (c < 0.45) rule.also = (_, st) => !(st[3] > 0.02);
    else if (c < 0.6) {
      // As data: e.g. "position_size == 0 and bars_since_entry < 5 or (a mask)".
      const j = 1 + Math.floor(r() * 2);
      rule.also = {
        join: r() < 0.5 ? 'and' : 'or',
        mask: r() < 0.5 ? Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)) : null,
        slots: Int32Array.from({ length: j }, () => Math.floor(r() * 4)),
        ops: Int32Array.from({ length: j }, () => Math.floor(r() * 6)),
        values: Float64Array.from({ length: j }, () => pick([0, 1, 3, -0.01, 0.02, Number.NaN, 100])),
      };
    }
    if (entry && r() < 0.4) {
      const away = Float64Array.from(bars.close, (x, t) => x * (1 - side * wiggle[t]));
      const toward = Float64Array.from(bars.close, (x, t) => x * (1 + side * wiggle[t]));
      if (r() < 0.5) rule.limit = away;
      else rule.stop = r() < 0.8 ? toward : (t, st) => bars.close[t] + side * st[0] * 0 + side * 0.5;
      if (r() < 0.5) rule.cancelAfter = 1 + Math.floor(r() * 5);
    }
    if (entry && (size.kind === 'risk' || r() < 0.4)) {
      rule.stopLossAt =
        r() < 0.5
          ? Float64Array.from(bars.low, (x, t) => x * (1 - side * wiggle[t]) - (side > 0 ? 0 : x * 0.06))
          : (t, st) => st[1] * (1 - side * 2 * wiggle[t]);
    }
    const reach = pick([0.2, 3]);
    if (entry && r() < 0.4) rule.takeProfitAt = (t, st) => st[1] * (1 + side * reach * wiggle[t]);
    rules.push(rule);
  }
  const settings: Settings = {
    capital: r() < 0.1 ? 300 : 10_000,
    fee: r() < 0.4 ? 0 : r() * 0.005,
    commission: r() < 0.6 ? undefined : r() * 5,
    slippage: r() < 0.6 ? 0 : r() * 0.005,
    fill: r() < 0.5 ? 'open' : 'close',
    units: r() < 0.25 ? 'whole' : 'fractional',
    pyramiding: r() < 0.5 ? undefined : 1 + Math.floor(r() * 4),
    stopLoss: r() < 0.3 ? 0.005 + r() * 0.05 : undefined,
    takeProfit: r() < 0.2 ? 0.005 + r() * 0.08 : undefined,
    trailingStop: r() < 0.2 ? 0.005 + r() * 0.05 : undefined,
    exitAfter: r() < 0.3 ? 1 + Math.floor(r() * 8) : undefined,
  };
  return { bars, rules, settings };
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('simulate against a reference loop: orders, brackets and position state', () => {
  it('gives the same trades and equity on random strategies', () => {
    const seen = new Map<string, number>();
    let trades = 0;
    for (let seed = 1; seed <= 400; seed++) {
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
          expect(near(g[k], w[k]), `${at} trade ${i} ${k}: ${g[k]} vs ${w[k]}`).toBe(true);
        seen.set(g.exitReason, (seen.get(g.exitReason) ?? 0) + 1);
        // An entry at a price no open or close gives: a resting order filled inside the bar.
        const b = c.bars;
        if (g.entryPrice !== b.open[g.entryBar] && g.entryPrice !== b.close[g.entryBar]) {
          seen.set('resting', (seen.get('resting') ?? 0) + 1);
          if (g.exitReason === 'take profit' && g.exitBar === g.entryBar)
            seen.set('target on a stop entry’s bar', (seen.get('target on a stop entry’s bar') ?? 0) + 1);
        }
      });
      for (let t = 0; t < want.equity.length; t++)
        expect(near(sim.equity[t], want.equity[t]), `${at} equity at ${t}`).toBe(true);
      trades += got.length;
    }
    // The cases must exercise what they claim to.
    expect(trades).toBeGreaterThan(2000);
    for (const k of ['stop loss', 'take profit', 'time', 'trailing stop', 'resting'])
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(50);
    expect(seen.get('target on a stop entry’s bar') ?? 0).toBeGreaterThan(5);
  });
});
