// Types expressions: names, arithmetic, logic and history; calls are typed in check-call.ts.
// Everything the checker knows about functions comes from the registry (lib/engine/indicators).
import { getFunction } from '../engine';
import type { Call, Expr } from './ast';
import { ACTION_NAMES, RISK_NAMES } from './ast';
import type { Binding, CallInfo, ValueType } from './checked';
import { BOOL_CONST, BOOL_SERIES, ERROR, MARKET, NUM_CONST, NUM_SERIES, STRING } from './checked';
import type { ConstValue } from './consts';
import { evalConst } from './consts';
import type { DiagnosticBag, Span } from './diagnostics';
import { suggestion } from './diagnostics';
import { isForm } from './forms';
import { KEYWORDS } from './lexer';
import { indexProblem } from './validate';

export const BUILTIN_SERIES = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'hl2',
  'hlc3',
  'ohlc4',
  'bar_index',
] as const;
const BUILTINS: ReadonlySet<string> = new Set<string>(BUILTIN_SERIES);
/**
 * The position as the simulation stands at each bar's close (lib/engine/README.md, "Position state"):
 * known only bar by bar as the simulation walks, so never the argument of an indicator nor indexed.
 */
export const POSITION_SERIES = [
  'position_size',
  'position_avg_price',
  'bars_since_entry',
  'open_profit',
] as const;
export type PositionName = (typeof POSITION_SERIES)[number];
const POSITION: ReadonlySet<string> = new Set<string>(POSITION_SERIES);
export const isPositionName = (name: string): name is PositionName => POSITION.has(name);
/** Names of statements and special forms: callable, but not registry functions. */
export const STATEMENT_NAMES: readonly string[] = ['strategy', 'input', ...ACTION_NAMES, ...RISK_NAMES];
const STATEMENTS: ReadonlySet<string> = new Set(STATEMENT_NAMES);
const NONE: ReadonlySet<string> = new Set();

/** Names no binding may take: built-in series, `na`, functions, statements and `iff`. */
export function reservedKind(name: string): string | undefined {
  if (BUILTINS.has(name)) return 'a built-in series';
  if (POSITION.has(name)) return 'the position state';
  if (name === 'na') return 'the missing value';
  if (isForm(name) || getFunction(name)) return 'a built-in function';
  if (STATEMENTS.has(name)) return 'a statement';
  return undefined;
}

export interface Scope {
  readonly bindings: Map<string, Binding>;
  /** Top-level names bound somewhere in the program, with where (for "used before bound"). */
  readonly later: ReadonlyMap<string, Span>;
  readonly recovered: ReadonlySet<string>;
  readonly types: Map<Expr, ValueType>;
  readonly calls: Map<Call, CallInfo>;
  readonly used: Set<string>;
  /** Expressions that read the position state, directly or through a binding. */
  readonly positional: Set<Expr>;
  /** Expressions that hold an htf(...) call, directly or through a binding. */
  readonly higher: Set<Expr>;
  readonly diags: DiagnosticBag;
}

export const describeType = (t: ValueType): string =>
  t.t === 'num'
    ? t.series
      ? 'a number series'
      : 'a number'
    : t.t === 'bool'
      ? 'a condition'
      : t.t === 'tuple'
        ? `the ${t.outputs.length} series of ${t.fn}`
        : t.t === 'string'
          ? 'a string'
          : "the order type 'market'";

export abstract class ExprChecker {
  constructor(readonly scope: Scope) {}

  /** The constant value of a name with inputs at their defaults, for range checks. */
  readonly nameValue = (name: string): ConstValue | undefined => this.scope.bindings.get(name)?.value;

  constValue(e: Expr): ConstValue | undefined {
    return evalConst(e, this.nameValue);
  }

  protected tupleValue(e: Expr, t: ValueType & { t: 'tuple' }): void {
    this.scope.diags.add(
      'tuple-value',
      e.span,
      `${t.fn} returns ${t.outputs.length} series (${t.outputs.join(', ')}), not a single value`,
      `destructure it: [${t.outputs.join(', ')}] = ${t.fn}(...)`,
    );
  }

  /** Checks that `e` is numeric; reports and returns ERROR otherwise. */
  numeric(e: Expr, what: string): ValueType {
    const t = this.check(e);
    if (t.t === 'num' || t.t === 'error') return t;
    if (t.t === 'tuple') this.tupleValue(e, t);
    else if (t.t === 'market') {
      this.scope.diags.add(
        'order-type',
        e.span,
        "'market' is an order type, not a value",
        'use it as buy(market, 100%)',
      );
    } else this.scope.diags.add('not-numeric', e.span, `${what} needs a number, got ${describeType(t)}`);
    return ERROR;
  }

