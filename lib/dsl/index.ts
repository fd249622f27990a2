// Public surface of the strategy language (.bt): parse, check, format, compile and run.
export type {
  ActionName,
  ActionStmt,
  Arg,
  Assign,
  Binary,
  BinaryOp,
  BoolLit,
  Branch,
  Call,
  ElseBranch,
  Expr,
  ExprStmt,
  Ident,
  IfStmt,
  Index,
  MarketLit,
  NameRef,
  Node,
  NumberLit,
  Program,
  RiskName,
  RiskStmt,
  Stmt,
  StrategyStmt,
  StringLit,
  TupleAssign,
  Unary,
} from './ast';
export { ACTION_NAMES, RISK_NAMES, stripSpans } from './ast';
export type { PositionName } from './check-expr';
export { BUILTIN_SERIES, POSITION_SERIES } from './check-expr';
export type {
  Binding,
  BindingKind,
  CallInfo,
  CheckedProgram,
  CheckedRule,
  Guard,
  InputInfo,
  SizeSpec,
  ValueType,
} from './checked';
export type { CheckResult } from './checker';
export { check, checkSource } from './checker';
export type { CompiledStrategy, EvalFailure, EvalResult, NamedSeries } from './compiler';
export { compile, isEvalFailure, resolveParams } from './compiler';
export type { WorkBudget, WorkEstimate } from './cost';
export {
  DEFAULT_MAX_WORK,
  estimateWork,
  formatBytes,
  formatQuantity,
  MAX_WORK_SETTING,
  SIMULATION_SERIES,
  workBudgetFromEnv,
  workProblem,
} from './cost';
export type { Diagnostic, DiagnosticCode, Severity, Span } from './diagnostics';
export {
  DIAGNOSTIC_CODES,
  didYouMean,
  hasErrors,
  MAX_DEPTH,
  MAX_DIAGNOSTICS,
  MAX_EXPR_HEIGHT,
  MAX_SOURCE_BYTES,
  MAX_STATEMENTS,
} from './diagnostics';
export type { EvalOptions } from './evaluator';
export type { FormatResult } from './formatter';
export { format, printExpr } from './formatter';
export type { FormSpec } from './forms';
export { FORMS } from './forms';
export { TIMEFRAME_LABELS } from './htf';
export type { Comment, LexResult, Token, TokenKind } from './lexer';
export { KEYWORDS, lex } from './lexer';
export type { ParseResult } from './parser';
export { parse } from './parser';
export { formatDiagnostic, formatDiagnostics } from './print';
export type { Prepared, ProgramOutcome, ProgramRunner, RunOptions, RunResult } from './run';
export { outcomeOf, prepareProgram, runProgram } from './run';
export type { SettingDoc } from './validate';
export { SETTING_DOCS, SETTING_KEYS } from './validate';
export type { KeywordArg } from './vocabulary';
export { keywordArgsOf, POSITION_DOCS, RISK_SIZE } from './vocabulary';
