// Token and trivia shapes of the lexer, and the character classes it uses.
import type { Span } from './diagnostics';

export type TokenKind =
  | 'number'
  | 'string'
  | 'ident'
  | 'keyword'
  | 'op'
  | 'newline'
  | 'indent'
  | 'dedent'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text; for numbers without the `%`, for strings with the quotes. */
  readonly text: string;
  readonly span: Span;
  /** Numbers: the value (a percent literal already divided by 100). */
  readonly value: number;
  readonly percent: boolean;
  /** Strings: the decoded contents. */
  readonly str: string;
}

export interface Comment {
  /** Including the leading `//` or `#`, without trailing whitespace. */
  readonly text: string;
  readonly span: Span;
  /** True when no code precedes it on its line. */
  readonly ownLine: boolean;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'if',
  'elif',
  'else',
  'and',
  'or',
  'not',
  'true',
  'false',
  'market',
]);

export const TWO_CHAR_OPS = new Set(['<=', '>=', '==', '!=']);
export const ONE_CHAR_OPS = '()[],:=+-*/%<>';
/** After one of these tokens a line break inside brackets surely continues the expression. */
export const CONTINUES = new Set([
  '(',
  '[',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '=',
  ':',
]);

export const isDigit = (c: string) => c >= '0' && c <= '9';
export const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
export const isIdentChar = (c: string) => isIdentStart(c) || isDigit(c);

export interface Level {
  readonly width: number;
  /** Pushed to recover from a bad dedent: popping it emits no DEDENT. */
  readonly phantom: boolean;
}
