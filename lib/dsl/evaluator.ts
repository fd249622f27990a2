// Vectorized evaluation of a checked program on bars: every expression is computed once over the whole
// series with the engine's series operations and kernels; nothing here loops over bars.
import type { Bars, HigherBars, KernelArg, KernelResult, SeriesCache } from '../engine';
import * as S from '../engine';
import { alignClosed, alignClosedMask, findTimeframe, memo, resampleBars } from '../engine';
import type { Call, Expr, StringLit } from './ast';
import { isPositionName } from './check-expr';
import type { Binding, CallInfo, CheckedProgram } from './checked';
import type { ConstValue } from './consts';
import { evalConst } from './consts';
import { DiagnosticBag } from './diagnostics';
import { type ChartTimeframe, chartProblem, chartTimeframe, sameTimeframe } from './htf';
import { argProblem, indexProblem } from './validate';

/** A runtime value: a constant, a numeric series, a boolean series, or the outputs of a tuple. */
export type Val = number | boolean | Float64Array | Uint8Array | readonly Float64Array[];

/** Structural keys longer than this are not built: such expressions are memoized by node instead. */
const MAX_KEY = 512;
const PREFIX = 'dsl:';

export interface EvalOptions {
  /** The chart's timeframe label (e.g. '1d'); unknown labels such as 'auto' are inferred from the bars. */
  readonly timeframe?: string;
}

/** An evaluator of htf's expressions on higher bars: its cache keys are its own, under its parent's. */
interface Nested {
  readonly prefix: string;
}

/** The bars each cache was filled from: a cache handed over with other bars is cleared, not trusted. */
const cacheBars = new WeakMap<SeriesCache, Bars>();

function maskEq(a: Uint8Array | boolean, b: Uint8Array | boolean, n: number, negate: boolean): Uint8Array {
  if (typeof a === 'boolean') return maskEq(b, a, n, negate);
  if (typeof b === 'boolean') return b !== negate ? a : S.not(a);
  const out = new Uint8Array(n);
  const want = negate ? 0 : 1;
  for (let i = 0; i < n; i++) out[i] = (a[i] === b[i] ? 1 : 0) === want ? 1 : 0;
  return out;
}

export class Evaluator {
  readonly n: number;
  readonly diags = new DiagnosticBag();
  private readonly consts = new Map<string, ConstValue>();
  private readonly keys = new Map<Expr, string | null>();
  private readonly byKey = new Map<string, Val>();
  private readonly byNode = new Map<Expr, Val>();
  private readonly cache: SeriesCache | undefined;
  private readonly prefix: string;
  private chart: ChartTimeframe | undefined;
  /** Per higher timeframe: its bars, and the evaluator of expressions on them. */
  private readonly higherFrames = new Map<string, { frame: HigherBars; ev: Evaluator }>();
  /** Value of a constant name (an input or a constant binding) in this run. */
  readonly lookup = (name: string): ConstValue | undefined => this.consts.get(name);

  constructor(
    private readonly checked: CheckedProgram,
    private readonly bars: Bars,
    private readonly inputs: ReadonlyMap<string, number>,
    cache?: SeriesCache,
    private readonly opts: EvalOptions = {},
    nested?: Nested,
  ) {
    this.n = bars.close.length;
    this.prefix = nested?.prefix ?? PREFIX;
    if (cache && !nested && cacheBars.get(cache) !== bars) {
      if (cacheBars.has(cache)) cache.clear();
      cacheBars.set(cache, bars);
    }
    this.cache = cache;
    // Constant bindings in program order: each may use the ones before it.
    for (const b of checked.bindings.values()) {
      if (b.input) this.consts.set(b.name, inputs.get(b.name) ?? b.input.default);
      else if (b.kind === 'const' || (b.type.t === 'bool' && !b.type.series)) {
        const v = evalConst(b.expr, this.lookup);
        if (v !== undefined) this.consts.set(b.name, v);
      }
    }
  }

