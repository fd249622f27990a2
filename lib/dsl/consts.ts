// Constant folding and argument ordering, shared by the checker (inputs at their defaults) and the
// compiler (inputs at the run's parameters). Arithmetic on constants goes through the engine's series
// operations on one-element arrays, so that constants and series follow exactly the same rules.

import type { Bars, FunctionSpec } from '../engine';
import * as S from '../engine';
import { getFunction } from '../engine';
import type { Arg, Call, Expr } from './ast';
import type { DiagnosticCode, Span } from './diagnostics';
import { suggestion } from './diagnostics';
import { argProblem } from './validate';

export type ConstValue = number | boolean;
/** Value of a name when it is a constant (an input or a constant binding), else undefined. */
export type NameValue = (name: string) => ConstValue | undefined;

const ONE = (): Float64Array => new Float64Array(1).fill(Number.NaN);
const ONE_BAR: Bars = { time: ONE(), open: ONE(), high: ONE(), low: ONE(), close: ONE(), volume: ONE() };

function arith(op: string, a: number, b: number): number {
  const x = Float64Array.of(a);
  switch (op) {
    case '+':
      return S.add(x, b)[0];
    case '-':
      return S.sub(x, b)[0];
    case '*':
      return S.mul(x, b)[0];
    case '/':
      return S.div(x, b)[0];
    default:
      return S.mod(x, b)[0];
  }
}

function compare(op: string, a: number, b: number): boolean {
  const x = Float64Array.of(a);
  const f = { '<': S.lt, '<=': S.le, '>': S.gt, '>=': S.ge, '==': S.eq, '!=': S.ne }[op];
  return f ? f(x, b)[0] === 1 : false;
}

/** The value of a constant expression, or undefined when it is not constant (or not well typed). */
export function evalConst(e: Expr, names: NameValue): ConstValue | undefined {
  switch (e.kind) {
    case 'Number':
    case 'Bool':
      return e.value;
    case 'Name':
      return e.name === 'na' ? Number.NaN : names(e.name);
    case 'Unary': {
      const v = evalConst(e.operand, names);
      if (e.op === 'not') return typeof v === 'boolean' ? !v : undefined;
      return typeof v === 'number' ? -v : undefined;
    }
    case 'Binary': {
      const a = evalConst(e.left, names);
      if (a === undefined) return undefined;
      const b = evalConst(e.right, names);
      if (b === undefined) return undefined;
      if (e.op === 'and' || e.op === 'or') {
        if (typeof a !== 'boolean' || typeof b !== 'boolean') return undefined;
        return e.op === 'and' ? a && b : a || b;
      }
      if (typeof a === 'number' && typeof b === 'number') {
        return '+-*/%'.includes(e.op) ? arith(e.op, a, b) : compare(e.op, a, b);
      }
      if (typeof a === 'boolean' && typeof b === 'boolean' && (e.op === '==' || e.op === '!=')) {
        return e.op === '==' ? a === b : a !== b;
      }
      return undefined;
    }
    case 'Index':
      // A constant is the same on every bar, so its history is itself.
      return evalConst(e.target, names);
    case 'Call':
      return callConst(e, names);
    default:
      return undefined;
  }
}

function callConst(e: Call, names: NameValue): ConstValue | undefined {
  if (e.callee.name === 'iff') {
    if (e.args.length !== 3 || e.args.some((a) => a.name)) return undefined;
    const c = evalConst(e.args[0].value, names);
    if (typeof c !== 'boolean') return undefined;
    return evalConst(e.args[c ? 1 : 2].value, names);
  }
  const spec = getFunction(e.callee.name);
  if (!spec?.elementwise || spec.returns !== 'number' || spec.outputs.length !== 1) return undefined;
  const { args, problems } = orderArgs(spec, e);
  if (problems.length) return undefined;
  const vals: number[] = [];
  for (let i = 0; i < spec.args.length; i++) {
    const a = args[i];
    const v = a ? evalConst(a, names) : spec.args[i].default;
    if (typeof v !== 'number') return undefined;
    vals.push(v);
  }
  // Bounds are checked first: the kernel throws on arguments outside them.
  if (vals.some((v, i) => spec.args[i].kind !== 'series' && argProblem(spec, i, v) !== undefined))
    return undefined;
  const out = spec.compute(
    vals.map((v, i) => (spec.args[i].kind === 'series' ? Float64Array.of(v) : v)),
    ONE_BAR,
  );
  return out instanceof Float64Array ? out[0] : undefined;
}

export interface ArgProblem {
  readonly code: DiagnosticCode;
  readonly span: Span;
  readonly message: string;
  readonly hint?: string;
}

/** `sma(src, n)` or `change(src, n=1)`: the signature for messages. */
export function signature(spec: FunctionSpec): string {
  const ps = spec.args.map((a) => (a.default === undefined ? a.name : `${a.name}=${a.default}`));
  return `${spec.name}(${ps.join(', ')})`;
}

/**
 * Places positional and keyword arguments in the registry's order. Problems (too many or too few
 * arguments, unknown or repeated keywords) are returned for the checker to report.
 */
export function orderArgs(
  spec: FunctionSpec,
  call: Call,
): { args: (Expr | undefined)[]; problems: ArgProblem[] } {
  const args: (Expr | undefined)[] = spec.args.map(() => undefined);
  const problems: ArgProblem[] = [];
  const given: (Arg | undefined)[] = spec.args.map(() => undefined);
  const required = spec.args.filter((a) => a.default === undefined).length;
  const range = required === spec.args.length ? `${required}` : `${required} to ${spec.args.length}`;
  const arity = (span: Span, got: number) =>
    problems.push({
      code: 'arity',
      span,
      message: `${spec.name} takes ${range} argument${spec.args.length === 1 ? '' : 's'}, got ${got}`,
      hint: `${signature(spec)}: ${spec.summary}`,
    });
  let pos = 0;
  for (const a of call.args) {
    if (a.name) {
      const k = spec.args.findIndex((s) => s.name === a.name!.name);
      if (k < 0) {
        const names = spec.args.map((s) => s.name);
        const sug = suggestion(a.name.name, names);
        problems.push({
          code: 'unknown-keyword',
          span: a.name.span,
          message: `${spec.name} has no argument '${a.name.name}'${sug.text}`,
          hint: names.length ? `its arguments are ${signature(spec)}` : `${spec.name}() takes no arguments`,
        });
      } else if (given[k]) {
        problems.push({
          code: 'duplicate-keyword',
          span: a.name.span,
          message: `argument '${a.name.name}' of ${spec.name} is given twice`,
          hint: 'remove one of them',
        });
      } else {
        given[k] = a;
        args[k] = a.value;
      }
      continue;
    }
    if (pos < spec.args.length) {
      given[pos] = a;
      args[pos] = a.value;
    }
    pos++;
  }
  const positional = call.args.filter((a) => !a.name).length;
  if (positional > spec.args.length) {
    const extra = call.args.filter((a) => !a.name)[spec.args.length];
    arity(extra.span, call.args.length);
  } else {
    const missing = spec.args.findIndex((s, i) => s.default === undefined && !given[i]);
    if (missing >= 0) arity(call.span, call.args.length);
  }
  return { args, problems };
}
