// The portfolio simulator against a plain loop written from the rules in README.md: markets looked up
// by timestamp in maps, positions as objects, no alignment arrays. Random portfolios, same equity.
import { describe, expect, it } from 'vitest';
import { synthetic } from '../data';
import type { Bars } from '../engine';
import { Rng } from '../engine';
import { type MarketInput, type PortfolioSettings, simulatePortfolio } from './simulate';

interface Pos {
  qty: number;
  avg: number;
  fees: number;
}

function periodKey(ms: number, r: string): number {
  const d = new Date(ms);
  if (r === 'weekly') return Math.floor((ms / 86_400_000 + 3) / 7);
  if (r === 'monthly') return d.getUTCFullYear() * 12 + d.getUTCMonth();
  if (r === 'quarterly') return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
  return d.getUTCFullYear();
}

function reference(markets: MarketInput[], s: PortfolioSettings) {
  const times = [...new Set(markets.flatMap((x) => [...x.bars.time]))].sort((a, b) => a - b);
  const byTime = markets.map((x) => new Map([...x.bars.time].map((t, i) => [t, i])));
  const w =
    s.allocation.kind === 'equal'
      ? markets.map(() => 1 / Math.min(markets.length, s.maxPositions ?? markets.length))
      : [...s.allocation.weights];
  const maxPos = s.maxPositions ?? markets.length;
  const c = s.commission ?? 0;
  let cash = s.capital;
  const pos: (Pos | null)[] = markets.map(() => null);
  const lastClose: number[] = markets.map(() => Number.NaN);
  const exits = new Set<number>();
  let entries: number[] = [];
  const rebalance = new Set<number>();
  const pnls: number[] = [];
  const equity: number[] = [];
  const priceAt = (k: number, t: number, f: 'open' | 'close') => {
    const i = byTime[k].get(t);
    return i === undefined ? undefined : markets[k].bars[f][i];
  };
  const worth = (t: number, f: 'open' | 'close') =>
    cash + pos.reduce((sum, p, k) => sum + (p ? p.qty * (priceAt(k, t, f) ?? lastClose[k]) : 0), 0);
  const sellPart = (k: number, q: number, price: number) => {
    const p = pos[k]!;
    const px = price * (1 - s.slippage);
    const fee = s.fee * q * px + c;
    cash += q * px - fee;
    const feeIn = (p.fees * q) / p.qty;
    pnls.push(q * (px - p.avg) - feeIn - fee);
    p.fees -= feeIn;
    p.qty -= q;
    if (q / (p.qty + q) >= 1 - 1e-12) pos[k] = null;
  };
  const buyValue = (k: number, price: number, value: number) => {
    const px = price * (1 + s.slippage);
    const budget = Math.min(value, cash) - c;
    if (budget <= 0) return;
    let q = budget / (px * (1 + s.fee));
    if (s.units === 'whole') q = Math.floor(q + 1e-9);
    if (q <= 0) return;
    const fee = s.fee * q * px + c;
    cash -= q * px + fee;
    const p = pos[k];
    if (!p) pos[k] = { qty: q, avg: px, fees: fee };
    else {
      p.avg = (p.avg * p.qty + px * q) / (p.qty + q);
      p.qty += q;
      p.fees += fee;
    }
  };
  const fills = (t: number, f: 'open' | 'close') => {
    const ok = (k: number) => priceAt(k, t, f) !== undefined;
    for (let k = 0; k < markets.length; k++)
      if (exits.has(k) && ok(k)) {
        if (pos[k]) sellPart(k, pos[k]!.qty, priceAt(k, t, f)!);
        exits.delete(k);
        rebalance.delete(k);
      }
    for (let k = 0; k < markets.length; k++) {
      if (!rebalance.has(k) || !ok(k) || !pos[k]) continue;
      const p = priceAt(k, t, f)!;
      const excess = pos[k]!.qty - (w[k] * worth(t, f)) / p;
      if (excess > 0) {
        sellPart(k, s.units === 'whole' ? Math.min(pos[k]!.qty, Math.ceil(excess - 1e-9)) : excess, p);
        rebalance.delete(k);
      }
    }
    const later: number[] = [];
    for (const k of entries) {
      if (!ok(k)) later.push(k);
      else buyValue(k, priceAt(k, t, f)!, w[k] * worth(t, f));
    }
    entries = later;
    for (let k = 0; k < markets.length; k++) {
      if (!rebalance.has(k) || !ok(k) || !pos[k]) continue;
      const p = priceAt(k, t, f)!;
      const gap = w[k] * worth(t, f) - pos[k]!.qty * p;
      if (gap > 0) buyValue(k, p, gap);
      rebalance.delete(k);
    }
  };
  const markClose = (t: number) => {
    markets.forEach((_, k) => {
      const v = priceAt(k, t, 'close');
      if (v !== undefined) lastClose[k] = v;
    });
    return cash + pos.reduce((sum, p, k) => sum + (p ? p.qty * lastClose[k] : 0), 0);
  };
  const decide = (t: number, prev: number | undefined) => {
    let open = pos.filter((p, k) => p && !exits.has(k)).length + entries.length;
    const want: number[] = [];
    markets.forEach((x, k) => {
      const i = byTime[k].get(t);
      if (i === undefined) return;
      if (pos[k] && !exits.has(k) && x.exit[i]) {
        exits.add(k);
        open--;
      } else if (!pos[k] && !entries.includes(k) && x.entry[i] && !x.exit[i]) want.push(k);
    });
    const sc = (k: number) => {
      const v = markets[k].score?.[byTime[k].get(t)!];
      return v === undefined || Number.isNaN(v) ? -Infinity : v;
    };
    want.sort((a, b) => sc(b) - sc(a) || a - b);
    entries.push(...want.slice(0, Math.max(0, maxPos - open)));
    const r = s.rebalance ?? 'none';
    if (r !== 'none' && prev !== undefined && periodKey(t, r) !== periodKey(prev, r))
      pos.forEach((p, k) => {
        if (p && !exits.has(k) && !entries.includes(k)) rebalance.add(k);
      });
  };
  times.forEach((t, j) => {
    if (s.fill === 'open') {
      fills(t, 'open');
      equity.push(markClose(t));
      decide(t, times[j - 1]);
    } else {
      markClose(t);
      decide(t, times[j - 1]);
      fills(t, 'close');
      equity.push(markClose(t));
    }
  });
  return { equity, pnls };
}