  constValue(e: Expr): ConstValue | undefined {
    return evalConst(e, this.lookup);
  }

  private isConst(e: Expr): boolean {
    const t = this.checked.types.get(e);
    return !!t && (t.t === 'num' || t.t === 'bool') && !t.series;
  }

  /** A structural key such as `sma(close,10)`, with inputs replaced by their values; null if too long. */
  key(e: Expr): string | null {
    const hit = this.keys.get(e);
    if (hit !== undefined) return hit;
    let k = this.computeKey(e);
    if (k !== null && k.length > MAX_KEY) k = null;
    this.keys.set(e, k);
    return k;
  }

  private computeKey(e: Expr): string | null {
    if (this.isConst(e)) return String(this.constValue(e));
    const join = (head: string, parts: readonly (Expr | undefined | number)[]): string | null => {
      // Stryker disable next-line ArrayDeclaration: the same first part in every key keeps keys distinct
      const ks: string[] = [];
      for (const p of parts) {
        const k = p === undefined ? 'NaN' : typeof p === 'number' ? String(p) : this.key(p);
        if (k === null) return null;
        ks.push(k);
      }
      return `${head}(${ks.join(',')})`;
    };
    switch (e.kind) {
      case 'Name': {
        const b = this.checked.bindings.get(e.name);
        if (!b) return e.name;
        const k = this.key(b.expr);
        return k === null || b.output === undefined ? k : `${k}#${b.output}`;
      }
      // Stryker disable next-line StringLiteral: an unkeyed node is memoized by node instead (cost only)
      case 'Unary':
        // Stryker disable next-line StringLiteral,ConditionalExpression,EqualityOperator: '-' applies to numbers and 'not' to conditions, so their keys never meet
        return join(e.op === '-' ? 'neg' : 'not', [e.operand]);
      case 'Binary':
        return join(e.op, [e.left, e.right]);
      // Stryker disable next-line all: an unkeyed node is memoized by node instead (cost only)
      case 'Index':
        // Stryker disable next-line StringLiteral: no other key takes the form (target,index)
        return join('at', [e.target, e.index]);
      case 'Call': {
        const info = this.checked.calls.get(e);
        if (!info) return null;
        const tf = e.callee.name === 'htf' ? findTimeframe((info.args[0] as StringLit).value) : undefined;
        if (tf) return join(`htf:${tf.label}`, [info.args[1]]);
        return join(
          e.callee.name,
          info.args.map((a, i) => a ?? info.spec?.args[i].default),
        );
      }
      default:
        return null;
    }
  }

  /** Looks up an already computed value without computing it. */
  peek(e: Expr): Val | undefined {
    const k = this.key(e);
    return k === null ? this.byNode.get(e) : this.byKey.get(k);
  }

  value(e: Expr): Val {
    if (this.isConst(e)) {
      const v = this.constValue(e);
      return v === undefined ? Number.NaN : v;
    }
    const k = this.key(e);
    // Stryker disable next-line ConditionalExpression: a lookup that misses computes the value again (cost only)
    const hit = k === null ? this.byNode.get(e) : this.byKey.get(k);
    if (hit !== undefined) return hit;
    const v = this.compute(e);
    // Stryker disable next-line ConditionalExpression: a value stored where no lookup finds it is computed again (cost only)
    if (k === null) this.byNode.set(e, v);
    else this.byKey.set(k, v);
    return v;
  }

  /** A binding's value (a destructured name gives its output of the call). */
  binding(b: Binding): Val {
    const c = this.consts.get(b.name);
    if (c !== undefined) return c;
    const v = this.value(b.expr);
    return b.output === undefined ? v : (v as readonly Float64Array[])[b.output];
  }

  series(v: Val): Float64Array {
    if (typeof v === 'number') return S.constant(this.n, v);
    if (typeof v === 'boolean') return S.constant(this.n, v ? 1 : 0);
    if (v instanceof Uint8Array) return S.toNumber(v);
    return v as Float64Array;
  }

