// The fast paths against the general ones on random strategies: the event loop against the bar loop,
// simulateInto against simulate, sweep against simulate + computeStats run by run.
import { describe, expect, it } from 'vitest';
import { makeBars, rng } from './indicators/test-helpers';
import { simulate, simulateInto } from './simulate';
import { computeStats, type Stats } from './stats';
import { sweep } from './sweep';
import type { Trades } from './trades';
import type { Bars, OrderKind, OrderRule, OrderSize, Settings } from './types';
import { book, marks, run } from './walk';

const KINDS: OrderKind[] = ['buy', 'sell', 'short', 'cover', 'exit'];

interface Case {
  readonly bars: Bars;
  readonly rules: OrderRule[];
  readonly settings: Settings;
}

/**
 * A random strategy: 1 to 5 rules (sometimes 40, past the event loop's limit), masks of random density
 * that sometimes start off a 4-byte boundary, every order and size kind, both fills, small capitals
 * that go bankrupt, lengths that are not multiples of 4, one entry at a time or several (pyramiding).
 */
function randomCase(seed: number, withRisk: boolean): Case {
  const r = rng(seed * 7919);
  const n = 2 + Math.floor(r() * (r() < 0.2 ? 40 : 400));
  const bars = makeBars(n, seed);
  if (r() < 0.2) bars.close[Math.floor(r() * n)] *= 3; // a spike, for ruin and stops
  const k = 1 + Math.floor(r() * (r() < 0.05 ? 40 : 5));
  const rules: OrderRule[] = [];
  for (let j = 0; j < k; j++) {
    const density = r() * 0.3;
    const offset = r() < 0.3 ? Math.floor(r() * 4) : 0;
    const when = new Uint8Array(n + offset).subarray(offset);
    for (let t = 0; t < n; t++) if (r() < density) when[t] = 1;
    const s = r();
    const size: OrderSize =
      s < 0.6
        ? { kind: 'percent', value: r() < 0.5 ? 1 : 0.1 + r() }
        : s < 0.8
          ? { kind: 'units', value: 1 + r() * 100 }
          : { kind: 'cash', value: 100 + r() * 20_000 };
    rules.push({ kind: KINDS[Math.floor(r() * KINDS.length)], size, when });
  }
  const settings: Settings = {
    capital: r() < 0.15 ? 50 : 10_000,
    fee: r() < 0.5 ? 0 : r() * 0.01,
    slippage: r() < 0.7 ? 0 : r() * 0.01,
    fill: r() < 0.5 ? 'open' : 'close',
    units: r() < 0.3 ? 'whole' : 'fractional',
    stopLoss: withRisk && r() < 0.5 ? 0.001 + r() * 0.1 : undefined,
    takeProfit: withRisk && r() < 0.3 ? 0.001 + r() * 0.1 : undefined,
    trailingStop: withRisk && r() < 0.3 ? 0.001 + r() * 0.1 : undefined,
    pyramiding: r() < 0.5 ? undefined : pick(r, [1, 2, 3, 1000]),
  };
  return { bars, rules, settings };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** One run through walk.run, with its results copied out of the shared state. */
function runCopy(c: Case, byBar: boolean) {
  const equity = new Float64Array(c.bars.close.length);
  const bankruptAt = run(c.bars, c.rules, c.settings, equity, byBar);
  return {
    equity,
    bankruptAt,
    insufficient: book.insufficient,
    trades: book.log.finish(),
    marks: [marks.bar, marks.cash, marks.pos].map((a) => Array.from(a.subarray(0, marks.count))),
  };
}

function tradeColumns(t: Trades): Record<string, number[] | number> {
  const out: Record<string, number[] | number> = { count: t.count, closed: t.closed };
  for (const [key, v] of Object.entries(t))
    if (ArrayBuffer.isView(v)) out[key] = Array.from(v as Float64Array);
  return out;
}

function expectSameStats(got: Stats, want: Stats): void {
  for (const key of Object.keys(want) as (keyof Stats)[]) {
    const a = got[key];
    const b = want[key];
    if (typeof b === 'string' || Number.isNaN(b) || !Number.isFinite(b)) expect(a, key).toEqual(b);
    else expect(Math.abs((a as number) - b), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
  }
}

describe('the event loop', () => {
  it('gives what the bar loop gives, bar for bar and trade for trade', () => {
    let trades = 0;
    let bankrupt = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCase(seed, false);
      const events = runCopy(c, false);
      const bars = runCopy(c, true);
      expect(Array.from(events.equity), `seed ${seed}`).toEqual(Array.from(bars.equity));
      expect(events.bankruptAt).toBe(bars.bankruptAt);
      expect(events.insufficient).toBe(bars.insufficient);
      expect(tradeColumns(events.trades)).toEqual(tradeColumns(bars.trades));
      expect(events.marks).toEqual(bars.marks);
      trades += bars.trades.count;
      if (bars.bankruptAt >= 0) bankrupt++;
    }
    // The cases must exercise what they claim to.
    expect(trades).toBeGreaterThan(2000);
    expect(bankrupt).toBeGreaterThan(3);
  });

  it('finds signals in masks that start off a word boundary and in the bytes past the last word', () => {
    const bars = makeBars(11, 3);
    const aligned = new Uint8Array(12);
    const unaligned = new Uint8Array(13).subarray(1, 12);
    for (const m of [aligned, unaligned]) {
      m[1] = 1;
      m[5] = 1;
      m[10] = 1; // past the last whole word of 11 bytes
    }
    const settings: Settings = { capital: 1000, fee: 0, slippage: 0, fill: 'close', units: 'fractional' };
    for (const when of [aligned.subarray(0, 11), unaligned]) {
      const sim = simulate(
        bars,
        [
          { kind: 'exit', size: { kind: 'percent', value: 1 }, when },
          { kind: 'buy', size: { kind: 'percent', value: 1 }, when },
        ],
        settings,
      );
      expect(Array.from(sim.trades.entryBar)).toEqual([1, 5, 10]);
      expect(Array.from(sim.trades.exitBar)).toEqual([5, 10, 10]);
    }
  });
});

describe('simulateInto', () => {
  it('gives the equity and statistics of simulate, reusing one dirty buffer', () => {
    let bankrupt = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed, seed % 2 === 0);
      const want = simulate(c.bars, c.rules, c.settings);
      const buffer = new Float64Array(c.bars.close.length).fill(123.5); // left over from an earlier run
      const got = simulateInto(c.bars, c.rules, c.settings, buffer);
      expect(Array.from(got.equity), `seed ${seed}`).toEqual(Array.from(want.equity));
      expect(got.bankruptAt).toBe(want.bankruptAt);
      expect(got.trades.count).toBe(want.trades.count);
      if (want.bankruptAt >= 0) bankrupt++;
      expectSameStats(
        computeStats(c.bars, got, { warmupBars: 5 }),
        computeStats(c.bars, want, { warmupBars: 5 }),
      );
    }
    expect(bankrupt).toBeGreaterThan(0); // the bars after a bankruptcy must be zeroed
  });

  it('rejects a buffer of the wrong length', () => {
    const c = randomCase(1, false);
    expect(() => simulateInto(c.bars, c.rules, c.settings, new Float64Array(1))).toThrow(/one value per bar/);
  });
});

