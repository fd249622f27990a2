// Compiles a checked program to the engine: order rules (boolean masks), settings, named series and
// the warm-up, for given bars and parameters. Evaluation is vectorized (see evaluator.ts).

import type { Bars, OrderRule, SeriesCache, Settings } from '../engine';
import * as S from '../engine';
import { getFunction } from '../engine';
import type { Expr } from './ast';
import type { CheckedProgram, CheckedRule, Guard, InputInfo } from './checked';
import { estimateWork, type WorkEstimate } from './cost';
import type { Diagnostic, Span } from './diagnostics';
import { DiagnosticBag, hasErrors, suggestion } from './diagnostics';
import { type EvalOptions, Evaluator } from './evaluator';
import { comparedLevels } from './levels';
import { Residuals } from './residual';
import { resolveSettings } from './settings';
import { barsProblem, sizeProblem } from './validate';

export interface NamedSeries {
  readonly name: string;
  readonly values: Float64Array | Uint8Array;
  readonly kind: 'number' | 'boolean';
  /** The function the binding calls at its top (e.g. 'sma'), or null for arithmetic and built-ins. */
  readonly fn: string | null;
  /** For a destructured name, which output of the function (e.g. 'signal'). */
  readonly output: string | null;
  /** Where a chart draws it: over the prices, or in a pane of its own. A heuristic, see paneOf. */
  readonly pane: 'price' | 'separate';
  readonly span: Span;
}

export interface EvalResult {
  /** One per order statement, in program order. Arrays may be shared with the cache: read only. */
  readonly rules: OrderRule[];
  readonly settings: Settings;
  /** Every non-constant binding, in program order. */
  readonly series: Readonly<Record<string, NamedSeries>>;
  /** First bar at which every indicator the rules use is defined (backtesting.py's convention). */
  readonly warmup: number;
  /** The value of every input in this run. */
  readonly params: Readonly<Record<string, number>>;
  /** Per named series, the constants the program compares it with (levels.ts): the chart's level lines. */
  readonly levels: Readonly<Record<string, number[]>>;
}

export interface EvalFailure {
  readonly diagnostics: Diagnostic[];
}

export interface CompiledStrategy {
  readonly title: string;
  readonly inputs: readonly InputInfo[];
  /** Settings with every input at its default. */
  readonly settings: Settings;
  /** What a run on `bars` bars would compute (cost.ts), to refuse it before it runs. */
  estimate(bars: number): WorkEstimate;
  /** `opts.timeframe`: the chart's timeframe for htf(...), when the data says it (else inferred from the bars). */
  evaluate(
    bars: Bars,
    params?: Readonly<Record<string, number>>,
    cache?: SeriesCache,
    opts?: EvalOptions,
  ): EvalResult | EvalFailure;
}

export function isEvalFailure(r: EvalResult | EvalFailure): r is EvalFailure {
  return 'diagnostics' in r;
}

const START: Span = { line: 1, col: 1, offset: 0, length: 0 };

/** Input values for a run: defaults overridden by params, each checked against its input's range. */
export function resolveParams(
  inputs: readonly InputInfo[],
  params: Readonly<Record<string, number>>,
): { values: Map<string, number>; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const values = new Map(inputs.map((i) => [i.name, i.default]));
  const byName = new Map(inputs.map((i) => [i.name, i]));
  for (const [name, v] of Object.entries(params)) {
    const input = byName.get(name);
    if (!input) {
      const sug = suggestion(name, byName.keys());
      const known = inputs.length
        ? `the inputs are ${inputs.map((i) => i.name).join(', ')}`
        : 'the program has no inputs';
      bag.add('unknown-param', START, `unknown parameter '${name}'${sug.text}`, known);
      continue;
    }
    const range = `${input.min ?? '-∞'}..${input.max ?? '∞'}`;
    let problem: string | undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) problem = `${name} must be a number, got ${String(v)}`;
    else if ((input.min !== undefined && v < input.min) || (input.max !== undefined && v > input.max)) {
      problem = `${name}=${v} is outside its range ${range}`;
    } else if (input.integer && !Number.isInteger(v)) problem = `${name} must be a whole number, got ${v}`;
    if (problem) bag.add('bad-param', input.span, problem, `declared on line ${input.span.line}`);
    else values.set(name, v);
  }
  return { values, diagnostics: bag.list };
}

/** Compiles a checked program; throws if the checker reported errors (compile only `ok` programs). */
export function compile(checked: CheckedProgram): CompiledStrategy {
  if (!checked.ok) {
    throw new Error(
      'compile: the program has errors; check it and report its diagnostics instead of compiling',
    );
  }
  const reachable = reachableCalls(checked);
  return {
    title: checked.title,
    inputs: checked.inputs,
    settings: checked.settings,
    estimate: (bars) => estimateWork(checked, bars),
    evaluate: (bars, params = {}, cache, opts) => evaluate(checked, reachable, bars, params, cache, opts),
  };
}