  mask(v: Val): Uint8Array {
    if (typeof v === 'boolean') return new Uint8Array(this.n).fill(v ? 1 : 0);
    if (v instanceof Uint8Array) return v;
    // A numeric condition can only be `na` itself (the checker allows nothing else): always false.
    return new Uint8Array(this.n);
  }

  private num(v: Val): S.Operand {
    // Stryker disable next-line all: a number or a condition as a series holds the same values (representation only)
    return typeof v === 'number' || v instanceof Float64Array ? v : this.series(v);
  }

  private bool(v: Val): S.BoolOperand {
    // Stryker disable next-line all: a constant condition as a mask holds the same values (representation only)
    return typeof v === 'boolean' || v instanceof Uint8Array ? v : this.mask(v);
  }

  private compute(e: Expr): Val {
    switch (e.kind) {
      case 'Name':
        return this.name(e.name);
      case 'Unary':
        return e.op === '-'
          ? S.neg(this.series(this.value(e.operand)))
          : S.not(this.mask(this.value(e.operand)));
      case 'Binary':
        return this.binary(e);
      case 'Index':
        return this.index(e);
      case 'Call':
        return this.call(e);
      default:
        return Number.NaN;
    }
  }

  private name(name: string): Val {
    const b = this.checked.bindings.get(name);
    if (b) return this.binding(b);
    const { bars } = this;
    switch (name) {
      case 'open':
      case 'high':
      case 'low':
      case 'close':
      case 'volume':
        return bars[name];
      case 'hl2':
        return this.cached('hl2', () => S.div(S.add(bars.high, bars.low), 2));
      case 'hlc3':
        return this.cached('hlc3', () => S.div(S.add(S.add(bars.high, bars.low), bars.close), 3));
      case 'ohlc4':
        return this.cached('ohlc4', () =>
          S.div(S.add(S.add(bars.open, bars.high), S.add(bars.low, bars.close)), 4),
        );
      case 'bar_index':
        return this.cached('bar_index', () => Float64Array.from({ length: this.n }, (_, i) => i));
      default:
        // The position state is read bar by bar by residual closures (residual.ts), never as a series.
        if (isPositionName(name)) throw new Error(`internal: ${name} evaluated as a whole series`);
        return Number.NaN;
    }
  }

  private cached<T>(key: string, make: () => T): T {
    return memo(this.cache, this.prefix + key, make);
  }

  private binary(e: Expr & { kind: 'Binary' }): Val {
    const a = this.value(e.left);
    const b = this.value(e.right);
    switch (e.op) {
      case 'and':
        return S.and(this.bool(a), this.bool(b));
      case 'or':
        return S.or(this.bool(a), this.bool(b));
      case '==':
      case '!=': {
        const boolA = typeof a === 'boolean' || a instanceof Uint8Array;
        if (boolA) return maskEq(this.bool(a), this.bool(b), this.n, e.op === '!=');
        return (e.op === '==' ? S.eq : S.ne)(this.num(a), this.num(b));
      }
      default: {
        const f = {
          '+': S.add,
          '-': S.sub,
          '*': S.mul,
          '/': S.div,
          '%': S.mod,
          '<': S.lt,
          '<=': S.le,
          '>': S.gt,
          '>=': S.ge,
        }[e.op];
        return f(this.num(a), this.num(b));
      }
    }
  }

  private index(e: Expr & { kind: 'Index' }): Val {
    const k = this.constValue(e.index);
    const problem = typeof k === 'number' ? indexProblem(k) : 'a history index must be a constant';
    const v = this.value(e.target);
    if (problem || typeof k !== 'number') {
      this.diags.add('lookahead', e.index.span, `${problem} (with these parameters)`);
      return v;
    }
    if (k === 0) return v;
    if (v instanceof Uint8Array) return S.shiftBool(v, k);
    if (v instanceof Float64Array) return S.shift(v, k);
    return v;
  }

