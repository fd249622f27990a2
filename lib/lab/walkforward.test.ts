import { describe, expect, it } from 'vitest';
import { synthetic } from '../data';
import {
  type Bars,
  computeStats,
  crossover,
  crossunder,
  type OrderRule,
  type Params,
  type Settings,
  type StrategyRun,
  simulate,
  sma,
} from '../engine';
import { concatTrades, sliceBars, sliceRun, splitAt, walkForward, walkForwardWindows } from './walkforward';

describe('walk-forward windows', () => {
  it('rolling and anchored windows by hand', () => {
    expect(walkForwardWindows(10, { inSample: 4, outOfSample: 3 })).toEqual([
      { isFrom: 0, isTo: 4, oosFrom: 4, oosTo: 7 },
      { isFrom: 3, isTo: 7, oosFrom: 7, oosTo: 10 },
    ]);
    expect(walkForwardWindows(11, { inSample: 4, outOfSample: 3, anchored: true })).toEqual([
      { isFrom: 0, isTo: 4, oosFrom: 4, oosTo: 7 },
      { isFrom: 0, isTo: 7, oosFrom: 7, oosTo: 10 },
      { isFrom: 0, isTo: 10, oosFrom: 10, oosTo: 11 },
    ]);
    expect(splitAt(100, 0.7)).toEqual({ isFrom: 0, isTo: 70, oosFrom: 70, oosTo: 100 });
    expect(() => walkForwardWindows(5, { inSample: 4, outOfSample: 3 })).toThrow(/cannot hold/);
    expect(() => walkForwardWindows(1000, { inSample: 4, outOfSample: 1, maxWindows: 10 })).toThrow(/longer/);
    expect(() => splitAt(100, 1)).toThrow(/between 0 and 1/);
  });
});

const settings: Settings = { capital: 10_000, fee: 0.001, slippage: 0, fill: 'open', units: 'fractional' };
const bars: Bars = synthetic({ seed: 4, bars: 900 });

function smaCross(p: Params): StrategyRun {
  const fast = sma(bars.close, p.fast);
  const slow = sma(bars.close, p.slow);
  const size = { kind: 'percent', value: 1 } as const;
  const rules: OrderRule[] = [
    { kind: 'buy', size, when: crossover(fast, slow) },
    { kind: 'sell', size, when: crossunder(fast, slow) },
  ];
  return { rules, settings, warmupBars: p.slow - 1 };
}

describe('sliceRun', () => {
  it('a window run equals the whole run with orders only inside the window, over the window', () => {
    const full = smaCross({ fast: 5, slow: 20 });
    const from = 300;
    const to = 600;
    const inside = full.rules.map((r) => {
      const when = new Uint8Array(r.when.length);
      when.set(r.when.subarray(from, to), from);
      // A position open at the window's end is closed by the sliced run's end; keep the whole run flat after.
      return { ...r, when };
    });
    const whole = simulate(bars, inside, settings);
    const part = simulate(sliceBars(bars, from, to), sliceRun(full, from, to).rules, settings);
    // Flat before the window, the whole run's equity is the capital when the window starts.
    expect(whole.equity[from - 1]).toBe(settings.capital);
    for (let i = 0; i < to - from; i++) expect(part.equity[i]).toBeCloseTo(whole.equity[from + i], 8);
    expect(sliceRun(full, from, to).warmupBars).toBe(0);
    expect(sliceRun(full, 5, to).warmupBars).toBe(14);
  });

  it('price functions are re-indexed to the window', () => {
    const seen: number[] = [];
    const run: StrategyRun = {
      settings,
      rules: [
        {
          kind: 'buy',
          size: { kind: 'percent', value: 1 },
          when: new Uint8Array(10),
          limit: (t) => {
            seen.push(t);
            return 1;
          },
        },
      ],
    };
    const s = sliceRun(run, 4, 8).rules[0];
    (s.limit as (t: number, st: Float64Array) => number)(0, new Float64Array(4));
    expect(seen).toEqual([4]);
    expect(s.when.length).toBe(4);
  });
});

describe('walkForward', () => {
  it('picks each window by a reference loop without the sweep, and chains the out-of-sample equity', () => {
    const grid = { fast: [5, 10, 20], slow: [30, 50] };
    const windows = walkForwardWindows(bars.close.length, { inSample: 300, outOfSample: 200 });
    const wf = walkForward({ bars, grid, strategy: smaCross, windows });
    expect(wf.windows).toHaveLength(3);
    let level = settings.capital;
    for (const [k, w] of windows.entries()) {
      // Reference: every combination run on the in-sample bars, the best Sharpe ratio kept (first on ties).
      let best: Params | null = null;
      let bestSharpe = Number.NEGATIVE_INFINITY;
      for (const fast of grid.fast)
        for (const slow of grid.slow) {
          const run = sliceRun(smaCross({ fast, slow }), w.isFrom, w.isTo);
          const b = sliceBars(bars, w.isFrom, w.isTo);
          const st = computeStats(b, simulate(b, run.rules, settings), { warmupBars: run.warmupBars });
          const v = Number.isNaN(st['Sharpe Ratio']) ? Number.NEGATIVE_INFINITY : st['Sharpe Ratio'];
          if (v > bestSharpe) {
            bestSharpe = v;
            best = { fast, slow };
          }
        }
      expect(wf.windows[k].params).toEqual(best);
      const run = sliceRun(smaCross(best!), w.oosFrom, w.oosTo);
      const ob = sliceBars(bars, w.oosFrom, w.oosTo);
      const sim = simulate(ob, run.rules, settings);
      expect(wf.windows[k].outOfSample['Return [%]']).toBeCloseTo(computeStats(ob, sim)['Return [%]'], 10);
      for (let i = 0; i < sim.equity.length; i++)
        expect(wf.equity[w.oosFrom + i]).toBeCloseTo((level * sim.equity[i]) / settings.capital, 6);
      level = wf.equity[w.oosTo - 1];
    }
    expect(Number.isNaN(wf.equity[299])).toBe(true);
    // The chained return is the product of the windows' returns.
    const product = wf.windows.reduce((g, w) => g * (1 + w.outOfSample['Return [%]'] / 100), 1);
    expect(wf.stats['Return [%]']).toBeCloseTo((product - 1) * 100, 8);
  });

  it('concatenates trades: closed first, bars shifted by each window', () => {
    const a = simulate(
      sliceBars(bars, 0, 300),
      sliceRun(smaCross({ fast: 5, slow: 20 }), 0, 300).rules,
      settings,
    );
    const b = simulate(
      sliceBars(bars, 300, 600),
      sliceRun(smaCross({ fast: 5, slow: 20 }), 300, 600).rules,
      settings,
    );
    const t = concatTrades([
      { trades: a.trades, offset: 0 },
      { trades: b.trades, offset: 300 },
    ]);
    expect(t.count).toBe(a.trades.count + b.trades.count);
    expect(t.closed).toBe(a.trades.closed + b.trades.closed);
    expect(t.entryBar[a.trades.closed]).toBe(b.trades.entryBar[0] + 300);
    expect(t.pnl[a.trades.closed]).toBe(b.trades.pnl[0]);
  });
});
