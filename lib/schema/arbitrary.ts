// A seeded generator of random valid specs for the property test (not part of the public surface).
// It covers every indicator of the registry, tuples (with shared calls and repeated outputs), offsets,
// nested and/or/not, every action and size, risk, settings and markets; and it lists indicators in a
// shuffled order so that normalize's topological sort is exercised.
import { getFunction } from '../engine';
import { FIELDS, INDICATOR_FNS } from './consts';
import type { Condition, Indicator, Input, Market, Operand, Price, Rule, StrategySpec } from './spec';

export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rand, p: number) => r() < p;

/** Numbers that stress literal printing: decimals, negatives, -0, tiny and large magnitudes, noise. */
function anyNumber(r: Rand): number {
  return pick(r, [
    () => int(r, 0, 100),
    () => -int(r, 1, 50),
    () => Math.round(r() * 1000) / 100,
    () => (r() - 0.5) * 200,
    () => -0,
    () => 1e-7 * int(r, 1, 9),
    () => int(r, 1, 9) * 1e9,
  ])();
}

const fraction = (r: Rand, max: number) =>
  pick(r, [() => pick(r, [0.001, 0.0005, 0.07, 0.015, 0.1, 0.03]), () => Math.max(0.0001, r() * max)])();

class Gen {
  readonly inputs: Input[] = [];
  readonly indicators: Indicator[] = [];
  private readonly periodInputs: string[] = [];
  private readonly multInputs: string[] = [];

  constructor(
    readonly r: Rand,
    private readonly fnStart: number,
  ) {}

  makeInputs(): void {
    const n = int(this.r, 0, 4);
    for (let k = 0; k < n; k++) {
      const r = this.r;
      const kind = pick(r, ['period', 'period', 'mult', 'level'] as const);
      const name = `${kind === 'period' ? 'len' : kind === 'mult' ? 'mult' : 'lvl'}${k}`;
      const title = chance(r, 0.5)
        ? pick(r, ['Fast SMA', 'Band "width"', 'Level \\ 2', 'Période'])
        : undefined;
      const base =
        kind === 'period'
          ? { value: int(r, 2, 40), min: 1, max: int(r, 40, 400), step: int(r, 1, 3) }
          : kind === 'mult'
            ? { value: 2, min: 0.5, max: 5, step: 0.25 }
            : { value: Math.round(anyNumber(r)), min: -1000, max: 1e10, step: 0.5 };
      this.inputs.push({ name, ...base, ...(title !== undefined && { title }) });
      if (kind === 'period') this.periodInputs.push(name);
      if (kind === 'mult') this.multInputs.push(name);
    }
  }

  private series(ids: readonly string[]): Operand {
    const r = this.r;
    const offset = chance(r, 0.25) ? int(r, 0, 3) : undefined;
    if (ids.length && chance(r, 0.35)) {
      const id = pick(r, ids);
      return offset === undefined ? { indicator: id } : { indicator: id, offset };
    }
    const field = pick(r, FIELDS);
    return offset === undefined ? { field } : { field, offset };
  }

  private param(kind: string, min: number, max: number): Operand {
    const r = this.r;
    if (kind === 'period' && this.periodInputs.length && chance(r, 0.3))
      return { input: pick(r, this.periodInputs) };
    // The mult inputs range over 0.5..5: only for numbers whose bounds hold that (not sar's factors).
    if (kind === 'number' && min <= 0.5 && max >= 5 && this.multInputs.length && chance(r, 0.4))
      return { input: pick(r, this.multInputs) };
    if (kind === 'period') return { value: int(r, Math.max(1, min), Math.min(60, max)) };
    const v = Math.round((min + r() * Math.min(max - min, 5)) * 10) / 10;
    return { value: Math.min(max, Math.max(min, v)) };
  }

