// What the checker hands to the compiler: the program with every name resolved and every expression typed.
import type { FunctionSpec, OrderKind, Settings } from '../engine';
import type { ActionStmt, Assign, Call, Expr, Program, RiskName, TupleAssign } from './ast';
import type { Span } from './diagnostics';

/**
 * The type of an expression. `num` and `bool` are constants when `series` is false (literals, inputs,
 * arithmetic on those, elementwise functions of constants); `error` marks an already reported problem
 * so that it is not reported again by every enclosing expression.
 */
export type ValueType =
  | { readonly t: 'num'; readonly series: boolean }
  | { readonly t: 'bool'; readonly series: boolean }
  | { readonly t: 'tuple'; readonly fn: string; readonly outputs: readonly string[] }
  | { readonly t: 'string' }
  | { readonly t: 'market' }
  | { readonly t: 'error' };

export const NUM_CONST: ValueType = { t: 'num', series: false };
export const NUM_SERIES: ValueType = { t: 'num', series: true };
export const BOOL_CONST: ValueType = { t: 'bool', series: false };
export const BOOL_SERIES: ValueType = { t: 'bool', series: true };
export const STRING: ValueType = { t: 'string' };
export const MARKET: ValueType = { t: 'market' };
export const ERROR: ValueType = { t: 'error' };

/** The kinds of the language reference: constant, numeric series, boolean, tuple. */
export type BindingKind = 'const' | 'series' | 'bool' | 'tuple';

export function kindOf(t: ValueType): BindingKind {
  if (t.t === 'bool') return 'bool';
  if (t.t === 'tuple') return 'tuple';
  return t.t === 'num' && t.series ? 'series' : 'const';
}

/** A tunable parameter: `name = input(default, min=, max=, step=, title=)`. */
export interface InputInfo {
  readonly name: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly title?: string;
  /** True when the default and every given bound and step are whole numbers. */
  readonly integer: boolean;
  /** The whole assignment. */
  readonly span: Span;
  /** The default value's expression, for tools that rewrite it in place. */
  readonly defaultSpan: Span;
}

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly type: ValueType;
  /** The name's span at its binding. */
  readonly span: Span;
  readonly stmt: Assign | TupleAssign;
  /** The defining expression (for a destructured name, the whole call). */
  readonly expr: Expr;
  /** For a destructured name: which output of the call. */
  readonly output?: number;
  readonly input?: InputInfo;
  /** The value with every input at its default, for constants; undefined for series. */
  readonly value?: number | boolean;
}

/** A call to a registry function with its arguments in the registry's positional order. */
export interface CallInfo {
  readonly spec: FunctionSpec | null;
  /** Positional order of `spec.args`; undefined where the argument was omitted (its default applies). */
  readonly args: readonly (Expr | undefined)[];
}

/** `risk`: size=risk(P), the share of equity that hitting the entry's stop loses. */
export type SizeKind = 'percent' | 'units' | 'cash' | 'risk';

/** `null` expr: no size given, so the strategy's `size=` (or 100%) applies. */
export interface SizeSpec {
  readonly kind: SizeKind;
  readonly expr: Expr | null;
}

/** One condition on the path to an order: the branch's own (negate false) or an earlier branch's. */
export interface Guard {
  readonly expr: Expr;
  readonly negate: boolean;
}

/** An entry's resting order: buy(limit=PRICE) or buy(stop=PRICE). */
export interface PriceSpec {
  readonly kind: 'limit' | 'stop';
  readonly expr: Expr;
  /** cancel_after=N, a constant. */
  readonly cancelAfter?: Expr;
}

export interface CheckedRule {
  readonly kind: OrderKind;
  readonly stmt: ActionStmt;
  readonly size: SizeSpec;
  /** A resting entry's price; undefined for a market order. */
  readonly price?: PriceSpec;
  /** The entry's own stop_loss=/take_profit= prices, over the top-level stop_loss/take_profit(price=). */
  readonly brackets?: Readonly<Partial<Record<PriceRiskName, Expr>>>;
  /** Conditions ANDed together, outermost first. */
  readonly guards: readonly Guard[];
}

export type SettingKey =
  | 'capital'
  | 'fee'
  | 'commission'
  | 'slippage'
  | 'size'
  | 'fill'
  | 'units'
  | 'pyramiding';

/** The risk rules that may be given as a price: stop_loss(price=…), take_profit(price=…). */
export type PriceRiskName = 'stop_loss' | 'take_profit';

export interface CheckedProgram {
  /** False when the checker (or the parser) found an error; such a program cannot be compiled. */
  readonly ok: boolean;
  readonly program: Program;
  readonly title: string;
  /** Every binding, in program order. */
  readonly bindings: ReadonlyMap<string, Binding>;
  readonly inputs: readonly InputInfo[];
  /** The strategy header's settings as expressions (constants, possibly inputs). */
  readonly settingExprs: Readonly<Partial<Record<SettingKey, Expr>>>;
  readonly riskExprs: Readonly<Partial<Record<RiskName, Expr>>>;
  /** stop_loss(price=…) and take_profit(price=…): price expressions, set on each entry as it fills. */
  readonly riskPrices: Readonly<Partial<Record<PriceRiskName, Expr>>>;
  /** exit(after=N): the constant N. */
  readonly exitAfter?: Expr;
  /** Expressions that read the position state (evaluated bar by bar as the simulation walks). */
  readonly positional: ReadonlySet<Expr>;
  /** Settings with every input at its default. */
  readonly settings: Settings;
  /** One per order statement, in program order. */
  readonly rules: readonly CheckedRule[];
  readonly types: ReadonlyMap<Expr, ValueType>;
  readonly calls: ReadonlyMap<Call, CallInfo>;
}
