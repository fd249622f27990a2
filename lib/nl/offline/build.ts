// From parsed operands and conditions to spec parts: one indicator per distinct series (tuple outputs of
// one call share their inputs), readable ids ("fast"/"slow", "rsi_line", "macd_line"), and an input with
// a sensible slider range for every period and threshold. Works on top of an existing spec for revisions.
import { BUILTIN_SERIES, KEYWORDS } from '../../dsl';
import { getFunction } from '../../engine';
import type { Action, Condition, Indicator, Input, Operand, StrategySpec } from '../../schema';
import { LIMITS } from '../../schema';
import { paramInput, paramTitle, seriesBase, thresholdInput, thresholdTitle } from './inputs';
import type { Cond, Opnd } from './ir';
import { isMovingAverage, takesSource } from './lexicon';

const TUPLE_IDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  macd: { macd: 'macd_line', signal: 'signal_line', hist: 'macd_hist' },
  bb: { mid: 'bb_mid', upper: 'bb_upper', lower: 'bb_lower' },
  stoch: { k: 'stoch_k', d: 'stoch_d' },
};
const RESERVED = new Set<string>([
  ...KEYWORDS,
  ...BUILTIN_SERIES,
  'strategy',
  'input',
  'na',
  'iff',
  'buy',
  'sell',
  'short',
  'cover',
  'exit',
  'stop_loss',
  'take_profit',
  'trailing_stop',
  'market',
]);

/** Key of an indicator call: function, source, parameters, output, and (for highest/lowest) offset. */
function key(o: Opnd): string {
  if (o.k === 'field') return `f:${o.field}:${o.offset}`;
  if (o.k === 'num') return `n:${o.v}`;
  return `i:${o.fn}(${o.src ? key(o.src) : ''};${o.params.join(',')})${o.output ?? ''}[${indOffset(o)}]`;
}

/** Only breakout levels carry their offset on the indicator (`highest(high, 20)[1]`); others on the operand. */
const indOffset = (o: Opnd & { k: 'ind' }) => (o.fn === 'highest' || o.fn === 'lowest' ? o.offset : 0);
const callKey = (o: Opnd & { k: 'ind' }) => key({ ...o, output: undefined, offset: indOffset(o) });

function walk(c: Cond, f: (o: Opnd) => void): void {
  if ('args' in c) for (const x of c.args) walk(x, f);
  else if ('b' in c) {
    f(c.a);
    f(c.b);
  } else f(c.a);
}

/** A spec's indicators as parser operands (inputs replaced by their values), by id. */
export function specIR(spec: StrategySpec): Map<string, Opnd> {
  const byId = new Map(spec.indicators.map((i) => [i.id, i]));
  const inputs = new Map(spec.inputs.map((i) => [i.name, i.value]));
  const memo = new Map<string, Opnd | undefined>();
  const toIR = (id: string, depth: number): Opnd | undefined => {
    if (memo.has(id)) return memo.get(id);
    const ind = byId.get(id);
    const f = ind && getFunction(ind.fn);
    if (!ind || !f || depth > 8) return undefined;
    let src: Opnd | undefined;
    const params: number[] = [];
    for (let k = 0; k < f.args.length; k++) {
      const a = ind.args[k] ?? (f.args[k].default !== undefined ? { value: f.args[k].default! } : undefined);
      if (!a) return undefined;
      if (f.args[k].kind === 'series') {
        if ('field' in a) src = { k: 'field', field: a.field, offset: a.offset ?? 0 };
        else if ('indicator' in a) {
          const s = toIR(a.indicator, depth + 1);
          if (s?.k !== 'ind') return undefined;
          src = a.offset ? { ...s, offset: s.offset + a.offset } : s;
        } else return undefined;
      } else if ('value' in a) params.push(a.value);
      else if ('input' in a && inputs.has(a.input)) params.push(inputs.get(a.input)!);
      else return undefined;
    }
    const o: Opnd = { k: 'ind', fn: ind.fn, src, params, output: ind.output, offset: ind.offset ?? 0 };
    memo.set(id, o);
    return o;
  };
  const out = new Map<string, Opnd>();
  for (const ind of spec.indicators) {
    const o = toIR(ind.id, 0);
    if (o) out.set(ind.id, o);
  }
  return out;
}

export class Assembler {
  readonly inputs: Input[];
  readonly indicators: Indicator[];
  private readonly taken = new Set<string>();
  private readonly ids = new Map<string, string>();
  /** Inputs of a call's parameters, shared by the outputs of one tuple call. */
  private readonly params = new Map<string, Operand[]>();
  private readonly planned = new Map<string, string>();

  constructor(base?: StrategySpec) {
    this.inputs = base ? [...base.inputs] : [];
    this.indicators = base ? [...base.indicators] : [];
    for (const i of this.inputs) this.taken.add(i.name);
    for (const i of this.indicators) this.taken.add(i.id);
    if (base) this.learn(base);
  }

  /** Keys of the base spec's indicators, so that new mentions of the same series reuse them. */
  private learn(base: StrategySpec): void {
    const ir = specIR(base);
    for (const ind of base.indicators) {
      const o = ir.get(ind.id);
      if (o?.k !== 'ind' || (o.offset !== 0 && o.fn !== 'highest' && o.fn !== 'lowest')) continue;
      if (!this.ids.has(key(o))) this.ids.set(key(o), ind.id);
      const call = callKey(o);
      const f = getFunction(ind.fn)!;
      if (!this.params.has(call))
        this.params.set(
          call,
          ind.args.filter((_, k) => f.args[k]?.kind !== 'series'),
        );
    }
  }

