// Test helpers (not part of the public surface): seeded bars, trades as plain arrays, spec builders.
import { readShared } from '../../testing/shared';
import type { RunResult } from '../dsl';
import type { Bars } from '../engine';
import { rng } from '../engine/testkit';
import type { Condition, Indicator, Operand, Rule, StrategySpec } from './spec';

export { rng };

/** A seeded random walk of daily bars with consistent OHLC and regime changes (so trends cross). */
export function seededBars(n: number, seed: number): Bars {
  const r = rng(seed);
  const cols = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
  const b = Object.fromEntries(cols.map((c) => [c, new Float64Array(n)])) as Record<
    (typeof cols)[number],
    Float64Array
  >;
  let p = 100;
  let drift = 0;
  for (let i = 0; i < n; i++) {
    if (i % 120 === 0) drift = (r() - 0.5) * 0.006;
    const o = p * (1 + (r() - 0.5) * 0.01);
    const c = o * Math.exp(drift + (r() - 0.5) * 0.04);
    b.open[i] = o;
    b.close[i] = c;
    b.high[i] = Math.max(o, c) * (1 + r() * 0.015);
    b.low[i] = Math.min(o, c) * (1 - r() * 0.015);
    b.volume[i] = 1000 + Math.floor(r() * 5000);
    b.time[i] = Date.UTC(2015, 0, 1) + i * 86_400_000;
    p = c;
  }
  return b;
}

/** The trades of a run as plain arrays, for exact comparison. */
export function tradesOf(run: RunResult): Record<string, number[]> {
  if (!run.ok) throw new Error(run.report);
  const t = run.sim.trades;
  const keys = [
    'entryBar',
    'exitBar',
    'entryPrice',
    'exitPrice',
    'quantity',
    'side',
    'pnl',
    'exitReason',
    'open',
  ] as const;
  return Object.fromEntries(keys.map((k) => [k, Array.from(t[k] as ArrayLike<number>)]));
}

export interface NlExample {
  readonly text: string;
  readonly dsl?: string;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly clarify?: boolean;
}

/** ../shared/spec/nl-examples.jsonl; fails with what to do when ../shared is missing, never gives none. */
export function nlExamples(): NlExample[] {
  return readShared('spec/nl-examples.jsonl')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as NlExample);
}

// Builders for hand-written specs.
export const F = (
  field: 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4',
  offset?: number,
): Operand => (offset === undefined ? { field } : { field, offset });
export const I = (indicator: string, offset?: number): Operand =>
  offset === undefined ? { indicator } : { indicator, offset };
export const V = (value: number): Operand => ({ value });
export const P = (input: string): Operand => ({ input });
export const ind = (id: string, fn: string, args: Operand[], extra: Partial<Indicator> = {}): Indicator => ({
  id,
  fn,
  args,
  ...extra,
});
export const over = (a: Operand, b: Operand): Condition => ({ op: 'crossover', a, b });
export const under = (a: Operand, b: Operand): Condition => ({ op: 'crossunder', a, b });
export const cmp = (op: '>' | '<' | '>=' | '<=', a: Operand, b: Operand): Condition => ({ op, a, b });
export const rule = (action: Rule['action'], when: Condition, size?: Rule['size']): Rule =>
  size ? { when, action, size } : { when, action };

export function spec(
  parts: Partial<StrategySpec> & Pick<StrategySpec, 'indicators' | 'rules'>,
): StrategySpec {
  return {
    version: 1,
    name: 'Test',
    market: { source: 'synthetic' },
    settings: {},
    inputs: [],
    risk: {},
    ...parts,
  };
}