  makeIndicators(): void {
    const r = this.r;
    const n = int(r, 1, 7);
    for (let k = 0; k < n; k++) {
      const fn = INDICATOR_FNS[(this.fnStart + k) % INDICATOR_FNS.length];
      const f = getFunction(fn)!;
      const ids = this.indicators.filter((i) => !i.offset).map((i) => i.id);
      let args = f.args.map((a) =>
        a.kind === 'series' ? this.series(ids) : this.param(a.kind, a.min ?? 1, a.max ?? 100),
      );
      if (f.args.at(-1)?.default !== undefined && chance(r, 0.5)) args = args.slice(0, -1);
      const id = chance(r, 0.2) ? `My_${fn}${k}` : `${fn}${k}`;
      if (f.outputs.length > 1) {
        const output = pick(r, f.outputs);
        this.indicators.push({ id, fn, args, output });
        // Another output of the same call (grouped into one destructuring), sometimes a repeat.
        if (chance(r, 0.5)) this.indicators.push({ id: `${id}b`, fn, args, output: pick(r, f.outputs) });
      } else {
        const offset = chance(r, 0.2) ? int(r, 0, 2) : undefined;
        this.indicators.push({ id, fn, args, ...(offset !== undefined && { offset }) });
      }
    }
  }

  private operand(): Operand {
    const r = this.r;
    const ids = this.indicators.map((i) => i.id);
    return pick(r, [
      () => this.series(ids),
      () => this.series(ids),
      () => ({ value: anyNumber(r) }),
      () => (this.inputs.length ? { input: pick(r, this.inputs).name } : { value: anyNumber(r) }),
    ])();
  }

  /** A price: a series (or a positive number, or the entry price for exits), maybe moved. */
  price(exit: boolean): Price {
    const r = this.r;
    const ids = this.indicators.filter((i) => !i.output || i.fn !== 'supertrend').map((i) => i.id);
    const from: Price['from'] =
      exit && chance(r, 0.5)
        ? { position: 'avg_price' }
        : chance(r, 0.15)
          ? { value: pick(r, [100, 0.5, 1234.5]) }
          : this.series(ids);
    return pick(r, [
      () => ({ from }),
      () => ({ from, percent: pick(r, [-0.01, 0.02, -0.005, -0.99, 10, (r() - 0.5) * 0.4 || 0.1]) }),
      () => ({ from, add: { times: pick(r, [-2, 1, -1, 1.5, -0.25]), of: this.series(ids) } }),
    ])();
  }

  condition(depth: number): Condition {
    const r = this.r;
    // Width only near the top (at most 27 leaves), depth up to the limit of 6 through not.
    if (depth < 6 && chance(r, depth === 1 ? 0.55 : 0.3)) {
      if (depth >= 4 || chance(r, 0.25)) return { op: 'not', arg: this.condition(depth + 1) };
      const args = Array.from({ length: int(r, 2, 3) }, () => this.condition(depth + 1));
      return { op: pick(r, ['and', 'or'] as const), args };
    }
    // A leaf on weekly or monthly bars now and then (only leaves: htf inside htf is refused).
    const leaf = this.leaf();
    return depth < 6 && chance(r, 0.1)
      ? { op: 'htf', timeframe: pick(r, ['1w', '1M'] as const), arg: leaf }
      : leaf;
  }

  private leaf(): Condition {
    const r = this.r;
    const ids = this.indicators.map((i) => i.id);
    const kind = pick(r, ['cross', 'compare', 'trend'] as const);
    if (kind === 'trend')
      return {
        op: pick(r, ['rising', 'falling'] as const),
        a: this.series(ids),
        n: this.param('period', 1, 20),
      };
    const a = chance(r, 0.8) ? this.series(ids) : this.operand();
    const b = 'field' in a || 'indicator' in a ? this.operand() : this.series(ids);
    const [x, y] = chance(r, 0.2) ? [b, a] : [a, b];
    if (kind === 'cross') return { op: pick(r, ['crossover', 'crossunder', 'cross'] as const), a: x, b: y };
    return { op: pick(r, ['>', '<', '>=', '<='] as const), a: x, b: y };
  }
}

function size(r: Rand, action: Rule['action'], stop: boolean): Rule['size'] {
  if (action === 'exit') return undefined;
  if (stop && (action === 'buy' || action === 'short') && chance(r, 0.25))
    return { risk: pick(r, [0.01, 0.005, 0.02, Math.max(0.0001, r() * 0.1)]) };
  return pick(r, [
    () => undefined,
    () => ({ percent: pick(r, [1, 0.5, 0.07, 0.333, Math.max(0.0001, r())]) }),
    () => ({ units: pick(r, [1, 10, 0.5, 1e-6 * int(r, 10, 99)]) }),
    () => ({ cash: pick(r, [1000, 250.5, 0.01 * int(r, 1, 999)]) }),
  ])();
}