  private fresh(base: string): string {
    let n = base;
    for (let k = 2; this.taken.has(n) || RESERVED.has(n) || getFunction(n); k++) n = `${base}_${k}`;
    this.taken.add(n);
    return n;
  }

  /** Chooses ids for moving averages before assembling: the shorter of two is "fast", the longer "slow". */
  plan(conds: readonly Cond[]): void {
    const mas = new Map<string, Opnd & { k: 'ind' }>();
    const visit = (o: Opnd) => {
      if (o.k !== 'ind') return;
      if (o.src) visit(o.src);
      if (isMovingAverage(o.fn) && !this.ids.has(key({ ...o, offset: 0 })))
        mas.set(key({ ...o, offset: 0 }), o);
    };
    for (const c of conds) walk(c, visit);
    const list = [...mas.entries()];
    if (
      list.length === 2 &&
      list[0][1].params[0] !== list[1][1].params[0] &&
      !this.taken.has('fast') &&
      !this.taken.has('slow')
    ) {
      const [x, y] = list[0][1].params[0] < list[1][1].params[0] ? list : [list[1], list[0]];
      this.planned.set(x[0], 'fast');
      this.planned.set(y[0], 'slow');
    } else for (const [k] of list) this.planned.set(k, 'ma');
  }

  private input(make: (name: string) => Input, base: string): Operand | undefined {
    if (this.inputs.length >= LIMITS.inputs) return undefined;
    const inp = make(this.fresh(base));
    this.inputs.push(inp);
    return { input: inp.name };
  }

  /** The id of the indicator for `o` (created, with its inputs, if new). */
  private indicator(o: Opnd & { k: 'ind' }): string {
    const k = key({ ...o, offset: indOffset(o) });
    const known = this.ids.get(k);
    if (known) return known;
    const f = getFunction(o.fn)!;
    const tuple = TUPLE_IDS[o.fn];
    const base =
      this.planned.get(key({ ...o, offset: 0 })) ??
      (f.outputs.length > 1
        ? (tuple?.[o.output ?? ''] ?? `${o.fn}_${o.output}`)
        : o.fn === 'highest' || o.fn === 'lowest'
          ? `${o.fn}_${o.src?.k === 'field' ? o.src.field : 'value'}`
          : `${o.fn}_line`);
    const src = o.src && takesSource(o.fn) ? this.operand(o.src) : undefined;
    const call = callKey(o);
    let consts = this.params.get(call);
    if (!consts) {
      const stem = f.outputs.length > 1 ? o.fn : base.replace(/_line$/, '');
      const cargs = f.args.filter((a) => a.kind !== 'series');
      consts = cargs.map((a, j) => {
        const v = o.params[j];
        const name = `${stem}_${a.name === 'n' ? 'len' : a.name}`;
        return this.input((nm) => paramInput(nm, paramTitle(stem, o.fn, a), v, a), name) ?? { value: v };
      });
      this.params.set(call, consts);
    }
    const args: Operand[] = [];
    let ci = 0;
    for (const a of f.args) args.push(a.kind === 'series' ? (src ?? { field: 'close' }) : consts[ci++]);
    const id = this.fresh(base);
    const off = indOffset(o);
    this.indicators.push({
      id,
      fn: o.fn,
      args,
      ...(o.output && { output: o.output }),
      ...(off && { offset: off }),
    });
    this.ids.set(k, id);
    return id;
  }

  operand(o: Opnd, threshold?: { of: Opnd; action: Action }): Operand {
    if (o.k === 'field') return o.offset ? { field: o.field, offset: o.offset } : { field: o.field };
    if (o.k === 'num') {
      if (!threshold || o.v === 0) return { value: o.v };
      const { of, action } = threshold;
      return (
        this.input(
          (nm) => thresholdInput(nm, thresholdTitle(of, action), o.v, of),
          `${seriesBase(of)}_${action}`,
        ) ?? { value: o.v }
      );
    }
    const id = this.indicator(o);
    const off = o.offset - indOffset(o);
    return off ? { indicator: id, offset: off } : { indicator: id };
  }

  condition(c: Cond, action: Action): Condition {
    switch (c.op) {
      case 'and':
      case 'or':
        return { op: c.op, args: c.args.map((x) => this.condition(x, action)) };
      case 'rising':
      case 'falling': {
        const a = this.operand(c.a);
        const n = this.input(
          (nm) => paramInput(nm, `${seriesBase(c.a)} ${c.op} bars`, c.n, getFunction('rising')!.args[1]),
          `${seriesBase(c.a)}_${c.op}_bars`,
        ) ?? { value: c.n };
        return { op: c.op, a, n };
      }
      default: {
        const a = c.a.k === 'num' ? this.operand(c.a, { of: c.b, action }) : this.operand(c.a);
        const b = c.b.k === 'num' ? this.operand(c.b, { of: c.a, action }) : this.operand(c.b);
        return { op: c.op, a, b };
      }
    }
  }
}
