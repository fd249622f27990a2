// ../shared/spec/parity.md: backtesting.py 0.6.6's SmaCross on GOOG, reproduced through the engine's
// API and through the language. Lives in lib/data because it needs the CSV loader (data sits above
// engine and dsl in the dependency order).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../dsl';
import type { Bars, Stats } from '../engine';
import { computeStats, crossover, crossunder, firstDefined, simulate, sma, tradeList } from '../engine';
import { parseCsv } from './csv';

const GOOG = resolve(process.cwd(), process.env.BACKTALK_GOOG_CSV ?? '../shared/data/GOOG.csv');
const PARITY = resolve(process.cwd(), '../shared/spec/parity.md');
const present = existsSync(GOOG) && existsSync(PARITY);
if (!present) console.warn(`parity tests skipped: ${GOOG} or ${PARITY} is absent`);

/** The program as parity.md writes it, read from the spec so the test follows the reference. */
function parityProgram(): string {
  const md = readFileSync(PARITY, 'utf8');
  const m = md.match(/```\n(strategy\("SmaCross"[\s\S]*?)```/);
  if (!m) throw new Error('parity.md no longer contains the SmaCross program');
  return m[1];
}

// The published figures (parity.md's table) and the precision each is shown with.
const EXPECTED: [keyof Stats, number, number][] = [
  ['Equity Final [$]', 56263.52, 2],
  ['Return [%]', 462.64, 2],
  ['Exposure Time [%]', 94.27, 2],
  ['Max. Drawdown [%]', -33.93, 2],
  ['Buy & Hold Return [%]', 607.37, 2],
  ['Commissions [$]', 10563.95, 2],
  ['Sharpe Ratio', 0.601, 3],
  ['Calmar Ratio', 0.662, 3],
  ['Volatility (Ann.) [%]', 37.42, 2],
  ['# Trades', 93, 0],
  ['Win Rate [%]', 52.69, 2],
  ['Best Trade [%]', 56.92, 2],
  ['Worst Trade [%]', -16.83, 2],
  ['Avg. Trade [%]', 1.758, 3],
  ['Profit Factor', 1.993, 3],
  ['SQN', 1.584, 3],
  ['Sortino Ratio', 1.145, 3],
  ['Return (Ann.) [%]', 22.48, 2],
  ['Kelly Criterion', 0.2093, 4],
];

function expectParity(stats: Stats, trades: ReturnType<typeof tradeList>) {
  for (const [name, value, digits] of EXPECTED) {
    expect(Number((stats[name] as number).toFixed(digits)), name).toBe(value);
  }
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

describe.skipIf(!present)('parity with backtesting.py (SmaCross on GOOG)', () => {
  const bars = (): Bars => {
    const { bars } = parseCsv(readFileSync(GOOG, 'utf8'), { source: GOOG });
    expect(bars.close.length).toBe(2148);
    return bars;
  };

  it('reproduces every published figure through the engine API', () => {
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