  /** Checks that `e` is a condition; `na` itself is accepted (it is false). */
  boolean(e: Expr, what: string): ValueType {
    const t = this.check(e);
    if (t.t === 'bool' || t.t === 'error') return t;
    if (e.kind === 'Name' && e.name === 'na') return BOOL_CONST;
    if (t.t === 'tuple') this.tupleValue(e, t);
    else {
      const hint = t.t === 'num' ? 'compare it, e.g. close > open or rsi(close, 14) < 30' : undefined;
      this.scope.diags.add(
        'not-boolean',
        e.span,
        `${what} needs a condition (true/false), got ${describeType(t)}`,
        hint,
      );
    }
    return ERROR;
  }

  check(e: Expr): ValueType {
    const t = this.infer(e);
    this.scope.types.set(e, t);
    if (this.reads(e, this.scope.positional, POSITION)) this.scope.positional.add(e);
    if ((e.kind === 'Call' && e.callee.name === 'htf') || this.reads(e, this.scope.higher, NONE)) {
      this.scope.higher.add(e);
    }
    return t;
  }

  /** Whether `e` (whose parts are already checked) has a part in `p`, or is one of the names `leaves`. */
  private reads(e: Expr, p: ReadonlySet<Expr>, leaves: ReadonlySet<string>): boolean {
    switch (e.kind) {
      case 'Name': {
        const b = this.scope.bindings.get(e.name);
        return b ? p.has(b.expr) : leaves.has(e.name);
      }
      case 'Unary':
        return p.has(e.operand);
      case 'Binary':
        return p.has(e.left) || p.has(e.right);
      case 'Index':
        return p.has(e.target);
      case 'Call':
        return e.args.some((a) => p.has(a.value));
      default:
        return false;
    }
  }

  /** Reports `e` reading the position where `what` needs a whole series; true if it does. */
  protected positionProblem(e: Expr, what: string): boolean {
    if (!this.scope.positional.has(e)) return false;
    this.scope.diags.add(
      'position-state',
      e.span,
      `${what} needs a whole series, but ${describePosition(e, this.scope)} is only known bar by bar as the simulation runs`,
      'use the position state in conditions, arithmetic, iff and abs/min/max/round…, not in indicators or x[n]',
    );
    return true;
  }

  private infer(e: Expr): ValueType {
    switch (e.kind) {
      case 'Number':
        return NUM_CONST;
      case 'String':
        return STRING;
      case 'Bool':
        return BOOL_CONST;
      case 'Market':
        return MARKET;
      case 'Name':
        return this.name(e.name, e.span);
      case 'Unary':
        return e.op === 'not' ? this.boolean(e.operand, "'not'") : this.numeric(e.operand, "unary '-'");
      case 'Binary':
        return this.binary(e);
      case 'Index':
        return this.index(e);
      case 'Call':
        return this.call(e);
    }
  }

  private name(name: string, span: Span): ValueType {
    const b = this.scope.bindings.get(name);
    if (b) {
      this.scope.used.add(name);
      return b.type;
    }
    if (BUILTINS.has(name) || POSITION.has(name)) return NUM_SERIES;
    if (name === 'na') return NUM_CONST;
    if (this.scope.recovered.has(name)) return ERROR;
    const later = this.scope.later.get(name);
    if (later) {
      this.scope.diags.add(
        'unknown-name',
        span,
        `'${name}' is used before it is bound (on line ${later.line})`,
        'move the binding above its first use',
      );
      return ERROR;
    }
    if (getFunction(name) || isForm(name)) {
      this.scope.diags.add('unknown-name', span, `'${name}' is a function: call it`, `e.g. ${name}(...)`);
      return ERROR;
    }
    const candidates = [
      ...BUILTIN_SERIES,
      ...POSITION_SERIES,
      'na',
      ...this.scope.bindings.keys(),
      ...KEYWORDS,
    ];
    const sug = suggestion(name, candidates);
    this.scope.diags.add(
      'unknown-name',
      span,
      `unknown name '${name}'${sug.text}`,
      sug.best
        ? `replace '${name}' with '${sug.best}'`
        : 'bind it first (name = ...) or use a built-in series',
    );
    return ERROR;
  }