/**
 * Numeric function calls the rules depend on (through bindings too): the warm-up is measured on them;
 * htf(...) counts as one (its first closed higher bar), the calls inside it run on other bars.
 */
function reachableCalls(checked: CheckedProgram): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<Expr>();
  const walk = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    switch (e.kind) {
      case 'Name': {
        const b = checked.bindings.get(e.name);
        if (b && !b.input) walk(b.expr);
        return;
      }
      case 'Unary':
        walk(e.operand);
        return;
      case 'Binary':
        walk(e.left);
        walk(e.right);
        return;
      case 'Index':
        walk(e.target);
        walk(e.index);
        return;
      case 'Call': {
        if (e.callee.name === 'htf') {
          if (checked.types.get(e)?.t === 'num') out.push(e);
          return;
        }
        const spec = getFunction(e.callee.name);
        if (spec && spec.returns === 'number') out.push(e);
        for (const a of e.args) walk(a.value);
        return;
      }
      default:
        return;
    }
  };
  for (const r of checked.rules) {
    for (const g of r.guards) walk(g.expr);
    if (r.price) walk(r.price.expr);
    for (const e of Object.values(r.brackets ?? {})) walk(e);
  }
  for (const e of Object.values(checked.riskPrices)) walk(e);
  return out;
}

function checkBars(bars: Bars): void {
  const n = bars.close.length;
  for (const k of ['time', 'open', 'high', 'low', 'volume'] as const) {
    if (bars[k].length !== n) {
      throw new RangeError(
        `bars.${k} has ${bars[k].length} values but bars.close has ${n}: every column needs one per bar`,
      );
    }
  }
}

function evaluate(
  checked: CheckedProgram,
  reachable: readonly Expr[],
  bars: Bars,
  params: Readonly<Record<string, number>>,
  cache: SeriesCache | undefined,
  opts: EvalOptions = {},
): EvalResult | EvalFailure {
  checkBars(bars);
  const p = resolveParams(checked.inputs, params);
  if (p.diagnostics.length) return { diagnostics: p.diagnostics };
  const ev = new Evaluator(checked, bars, p.values, cache, opts);
  const report = (code: Diagnostic['code'], span: Span, msg: string) =>
    ev.diags.add(code, span, `${msg} (with these parameters)`);
  const { settings, size: defaultSize } = resolveSettings(
    checked.settingExprs,
    checked.riskExprs,
    ev.lookup,
    report,
    checked.exitAfter,
  );
  const residuals = new Residuals(checked, ev);
  const { stop_loss: stopLoss, take_profit: takeProfit } = checked.riskPrices;
  const stopLossAt = stopLoss && residuals.price(stopLoss);
  const takeProfitAt = takeProfit && residuals.price(takeProfit);

  const masks = new Map<string, Uint8Array>();
  const ids = new Map<Expr, number>();
  const guardMask = (guards: readonly Guard[]): Uint8Array => {
    let key = '';
    let acc: Uint8Array | null = null;
    for (const g of guards) {
      if (!ids.has(g.expr)) ids.set(g.expr, ids.size);
      key += `${g.negate ? '!' : ''}${ids.get(g.expr)}&`;
      const hit = masks.get(key);
      if (hit) {
        acc = hit;
        continue;
      }
      const m0 = ev.mask(ev.value(g.expr));
      const m = g.negate ? S.not(m0) : m0;
      acc = acc ? S.and(acc, m) : m;
      masks.set(key, acc);
    }
    return acc ?? new Uint8Array(ev.n).fill(1);
  };

  const rules: OrderRule[] = checked.rules.map((r) => {
    let value = defaultSize;
    if (r.size.expr) {
      const v = ev.constValue(r.size.expr);
      value = typeof v === 'number' ? v : Number.NaN;
      const problem = sizeProblem(r.size.kind, value);
      if (problem) report('size', r.size.expr.span, problem);
    }
    const size = { kind: r.size.kind, value };
    const { vector, position } = split(checked, r.guards);
    const rule: OrderRule = { kind: r.kind, size, when: guardMask(vector) };
    const own = r.brackets ?? {};
    const sl = own.stop_loss ? residuals.price(own.stop_loss) : stopLossAt;
    const tp = own.take_profit ? residuals.price(own.take_profit) : takeProfitAt;
    const bracket = isEntry(r) && (sl || tp);
    if (!position.length && !r.price && !bracket) return rule;
    const extra: { -readonly [K in keyof OrderRule]?: OrderRule[K] } = {};
    if (position.length) extra.also = positionCondition(residuals, position);
    if (r.price) {
      extra[r.price.kind] = residuals.price(r.price.expr);
      const wait = r.price.cancelAfter;
      if (wait) {
        const v = ev.constValue(wait);
        const problem = typeof v === 'number' ? barsProblem('cancel_after', v) : 'cancel_after';
        if (problem) report('order-price', wait.span, problem);
        else extra.cancelAfter = v as number;
      }
    }
    if (isEntry(r) && sl) extra.stopLossAt = sl;
    if (isEntry(r) && tp) extra.takeProfitAt = tp;
    return { ...rule, ...extra };
  });

  const series: Record<string, NamedSeries> = {};
  for (const b of checked.bindings.values()) {
    if (b.input || !(b.type.t === 'num' || b.type.t === 'bool') || !b.type.series) continue;
    if (checked.positional.has(b.expr)) continue; // known bar by bar during the simulation only
    const v = ev.binding(b);
    const isBool = b.type.t === 'bool';
    const mask = isBool ? ev.mask(v) : null;
    const num = isBool ? null : ev.series(v);
    const fn = b.expr.kind === 'Call' ? b.expr.callee.name : null;
    const spec = fn ? getFunction(fn) : undefined;
    series[b.name] = {
      name: b.name,
      values: mask ?? num!,
      kind: isBool ? 'boolean' : 'number',
      fn,
      output: b.output !== undefined && spec ? spec.outputs[b.output] : null,
      pane: num ? paneOf(num, bars.close, spec?.overlay) : 'separate',
      span: b.span,
    };
  }
  if (hasErrors(ev.diags.list)) return { diagnostics: ev.diags.list };

  let warmup = 0;
  for (const e of reachable) {
    const v = ev.peek(e);
    const outs = v instanceof Float64Array ? [v] : Array.isArray(v) ? (v as Float64Array[]) : [];
    for (const o of outs) warmup = Math.max(warmup, S.firstDefined(o));
  }
  const levels = comparedLevels(checked, (e) => ev.constValue(e));
  return { rules, settings, series, warmup, params: Object.fromEntries(p.values), levels };
}

