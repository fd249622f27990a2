import { describe, expect, it } from 'vitest';
import {
  blockBootstrap,
  equityReturns,
  percentiles,
  reshuffleTrades,
  tradeReturnsOnEquity,
} from './montecarlo';

describe('percentiles', () => {
  // The interpolation itself is the engine's percentileSorted (lib/engine/quantile.test.ts).
  it('interpolate linearly as numpy does', () => {
    expect(percentiles(Float64Array.from([5, 1, 3]))).toEqual({ p5: 1.2, p50: 3, p95: 4.8 });
  });
});

describe('trade reshuffling', () => {
  it('draws each order of three trades with the drawdowns computed by hand', () => {
    // +10 %, −5 %, −5 %: the win first or last leaves a 9.75 % drawdown (1.1 → 0.99275, or 1 → 0.9025);
    // the win in the middle leaves 5 %. One order in three puts it in the middle.
    const r = reshuffleTrades([0.1, -0.05, -0.05], 3000, 7);
    const middle = [...r.maxDrawdown].filter((d) => Math.abs(d - 5) < 1e-9).length / 3000;
    const edge = [...r.maxDrawdown].filter((d) => Math.abs(d - 9.75) < 1e-9).length / 3000;
    expect(middle + edge).toBe(1);
    expect(middle).toBeGreaterThan(0.3);
    expect(middle).toBeLessThan(0.37);
    expect(r.actualDrawdown).toBeCloseTo(9.75, 12);
    expect(r.drawdown.p5).toBeCloseTo(5, 12);
    expect(r.drawdown.p95).toBeCloseTo(9.75, 12);
    expect(r.deeperThanActual).toBe(0);
  });

  it('is deterministic for a seed and bounded in work', () => {
    const t = [0.03, -0.02, 0.05, -0.04, 0.01, -0.01];
    expect(reshuffleTrades(t, 50, 3).maxDrawdown).toEqual(reshuffleTrades(t, 50, 3).maxDrawdown);
    expect(reshuffleTrades(t, 50, 3).maxDrawdown).not.toEqual(reshuffleTrades(t, 50, 4).maxDrawdown);
    expect(() => reshuffleTrades(t, 0)).toThrow(/runs must be/);
    expect(() => reshuffleTrades(new Array(1000).fill(0.01), 100_000)).toThrow(/fewer runs/);
  });
});

describe('circular block bootstrap', () => {
  it('with blocks as long as the series every path is a rotation: the same total return', () => {
    const r = [0.01, -0.02, 0.015, 0.005, -0.01, Number.NaN, 0.02];
    const total = (r.filter((x) => !Number.isNaN(x)).reduce((g, x) => g * (1 + x), 1) - 1) * 100;
    const b = blockBootstrap(r, { runs: 200, blockLength: 6, seed: 2 });
    for (const t of b.totalReturn) expect(t).toBeCloseTo(total, 12);
    expect(b.blockLength).toBe(6);
    // The bands end where every path ends.
    expect(b.bands.p5[5]).toBeCloseTo(1 + total / 100, 12);
    expect(b.bands.p95[5]).toBeCloseTo(1 + total / 100, 12);
  });

  it('constant returns give one path: bands equal it and the drawdown is 0', () => {
    const b = blockBootstrap(new Array(10).fill(0.01), { runs: 20, blockLength: 1, startEquity: 1000 });
    for (let i = 0; i < 10; i++) expect(b.bands.p50[i]).toBeCloseTo(1000 * 1.01 ** (i + 1), 9);
    expect(b.returns.p5).toBeCloseTo((1.01 ** 10 - 1) * 100, 9);
    expect(b.drawdown.p95).toBe(0);
  });

  it('spreads returns around the sample for noisy data', () => {
    const r = Array.from({ length: 500 }, (_, i) => Math.sin(i * 1.7) * 0.01 + 0.0005);
    const b = blockBootstrap(r, { runs: 300, seed: 9 });
    expect(b.blockLength).toBe(8); // round(500^(1/3))
    expect(b.returns.p5).toBeLessThan(b.returns.p50);
    expect(b.returns.p50).toBeLessThan(b.returns.p95);
    expect(b.drawdown.p5).toBeGreaterThan(0);
  });
});

describe('returns from a backtest', () => {
  it('trade P&L over the equity before entry, and bar returns of the equity', () => {
    const equity = Float64Array.from([1000, 1000, 1100, 1050, 1050, 1155]);
    const trades = { closed: 2, entryBar: Int32Array.from([0, 4]), pnl: Float64Array.from([50, 105]) };
    // The first entry on bar 0 is measured against the capital; the second against bar 3's close.
    expect([...tradeReturnsOnEquity(trades, equity, 1000)]).toEqual([0.05, 0.1]);
    const r = equityReturns(equity, 1);
    expect(r.length).toBe(4);
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[3]).toBeCloseTo(0.1, 15);
  });
});

describe('reshuffle bands', () => {
  it('end where every order ends, and start at one of the trades', () => {
    // Two trades: +10 % and -50 %. Orders: [+10, -50] → 1.1, 0.55; [-50, +10] → 0.5, 0.55.
    const r = reshuffleTrades([0.1, -0.5], 400, 3, 1_000_000, true);
    const b = r.bands;
    if (!b) throw new Error('bands were asked for');
    // After the last trade every order stands at 1.1 × 0.5 = 0.55.
    for (const p of [b.p5, b.p50, b.p95]) expect(p[1]).toBeCloseTo(0.55, 12);
    // After the first: 0.5 or 1.1 (about half each), so the 5th is 0.5 and the 95th 1.1.
    expect(b.p5[0]).toBeCloseTo(0.5, 12);
    expect(b.p95[0]).toBeCloseTo(1.1, 12);
    expect(reshuffleTrades([0.1, -0.5], 10, 3).bands).toBeUndefined();
  });
});
