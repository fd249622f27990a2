import { describe, expect, it } from 'vitest';
import { combinations, gridRange, LruSeriesCache, memo, sweep } from './sweep';
import type { Bars } from './types';

describe('gridRange and combinations', () => {
  it('builds inclusive ranges without float noise and rejects bad ones', () => {
    expect(gridRange(5, 20, 5)).toEqual([5, 10, 15, 20]);
    expect(gridRange(0.1, 0.5, 0.1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(() => gridRange(5, 1, 1)).toThrow(/empty/);
    expect(() => gridRange(1, 5, 0)).toThrow(/positive/);
    expect(() => gridRange(1, 1e9, 1)).toThrow(/limit/);
  });

  it('enumerates every combination that passes the constraint', () => {
    const c = combinations({ a: [1, 2, 3], b: [2, 3] }, (p) => p.a < p.b);
    expect(c).toEqual([
      { a: 1, b: 2 },
      { a: 1, b: 3 },
      { a: 2, b: 3 },
    ]);
    // The dual-SMA grid of the benchmark: fast 5..50 × slow 10..200 step 5 with fast < slow.
    const dual = combinations(
      { fast: gridRange(5, 50, 1), slow: gridRange(10, 200, 5) },
      (p) => p.fast < p.slow,
    );
    expect(dual).toHaveLength(1605);
  });
});

describe('sweep', () => {
  it('ranks runs by the chosen statistic and computes each distinct series once', () => {
    const n = 50;
    const close = Float64Array.from({ length: n }, (_, i) => 100 + i);
    const bars: Bars = {
      time: Float64Array.from({ length: n }, (_, i) => i * 86_400_000),
      open: close,
      high: close,
      low: close,
      close,
      volume: new Float64Array(n),
    };
    let computed = 0;
    const result = sweep({
      bars,
      grid: { entry: [1, 5, 10] },
      rank: 'Return [%]',
      strategy: (p, cache) => {
        const when = memo(cache, `at(${p.entry})`, () => {
          computed++;
          const m = new Uint8Array(n);
          m[p.entry] = 1;
          return m;
        });
        memo(cache, `at(${p.entry})`, () => {
          computed++;
          return new Uint8Array(n);
        });
        return {
          rules: [{ kind: 'buy', size: { kind: 'percent', value: 1 }, when }],
          settings: { capital: 1000, fee: 0, slippage: 0, fill: 'close', units: 'fractional' },
        };
      },
    });
    expect(computed).toBe(3);
    // Buying earlier in a rising market returns more.
    expect(result.runs.map((r) => r.params.entry)).toEqual([1, 5, 10]);
    expect(result.total).toBe(3);
  });
});

describe('LruSeriesCache', () => {
  it('evicts the least recently used series past its byte budget', () => {
    const c = new LruSeriesCache(3 * 800);
    for (const k of ['a', 'b', 'c']) c.set(k, new Float64Array(100));
    c.get('a'); // a is now the most recent
    c.set('d', new Float64Array(100));
    expect([...c.keys()]).toEqual(['c', 'a', 'd']);
    expect(c.byteSize).toBe(2400);
    c.set('big', [new Float64Array(200), new Float64Array(200)]);
    expect([...c.keys()]).toEqual(['big']);
  });
});
