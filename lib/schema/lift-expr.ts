// Lifting expressions of a checked program to the schema's operands and conditions. Whatever goes
// beyond the schema is reported through ctx.reason (with its line) and gives null.
import type { Call, CheckedProgram, Expr, Span } from '../dsl';
import { printExpr } from '../dsl';
import { findTimeframe } from '../engine';
import { eventFn, FIELDS, TIMEFRAMES } from './consts';
import type { Condition, Operand } from './spec';
import { COMPARE_OPS, CROSS_OPS } from './spec';

export interface LiftCtx {
  readonly checked: CheckedProgram;
  readonly inputs: ReadonlySet<string>;
  readonly indicators: ReadonlySet<string>;
  /** Bindings already reported as not expressible: their uses are not reported again. */
  readonly failed: ReadonlySet<string>;
  reason(span: Span, what: string, hint?: string): void;
}

const SHOW = 40;
export const show = (e: Expr) => {
  const t = printExpr(e);
  return t.length > SHOW ? `${t.slice(0, SHOW - 3)}...` : t;
};

const isField = (n: string): n is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(n);

/** Registry-ordered arguments of a call, trailing omitted (defaulted) ones dropped; null if one is missing inside. */
export function callArgs(ctx: LiftCtx, call: Call): Expr[] | null {
  const info = ctx.checked.calls.get(call);
  if (!info) return null;
  const args = [...info.args];
  while (args.length && args[args.length - 1] === undefined) args.pop();
  if (args.some((a) => a === undefined)) {
    ctx.reason(
      call.span,
      `an omitted argument before a given one (${show(call)})`,
      'give the arguments in order',
    );
    return null;
  }
  return args as Expr[];
}

function arithmetic(ctx: LiftCtx, e: Expr): null {
  const t = ctx.checked.types.get(e);
  const onSeries = t && 'series' in t && t.series;
  ctx.reason(e.span, `arithmetic ${onSeries ? 'on series ' : ''}(${show(e)})`);
  return null;
}

/** A name, number, or field/indicator with a literal history index. */
export function liftOperand(ctx: LiftCtx, e: Expr): Operand | null {
  switch (e.kind) {
    case 'Number':
      return { value: e.value };
    case 'Unary':
      if (e.op === '-' && e.operand.kind === 'Number') return { value: -e.operand.value };
      return e.op === '-' ? arithmetic(ctx, e) : notValue(ctx, e);
    case 'Name': {
      const n = e.name;
      if (isField(n)) return { field: n };
      if (ctx.indicators.has(n)) return { indicator: n };
      if (ctx.inputs.has(n)) return { input: n };
      if (ctx.failed.has(n)) return null;
      ctx.reason(e.span, n === 'bar_index' ? 'bar_index' : n === 'na' ? 'na' : `the name '${n}' here`);
      return null;
    }
    case 'Index': {
      if (e.index.kind !== 'Number') {
        ctx.reason(e.index.span, `a history index that is not a number (${show(e)})`);
        return null;
      }
      if (e.target.kind !== 'Name') {
        ctx.reason(
          e.span,
          `history of an expression (${show(e)})`,
          'bind the expression to a name, then index the name',
        );
        return null;
      }
      const base = liftOperand(ctx, e.target);
      if (!base) return null;
      if ('field' in base || 'indicator' in base)
        return e.index.value === 0 ? base : { ...base, offset: e.index.value };
      ctx.reason(e.span, `history of a constant (${show(e)})`);
      return null;
    }
    case 'Binary':
      return ['+', '-', '*', '/', '%'].includes(e.op) ? arithmetic(ctx, e) : notValue(ctx, e);
    case 'Call':
      ctx.reason(
        e.span,
        e.callee.name === 'iff' ? `iff (${show(e)})` : `a function call inside an expression (${show(e)})`,
        e.callee.name === 'iff' ? undefined : 'bind it to a name first and use the name',
      );
      return null;
    default:
      return notValue(ctx, e);
  }
}

function notValue(ctx: LiftCtx, e: Expr): null {
  ctx.reason(e.span, `the value ${show(e)}`);
  return null;
}

/** `and`/`or` chains are flattened: and(and(a, b), c) is and(a, b, c). */
function chain(e: Expr, op: 'and' | 'or', out: Expr[]): Expr[] {
  if (e.kind === 'Binary' && e.op === op) {
    chain(e.left, op, out);
    chain(e.right, op, out);
  } else out.push(e);
  return out;
}

export function liftCondition(ctx: LiftCtx, e: Expr): Condition | null {
  switch (e.kind) {
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or') {
        const parts = chain(e, e.op, []).map((x) => liftCondition(ctx, x));
        return parts.every((p) => p !== null) ? { op: e.op, args: parts as Condition[] } : null;
      }
      if (e.op === '==' || e.op === '!=') {
        ctx.reason(e.span, `an equality test (${show(e)})`, 'use >=, <=, > or <');
        return null;
      }
      const op = COMPARE_OPS.find((o) => o === e.op);
      if (!op) return arithmetic(ctx, e);
      const a = liftOperand(ctx, e.left);
      const b = liftOperand(ctx, e.right);
      return a && b ? { op, a, b } : null;
    }
    case 'Unary': {
      if (e.op !== 'not') return notValue(ctx, e);
      const arg = liftCondition(ctx, e.operand);
      return arg && { op: 'not', arg };
    }
    case 'Call': {
      const name = e.callee.name;
      if (name === 'htf') return liftHtf(ctx, e);
      const cross = CROSS_OPS.find((o) => o === name);
      if (cross || name === 'rising' || name === 'falling') {
        const args = callArgs(ctx, e);
        if (!args) return null;
        const ops = args.map((x) => liftOperand(ctx, x));
        if (ops.some((o) => o === null) || ops.length !== eventFn(name).args.length) return null;
        const [a, b] = ops as Operand[];
        return cross ? { op: cross, a, b } : { op: name as 'rising' | 'falling', a, n: b };
      }
      ctx.reason(e.span, name === 'iff' ? `iff (${show(e)})` : `the condition ${show(e)}`);
      return null;
    }
    case 'Name':
      if (!ctx.failed.has(e.name))
        ctx.reason(e.span, `the named condition '${e.name}'`, 'write the condition itself in the if');
      return null;
    case 'Bool':
      ctx.reason(e.span, `a constant condition (${e.value})`);
      return null;
    default:
      return notValue(ctx, e);
  }
}

/** htf("1w", cond): the checker has already refused nesting, tuples and bad timeframes. */
function liftHtf(ctx: LiftCtx, e: Call): Condition | null {
  const [tf, arg] = e.args.map((a) => a.value);
  // "1W" is accepted like the data layer accepts it; the spec keeps the canonical label
  const label = tf?.kind === 'String' ? findTimeframe(tf.value)?.label : undefined;
  const timeframe = TIMEFRAMES.find((t) => t === label);
  if (!timeframe || !arg || e.args.length !== 2) {
    ctx.reason(e.span, `the condition ${show(e)}`, 'write htf("1w", <condition>)');
    return null;
  }
  const inner = liftCondition(ctx, arg);
  return inner && { op: 'htf', timeframe, arg: inner };
}