function market(r: Rand): Market {
  const m: Market = pick(r, [
    { source: 'yahoo', symbol: pick(r, ['AAPL', '^GSPC', 'EURUSD=X', 'BRK-B']) },
    { source: 'ccxt', symbol: 'BTC/USDT' },
    { source: 'ccxt', symbol: 'ETH/USDT', exchange: 'kraken' },
    { source: 'csv', symbol: 'data/GOOG.csv' },
    { source: 'synthetic' },
  ] as Market[]);
  const timeframe = chance(r, 0.5)
    ? pick(r, ['1m', '15m', '1h', '4h', '1d', '1w', '1M'] as const)
    : undefined;
  const range = pick(r, [
    undefined,
    { from: '2015-01-01' },
    { from: '2016-03-04', to: '2020-12-31' },
    { to: '2019-06-30' },
    { lastYears: int(r, 1, 10) },
  ]);
  return { ...m, ...(timeframe && { timeframe }), ...(range && { range }) };
}

/** A random valid spec; `k` rotates which registry functions come first, so all get covered. */
export function randomSpec(r: Rand, k: number): StrategySpec {
  const g = new Gen(r, k);
  g.makeInputs();
  g.makeIndicators();
  const actions: Rule['action'][] = ['buy', 'sell', 'short', 'cover', 'exit'];
  // A stop as a percent or at a price (never both), a target likewise; exits after N bars.
  const stopAt = chance(r, 0.2);
  const targetAt = chance(r, 0.15);
  const risk = {
    ...(!stopAt && chance(r, 0.3) && { stopLoss: fraction(r, 0.5) }),
    ...(stopAt && { stopLossAt: g.price(true) }),
    ...(!targetAt && chance(r, 0.2) && { takeProfit: fraction(r, 5) }),
    ...(targetAt && { takeProfitAt: g.price(true) }),
    ...(chance(r, 0.2) && { trailingStop: fraction(r, 0.5) }),
    ...(chance(r, 0.15) && { exitAfter: pick(r, [1, 5, 10, 250]) }),
  };
  const stop = 'stopLoss' in risk || 'stopLossAt' in risk || 'trailingStop' in risk;
  const rules: Rule[] = [];
  const nRules = int(r, 1, 5);
  for (let i = 0; i < nRules; i++) {
    const action = i === 0 ? pick(r, ['buy', 'short'] as const) : pick(r, actions);
    const s = size(r, action, stop);
    const entry = action === 'buy' || action === 'short';
    const order: Rule['order'] =
      entry && chance(r, 0.3)
        ? {
            type: pick(r, ['limit', 'stop'] as const),
            price: g.price(false),
            ...(chance(r, 0.5) && { cancelAfter: pick(r, [1, 5, 20]) }),
          }
        : undefined;
    rules.push({ when: g.condition(1), action, ...(s && { size: s }), ...(order && { order }) });
  }
  const has = new Set(rules.map((x) => x.action));
  const risky = Object.keys(risk).length > 0;
  const longOk = !has.has('buy') || has.has('sell') || has.has('exit') || has.has('short') || risky;
  const shortOk = !has.has('short') || has.has('cover') || has.has('exit') || has.has('buy') || risky;
  if (!longOk || !shortOk) rules.push({ when: g.condition(1), action: 'exit' });
  const settings = {
    ...(chance(r, 0.4) && { capital: pick(r, [10000, 25000, 1234.56, 1e9]) }),
    ...(chance(r, 0.4) && { fee: pick(r, [0, 0.001, 0.0005, r() * 0.1]) }),
    ...(chance(r, 0.2) && { commission: pick(r, [0, 1, 2.5, 0.01 * int(r, 1, 999)]) }),
    ...(chance(r, 0.3) && { slippage: pick(r, [0, 0.0005, r() * 0.1]) }),
    ...(chance(r, 0.3) && { fill: pick(r, ['open', 'close'] as const) }),
    ...(chance(r, 0.3) && { units: pick(r, ['whole', 'fractional'] as const) }),
    ...(chance(r, 0.2) && { pyramiding: pick(r, [1, 2, 3, 1000]) }),
  };
  const indicators = [...g.indicators];
  if (chance(r, 0.5)) indicators.reverse();
  return {
    version: 1,
    name: pick(r, ['SMA cross', 'say "hi"', 'back\\slash', 'x', 'Ünïcode ✓']),
    market: market(r),
    settings,
    inputs: g.inputs,
    indicators,
    rules,
    risk,
  };
}