function market(rng: Rng, k: number, n: number): MarketInput {
  const full = synthetic({ seed: 100 + k, bars: n });
  // Drop about a tenth of the bars: holidays that differ between markets.
  const keep = [...full.time.keys()].filter(() => rng.next() > 0.1);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  const bars: Bars = {
    time: pick(full.time),
    open: pick(full.open),
    high: pick(full.high),
    low: pick(full.low),
    close: pick(full.close),
    volume: pick(full.volume),
  };
  const len = keep.length;
  return {
    symbol: `M${k}`,
    bars,
    entry: Uint8Array.from({ length: len }, () => (rng.next() < 0.06 ? 1 : 0)),
    exit: Uint8Array.from({ length: len }, () => (rng.next() < 0.05 ? 1 : 0)),
    score: rng.next() < 0.5 ? Float64Array.from({ length: len }, () => rng.next()) : undefined,
  };
}

describe('portfolio simulation against the reference loop', () => {
  it('gives the same equity and trade P&L for 60 random portfolios', () => {
    const rng = new Rng(42);
    for (let trial = 0; trial < 60; trial++) {
      const m = 1 + Math.floor(rng.next() * 5);
      const markets = Array.from({ length: m }, (_, k) =>
        market(rng, k + trial * 7, 150 + Math.floor(rng.next() * 150)),
      );
      const raw = markets.map(() => rng.next());
      const sum = raw.reduce((a, b) => a + b, 0);
      const s: PortfolioSettings = {
        capital: 10_000 + Math.floor(rng.next() * 90_000),
        fee: rng.next() < 0.5 ? 0 : 0.001,
        commission: rng.next() < 0.3 ? 1 : 0,
        slippage: rng.next() < 0.5 ? 0 : 0.0005,
        fill: rng.next() < 0.5 ? 'open' : 'close',
        units: rng.next() < 0.5 ? 'whole' : 'fractional',
        allocation:
          rng.next() < 0.5
            ? { kind: 'equal' }
            : { kind: 'weights', weights: raw.map((x) => (x / sum) * 0.95) },
        maxPositions: rng.next() < 0.5 ? undefined : 1 + Math.floor(rng.next() * m),
        rebalance: (['none', 'weekly', 'monthly', 'quarterly'] as const)[Math.floor(rng.next() * 4)],
      };
      const got = simulatePortfolio(markets, s);
      const ref = reference(markets, s);
      expect(got.equity.length, `trial ${trial}`).toBe(ref.equity.length);
      for (let t = 0; t < ref.equity.length; t++)
        expect(got.equity[t] / ref.equity[t], `trial ${trial} bar ${t}`).toBeCloseTo(1, 9);
      const closed = [...got.trades.pnl.subarray(0, got.trades.closed)];
      expect(closed.length, `trial ${trial}`).toBe(ref.pnls.length);
      for (const [i, p] of closed.entries())
        expect(p, `trial ${trial} trade ${i}`).toBeCloseTo(ref.pnls[i], 6);
    }
  });
});
