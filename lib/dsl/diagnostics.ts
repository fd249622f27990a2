// Diagnostics as data: every problem the language tools find is a value with a stable code and a span.

/** A source range: 1-based line and column of its start, 0-based offset, length in characters. */
export interface Span {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly length: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

/** Largest program accepted, in UTF-8 bytes. */
export const MAX_SOURCE_BYTES = 64 * 1024;
/** Deepest nesting of blocks, brackets and unary operators (the parser's recursion guard). */
export const MAX_DEPTH = 16;
/** Tallest expression tree (long operator chains), so every tree walk stays far from the stack limit. */
export const MAX_EXPR_HEIGHT = 64;
/** Most statements in one program, nested ones included. */
export const MAX_STATEMENTS = 500;
/** Diagnostics kept per phase; beyond this a hostile input would only produce noise. */
export const MAX_DIAGNOSTICS = 100;

/** Every diagnostic code, with a one-line description. Codes are stable: tools and tests match on them. */
export const DIAGNOSTIC_CODES = {
  'source-too-large': 'the program is larger than MAX_SOURCE_BYTES',
  'unexpected-char': 'a character that cannot start any token',
  'unterminated-string': 'a string without its closing quote on the same line',
  'bad-escape': 'a backslash escape other than \\" and \\\\ in a string',
  'bad-number': 'a malformed or out-of-range number literal',
  'mixed-indent': 'indentation mixes tabs and spaces in one file',
  'bad-dedent': 'a line is dedented to a level that no enclosing block uses',
  'unexpected-token': 'a token that does not fit the grammar at this point',
  'unclosed-paren': 'an opening ( or [ that is never closed',
  'expected-block': 'a line ending in : is not followed by an indented body',
  'unexpected-indent': 'a line is indented deeper without a preceding block header',
  'orphan-else': 'elif or else without a preceding if',
  'chained-comparison': 'comparisons chained without and, e.g. a < b < c',
  'positional-after-keyword': 'a positional argument after a keyword argument',
  'too-deep': 'blocks or expressions nested beyond MAX_DEPTH / MAX_EXPR_HEIGHT',
  'too-many-statements': 'more than MAX_STATEMENTS statements',
  'statement-in-if': 'a binding (name = ... or [a, b] = ...) inside an if body',
  'useless-expression': 'an expression statement that has no effect',
  'statement-as-value': 'a statement such as buy(...) or strategy(...) used inside an expression',
  'unknown-name': 'a name that is neither built in nor bound before this point',
  'unknown-function': 'a call to a function that does not exist',
  arity: 'a call with too few or too many arguments',
  'arg-kind': 'an argument of the wrong kind, e.g. a series where a constant period is required',
  'arg-range': 'a constant argument outside the bounds the function accepts',
  'not-boolean': 'a condition or logical operand that is not boolean',
  'not-numeric': 'arithmetic or a numeric argument on a boolean, string or market',
  rebinding: 'a name bound twice, or a binding that reuses a built-in name',
  'unknown-keyword': 'a keyword argument the function does not take',
  'duplicate-keyword': 'the same argument given twice',
  lookahead: 'a history index that is negative, fractional or not constant (would read future bars)',
  'tuple-arity': 'destructuring into a different number of names than the function returns',
  'tuple-value': 'a function returning several series used as a single value',
  'strategy-twice': 'more than one strategy(...) header',
  'strategy-position': 'strategy(...) is not the first statement',
  'risk-position': 'a risk rule inside an if body',
  'risk-twice': 'the same risk rule given twice',
  'risk-value': 'a risk rule percentage out of range or not constant',
  'input-position': 'input(...) anywhere but the whole right side of a top-level assignment',
  'input-bounds': 'input bounds that contradict each other or the default',
  'bad-setting': 'a strategy setting with an unknown value or out of range',
  'order-type': 'an order without market as its first argument, or market used as a value',
  size: 'a bad order size (not a constant, out of range, or given twice)',
  'order-price':
    'a bad limit=/stop= order: both given, given with market, on an exit, or cancel_after without either',
  'risk-needs-stop': 'size=risk(...) without a stop to size on: no stop_loss and no trailing_stop',
  'position-state':
    'the position state (position_size, open_profit, …) where a whole series is needed: an indicator, x[n], a stop price',
  'htf-timeframe': 'htf(TF, ...) whose TF is not a timeframe string such as "1w" (with a did-you-mean)',
  'htf-nested': 'htf(...) inside the expression of another htf(...), directly or through a binding',
  'htf-lower':
    "htf(TF, ...) with TF lower than the chart's timeframe, or one the chart's bars do not fit into (when run)",
  'unknown-param': 'a parameter that matches no input',
  'bad-param': 'a parameter value outside its input range or not a whole number',
  'too-much-work': 'a run would compute more bar-calls (bars × series) than the run budget allows',
  'unused-binding': 'a binding that is never used (warning)',
  'no-exit': 'positions are opened but never closed: no sell/cover/exit and no stop (warning)',
  'no-entry': 'the strategy never opens a position (warning)',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Codes whose severity is warning; every other code is an error. */
const WARNINGS: ReadonlySet<DiagnosticCode> = new Set(['unused-binding', 'no-exit', 'no-entry']);

export function severityOf(code: DiagnosticCode): Severity {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Collects diagnostics for one phase, dropping the excess beyond MAX_DIAGNOSTICS. */
export class DiagnosticBag {
  readonly list: Diagnostic[] = [];
  add(code: DiagnosticCode, span: Span, message: string, hint?: string): void {
    if (this.list.length >= MAX_DIAGNOSTICS) return;
    const d: Diagnostic =
      hint === undefined
        ? { code, severity: severityOf(code), message, span }
        : {
            code,
            severity: severityOf(code),
            message,
            span,
            hint,
          };
    this.list.push(d);
  }
  get errorCount(): number {
    let n = 0;
    for (const d of this.list) if (d.severity === 'error') n++;
    return n;
  }
}

/** Span covering `a` through the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { line: a.line, col: a.col, offset: a.offset, length: end - a.offset };
}

/** UTF-8 byte length without allocating (bounded by the caller to short strings). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The closest candidate within distance 2 (case-insensitive), or undefined. Shorter names allow less
 * (1-2 letters: case only; 3-4 letters: distance 1), so short names do not "match" every short name.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(lower, c.toLowerCase(), 2);
    if (d < bestD && d <= (name.length <= 2 ? 0 : name.length <= 4 ? 1 : 2)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** " — did you mean 'x'?" or '' (for messages). */
export function suggestion(name: string, candidates: Iterable<string>): { text: string; best?: string } {
  const best = didYouMean(name, candidates);
  return best === undefined ? { text: '' } : { text: ` — did you mean '${best}'?`, best };
}
