// The benchmarked strategy, an SMA crossover (long only, fee 0.1%), written three ways: through the
// engine API, in .bt, and as sweeps of both over the same grid.

import type { CompiledStrategy } from '../lib/dsl';
import { checkSource, compile, isEvalFailure } from '../lib/dsl';
import type { Bars, OrderRule, Settings } from '../lib/engine';
import {
  computeStats,
  crossover,
  crossunder,
  gridRange,
  memo,
  type ParamGrid,
  type SeriesCache,
  type SimResult,
  type Stats,
  type SweepResult,
  simulate,
  sma,
  sweep,
} from '../lib/engine';

export const FAST = 10;
export const SLOW = 50;
export const CAPITAL = 10_000;
export const FEE = 0.001;

export const SETTINGS: Settings = {
  capital: CAPITAL,
  fee: FEE,
  slippage: 0,
  fill: 'open',
  units: 'fractional',
};

const ALL = { kind: 'percent', value: 1 } as const;

export function crossRules(fast: Float64Array, slow: Float64Array): OrderRule[] {
  return [
    { kind: 'buy', size: ALL, when: crossover(fast, slow) },
    { kind: 'sell', size: ALL, when: crossunder(fast, slow) },
  ];
}

export interface EngineRun {
  readonly fast: Float64Array;
  readonly slow: Float64Array;
  readonly rules: OrderRule[];
  readonly sim: SimResult;
  readonly stats: Stats;
}

/** The whole backtest through the engine API: indicators, signals, simulation, statistics. */
export function engineBacktest(bars: Bars, fast = FAST, slow = SLOW): EngineRun {
  const f = sma(bars.close, fast);
  const s = sma(bars.close, slow);
  const rules = crossRules(f, s);
  const sim = simulate(bars, rules, SETTINGS);
  const stats = computeStats(bars, sim, { warmupBars: slow - 1 });
  return { fast: f, slow: s, rules, sim, stats };
}

export const BT_SOURCE = `strategy("SMA cross", capital=10000, fee=0.1%)
fast = input(${FAST}, min=2, max=200)
slow = input(${SLOW}, min=2, max=400)
f = sma(close, fast)
s = sma(close, slow)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

export function compileBt(): CompiledStrategy {
  const { checked, diagnostics } = checkSource(BT_SOURCE);
  if (!checked.ok) throw new Error(`the benchmark program does not check: ${JSON.stringify(diagnostics)}`);
  return compile(checked);
}

// ---- sweep ----------------------------------------------------------------------------------------

export const SWEEP_GRID: ParamGrid = { fast: gridRange(5, 50, 1), slow: gridRange(10, 200, 5) };
export const SWEEP_RUNS = 1605;
export const fastBelowSlow = (p: Record<string, number>) => p.fast < p.slow;

/** The grid through `sweep` with the engine API; each distinct SMA is computed once via `memo`. */
export function engineSweep(bars: Bars): SweepResult {
  return sweep({
    bars,
    grid: SWEEP_GRID,
    constraint: fastBelowSlow,
    strategy: (p, cache: SeriesCache) => {
      const f = memo(cache, `sma(close,${p.fast})`, () => sma(bars.close, p.fast));
      const s = memo(cache, `sma(close,${p.slow})`, () => sma(bars.close, p.slow));
      return { rules: crossRules(f, s), settings: SETTINGS, warmupBars: p.slow - 1 };
    },
  });
}

/** The same grid through the .bt program: compiled once, evaluated per combination on a shared cache. */
export function btSweep(bars: Bars): SweepResult {
  const compiled = compileBt();
  return sweep({
    bars,
    grid: SWEEP_GRID,
    constraint: fastBelowSlow,
    strategy: (p, cache) => {
      const ev = compiled.evaluate(bars, p, cache);
      if (isEvalFailure(ev)) throw new Error(`evaluate failed for ${JSON.stringify(p)}`);
      return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
    },
  });
}
