// Public surface of the strategy schema: the validated object the chat produces, its compilation to
// the `.bt` language, lifting a program back, and the plain-English confirmation text.
export type { DataChoice } from './compile';
export { compile, DEFAULT_EXCHANGE, DEFAULT_TIMEFRAME, settingsOf } from './compile';
export type { Field, TimeframeLabel } from './consts';
export { FIELDS, INDICATOR_FNS, LIMITS, SCHEMA_VERSION, TIMEFRAMES, TUPLE_OUTPUTS } from './consts';
export type { Description } from './describe';
export { describe } from './describe';
export { diffSpecs } from './diff';
export type { JsonSchema } from './json-schema';
export { StrategySpecJsonSchema } from './json-schema';
export type { LiftOptions, LiftResult } from './lift';
export { lift } from './lift';
export { normalize } from './normalize';
export { fieldPhrase, Phrases } from './phrases';
export type { Portfolio } from './portfolio';
export { MAX_PORTFOLIO_MARKETS, PortfolioSchema, portfolioText, REBALANCES } from './portfolio';
export type {
  Action,
  CompareOp,
  Condition,
  CrossOp,
  DateRange,
  Indicator,
  Input,
  Market,
  Operand,
  Order,
  Price,
  PriceBase,
  Risk,
  Rule,
  Size,
  StrategySettings,
  StrategySpec,
} from './spec';
export {
  ACTIONS,
  COMPARE_OPS,
  ConditionSchema,
  CROSS_OPS,
  IndicatorSchema,
  InputSchema,
  MarketSchema,
  OperandSchema,
  OrderSchema,
  PriceSchema,
  RiskSchema,
  RuleSchema,
  SettingsSchema,
  SizeSchema,
  StrategySpecSchema,
} from './spec';
export type { SpecIssue, ValidateResult } from './validate';
export { validateSpec } from './validate';
