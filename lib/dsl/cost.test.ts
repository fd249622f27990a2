// The work estimate against counts made by hand, against what a run really keeps, and the refusal.
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { checkSource } from './checker';
import { compile, isEvalFailure } from './compiler';
import { estimateWork, SIMULATION_SERIES, workBudgetFromEnv, workProblem } from './cost';
import { prepareProgram, runProgram } from './run';
import { manyRsi, randomBars, SAMPLES } from './testkit';

function estimate(src: string, bars = 1000) {
  const { checked, diagnostics } = checkSource(src);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return estimateWork(checked, bars);
}

describe('estimateWork', () => {
  it('counts each series the program computes, a tuple as its outputs, plus the simulation', () => {
    const sim = SIMULATION_SERIES;
    expect(estimate('f = sma(close, 10)\nbuy(market)\n').series).toBe(sim + 1 + 1); // sma, the ones mask
    expect(estimate('[m, s, h] = macd(close, 12, 26, 9)\nbuy(market)\n').series).toBe(sim + 3 + 1);
    // close - open, > 0: two series; the constants fold away and cost nothing.
    const e = estimate('n = 3 * 4\nx = close - open\nif x > n:\n    buy(market)\n');
    expect(e.series).toBe(sim + 2);
    expect(e.calls).toBe(0);
    // hl2 is computed once however often it is named; a constant broadcast to a kernel's series costs one.
    expect(estimate('a = sma(hl2, 5)\nb = ema(hl2, 5)\nc = sma(7, 3)\nbuy(market)\n').series).toBe(
      sim + 3 + 1 + 1 + 1,
    );
  });

  it('counts the masks of nested and chained conditions as the compiler shares them', () => {
    // if a / elif b / else: rules [a], [!a, b], [!a, !b] → NOT a, NOT a AND b, NOT b, AND again.
    const src =
      'if close > open:\n    buy(market)\nelif close < open:\n    sell(market)\nelse:\n    exit()\n';
    expect(estimate(src).series).toBe(SIMULATION_SERIES + 2 + 4);
  });

  it('scales with the bars: work is bars × series, memory 8 bytes each', () => {
    const e = estimate(manyRsi(), 1_000_000);
    expect(e.calls).toBe(400);
    expect(e.series).toBe(SIMULATION_SERIES + 400 + 2);
    expect(e.barCalls).toBe(e.series * 1_000_000);
    expect(e.bytes).toBe(e.barCalls * 8);
  });

  it('never counts fewer series than a run keeps (named series, masks, cached indicators, simulation)', () => {
    const bars = randomBars(500, 3);
    for (const src of SAMPLES) {
      const { checked } = checkSource(src);
      if (!checked.ok) continue;
      const cache = new Map<string, unknown>();
      const ev = compile(checked).evaluate(bars, {}, cache);
      if (isEvalFailure(ev)) continue;
      const kept = new Set<unknown>();
      for (const s of Object.values(ev.series)) kept.add(s.values);
      for (const r of ev.rules) kept.add(r.when);
      for (const v of cache.values()) for (const a of Array.isArray(v) ? v : [v]) kept.add(a);
      const sim = simulate(bars, ev.rules, ev.settings);
      for (const a of [sim.equity, sim.cash, sim.position]) kept.add(a);
      for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) kept.delete(bars[k]);
      expect(estimateWork(checked, 500).series, src).toBeGreaterThanOrEqual(kept.size);
    }
  });
});

describe('workProblem', () => {
  const budget = { maxBarCalls: 50_000_000, setting: 'BACKTALK_MAX_WORK' };

  it('refuses the 400-rsi program on 1M bars naming the estimate, the budget and the way under it', () => {
    const d = workProblem(estimate(manyRsi(), 1_000_000), budget)!;
    expect(d.code).toBe('too-much-work');
    expect(d.severity).toBe('error');
    expect(d.message).toBe(
      'this program would compute 406 series (400 indicator calls) over 1,000,000 bars ' +
        '(406 M bar-calls, about 3.02 GB); the budget is 50 M bar-calls, about 381 MB (BACKTALK_MAX_WORK)',
    );
    // 50M / 406 = 123,152 bars; 50M / 1M = 50 series.
    expect(d.hint).toBe(
      'use fewer bars (a date range or a larger timeframe: at most 123,152 bars for this program), ' +
        'or fewer indicators (at most 50 series over these bars)',
    );
  });

  it('lets a run at the budget through, and the same program on fewer bars', () => {
    const e = estimate(manyRsi(), 1_000_000);
    expect(workProblem(e, { maxBarCalls: e.barCalls })).toBeUndefined();
    expect(workProblem(estimate(manyRsi(), 100_000), { maxBarCalls: 50_000_000 })).toBeUndefined();
  });
});

describe('runProgram with a budget', () => {
  it('refuses before evaluating, as a printed diagnostic', () => {
    const bars = randomBars(20_000, 1);
    const r = runProgram(manyRsi(), bars, { budget: { maxBarCalls: 1_000_000 }, fileName: 'many.bt' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-much-work']);
    expect(r.report).toContain('error[too-much-work]: this program would compute 406 series');
    expect(r.report).toContain('--> many.bt:1:1');
    // Without a budget (the CLI on the user's own machine) it runs.
    expect(runProgram(manyRsi(20), bars).ok).toBe(true);
  });

  it('reports a program error before the budget', () => {
    const p = prepareProgram('x = smaa(close, 3)\n', 10_000_000, { budget: { maxBarCalls: 1 } });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.diagnostics.map((d) => d.code)).toContain('unknown-function');
    if (!p.ok) expect(p.diagnostics.map((d) => d.code)).not.toContain('too-much-work');
  });
});

describe('workBudgetFromEnv', () => {
  it('reads BACKTALK_MAX_WORK in bar-calls, with k/M/G suffixes, and defaults to 50 M', () => {
    expect(workBudgetFromEnv({}).maxBarCalls).toBe(50_000_000);
    expect(workBudgetFromEnv({ BACKTALK_MAX_WORK: '200000000' }).maxBarCalls).toBe(200_000_000);
    expect(workBudgetFromEnv({ BACKTALK_MAX_WORK: '1.5G' }).maxBarCalls).toBe(1_500_000_000);
    expect(workBudgetFromEnv({ BACKTALK_MAX_WORK: '5e7' }).maxBarCalls).toBe(50_000_000);
    expect(workBudgetFromEnv({ BACKTALK_MAX_WORK: '20k' })).toEqual({
      maxBarCalls: 20_000,
      setting: 'BACKTALK_MAX_WORK',
    });
  });

  it('refuses anything else, saying how to set it', () => {
    for (const bad of ['lots', '-5', '0', '50 MB', 'Infinity']) {
      expect(() => workBudgetFromEnv({ BACKTALK_MAX_WORK: bad }), bad).toThrow(
        /BACKTALK_MAX_WORK=.* is not a number of bar-calls.*BACKTALK_MAX_WORK=50M/,
      );
    }
  });
});
