import { describe, expect, it } from 'vitest';
import {
  decimate,
  drawdownPct,
  indexAtOrBefore,
  parseTrades,
  type ReportTrade,
  runChartData,
  tradeMarkers,
} from './series';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('drawdownPct', () => {
  it('matches hand-computed values', () => {
    // peaks 100, 120, 120, 120, 130; drawdowns 0, 0, -25 %, -50 %, 0
    const dd = drawdownPct(f64([100, 120, 90, 60, 130]));
    expect(Array.from(dd)).toEqual([0, 0, -25, -50, 0]);
  });

  it('matches a naive reference loop on a random walk, and carries the peak over NaN', () => {
    let x = 1000;
    const eq: number[] = [];
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      x *= 1 + (seed / 2 ** 31 - 0.5) / 20;
      eq.push(i === 250 ? Number.NaN : x);
    }
    const dd = drawdownPct(f64(eq));
    let peak = -Infinity;
    for (let i = 0; i < eq.length; i++) {
      if (Number.isNaN(eq[i])) {
        expect(dd[i]).toBeNaN();
        continue;
      }
      peak = Math.max(peak, eq[i]);
      expect(dd[i]).toBeCloseTo(((eq[i] - peak) / peak) * 100, 10);
    }
  });
});

describe('decimate', () => {
  it('passes short series through, dropping NaN points', () => {
    expect(decimate([1, 2, 3], [5, Number.NaN, 7], 10)).toEqual([
      [1, 5],
      [3, 7],
    ]);
  });

  it('keeps at most maxPoints, the first and last point, and every bucket extreme', () => {
    const n = 10_000;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = i * 1000;
      v[i] = Math.sin(i / 50);
    }
    v[4321] = 50; // a spike
    v[7777] = -50; // a crash
    const out = decimate(t, v, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out[0]).toEqual([0, v[0]]);
    expect(out.at(-1)).toEqual([t[n - 1], v[n - 1]]);
    expect(out).toContainEqual([4321_000, 50]);
    expect(out).toContainEqual([7777_000, -50]);
    // In time order, and every point is a real point of the series.
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
    for (const [time, value] of out) expect(v[time / 1000]).toBe(value);
    // The thinned series spans the same range of values.
    expect(Math.max(...out.map((p) => p[1]))).toBe(50);
    expect(Math.min(...out.map((p) => p[1]))).toBe(-50);
  });
});

describe('indexAtOrBefore', () => {
  it('finds the last time at or before t', () => {
    const t = [10, 20, 30];
    expect(indexAtOrBefore(t, 5)).toBe(-1);
    expect(indexAtOrBefore(t, 10)).toBe(0);
    expect(indexAtOrBefore(t, 25)).toBe(1);
    expect(indexAtOrBefore(t, 30)).toBe(2);
    expect(indexAtOrBefore(t, 99)).toBe(2);
    expect(indexAtOrBefore([], 1)).toBe(-1);
  });
});

const trade = (over: Partial<ReportTrade>): ReportTrade => ({
  side: 'long',
  quantity: 1,
  entryBar: null,
  exitBar: null,
  entryTime: null,
  exitTime: null,
  entryPrice: 1,
  exitPrice: 1,
  fees: 0,
  pnl: 0,
  returnPct: 0,
  open: false,
  exitReason: 'signal',
  ...over,
});

describe('tradeMarkers', () => {
  const time = f64([100, 200, 300, 400, 500]);
  const equity = f64([1000, 1010, 990, 1050, 1100]);

  it('places entries and exits on the equity at their bars, by bar or by time', () => {
    const { markers, unmarked } = tradeMarkers(time, equity, [
      trade({ entryBar: 1, entryTime: 200, exitBar: 3, exitTime: 400 }),
      // bar index that disagrees with the time: the time wins (350 → bar at 300)
      trade({ side: 'short', entryBar: 0, entryTime: 350, open: true, exitTime: 500 }),
    ]);
    expect(unmarked).toBe(0);
    expect(markers).toEqual([
      { kind: 'entry-long', time: 200, value: 1010, trade: 0 },
      { kind: 'exit', time: 400, value: 1050, trade: 0 },
      { kind: 'entry-short', time: 350, value: 990, trade: 1 }, // open: no exit marker
    ]);
  });

  it('marks only the most recent trades and counts the rest', () => {
    const trades = Array.from({ length: 5 }, (_, i) => trade({ entryTime: 100 + i * 100, exitTime: 500 }));
    const { markers, unmarked } = tradeMarkers(time, equity, trades, 2);
    expect(unmarked).toBe(3);
    expect(markers.map((m) => m.trade)).toEqual([3, 3, 4, 4]);
  });

  it('skips markers before the first point', () => {
    expect(tradeMarkers(time, equity, [trade({ entryTime: 50, exitTime: 60 })]).markers).toEqual([]);
  });
});

describe('parseTrades', () => {
  it('reads engine trade records, turning stored nulls into nulls and skipping junk', () => {
    const { trades, skipped } = parseTrades([
      {
        side: 'short',
        quantity: 2,
        entryBar: 1,
        exitBar: 4,
        entryTime: 10,
        exitTime: 40,
        entryPrice: 100,
        exitPrice: null, // NaN in the engine becomes null in JSON
        fees: 0.2,
        pnl: -3,
        returnPct: -0.015,
        open: false,
        exitReason: 'stop loss',
      },
      'junk',
      null,
      [1, 2],
      { side: 'sideways', open: 'yes' },
    ]);
    expect(skipped).toBe(3);
    expect(trades[0]).toMatchObject({
      side: 'short',
      exitPrice: null,
      exitReason: 'stop loss',
      returnPct: -0.015,
    });
    expect(trades[1]).toMatchObject({ side: 'long', open: false, entryTime: null, exitReason: 'signal' });
  });

  it('is empty for anything but an array, and bounded', () => {
    expect(parseTrades(null)).toEqual({ trades: [], skipped: 0 });
    expect(parseTrades({ a: 1 })).toEqual({ trades: [], skipped: 0 });
    const many = Array.from({ length: 10 }, () => ({}));
    expect(parseTrades(many, 4)).toMatchObject({ skipped: 6 });
    expect(parseTrades(many, 4).trades).toHaveLength(4);
  });
});

describe('runChartData', () => {
  it('is empty without a curve, and consistent with the curve otherwise', () => {
    expect(runChartData(null, null, [])).toEqual({ equity: [], drawdown: [], markers: [], unmarked: 0 });
    const time = f64([1, 2, 3]);
    const eq = f64([100, 80, 120]);
    const d = runChartData(time, eq, [trade({ entryBar: 0, entryTime: 1, exitBar: 2, exitTime: 3 })]);
    expect(d.equity).toEqual([
      [1, 100],
      [2, 80],
      [3, 120],
    ]);
    expect(d.drawdown.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(d.drawdown[1][1]).toBeCloseTo(-20, 12);
    expect(d.drawdown[2][1]).toBe(0);
    expect(d.markers.map((m) => [m.kind, m.value])).toEqual([
      ['entry-long', 100],
      ['exit', 120],
    ]);
  });
});