const isEntry = (r: CheckedRule) => r.kind === 'buy' || r.kind === 'short';

/**
 * A rule's guards split into what is vectorized (a mask, computed once as for any program) and what reads
 * the position (evaluated as the simulation walks). A guard that reads the position gives its
 * position-free conjuncts (`a and b and …`) to the mask; a negated one (an elif's earlier branch) goes
 * whole to the residual, since not (a and b) does not split into an and.
 */
function split(checked: CheckedProgram, guards: readonly Guard[]): { vector: Guard[]; position: Guard[] } {
  const vector: Guard[] = [];
  const position: Guard[] = [];
  const conjuncts = (e: Expr): void => {
    if (e.kind === 'Binary' && e.op === 'and' && checked.positional.has(e)) {
      conjuncts(e.left);
      conjuncts(e.right);
    } else (checked.positional.has(e) ? position : vector).push({ expr: e, negate: false });
  };
  for (const g of guards) {
    if (!checked.positional.has(g.expr)) vector.push(g);
    else if (g.negate) position.push(g);
    else conjuncts(g.expr);
  }
  return { vector, position };
}

function positionCondition(residuals: Residuals, parts: readonly Guard[]): OrderRule['also'] {
  // The usual forms as data the simulator reads itself (no call per bar); anything else as a closure.
  if (parts.length === 1 && !parts[0].negate) {
    const test = residuals.test(parts[0].expr);
    if (test) return test;
  }
  const fs = parts.map((g) => {
    const f = residuals.condition(g.expr);
    return g.negate ? (t: number, s: Float64Array) => !f(t, s) : f;
  });
  if (fs.length === 1) return fs[0];
  return (t, s) => {
    for (const f of fs) if (!f(t, s)) return false;
    return true;
  };
}

/**
 * Chart placement: functions on a scale of their own (the registry's `overlay`: oscillators, adx, dmi,
 * events) get their own pane; anything else goes over the prices when its typical value is close to
 * the close's (moving averages, bands, channels, vwap, supertrend's line but not its direction, sar).
 * Medians of at most 256 evenly spaced defined values keep this cheap on a million bars.
 */
function paneOf(v: Float64Array, close: Float64Array, overlay: boolean | undefined): 'price' | 'separate' {
  if (overlay === false) return 'separate';
  const a = sampleMedian(v);
  const c = sampleMedian(close);
  return a > 0 && c > 0 && a / c > 0.5 && a / c < 2 ? 'price' : 'separate';
}

// Series are shared across evaluations (the cache), and so is their median: a sweep re-evaluates a
// program thousands of times on the same bars.
const medians = new WeakMap<Float64Array, number>();

function sampleMedian(v: Float64Array): number {
  let m = medians.get(v);
  if (m === undefined) {
    m = computeMedian(v);
    medians.set(v, m);
  }
  return m;
}

function computeMedian(v: Float64Array): number {
  const step = Math.max(1, Math.floor(v.length / 256));
  const xs: number[] = [];
  for (let i = 0; i < v.length; i += step) if (!Number.isNaN(v[i])) xs.push(v[i]);
  if (xs.length === 0) return Number.NaN;
  xs.sort((x, y) => x - y);
  return xs[xs.length >> 1];
}