  private binary(e: Expr & { kind: 'Binary' }): ValueType {
    const { op, left, right } = e;
    if (op === 'and' || op === 'or') {
      const a = this.boolean(left, `'${op}'`);
      const b = this.boolean(right, `'${op}'`);
      if (a.t === 'error' || b.t === 'error') return ERROR;
      return series(a) || series(b) ? BOOL_SERIES : BOOL_CONST;
    }
    if (op === '==' || op === '!=') {
      const a = this.check(left);
      const b = this.check(right);
      if (a.t === 'bool' && b.t === 'bool') return series(a) || series(b) ? BOOL_SERIES : BOOL_CONST;
      if (a.t === 'bool' || b.t === 'bool') {
        if (a.t !== 'error' && b.t !== 'error') {
          const side = a.t === 'bool' ? right : left;
          this.scope.diags.add(
            'not-numeric',
            side.span,
            `'${op}' compares a condition with ${describeType(this.check(side))}`,
          );
        }
        return ERROR;
      }
      return this.numericPair(left, right, a, b, BOOL_CONST, BOOL_SERIES, op);
    }
    const a = this.check(left);
    const b = this.check(right);
    const isCompare = op === '<' || op === '<=' || op === '>' || op === '>=';
    return this.numericPair(
      left,
      right,
      a,
      b,
      isCompare ? BOOL_CONST : NUM_CONST,
      isCompare ? BOOL_SERIES : NUM_SERIES,
      op,
    );
  }

  private numericPair(
    l: Expr,
    r: Expr,
    a: ValueType,
    b: ValueType,
    c: ValueType,
    s: ValueType,
    op: string,
  ): ValueType {
    const ok = (e: Expr, t: ValueType): boolean => {
      if (t.t === 'num') return true;
      if (t.t === 'error') return false;
      if (t.t === 'tuple') this.tupleValue(e, t);
      else if (t.t === 'market')
        this.scope.diags.add('order-type', e.span, "'market' is an order type, not a value");
      else {
        const hint = t.t === 'bool' ? "conditions combine with 'and', 'or', 'not'" : undefined;
        this.scope.diags.add('not-numeric', e.span, `'${op}' needs numbers, got ${describeType(t)}`, hint);
      }
      return false;
    };
    const okA = ok(l, a);
    const okB = ok(r, b);
    if (!okA || !okB) return ERROR;
    return series(a) || series(b) ? s : c;
  }

  private index(e: Expr & { kind: 'Index' }): ValueType {
    const t = this.check(e.target);
    const it = this.check(e.index);
    let bad = this.positionProblem(e.target, 'history (x[n])');
    if (t.t === 'tuple') {
      this.tupleValue(e.target, t);
      bad = true;
    } else if (t.t === 'string' || t.t === 'market') {
      this.scope.diags.add(
        'not-numeric',
        e.target.span,
        `only series have a history, not ${describeType(t)}`,
      );
      bad = true;
    }
    if (it.t !== 'error') {
      const v = it.t === 'num' && !it.series ? this.constValue(e.index) : undefined;
      const problem =
        typeof v === 'number'
          ? indexProblem(v)
          : 'a history index must be a constant whole number (a literal or an input)';
      if (problem) {
        this.scope.diags.add(
          'lookahead',
          e.index.span,
          problem,
          'x[1] is the previous bar; x[0] the current one',
        );
        bad = true;
      }
    }
    return bad || t.t === 'error' || it.t === 'error' ? ERROR : t;
  }

  protected abstract call(e: Call): ValueType;
}

/** The position names `e` reads (through bindings too), for messages: "position_size", "open_profit"… */
export function positionNames(e: Expr, scope: Pick<Scope, 'bindings' | 'positional'>): PositionName[] {
  const out = new Set<PositionName>();
  const seen = new Set<Expr>();
  const walk = (x: Expr): void => {
    if (seen.has(x) || !scope.positional.has(x)) return;
    seen.add(x);
    if (x.kind === 'Name') {
      const b = scope.bindings.get(x.name);
      if (b) walk(b.expr);
      else if (isPositionName(x.name)) out.add(x.name);
    } else if (x.kind === 'Unary') walk(x.operand);
    else if (x.kind === 'Binary') {
      walk(x.left);
      walk(x.right);
    } else if (x.kind === 'Index') walk(x.target);
    else if (x.kind === 'Call') for (const a of x.args) walk(a.value);
  };
  walk(e);
  return [...out];
}

function describePosition(e: Expr, scope: Scope): string {
  const names = positionNames(e, scope);
  return names.length === 1 && e.kind === 'Name' && e.name === names[0]
    ? names[0]
    : `this value (it reads ${names.join(', ')})`;
}

export function series(t: ValueType): boolean {
  return (t.t === 'num' || t.t === 'bool') && t.series;
}
