// Syntax tree of a `.bt` program: discriminated unions, every node with its source span.
import type { Span } from './diagnostics';
import type { Comment } from './lexer';

export interface Ident {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

export interface NumberLit {
  readonly kind: 'Number';
  /** A percent literal's value is already a fraction: `5%` is 0.05. */
  readonly value: number;
  /** As written, without the `%` (the formatter prints it back unchanged). */
  readonly text: string;
  readonly percent: boolean;
  readonly span: Span;
}

export interface StringLit {
  readonly kind: 'String';
  readonly value: string;
  /** As written, with quotes and escapes. */
  readonly raw: string;
  readonly span: Span;
}

export interface BoolLit {
  readonly kind: 'Bool';
  readonly value: boolean;
  readonly span: Span;
}

export interface NameRef {
  readonly kind: 'Name';
  readonly name: string;
  readonly span: Span;
}

/** The `market` order type, only meaningful as the first argument of an order. */
export interface MarketLit {
  readonly kind: 'Market';
  readonly span: Span;
}

export type UnaryOp = '-' | 'not';
export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicOp = 'and' | 'or';
export type BinaryOp = ArithOp | CompareOp | LogicOp;

export interface Unary {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

export interface Binary {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface Arg {
  readonly kind: 'Arg';
  /** Keyword arguments (`title="x"`) have a name; positional ones have null. */
  readonly name: Ident | null;
  readonly value: Expr;
  readonly span: Span;
}

export interface Call {
  readonly kind: 'Call';
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** History: `target[index]` is target as of `index` bars ago. */
export interface Index {
  readonly kind: 'Index';
  readonly target: Expr;
  readonly index: Expr;
  readonly span: Span;
}

export type Expr = NumberLit | StringLit | BoolLit | NameRef | MarketLit | Unary | Binary | Call | Index;

export type ActionName = 'buy' | 'sell' | 'short' | 'cover' | 'exit';
export type RiskName = 'stop_loss' | 'take_profit' | 'trailing_stop';

export const ACTION_NAMES: readonly ActionName[] = ['buy', 'sell', 'short', 'cover', 'exit'];
export const RISK_NAMES: readonly RiskName[] = ['stop_loss', 'take_profit', 'trailing_stop'];

export interface StrategyStmt {
  readonly kind: 'Strategy';
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface ActionStmt {
  readonly kind: 'Action';
  readonly action: ActionName;
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface RiskStmt {
  readonly kind: 'Risk';
  readonly rule: RiskName;
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface Assign {
  readonly kind: 'Assign';
  readonly target: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export interface TupleAssign {
  readonly kind: 'TupleAssign';
  readonly targets: readonly Ident[];
  readonly value: Expr;
  readonly span: Span;
}

export interface Branch {
  readonly kind: 'Branch';
  readonly keyword: 'if' | 'elif';
  readonly cond: Expr;
  readonly body: readonly Stmt[];
  /** The `if cond:` line, from the keyword through the colon. */
  readonly header: Span;
  readonly span: Span;
}

export interface ElseBranch {
  readonly kind: 'Else';
  readonly body: readonly Stmt[];
  readonly header: Span;
  readonly span: Span;
}

export interface IfStmt {
  readonly kind: 'If';
  /** The `if` branch then every `elif`, in order. */
  readonly branches: readonly Branch[];
  readonly orelse: ElseBranch | null;
  readonly span: Span;
}

/** An expression on its own line: parsed so the checker can say it does nothing. */
export interface ExprStmt {
  readonly kind: 'ExprStmt';
  readonly expr: Expr;
  readonly span: Span;
}

export type Stmt = StrategyStmt | ActionStmt | RiskStmt | Assign | TupleAssign | IfStmt | ExprStmt;

export interface Program {
  readonly kind: 'Program';
  readonly body: readonly Stmt[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

export type Node = Program | Stmt | Branch | ElseBranch | Expr | Arg | Ident;

/** A copy of the tree without spans and comments: what "the same tree" means for round trips. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' || k === 'header' || k === 'comments') continue;
    out[k] = stripSpans(v);
  }
  return out;
}
