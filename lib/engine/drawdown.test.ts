import { describe, expect, it } from 'vitest';
import { drawdownFrom, drawdownPct, maxDrawdown } from './drawdown';
import { computeStats } from './stats';
import { TradeLog } from './trades';

describe('drawdownPct over a window', () => {
  const eq = Float64Array.from({ length: 400 }, (_, i) =>
    i < 20 || i % 37 === 0 ? Number.NaN : 1000 + 300 * Math.sin(i / 23) - i,
  );
  const full = drawdownPct(eq);

  it('equals the same bars of the whole curve (the peak runs from bar 0)', () => {
    for (const [from, to] of [
      [0, 399],
      [150, 260],
      [10, 25],
      [399, 399],
    ]) {
      expect(drawdownPct(eq, from, to)).toEqual(full.subarray(from, to + 1));
    }
    expect(drawdownPct(eq, 150, 100)).toHaveLength(0);
  });

  it('writes into a buffer it is given, and allocates when that is too short', () => {
    const buf = new Float64Array(500).fill(7);
    const out = drawdownPct(eq, 100, 299, buf);
    expect(out.buffer).toBe(buf.buffer);
    expect(out).toEqual(full.subarray(100, 300));
    const small = new Float64Array(10);
    const fresh = drawdownPct(eq, 100, 299, small);
    expect(fresh.buffer).not.toBe(small.buffer);
    expect(fresh).toEqual(full.subarray(100, 300));
  });
});

describe('the drawdown convention', () => {
  it("is backtesting.py's 1 - equity / running max, as a percent <= 0 (hand-computed)", () => {
    // running max 100, 110, 110, 121, 121, 130
    expect(Array.from(drawdownPct(Float64Array.of(100, 110, 99, 121, 60.5, 130)))).toEqual([
      0,
      0,
      (99 / 110 - 1) * 100,
      0,
      -50,
      0,
    ]);
    expect(drawdownFrom(75, 100)).toBe(-0.25);
  });

  it('is NaN before the first positive peak, and at NaN equity (which keeps the peak)', () => {
    expect(drawdownFrom(-5, 0)).toBeNaN();
    expect(drawdownFrom(-5, -1)).toBeNaN();
    expect(drawdownFrom(1, Number.NaN)).toBeNaN();
    const dd = drawdownPct(Float64Array.of(Number.NaN, 0, -5, 100, Number.NaN, 80, 0));
    expect(Array.from(dd.subarray(0, 4))).toEqual([Number.NaN, Number.NaN, Number.NaN, 0]);
    expect(dd[4]).toBeNaN();
    expect([dd[5], dd[6]]).toEqual([(80 / 100 - 1) * 100, -100]);
    expect(maxDrawdown(dd)).toEqual({ value: -100, at: 6 });
  });

  it('gives the statistics their Max. Drawdown: the deepest value of the curve (NaN skipped)', () => {
    const n = 300;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const close = Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 9) + i / 10);
    const bars = { time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
    const run = (equity: Float64Array) =>
      computeStats(bars, {
        equity,
        trades: new TradeLog().finish(),
      })['Max. Drawdown [%]'];
    const equity = Float64Array.from(close, (c, i) => c * 10 + (i % 17) * 3);
    expect(run(equity)).toBeCloseTo(maxDrawdown(drawdownPct(equity)).value, 10);
    // No positive peak yet for the first bars: those count as no drawdown, not as a fall from 0.
    const late = Float64Array.from(equity, (e, i) => (i < 5 ? 0 : e));
    expect(run(late)).toBeCloseTo(maxDrawdown(drawdownPct(late)).value, 10);
  });
});
