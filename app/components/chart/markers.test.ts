import { describe, expect, it } from 'vitest';
import type { WireBars, WireTrades } from '../../../lib/transport';
import {
  buildMarkers,
  exitReasonText,
  indexTrades,
  markersInRange,
  tradePaths,
  tradesBetween,
} from './markers';

const bars: WireBars = {
  time: Float64Array.from({ length: 10 }, (_, i) => i * 60_000),
  open: new Float64Array(10).fill(100),
  high: Float64Array.from({ length: 10 }, (_, i) => 110 + i),
  low: Float64Array.from({ length: 10 }, (_, i) => 90 - i),
  close: new Float64Array(10).fill(100),
  volume: new Float64Array(10).fill(1),
};

interface T {
  entry: number;
  exit: number;
  side: 1 | -1;
  pnl: number;
  reason: number;
  open?: boolean;
}

/** Column-wise trades as the engine emits them: closed ones in closing order, then open ones. */
function trades(list: T[]): WireTrades {
  const n = list.length;
  const col = <A>(make: (k: number) => A, f: (t: T) => number) => {
    const a = make(n) as unknown as number[];
    list.forEach((t, i) => {
      a[i] = f(t);
    });
    return a as unknown as A;
  };
  return {
    count: n,
    closed: list.filter((t) => !t.open).length,
    entryBar: col(
      (k) => new Int32Array(k),
      (t) => t.entry,
    ),
    exitBar: col(
      (k) => new Int32Array(k),
      (t) => t.exit,
    ),
    entryTime: col(
      (k) => new Float64Array(k),
      (t) => t.entry * 60_000,
    ),
    exitTime: col(
      (k) => new Float64Array(k),
      (t) => t.exit * 60_000,
    ),
    entryPrice: col(
      (k) => new Float64Array(k),
      (t) => 100 + t.entry / 10,
    ),
    exitPrice: col(
      (k) => new Float64Array(k),
      (t) => 100 + t.exit / 10,
    ),
    quantity: new Float64Array(n).fill(1),
    side: col(
      (k) => new Int8Array(k),
      (t) => t.side,
    ),
    fees: new Float64Array(n),
    pnl: col(
      (k) => new Float64Array(k),
      (t) => t.pnl,
    ),
    returnPct: col(
      (k) => new Float64Array(k),
      (t) => t.pnl / 100,
    ),
    open: col(
      (k) => new Uint8Array(k),
      (t) => (t.open ? 1 : 0),
    ),
    exitReason: col(
      (k) => new Uint8Array(k),
      (t) => t.reason,
    ),
  };
}

const rows3 = (a: Float64Array) => {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += 3) out.push(Array.from(a.subarray(i, i + 3)));
  return out;
};

const LIST: T[] = [
  { entry: 1, exit: 3, side: 1, pnl: 5, reason: 0 }, // long, signal exit, win
  { entry: 4, exit: 6, side: -1, pnl: -2, reason: 1 }, // short, stop loss, loss
  { entry: 2, exit: 7, side: 1, pnl: -1, reason: 2 }, // long, take profit (a signal-like exit), loss
  { entry: 5, exit: 8, side: -1, pnl: 3, reason: 3 }, // short, trailing stop, win
  { entry: 8, exit: 9, side: 1, pnl: 1, reason: 4, open: true }, // still open, marked at bar 9
];

describe('buildMarkers', () => {
  const m = buildMarkers(trades(LIST), bars);

  it('puts long entries at the entry bar low and short entries at its high, sorted by bar', () => {
    expect(rows3(m.longEntry)).toEqual([
      [1, bars.low[1], 0],
      [2, bars.low[2], 2],
      [8, bars.low[8], 4],
    ]);
    expect(rows3(m.shortEntry)).toEqual([
      [4, bars.high[4], 1],
      [5, bars.high[5], 3],
    ]);
  });

  it('splits exits by kind (signal/take profit vs stops) and by outcome, at the exit price', () => {
    expect(rows3(m.exitWin)).toEqual([[3, 100.3, 0]]);
    expect(rows3(m.exitLoss)).toEqual([[7, 100.7, 2]]);
    expect(rows3(m.stopLoss)).toEqual([[6, 100.6, 1]]);
    expect(rows3(m.stopWin)).toEqual([[8, 100.8, 3]]);
    expect(rows3(m.open)).toEqual([[9, 100.9, 4]]);
  });

  it('draws a time exit (exit after N bars) as a signal-like exit, and names it with its bars', () => {
    const t = trades([
      { entry: 1, exit: 6, side: 1, pnl: 2, reason: 6 },
      { entry: 2, exit: 4, side: -1, pnl: -1, reason: 6 },
    ]);
    const out = buildMarkers(t, bars);
    expect(rows3(out.exitWin)).toEqual([[6, 100.6, 0]]);
    expect(rows3(out.exitLoss)).toEqual([[4, 100.4, 1]]);
    expect(out.stopWin.length + out.stopLoss.length).toBe(0);
    expect(exitReasonText(t, 0)).toBe('time: after 5 bars');
    expect(exitReasonText(t, 1)).toBe('time: after 2 bars');
    const listed = trades(LIST);
    expect([0, 1, 2, 3, 4].map((i) => exitReasonText(listed, i))).toEqual([
      'signal',
      'stop loss',
      'take profit',
      'trailing stop',
      'open, marked at the last close',
    ]);
  });

  it('skips trades whose bars are outside the data', () => {
    const out = buildMarkers(trades([{ entry: 12, exit: 15, side: 1, pnl: 1, reason: 0 }]), bars);
    expect(out.longEntry.length + out.exitWin.length).toBe(0);
  });
});

