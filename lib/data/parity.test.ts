// ../shared/spec/parity.md: backtesting.py 0.6.6's SmaCross on GOOG, reproduced through the engine's
// API and through the language. Lives in lib/data because it needs the CSV loader (data sits above
// engine and dsl in the dependency order).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectParityFigures } from '../../testing/parity';
import { readShared, requireShared } from '../../testing/shared';
import { runProgram } from '../dsl';
import type { Bars, Stats } from '../engine';
import { computeStats, crossover, crossunder, firstDefined, simulate, sma, tradeList } from '../engine';
import { parseCsv } from './csv';

/** The program as parity.md writes it, read from the spec so the test follows the reference. */
function parityProgram(): string {
  const m = readShared('spec/parity.md').match(/```\n(strategy\("SmaCross"[\s\S]*?)```/);
  if (!m) throw new Error('parity.md no longer contains the SmaCross program');
  return m[1];
}

function expectParity(stats: Stats, trades: ReturnType<typeof tradeList>) {
  expectParityFigures(stats);
  const closed = trades.filter((t) => !t.open);
  expect(closed).toHaveLength(93);
  const first = closed
    .slice(0, 3)
    .map((t) => [t.side, t.quantity, t.entryBar, t.entryPrice, t.exitBar, t.exitPrice]);
  expect(first).toEqual([
    ['short', 59, 63, 169.02, 75, 179.13],
    ['long', 52, 75, 179.13, 85, 182.0],
    ['short', 51, 85, 182.0, 88, 187.45],
  ]);
}

describe('parity with backtesting.py (SmaCross on GOOG)', () => {
  const bars = (): Bars => {
    const goog = requireShared('data/GOOG.csv', 'BACKTALK_GOOG_CSV');
    const { bars } = parseCsv(readFileSync(goog, 'utf8'), { source: goog });
    expect(bars.close.length).toBe(2148);
    return bars;
  };

  it('reproduces every figure of parity.md at 1e-8 through the engine API', () => {
    const b = bars();
    const fast = sma(b.close, 10);
    const slow = sma(b.close, 20);
    const up = crossover(fast, slow);
    const down = crossunder(fast, slow);
    const all = { kind: 'percent', value: 1 } as const;
    const sim = simulate(
      b,
      [
        { kind: 'cover', size: all, when: up },
        { kind: 'buy', size: all, when: up },
        { kind: 'sell', size: all, when: down },
        { kind: 'short', size: all, when: down },
      ],
      { capital: 10_000, fee: 0.002, slippage: 0, fill: 'open', units: 'whole' },
    );
    const warmup = Math.max(firstDefined(fast), firstDefined(slow));
    expect(warmup).toBe(19);
    expectParity(computeStats(b, sim, { warmupBars: warmup }), tradeList(sim.trades));
  });

  it('reproduces them from the .bt program in parity.md', () => {
    const run = runProgram(parityProgram(), bars());
    if (!run.ok) throw new Error(run.report);
    expect(run.eval.warmup).toBe(19);
    expectParity(run.stats, tradeList(run.sim.trades));
  });
});
