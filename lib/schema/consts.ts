// Vocabulary and limits of the strategy schema. Everything about functions is derived from the
// engine's registry and everything about names from the language's public surface: no hand-kept lists.

import { ACTION_NAMES, BUILTIN_SERIES, KEYWORDS, RISK_NAMES } from '../dsl';
import type { FunctionSpec } from '../engine';
import { FUNCTIONS, getFunction, PERIOD_MAX } from '../engine';

export const SCHEMA_VERSION = 1;

export const LIMITS = {
  name: 64,
  inputs: 20,
  indicators: 20,
  rules: 20,
  /** Nesting of and/or/not in one rule's condition (a plain comparison has depth 1). */
  conditionDepth: 6,
  /** Condition nodes (comparisons, events, and/or/not) in one rule. */
  conditionNodes: 64,
  /** Children of one and/or. */
  conditionArgs: 16,
  /** History offsets x[n], and the largest period the registry accepts. */
  offset: PERIOD_MAX,
  /** Magnitude of any number in a condition or an input. */
  number: 1e12,
  lastYears: 100,
} as const;

/** Price fields an operand can read: the built-in series except bar_index (not a price). */
export const FIELDS = BUILTIN_SERIES.filter((f) => f !== 'bar_index') as readonly Exclude<
  (typeof BUILTIN_SERIES)[number],
  'bar_index'
>[];
export type Field = (typeof FIELDS)[number];

/** Registry functions that produce numeric series: the ones a spec can bind as indicators. */
export const INDICATOR_FNS: readonly string[] = FUNCTIONS.filter((f) => f.returns === 'number').map(
  (f) => f.name,
);

/** Output names of the functions that return several series (macd, bb, stoch, dmi, ichimoku, ...). */
export const TUPLE_OUTPUTS: readonly string[] = [
  ...new Set(FUNCTIONS.filter((f) => f.outputs.length > 1).flatMap((f) => f.outputs)),
];

/** The indicator function's registry entry, if it is one a spec may use. */
export function indicatorFn(name: string): FunctionSpec | undefined {
  const f = getFunction(name);
  return f && f.returns === 'number' ? f : undefined;
}

/** Registry entry of an event function used by conditions (crossover, rising, ...). */
export function eventFn(name: string): FunctionSpec {
  const f = getFunction(name);
  if (!f) throw new Error(`the registry has no '${name}': the schema needs it for conditions`);
  return f;
}

/** Bar timeframes the data layer knows (lib/data/timeframe.ts; the schema may not import data). */
export const TIMEFRAMES = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;
export type TimeframeLabel = (typeof TIMEFRAMES)[number];

/** Names of inputs and indicators: identifiers that start with a letter ('_' names are the compiler's). */
export const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Titles and strategy names: printable, one line. */
export const TITLE_RE = /^\P{Cc}{1,64}$/u;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const YAHOO_RE = /^[A-Za-z0-9.^=-]{1,32}$/;
export const PAIR_RE = /^[A-Za-z0-9._-]{1,30}\/[A-Za-z0-9._:-]{1,30}$/;
export const EXCHANGE_RE = /^[a-z0-9_]{1,40}$/;
export const PATH_RE = /^[A-Za-z0-9._/-]{1,200}$/;
/** Any symbol, for the JSON Schema; each source narrows it (validate.ts). */
export const SYMBOL_RE = /^[A-Za-z0-9._^=/:-]{1,200}$/;

const STATEMENTS = new Set<string>(['strategy', 'input', 'na', 'iff', ...ACTION_NAMES, ...RISK_NAMES]);

/** Why a name cannot be bound in a program, or undefined when it can. */
export function reservedName(name: string): string | undefined {
  if (KEYWORDS.has(name)) return 'a keyword of the language';
  if ((BUILTIN_SERIES as readonly string[]).includes(name)) return 'a built-in series';
  if (getFunction(name)) return 'a built-in function';
  if (STATEMENTS.has(name)) return 'a statement of the language';
  return undefined;
}
