// One case per diagnostic code: the exact span (from a plain string search), the message and the hint.
import { describe, expect, it } from 'vitest';
import { checkSource } from './checker';
import { compile, isEvalFailure } from './compiler';
import type { Diagnostic, DiagnosticCode, Span } from './diagnostics';
import { DIAGNOSTIC_CODES, didYouMean, editDistance, MAX_DEPTH, MAX_STATEMENTS } from './diagnostics';
import { formatDiagnostic } from './print';
import { prepareProgram } from './run';
import { randomBars, spanOf } from './testkit';

interface Case {
  readonly code: DiagnosticCode;
  readonly src: string;
  /** Expected span: a needle (with occurrence) or an explicit span. */
  readonly at: readonly [string, number?] | Span;
  readonly message?: RegExp;
  readonly hint?: RegExp | string;
  /** Parameters: the case is about evaluation, not checking. */
  readonly params?: Record<string, number>;
  /** A work budget: the case is about refusing a run before it is evaluated (on `bars`). */
  readonly budget?: number;
}

const ZERO: Span = { line: 1, col: 1, offset: 0, length: 0 };
const bars = randomBars(50, 3);
const nested = (depth: number) =>
  `${Array.from({ length: depth }, (_, i) => `${'    '.repeat(i)}if close > open:`).join('\n')}\n${'    '.repeat(depth)}buy(market)\n`;
const deepBody = nested(MAX_DEPTH + 1);
const many = Array.from({ length: MAX_STATEMENTS + 1 }, (_, i) => `x${i} = ${i}`).join('\n');
const INPUT =
  'fast = input(10, min=5, max=50)\nif close > sma(close, fast):\n    buy(market)\nstop_loss(5%)\n';

