// Test helpers (not part of the public surface): the shared examples, the two data sets, trades of a
// program as plain records, and a stripped view of a spec's rules for exact assertions.
import { readFileSync } from 'node:fs';
import { readShared, requireShared } from '../../../testing/shared';
import { parseCsv, parseSource, synthetic } from '../../data';
import { runProgram } from '../../dsl';
import type { Bars } from '../../engine';
import { type TradeRecord, tradeList } from '../../engine';
import type { Condition, Operand, StrategySpec } from '../../schema';
import type { Understanding } from '../types';

// The seeded generator of every module's tests (the fuzz corpus draws from it).
export { rng } from '../../engine/testkit';

export interface Example {
  readonly text: string;
  readonly dsl?: string;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly clarify?: boolean;
  readonly why?: string;
}

export function examples(): Example[] {
  return readShared('spec/nl-examples.jsonl')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Example);
}

/** The bars of 'synthetic:7', built from exactly what parseSource reads from that spec. */
export function synthetic7(): Bars {
  const s = parseSource('synthetic:7');
  if (s.kind !== 'synthetic') throw new Error('synthetic:7 is not a synthetic source');
  return synthetic({ seed: s.seed, bars: s.bars, timeframe: s.timeframe });
}

export function goog(): Bars {
  const path = requireShared('data/GOOG.csv');
  return parseCsv(readFileSync(path, 'utf8'), { source: path }).bars;
}

export function trades(program: string, bars: Bars): TradeRecord[] {
  const r = runProgram(program, bars);
  if (!r.ok) throw new Error(`the program does not run:\n${r.report}\n${program}`);
  return tradeList(r.sim.trades);
}

/** The spec, or a failure naming the question that came back instead. */
export function specOf(u: Understanding): StrategySpec {
  if (!u.ok) throw new Error(`expected a strategy, got the question: ${u.question}`);
  return u.spec;
}

/**
 * A rule's condition with ids and inputs replaced by what they stand for, so assertions read like the
 * request: `sma(close,50)`, `rsi(close,14)`, `macd(close,12,26,9).signal`, `30`, `highest(high,20)[1]`.
 */
export function show(spec: StrategySpec, c: Condition): string {
  const inputs = new Map(spec.inputs.map((i) => [i.name, i.value]));
  const inds = new Map(spec.indicators.map((i) => [i.id, i]));
  const op = (o: Operand, depth = 0): string => {
    if ('field' in o) return o.offset ? `${o.field}[${o.offset}]` : o.field;
    if ('value' in o) return String(o.value);
    if ('input' in o) return String(inputs.get(o.input));
    const ind = inds.get(o.indicator);
    if (!ind || depth > 5) return `?${o.indicator}`;
    const call = `${ind.fn}(${ind.args.map((a) => op(a, depth + 1)).join(',')})${ind.output ? `.${ind.output}` : ''}`;
    const off = (ind.offset ?? 0) + (o.offset ?? 0);
    return off ? `${call}[${off}]` : call;
  };
  switch (c.op) {
    case 'and':
    case 'or':
      return c.args.map((x) => `(${show(spec, x)})`).join(` ${c.op} `);
    case 'not':
      return `not (${show(spec, c.arg)})`;
    case 'htf':
      return `htf(${c.timeframe}, ${show(spec, c.arg)})`;
    case 'rising':
    case 'falling':
      return `${c.op}(${op(c.a)},${op(c.n)})`;
    case 'crossover':
    case 'crossunder':
    case 'cross':
      return `${c.op}(${op(c.a)},${op(c.b)})`;
    default:
      return `${op(c.a)} ${c.op} ${op(c.b)}`;
  }
}

/** Every rule as "action: condition [size]", in order. */
export function rulesOf(u: Understanding): string[] {
  const spec = specOf(u);
  return spec.rules.map((r) => {
    const s = r.size;
    const size = !s
      ? ''
      : 'percent' in s
        ? ` ${Number((s.percent * 100).toPrecision(10))}%`
        : 'units' in s
          ? ` units=${s.units}`
          : 'risk' in s
            ? ` risk=${s.risk}`
            : ` cash=${s.cash}`;
    return `${r.action}: ${show(spec, r.when)}${size}`;
  });
}