describe('markersInRange', () => {
  const rows = Float64Array.of(1, 10, 0, 2, 11, 1, 5, 12, 2, 6, 13, 3, 9, 14, 4);
  it('returns the rows within [from, to]', () => {
    expect(rows3(markersInRange(rows, 2, 6, 1))).toEqual([
      [2, 11, 1],
      [5, 12, 2],
      [6, 13, 3],
    ]);
    expect(markersInRange(rows, 10, 20, 1).length).toBe(0);
  });

  it('keeps one row per aligned bucket', () => {
    // Buckets of 4: [0..3] -> bars 1, 2; [4..7] -> 5, 6; [8..11] -> 9.
    expect(rows3(markersInRange(rows, 0, 9, 4)).map((r) => r[0])).toEqual([1, 5, 9]);
  });
});

describe('indexTrades / tradesBetween', () => {
  const ix = indexTrades(trades(LIST));
  it('finds trades entering or exiting in a bar range, in trade order', () => {
    expect(tradesBetween(ix, 3, 3, 10)).toEqual({ ids: [0], total: 1 });
    expect(tradesBetween(ix, 8, 8, 10)).toEqual({ ids: [3, 4], total: 2 });
    expect(tradesBetween(ix, 4, 6, 10)).toEqual({ ids: [1, 3], total: 2 });
    expect(tradesBetween(ix, 0, 0, 10)).toEqual({ ids: [], total: 0 });
  });

  it('caps the list but reports the total', () => {
    expect(tradesBetween(ix, 0, 9, 2)).toEqual({ ids: [0, 1], total: 5 });
  });

  it('agrees with a naive scan on many random trades', () => {
    let seed = 3;
    const rnd = (k: number) => {
      seed = (seed * 16807) % 2147483647;
      return Math.floor((seed / 2147483647) * k);
    };
    const list: T[] = Array.from({ length: 300 }, () => {
      const entry = rnd(9);
      return { entry, exit: entry + rnd(10 - entry), side: 1, pnl: 1, reason: 0 };
    });
    const ix2 = indexTrades(trades(list));
    for (let from = 0; from < 10; from++) {
      for (let to = from; to < 10; to++) {
        const want = list
          .map((t, i) => ((t.entry >= from && t.entry <= to) || (t.exit >= from && t.exit <= to) ? i : -1))
          .filter((i) => i >= 0);
        expect(tradesBetween(ix2, from, to, 1000).ids).toEqual(want);
      }
    }
  });
});

describe('tradePaths', () => {
  const t = trades(LIST);
  it('links entry to exit for overlapping trades of one outcome, NaN between trades', () => {
    const wins = Array.from(tradePaths(t, 0, 9, true, 100));
    expect(wins).toEqual([
      1,
      100.1,
      3,
      100.3,
      3,
      Number.NaN,
      5,
      100.5,
      8,
      100.8,
      8,
      Number.NaN,
      8,
      100.8,
      9,
      100.9,
      9,
      Number.NaN,
    ]);
    const losses = Array.from(tradePaths(t, 6, 6, false, 100));
    expect(losses).toEqual([4, 100.4, 6, 100.6, 6, Number.NaN, 2, 100.2, 7, 100.7, 7, Number.NaN]);
  });

  it('adds a point every `step` bars on the straight line between entry and exit', () => {
    const one = trades([{ entry: 0, exit: 10, side: 1, pnl: 1, reason: 0 }]);
    const path = Array.from(tradePaths(one, 0, 10, true, 10, 4));
    // entry (0, 100), then x = 4, 8 on the line to (10, 101), then exit and the NaN break.
    expect(path.slice(0, 2)).toEqual([0, 100]);
    expect(path[2]).toBe(4);
    expect(path[3]).toBeCloseTo(100.4, 12);
    expect(path[4]).toBe(8);
    expect(path[5]).toBeCloseTo(100.8, 12);
    expect(path.slice(6)).toEqual([10, 101, 10, Number.NaN]);
  });

  it('draws nothing when too many trades overlap the view', () => {
    expect(tradePaths(t, 0, 9, true, 4).length).toBe(0);
  });
});