const CASES: readonly Case[] = [
  { code: 'source-too-large', src: 'x = 1\n'.repeat(11_000), at: ZERO, hint: /split/ },
  { code: 'unexpected-char', src: 'x = close @ open\n', at: ['@'], message: /'@'/ },
  {
    code: 'unexpected-char',
    src: 'if close > open & close > 1:\n    buy(market)\n',
    at: ['&'],
    hint: "use 'and'",
  },
  { code: 'unterminated-string', src: 'strategy("abc\nx = 1\n', at: ['"abc'], hint: /closing "/ },
  { code: 'bad-escape', src: 'strategy("a\\qb")\n', at: ['\\q'], hint: /escapes/ },
  { code: 'bad-number', src: 'x = 12abc\n', at: ['12abc'], message: /malformed number '12abc'/ },
  {
    code: 'mixed-indent',
    src: 'if close > open:\n    buy(market)\nif close < open:\n\tsell(market)\n',
    at: ['\t'],
    hint: /spaces only/,
  },
  {
    code: 'bad-dedent',
    src: 'if close > open:\n    buy(market)\n  sell(market)\n',
    at: { ...spanOf('if close > open:\n    buy(market)\n  sell(market)\n', '  sell'), length: 2 },
    message: /matches no enclosing block/,
    hint: /indent it exactly/,
  },
  {
    code: 'unexpected-token',
    src: 'x = 1 2\n',
    at: ['2'],
    message: /expected the end of the line, found '2'/,
  },
  { code: 'unclosed-paren', src: 'x = sma(close, 10\ny = 1\n', at: ['('], hint: "add ')' to close it" },
  { code: 'expected-block', src: 'if close > open:\nbuy(market)\n', at: [':'], message: /indented block/ },
  { code: 'unexpected-indent', src: 'x = 1\n    y = 2\n', at: ['    '], hint: /only the body of an 'if'/ },
  { code: 'orphan-else', src: 'else:\n    buy(market)\n', at: ['else'], message: /without a matching 'if'/ },
  { code: 'chained-comparison', src: 'x = open < close < high\n', at: ['open < close < high'], hint: /and/ },
  { code: 'positional-after-keyword', src: '[a, b, c] = bb(close, n=20, 2)\n', at: ['2', 1] },
  {
    code: 'too-deep',
    src: `x = ${'('.repeat(MAX_DEPTH + 1)}close${')'.repeat(MAX_DEPTH + 1)}\n`,
    at: ['(', MAX_DEPTH],
    hint: 'name parts of it',
  },
  {
    code: 'too-deep',
    src: deepBody,
    at: { ...spanOf(deepBody, `${'    '.repeat(MAX_DEPTH + 1)}buy`), length: 4 * (MAX_DEPTH + 1) },
    message: /blocks nested more than 16/,
  },
  {
    code: 'too-many-statements',
    src: many,
    at: [`x${MAX_STATEMENTS} = ${MAX_STATEMENTS}`],
    hint: /not read/,
  },
  {
    code: 'statement-in-if',
    src: 'if close > open:\n    x = 1\n    buy(market)\n',
    at: ['x = 1'],
    hint: /before the if/,
  },
  { code: 'useless-expression', src: 'close > open\n', at: ['close > open'], hint: /if/ },
  {
    code: 'statement-as-value',
    src: 'x = buy(market)\n',
    at: ['buy(market)'],
    hint: 'put it on its own line',
  },
  {
    code: 'unknown-name',
    src: 'x = clse + 1\n',
    at: ['clse'],
    message: /did you mean 'close'/,
    hint: "replace 'clse' with 'close'",
  },
  { code: 'unknown-name', src: 'y = x\nx = close\n', at: ['x'], message: /before it is bound \(on line 2\)/ },
  {
    code: 'unknown-function',
    src: 'x = smaa(close, 10)\n',
    at: ['smaa'],
    message: /did you mean 'sma'/,
    hint: /'sma'/,
  },
  {
    code: 'arity',
    src: 'x = rsi(close)\n',
    at: ['rsi(close)'],
    message: /rsi takes 2 arguments, got 1/,
    hint: /rsi\(src, n\)/,
  },
  { code: 'arity', src: 'x = sma(close, 10, 3)\n', at: ['3'], message: /got 3/ },
  {
    code: 'arg-kind',
    src: 'x = sma(close, close)\n',
    at: ['close', 1],
    message: /constant period/,
    hint: /input/,
  },
  { code: 'arg-range', src: 'x = sma(close, 0)\n', at: ['0'], message: /from 1 to \d+, got 0/ },
  { code: 'not-boolean', src: 'if close:\n    buy(market)\n', at: ['close'], hint: /compare it/ },
  { code: 'not-numeric', src: 'x = (close > open) + 1\n', at: ['close > open'], hint: /'and'/ },
  { code: 'rebinding', src: 'x = 1\nx = 2\n', at: ['x', 1], message: /already bound on line 1/ },
  {
    code: 'rebinding',
    src: 'close = 1\n',
    at: ['close'],
    message: /built-in series/,
    hint: "choose another name, e.g. 'close_1'",
  },
  {
    code: 'unknown-keyword',
    src: 'strategy("t", captial=100)\n',
    at: ['captial'],
    message: /did you mean 'capital'/,
  },
  {
    code: 'unknown-keyword',
    src: '[a, b, c] = bb(close, 20, mul=2)\n',
    at: ['mul'],
    message: /did you mean 'mult'/,
  },
  { code: 'duplicate-keyword', src: 'strategy("t", fee=1%, fee=2%)\n', at: ['fee', 1], hint: 'remove one' },
  { code: 'lookahead', src: 'x = close[-1]\n', at: ['-1'], message: /future bar/ },
  { code: 'lookahead', src: 'x = close[high]\n', at: ['high'], message: /constant/ },
  {
    code: 'tuple-arity',
    src: '[a, b] = macd(close, 12, 26, 9)\n',
    at: ['a, b'],
    hint: '[macd, signal, hist] = macd(...)',
  },
  {
    code: 'tuple-value',
    src: 'x = macd(close, 12, 26, 9)\n',
    at: ['macd(close, 12, 26, 9)'],
    hint: /destructure/,
  },
  { code: 'strategy-twice', src: 'strategy("a")\nstrategy("b")\n', at: ['strategy("b")'], message: /line 1/ },
  {
    code: 'strategy-position',
    src: 'x = 1\nstrategy("a")\n',
    at: ['strategy("a")'],
    hint: 'move it to the top',
  },
  {
    code: 'risk-position',
    src: 'if close > open:\n    stop_loss(5%)\n',
    at: ['stop_loss(5%)'],
    hint: 'move it to the top level',
  },
  { code: 'risk-twice', src: 'stop_loss(5%)\nstop_loss(6%)\n', at: ['stop_loss(6%)'], message: /line 1/ },
  { code: 'risk-value', src: 'stop_loss(150%)\n', at: ['150%'], message: /below 100%, got 150%/ },
  { code: 'input-position', src: 'x = input(5) + 1\n', at: ['input(5)'], hint: /n = input/ },
  { code: 'input-bounds', src: 'n = input(5, min=10, max=20)\n', at: ['5'], message: /below min=10/ },
  { code: 'input-bounds', src: 'n = input(5, step=0)\n', at: ['0'], message: /step must be positive/ },
  {
    code: 'bad-setting',
    src: 'strategy("t", fill="opne")\n',
    at: ['"opne"'],
    message: /did you mean 'open'/,
  },
  { code: 'bad-setting', src: 'strategy("t", capital=0)\n', at: ['0'], message: /positive/ },
  {
    code: 'bad-setting',
    src: 'strategy("t", pyramiding=0)\n',
    at: ['0'],
    message: /whole number from 1 \(one at a time, the default\) to 1000, got 0/,
  },
  {
    code: 'order-type',
    src: 'buy(100%)\n',
    at: ['100%'],
    hint: 'buy(market, 100%) or buy(limit=close * 0.99, size=100%)',
  },
  { code: 'order-price', src: 'if close > open:\n    buy(market, limit=low)\n', at: ['market'] },
  {
    code: 'too-much-work',
    src: 'if rsi(close, 14) > 70:\n    sell(market)\n',
    budget: 100,
    at: ZERO,
    message: /over 50 bars/,
  },
  {
    code: 'order-price',
    src: 'if close > open:\n    buy(limit=low, stop=high)\n',
    at: ['stop'],
    message: /both limit= and stop=/,
  },
  {
    code: 'order-price',
    src: 'if close > open:\n    sell(market, limit=high)\n',
    at: ['limit'],
    hint: 'exits at prices are stop_loss(price=...) and take_profit(price=...)',
  },
  {
    code: 'order-price',
    src: 'if close > open:\n    sell(market, stop_loss=low)\n',
    at: ['stop_loss'],
    message: /sell takes no stop_loss=/,
  },
  {
    code: 'order-price',
    src: 'if close > open:\n    buy(market, cancel_after=3)\n',
    at: ['cancel_after'],
  },
  {
    code: 'order-price',
    src: 'if close > open:\n    buy(limit=low, cancel_after=0)\n',
    at: ['0'],
    message: /whole number of bars from 1/,
  },
  {
    code: 'risk-needs-stop',
    src: 'if close > open:\n    buy(market, size=risk(1%))\nexit(after=5)\n',
    at: ['1%'],
    hint: /stop_loss\(price=position_avg_price - 2 \* atr\(14\)\)/,
  },
  {
    code: 'position-state',
    src: 'x = sma(open_profit, 5)\nif x > 0:\n    buy(market)\n',
    at: ['open_profit'],
    message: /'src' of sma needs a whole series, but open_profit is only known bar by bar/,
  },
  {
    code: 'position-state',
    src: 'p = position_size\nif p[1] > 0:\n    sell(market)\n',
    at: { line: 2, col: 4, offset: 21, length: 1 },
    message: /history \(x\[n\]\)/,
  },
  {
    code: 'position-state',
    src: 'stop_loss(price=close * (1 - open_profit))\nif close > open:\n    buy(market)\n',
    at: ['close * (1 - open_profit)'],
    hint: /position_avg_price/,
  },
  {
    code: 'position-state',
    src: 'x = htf("1w", open_profit)\n',
    at: ['open_profit'],
    hint: /compare outside htf/,
  },
  {
    code: 'htf-timeframe',
    src: 'x = htf("weekly", close)\n',
    at: ['"weekly"'],
    message: /unknown timeframe "weekly" — did you mean "1w"\?/,
    hint: /m = minutes, M = months/,
  },
  {
    code: 'htf-nested',
    src: 'w = htf("1w", close)\nx = htf("1M", w > 1)\n',
    at: ['w > 1'],
    hint: /each timeframe on its own/,
  },
  {
    code: 'htf-lower',
    src: 'if htf("1h", close) > open:\n    buy(market)\n    sell(market)\n',
    params: {},
    at: ['"1h"'],
    message: /asks for 1h bars, but the chart's bars are 1d \(inferred from the spacing of the bars\)/,
    hint: /use "3d", "1w", "1M"/,
  },
  { code: 'size', src: 'buy(market, 50)\n', at: ['50'], hint: 'write 50% for 50 percent' },
  { code: 'size', src: 'buy(market, 50%, units=3)\n', at: ['3'], message: /more than one size/ },
  { code: 'unknown-param', src: INPUT, params: { fsat: 20 }, at: ZERO, message: /did you mean 'fast'/ },
  {
    code: 'bad-param',
    src: INPUT,
    params: { fast: 3 },
    at: ['fast = input(10, min=5, max=50)'],
    message: /5\.\.50/,
  },
  {
    code: 'bad-param',
    src: INPUT,
    params: { fast: 7.5 },
    at: ['fast = input(10, min=5, max=50)'],
    message: /whole/,
  },
  {
    code: 'unused-binding',
    src: 'x = sma(close, 5)\nif close > open:\n    buy(market)\n    sell(market)\n',
    at: ['x'],
    hint: /remove it/,
  },
  { code: 'no-exit', src: 'if close > open:\n    buy(market)\n', at: ['buy(market)'], hint: /sell/ },
  { code: 'no-entry', src: 'x = 1\n', at: ZERO, hint: /buy\(market/ },
];

function diagnose(c: Case): Diagnostic[] {
  if (c.budget !== undefined) {
    const p = prepareProgram(c.src, bars.close.length, { budget: { maxBarCalls: c.budget } });
    return p.diagnostics;
  }
  const { checked, diagnostics } = checkSource(c.src);
  if (!c.params) return diagnostics;
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const r = compile(checked).evaluate(bars, c.params);
  return isEvalFailure(r) ? r.diagnostics : [];
}

describe('diagnostic codes', () => {
  it('every code in DIAGNOSTIC_CODES has a case below, with a one-line description', () => {
    const covered = new Set(CASES.map((c) => c.code));
    for (const [code, text] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(covered.has(code as DiagnosticCode), code).toBe(true);
      expect(text).toMatch(/^[^\n]+$/);
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  for (const c of CASES) {
    it(`${c.code}: ${JSON.stringify(c.src.slice(0, 40))}`, () => {
      const ds = diagnose(c);
      const d = ds.find((x) => x.code === c.code);
      expect(d, `no ${c.code} among ${ds.map((x) => x.code).join(', ')}`).toBeDefined();
      const want = 'line' in c.at ? c.at : spanOf(c.src, c.at[0], c.at[1] ?? 0);
      expect(d!.span).toEqual(want);
      expect(d!.severity).toBe(
        ['unused-binding', 'no-exit', 'no-entry'].includes(c.code) ? 'warning' : 'error',
      );
      if (c.message) expect(d!.message).toMatch(c.message);
      if (typeof c.hint === 'string') expect(d!.hint).toBe(c.hint);
      else if (c.hint) expect(d!.hint).toMatch(c.hint);
    });
  }
});

describe('did you mean', () => {
  it('uses Damerau-Levenshtein distance (a transposition counts 1)', () => {
    expect(editDistance('eam', 'ema')).toBe(1);
    expect(editDistance('sma', 'smaa')).toBe(1);
    expect(editDistance('crossover', 'crosover')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
  it('suggests within 2 edits, fewer for short names, case-insensitively', () => {
    expect(didYouMean('crosover', ['crossover', 'crossunder'])).toBe('crossover');
    expect(didYouMean('crosovr', ['crossover'])).toBe('crossover');
    expect(didYouMean('SMA', ['sma', 'ema'])).toBe('sma');
    expect(didYouMean('foo', ['low', 'open'])).toBeUndefined();
    expect(didYouMean('ab', ['ba'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['sma'])).toBeUndefined();
  });
});

describe('several errors in one pass', () => {
  it('reports every independent error of a program, in source order', () => {
    const src = [
      'x = smaa(close, 10)',
      'y = sma(close, 10',
      'z = rsi(close, 0)',
      'if close:',
      '    buy(market, 50)',
      'w = 1 +',
      'stop_loss(150%)',
      '',
    ].join('\n');
    const codes = checkSource(src)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code);
    expect(codes).toEqual([
      'unknown-function',
      'unclosed-paren',
      'arg-range',
      'not-boolean',
      'size',
      'unexpected-token',
      'risk-value',
    ]);
  });
});

describe('formatDiagnostic', () => {
  it('prints the code, the location, the line and an underline under the span, and the hint', () => {
    const src = 'fast = 10\nslow = smaa(close, fast)\n';
    const d = checkSource(src).diagnostics.find((x) => x.code === 'unknown-function')!;
    expect(formatDiagnostic(src, d, 'cross.bt')).toBe(
      [
        "error[unknown-function]: unknown function 'smaa' — did you mean 'sma'?",
        ' --> cross.bt:2:8',
        '  |',
        '2 | slow = smaa(close, fast)',
        '  |        ^~~~',
        "  = hint: replace 'smaa' with 'sma'",
      ].join('\n'),
    );
  });
  it('keeps tabs in the underline prefix and marks an empty span with one caret', () => {
    const src = 'if close > open:\n\tbuy(mrket)\n';
    const d = checkSource(src).diagnostics.find((x) => x.code === 'unknown-name')!;
    expect(formatDiagnostic(src, d).split('\n')[4]).toBe('  | \t    ^~~~~');
    const z = checkSource('x = 1\n').diagnostics.find((x) => x.code === 'no-entry')!;
    expect(formatDiagnostic('x = 1\n', z).split('\n')[4]).toBe('  | ^');
  });
});
