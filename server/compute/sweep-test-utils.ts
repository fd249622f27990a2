// Test support for the spread sweeps (sweep.test.ts, queue.test.ts): the single-process reference and
// the bit-for-bit comparison. Tests only.
import { expect } from 'vitest';
import { checkSource, compile, isEvalFailure } from '../../lib/dsl';
import {
  type Bars,
  type NumericStatName,
  type ParamGrid,
  type Params,
  type SweepResult,
  sweep,
} from '../../lib/engine';

/** The reference: lib/engine's sweep in this thread, the program compiled once (as `backtalk sweep`). */
export function singleSweep(
  src: string,
  b: Bars,
  grid: ParamGrid,
  constraint: (p: Params) => boolean,
  rank?: NumericStatName,
  fixed: Params = {},
): SweepResult {
  const { checked } = checkSource(src);
  if (!checked.ok) throw new Error('the test program does not check');
  const compiled = compile(checked);
  return sweep({
    bars: b,
    grid,
    constraint,
    rank,
    strategy: (p, cache) => {
      const ev = compiled.evaluate(b, { ...fixed, ...p }, cache);
      if (isEvalFailure(ev)) throw new Error('evaluate failed');
      return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
    },
  });
}

/** Same runs in the same order, every statistic identical (Object.is: NaN equals NaN, 0 is not -0). */
export function expectSameSweep(got: SweepResult, want: SweepResult): void {
  expect(got.total).toBe(want.total);
  expect(got.rank).toBe(want.rank);
  expect(got.runs.map((r) => r.params)).toEqual(want.runs.map((r) => r.params));
  const differ: string[] = [];
  got.runs.forEach((r, i) => {
    const w = want.runs[i].stats as Record<string, unknown>;
    const g = r.stats as Record<string, unknown>;
    expect(Object.keys(g).sort()).toEqual(Object.keys(w).sort());
    for (const k of Object.keys(w)) if (!Object.is(g[k], w[k])) differ.push(`run ${i} ${k}`);
  });
  expect(differ).toEqual([]);
}