describe('sweep', () => {
  it('scores every combination as simulate + computeStats would', () => {
    const c = randomCase(7, false);
    const n = c.bars.close.length;
    const masks = new Map<number, Uint8Array>();
    const maskOf = (seed: number) => {
      let m = masks.get(seed);
      if (!m) {
        const r = rng(seed);
        m = new Uint8Array(n).map(() => (r() < 0.05 ? 1 : 0));
        masks.set(seed, m);
      }
      return m;
    };
    const strategy = (p: Record<string, number>): OrderRule[] => [
      { kind: 'buy', size: { kind: 'percent', value: 1 }, when: maskOf(p.a) },
      { kind: p.short ? 'short' : 'sell', size: { kind: 'percent', value: 0.5 }, when: maskOf(100 + p.b) },
    ];
    const result = sweep({
      bars: c.bars,
      grid: { a: [1, 2, 3, 4], b: [1, 2, 3], short: [0, 1] },
      rank: 'Return [%]',
      strategy: (p) => ({ rules: strategy(p), settings: c.settings, warmupBars: 2 }),
    });
    expect(result.runs).toHaveLength(24);
    for (const { params, stats } of result.runs) {
      const sim = simulate(c.bars, strategy(params), c.settings);
      expectSameStats(stats, computeStats(c.bars, sim, { warmupBars: 2 }));
    }
  });
});
