import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { Rng } from '../engine';
import { DataError } from './errors';
import { SYNTHETIC_END, synthetic } from './synthetic';

const D = 86_400_000;
const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

function same(a: Bars, b: Bars): boolean {
  return FIELDS.every((f) => a[f].length === b[f].length && a[f].every((v, i) => Object.is(v, b[f][i])));
}

describe('Rng', () => {
  it('is deterministic per seed and fills the same values as single draws', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seq = Array.from({ length: 50 }, () => a.next());
    const bulk = new Float64Array(50);
    b.fillUniform(bulk);
    expect(Array.from(bulk)).toEqual(seq);
    expect(new Rng(43).next()).not.toBe(seq[0]);
    expect(seq.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it('gives uniforms and normals with the right moments', () => {
    const r = new Rng(7);
    const n = 200_000;
    const u = new Float64Array(n);
    r.fillUniform(u);
    const z = new Float64Array(n);
    r.fillNormal(z, new Float64Array(4096));
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const varOf = (x: Float64Array) => {
      const m = mean(x);
      return x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
    };
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(varOf(u)).toBeCloseTo(1 / 12, 2);
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(varOf(z)).toBeCloseTo(1, 1);
    const beyond2 = z.filter((v) => Math.abs(v) > 2).length / n;
    expect(beyond2).toBeGreaterThan(0.04); // N(0,1): 4.55%
    expect(beyond2).toBeLessThan(0.051);
  });
});

describe('synthetic', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = synthetic({ seed: 5, bars: 3000 });
    expect(same(a, synthetic({ seed: 5, bars: 3000 }))).toBe(true);
    expect(same(a, synthetic({ seed: 6, bars: 3000 }))).toBe(false);
    expect(a.close).not.toEqual(synthetic({ seed: 6, bars: 3000 }).close);
  });

  it('has the default shape: 2500 daily bars ending on the fixed date, starting near 100', () => {
    const b = synthetic();
    expect(b.time.length).toBe(2500);
    expect(b.time[2499]).toBe(SYNTHETIC_END);
    expect(SYNTHETIC_END).toBe(Date.UTC(2025, 5, 30));
    expect(b.open[0]).toBeGreaterThan(90);
    expect(b.open[0]).toBeLessThan(110);
    expect(same(b, synthetic({ seed: 1, bars: 2500, timeframe: '1d' }))).toBe(true);
  });

  it('keeps OHLC invariants, positivity and finite values over 100k bars', () => {
    for (const timeframe of ['1d', '5m']) {
      const b = synthetic({ seed: 3, bars: 100_000, timeframe });
      let bad = 0;
      for (let i = 0; i < b.time.length; i++) {
        const o = b.open[i]!;
        const h = b.high[i]!;
        const l = b.low[i]!;
        const c = b.close[i]!;
        const v = b.volume[i]!;
        if (!(l > 0 && Number.isFinite(h) && h >= Math.max(o, c) && l <= Math.min(o, c) && v >= 0)) bad++;
        if (!Number.isInteger(v)) bad++;
      }
      expect(bad, timeframe).toBe(0);
    }
  });

  it('skips weekends for daily bars', () => {
    const b = synthetic({ bars: 1000 });
    for (let i = 0; i < b.time.length; i++) {
      const wd = new Date(b.time[i]!).getUTCDay();
      expect(wd === 0 || wd === 6).toBe(false);
      expect(b.time[i]! % D).toBe(0);
    }
    for (let i = 1; i < b.time.length; i++) {
      const gap = b.time[i]! - b.time[i - 1]!;
      const wd = new Date(b.time[i]!).getUTCDay();
      expect(gap).toBe(wd === 1 ? 3 * D : D);
    }
    // An end on a Sunday moves back to the Friday.
    const sun = synthetic({ bars: 3, end: Date.UTC(2025, 5, 29, 15) });
    expect(Array.from(sun.time)).toEqual([
      Date.UTC(2025, 5, 25),
      Date.UTC(2025, 5, 26),
      Date.UTC(2025, 5, 27),
    ]);
  });

  it('spaces intraday, weekly and monthly bars by the timeframe', () => {
    for (const [tf, step] of [
      ['1m', 60_000],
      ['15m', 900_000],
      ['4h', 4 * 3_600_000],
      ['3d', 3 * D],
      ['1w', 7 * D],
    ] as const) {
      const b = synthetic({ bars: 500, timeframe: tf });
      for (let i = 1; i < 500; i++) expect(b.time[i]! - b.time[i - 1]!).toBe(step);
      expect(b.time[499]).toBeLessThanOrEqual(SYNTHETIC_END);
      expect(b.time[499]! % Math.min(step, D)).toBe(0); // intraday on multiples of the bar, else on midnight
    }
    expect(new Date(synthetic({ bars: 5, timeframe: '1w' }).time[0]!).getUTCDay()).toBe(1);
    const m = synthetic({ bars: 14, timeframe: '1M' });
    expect(new Date(m.time[13]!).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(new Date(m.time[0]!).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    const h = synthetic({ bars: 3, timeframe: '1h', end: Date.UTC(2025, 0, 1, 10, 37) });
    expect(h.time[2]).toBe(Date.UTC(2025, 0, 1, 10));
  });

  it('has plausible statistics: annualised daily vol 10–60%, fat tails, volume tied to moves', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const b = synthetic({ seed, bars: 2520 });
      const n = b.close.length;
      const r: number[] = [];
      for (let i = 1; i < n; i++) r.push(Math.log(b.close[i]! / b.close[i - 1]!));
      const m = r.reduce((s, x) => s + x, 0) / r.length;
      const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1));
      const vol = sd * Math.sqrt(252);
      expect(vol, `seed ${seed}`).toBeGreaterThan(0.1);
      expect(vol, `seed ${seed}`).toBeLessThan(0.6);
      const kurt = r.reduce((s, x) => s + ((x - m) / sd) ** 4, 0) / r.length;
      expect(kurt, `seed ${seed}`).toBeGreaterThan(3); // regime switching + GARCH: heavier than normal
      // Mean range (high-low)/close is of the order of the daily vol.
      let range = 0;
      for (let i = 0; i < n; i++) range += (b.high[i]! - b.low[i]!) / b.close[i]!;
      expect(range / n).toBeGreaterThan(0.3 * sd);
      expect(range / n).toBeLessThan(4 * sd);
      // Rank-free check: volume is higher on the bigger half of moves.
      const abs = r.map(Math.abs);
      const med = [...abs].sort((x, y) => x - y)[abs.length >> 1]!;
      let big = 0;
      let small = 0;
      let nb = 0;
      let ns = 0;
      abs.forEach((a, i) => {
        if (a > med) {
          big += Math.log(b.volume[i + 1]!);
          nb++;
        } else {
          small += Math.log(b.volume[i + 1]!);
          ns++;
        }
      });
      expect(big / nb, `seed ${seed}`).toBeGreaterThan(small / ns);
    }
  });

  it('opens near the previous close', () => {
    const b = synthetic({ seed: 9, bars: 5000 });
    let maxGap = 0;
    for (let i = 1; i < 5000; i++)
      maxGap = Math.max(maxGap, Math.abs(Math.log(b.open[i]! / b.close[i - 1]!)));
    expect(maxGap).toBeGreaterThan(0);
    expect(maxGap).toBeLessThan(0.1);
  });

  it('validates its arguments', () => {
    const bad = [
      [{ bars: 0 }, /bars must be an integer from 1 to 10,000,000, got 0/],
      [{ bars: 10_000_001 }, /bars must be/],
      [{ bars: 2.5 }, /bars must be/],
      [{ seed: 1.5 }, /seed must be an integer, got 1.5/],
      [{ seed: Number.NaN }, /seed must be an integer/],
      [{ end: Number.POSITIVE_INFINITY }, /end must be a time/],
      [{ timeframe: '7x' }, /unknown timeframe '7x'/],
      [{ bars: 10_000_000, timeframe: '1M' }, /would start before the earliest representable date/],
    ] as const;
    for (const [opts, msg] of bad) {
      expect(() => synthetic(opts)).toThrow(DataError);
      expect(() => synthetic(opts)).toThrow(msg);
    }
    expect(synthetic({ bars: 1 }).time.length).toBe(1);
    expect(synthetic({ seed: -3, bars: 10 }).close.length).toBe(10);
  });
});
