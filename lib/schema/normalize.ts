// normalize(spec): the canonical form of a spec. It fills nothing in (an unstated setting stays
// unstated) and changes no meaning; it only orders and canonicalises:
//  1. an offset of 0 is dropped (0 is the default), and -0 becomes 0;
//  2. an and inside an and (or inside or) is flattened into its parent: and/or are associative;
//  3. indicators that are outputs of one tuple call (same fn and args, e.g. macd's 'macd' and
//     'signal') are grouped, greedily in spec order, into one group per call, members in output order;
//  4. groups are ordered so that an indicator comes after those it reads (a stable topological sort:
//     among ready groups the one first in the spec goes first);
//  5. keys whose value is undefined are dropped, and every object is rebuilt in a fixed key order.
// compile() emits this order, and lift() returns normalized specs, so lift(compile(s)) equals normalize(s).
import { indicatorFn } from './consts';
import { normPortfolio } from './portfolio';
import type { Condition, Indicator, Input, Operand, Price, Risk, Rule, StrategySpec } from './spec';

/** Copies `o` with its keys in `order`, dropping undefined values. */
function pick<T extends object>(o: T, order: readonly (keyof T)[]): T {
  const out: Partial<T> = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

const num = (v: number) => (Object.is(v, -0) ? 0 : v);

export function normOperand(o: Operand): Operand {
  if ('field' in o) return o.offset ? { field: o.field, offset: o.offset } : { field: o.field };
  if ('indicator' in o)
    return o.offset ? { indicator: o.indicator, offset: o.offset } : { indicator: o.indicator };
  if ('value' in o) return { value: num(o.value) };
  return { input: o.input };
}

export function normCondition(c: Condition): Condition {
  switch (c.op) {
    case 'and':
    case 'or': {
      const args: Condition[] = [];
      for (const x of c.args) {
        const n = normCondition(x);
        if (n.op === c.op) args.push(...n.args);
        else args.push(n);
      }
      return { op: c.op, args };
    }
    case 'not':
      return { op: 'not', arg: normCondition(c.arg) };
    case 'htf':
      return { op: 'htf', timeframe: c.timeframe, arg: normCondition(c.arg) };
    case 'rising':
    case 'falling':
      return { op: c.op, a: normOperand(c.a), n: normOperand(c.n) };
    default:
      return { op: c.op, a: normOperand(c.a), b: normOperand(c.b) };
  }
}

function normIndicator(ind: Indicator): Indicator {
  return pick({ ...ind, args: ind.args.map(normOperand), offset: ind.offset ? ind.offset : undefined }, [
    'id',
    'fn',
    'args',
    'output',
    'offset',
  ]);
}

/** One statement of the program: a single indicator, or the named outputs of one tuple call. */
export interface IndicatorGroup {
  readonly fn: string;
  readonly members: Indicator[];
}

const tupleKey = (ind: Indicator) => `${ind.fn}(${JSON.stringify(ind.args)})`;

/** Rules 3 and 4 above; indicators must already be normalized. */
export function groupIndicators(indicators: readonly Indicator[]): IndicatorGroup[] {
  const groups: (IndicatorGroup & { key: string | null })[] = [];
  for (const ind of indicators) {
    const f = indicatorFn(ind.fn);
    if (!f || f.outputs.length < 2 || ind.output === undefined || ind.offset) {
      groups.push({ fn: ind.fn, members: [ind], key: null });
      continue;
    }
    const key = tupleKey(ind);
    const g = groups.find((x) => x.key === key && !x.members.some((m) => m.output === ind.output));
    if (g) g.members.push(ind);
    else groups.push({ fn: ind.fn, members: [ind], key });
  }
  for (const g of groups) {
    const outs = indicatorFn(g.fn)?.outputs ?? [];
    g.members.sort((a, b) => outs.indexOf(a.output ?? '') - outs.indexOf(b.output ?? ''));
  }
  // Stable topological order: repeatedly place the first group whose inputs are all placed.
  const owner = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const m of g.members) if (!owner.has(m.id)) owner.set(m.id, i);
  });
  const deps = groups.map((g, i) => {
    const s = new Set<number>();
    for (const m of g.members)
      for (const o of m.args)
        if ('indicator' in o) {
          const j = owner.get(o.indicator);
          if (j !== undefined && j !== i) s.add(j);
        }
    return s;
  });
  const placed = new Set<number>();
  const out: IndicatorGroup[] = [];
  while (out.length < groups.length) {
    let next = groups.findIndex((_, i) => !placed.has(i) && [...deps[i]].every((d) => placed.has(d)));
    if (next < 0) next = groups.findIndex((_, i) => !placed.has(i)); // a cycle: validation reports it
    placed.add(next);
    out.push({ fn: groups[next].fn, members: groups[next].members });
  }
  return out;
}

function normPrice(p: Price): Price {
  const from = 'position' in p.from ? { position: p.from.position } : normOperand(p.from);
  const add = p.add && { times: num(p.add.times), of: normOperand(p.add.of) };
  return pick({ from, percent: p.percent, add }, ['from', 'percent', 'add']);
}

function normRule(r: Rule): Rule {
  const order =
    r.order && pick({ ...r.order, price: normPrice(r.order.price) }, ['type', 'price', 'cancelAfter']);
  return pick({ ...r, when: normCondition(r.when), size: r.size && { ...r.size }, order }, [
    'when',
    'action',
    'size',
    'order',
  ]);
}

function normRisk(r: Risk): Risk {
  const at = (p: Price | undefined) => p && normPrice(p);
  return pick({ ...r, stopLossAt: at(r.stopLossAt), takeProfitAt: at(r.takeProfitAt) }, [
    'stopLoss',
    'stopLossAt',
    'takeProfit',
    'takeProfitAt',
    'trailingStop',
    'exitAfter',
  ]);
}

function normInput(i: Input): Input {
  return pick({ ...i, value: num(i.value), min: num(i.min), max: num(i.max) }, [
    'name',
    'value',
    'min',
    'max',
    'step',
    'title',
  ]);
}

export function normalize(spec: StrategySpec): StrategySpec {
  const m = spec.market;
  const range =
    m.range && ('lastYears' in m.range ? { lastYears: m.range.lastYears } : pick(m.range, ['from', 'to']));
  return {
    version: spec.version,
    name: spec.name,
    market: pick({ ...m, range }, ['source', 'symbol', 'exchange', 'timeframe', 'range']),
    settings: pick(spec.settings, [
      'capital',
      'fee',
      'commission',
      'slippage',
      'fill',
      'units',
      'pyramiding',
    ]),
    inputs: spec.inputs.map(normInput),
    indicators: groupIndicators(spec.indicators.map(normIndicator)).flatMap((g) => g.members),
    rules: spec.rules.map(normRule),
    risk: normRisk(spec.risk),
    ...(spec.portfolio && { portfolio: normPortfolio(spec.portfolio) }),
  };
}
