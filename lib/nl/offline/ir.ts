// What the parser extracts before names and inputs are chosen: operands with literal parameters,
// conditions, rules, settings, and the issues that turn the answer into a question.
import type { CompareOp, CrossOp, Field, Size } from '../../schema';
import type { Ask } from '../types';
import type { Tok } from './tokens';
import type { Side } from './words';

export type Opnd =
  | { readonly k: 'field'; readonly field: Field; readonly offset: number }
  | {
      readonly k: 'ind';
      readonly fn: string;
      /** The source series of functions that read one first (sma(close, n)); undefined for atr(n). */
      readonly src?: Opnd;
      /** Constant arguments in registry order. */
      readonly params: readonly number[];
      readonly output?: string;
      readonly offset: number;
    }
  | { readonly k: 'num'; readonly v: number };

export type Cond =
  | { readonly op: CrossOp | CompareOp; readonly a: Opnd; readonly b: Opnd }
  | { readonly op: 'and' | 'or'; readonly args: readonly Cond[] }
  | { readonly op: 'rising' | 'falling'; readonly a: Opnd; readonly n: number };

export interface RuleIR {
  action: Side;
  when: Cond;
  size?: Size;
  /** The tokens of the request the rule was read from (for the card's highlighting). */
  from?: readonly Tok[];
}

/** Why a request becomes a question, most fundamental first (the first one asked is the lowest rank). */
export const ISSUE_RANK = {
  'not-strategy': 0,
  unsupported: 1,
  cannot: 2,
  market: 3,
  unknown: 4,
  vague: 5,
  missing: 6,
  'no-entry': 7,
  'no-exit': 8,
} as const;
export type IssueKind = keyof typeof ISSUE_RANK;

export interface Issue {
  readonly kind: IssueKind;
  /** The words of the request concerned (for `unclear`). */
  readonly text: string;
  /** The question to ask about it. */
  readonly question: string;
  /** What the question waits for, as data (the chat reads the next message as its answer). */
  readonly ask?: Ask;
  /** A number was given but cannot be used (a period of 0): not a name missing its numbers. */
  readonly invalid?: boolean;
}

export const CLOSE: Opnd = { k: 'field', field: 'close', offset: 0 };

export function sameOpnd(a: Opnd | undefined, b: Opnd | undefined): boolean {
  if (!a || !b || a.k !== b.k) return false;
  if (a.k === 'num') return a.v === (b as typeof a).v;
  if (a.k === 'field') return a.field === (b as typeof a).field && a.offset === (b as typeof a).offset;
  const y = b as typeof a;
  return (
    a.fn === y.fn &&
    a.output === y.output &&
    a.offset === y.offset &&
    a.params.length === y.params.length &&
    a.params.every((p, k) => p === y.params[k]) &&
    (a.src === undefined ? y.src === undefined : sameOpnd(a.src, y.src))
  );
}

/** Same series, ignoring which output of a tuple (macd line vs signal of one macd call). */
export function sameCall(a: Opnd, b: Opnd): boolean {
  if (a.k !== 'ind' || b.k !== 'ind') return false;
  return sameOpnd({ ...a, output: undefined }, { ...b, output: undefined });
}