  private call(e: Call): Val {
    const info = this.checked.calls.get(e) as CallInfo;
    if (e.callee.name === 'htf') return this.higher(info.args as Expr[], e);
    if (!info.spec) {
      // iff(cond, a, b); a constant condition was folded away by the checker's typing.
      const [c, x, y] = info.args as Expr[];
      const cond = this.value(c);
      const a = this.value(x);
      const b = this.value(y);
      const isBool = this.checked.types.get(e)?.t === 'bool';
      // The node is a series (else it was folded); a constant condition picking a constant branch
      // must still give a series, since operations on two constants are not defined on series.
      if (typeof cond === 'boolean') return isBool ? this.mask(cond ? a : b) : this.series(cond ? a : b);
      const m = this.mask(cond);
      return isBool ? S.iffBool(m, this.bool(a), this.bool(b)) : S.iff(m, this.num(a), this.num(b));
    }
    const spec = info.spec;
    const args: KernelArg[] = [];
    let bad = false;
    spec.args.forEach((a, i) => {
      const x = info.args[i];
      if (a.kind === 'series') {
        args.push(this.num(x ? this.value(x) : Number.NaN));
        return;
      }
      const v = x ? this.constValue(x) : a.default;
      const num = typeof v === 'number' ? v : Number.NaN;
      const problem = argProblem(spec, i, num);
      if (problem) {
        bad = true;
        this.diags.add('arg-range', (x ?? e).span, `${problem} (with these parameters)`, a.doc);
      }
      args.push(num);
    });
    if (bad) {
      // Evaluation goes on to report every problem; this placeholder is never used for results.
      if (spec.returns === 'boolean') return new Uint8Array(this.n);
      const nan = () => S.constant(this.n, Number.NaN);
      return spec.outputs.length > 1 ? spec.outputs.map(nan) : nan();
    }
    const k = this.key(e);
    const run = (): KernelResult => spec.compute(args, this.bars);
    const out = k === null ? run() : this.cached(k, run);
    return out as Val;
  }

  /**
   * htf(tf, x): x evaluated on the chart's bars resampled to tf, each higher bar's value shown on the chart
   * once that bar has closed (lib/engine/higher.ts); x itself on a chart of that timeframe.
   */
  private higher([tfArg, x]: readonly Expr[], e: Call): Val {
    const isBool = this.checked.types.get(e)?.t === 'bool';
    const to = findTimeframe((tfArg as StringLit).value);
    this.chart ??= chartTimeframe(this.bars.time, this.opts.timeframe);
    const problem = to ? chartProblem(to, this.chart) : { message: 'unknown timeframe', hint: '' };
    if (!to || problem) {
      this.diags.add('htf-lower', tfArg.span, problem!.message, problem!.hint);
      return isBool ? new Uint8Array(this.n) : S.constant(this.n, Number.NaN);
    }
    const chart = this.chart.tf;
    if (chart && sameTimeframe(to, chart)) {
      const v = this.value(x);
      return isBool ? this.mask(v) : this.series(v);
    }
    const { frame, ev } = this.higherFrame(to.label);
    const v = ev.value(x);
    for (const d of ev.diags.list) this.diags.add(d.code, d.span, d.message, d.hint);
    ev.diags.list.length = 0;
    return isBool ? alignClosedMask(ev.mask(v), frame.closed) : alignClosed(ev.series(v), frame.closed);
  }

  private higherFrame(label: string): { frame: HigherBars; ev: Evaluator } {
    let hit = this.higherFrames.get(label);
    if (hit) return hit;
    const chart = this.chart?.tf ?? null;
    const at = `${label}@${chart?.label ?? '?'}`;
    const frame = this.cached(`htf-bars:${at}`, () => resampleBars(this.bars, findTimeframe(label)!, chart));
    const ev = new Evaluator(this.checked, frame.bars, this.inputs, this.cache, this.opts, {
      prefix: `${this.prefix}htf:${at}:`,
    });
    hit = { frame, ev };
    this.higherFrames.set(label, hit);
    return hit;
  }
}
