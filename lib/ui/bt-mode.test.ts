import { getIndentation, IndentContext, indentUnit, StreamLanguage } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples';
import { btStreamParser, TOKENS, tokenizeLines } from './bt-mode';

/** Non-blank tokens of one line as "text:token" strings, for compact expectations. */
function line(src: string, n = 0): string[] {
  return tokenizeLines(src)
    [n].filter(([, t]) => t !== null)
    .map(([text, t]) => `${text}:${t}`);
}

describe('bt StreamLanguage tokenizer', () => {
  it('tokenizes a strategy header: statement, string, keyword arguments, numbers and percent literals', () => {
    expect(line('strategy("SMA cross", capital=10000, fee=0.1%, slippage=5e-2)')).toEqual([
      'strategy:keyword',
      '(:paren',
      '"SMA cross":string',
      ',:punctuation',
      'capital:propertyName',
      '=:operator',
      '10000:number',
      ',:punctuation',
      'fee:propertyName',
      '=:operator',
      '0.1%:number.special',
      ',:punctuation',
      'slippage:propertyName',
      '=:operator',
      '5e-2:number',
      '):paren',
    ]);
  });

  it('marks definitions, built-in functions, built-in series and plain names', () => {
    expect(line('f = sma(close, fast)')).toEqual([
      'f:variableName.definition',
      '=:operator',
      'sma:variableName.function',
      '(:paren',
      'close:variableName.special',
      ',:punctuation',
      'fast:variableName',
      '):paren',
    ]);
  });

  it('tells a percent literal from the modulo operator, as the lexer does', () => {
    expect(line('x = 5 % 3')).toContain('%:operator');
    expect(line('x = 5 % 3')).toContain('5:number');
    expect(line('x = 5% * close')).toContain('5%:number.special');
    expect(line('x = 5%bar_index')).toEqual(
      expect.arrayContaining(['5:number', '%:operator', 'bar_index:variableName.special']),
    );
    expect(line('y = a > 5% and b')).toContain('5%:number.special');
  });

  it('highlights control keywords, logic, booleans, market and na', () => {
    expect(line('if a and not b or true:')).toEqual([
      'if:controlKeyword',
      'a:variableName',
      'and:operatorKeyword',
      'not:operatorKeyword',
      'b:variableName',
      'or:operatorKeyword',
      'true:bool',
      '::punctuation',
    ]);
    expect(line('    buy(market, 100%)')).toEqual([
      'buy:keyword',
      '(:paren',
      'market:atom',
      ',:punctuation',
      '100%:number.special',
      '):paren',
    ]);
    expect(line('z = iff(x == na, 1, 2)')).toContain('na:null');
    expect(line('z = iff(x == na, 1, 2)')).toContain('iff:variableName.function');
    expect(line('z = iff(x == na, 1, 2)')).toContain('==:operator');
  });

  it('reads both comment styles to the end of the line, and strings with escapes', () => {
    expect(tokenizeLines('// a "comment" 5%')[0]).toEqual([['// a "comment" 5%', TOKENS.comment]]);
    expect(line('x = 1  # trailing')).toEqual([
      'x:variableName.definition',
      '=:operator',
      '1:number',
      '# trailing:lineComment',
    ]);
    expect(line('t = input(1, title="say \\"hi\\"")')).toContain('"say \\"hi\\"":string');
    // An unterminated string runs to the end of its line only.
    const two = tokenizeLines('s = "open\nb = 1');
    expect(two[0].at(-1)).toEqual(['"open', 'string']);
    expect(two[1][0]).toEqual(['b', 'variableName.definition']);
  });

  it('marks the targets of a destructuring assignment as definitions', () => {
    expect(line('[m, sig, hist] = macd(close, 12, 26, 9)').slice(0, 8)).toEqual([
      '[:squareBracket',
      'm:variableName.definition',
      ',:punctuation',
      'sig:variableName.definition',
      ',:punctuation',
      'hist:variableName.definition',
      ']:squareBracket',
      '=:operator',
    ]);
    // A history index is not a destructuring.
    expect(line('hh = highest(high, 20)[1]')).toContain('1:number');
    expect(line('hh = highest(high, 20)[1]')).toContain('high:variableName.special');
  });

  it('colours malformed numbers and stray characters as invalid', () => {
    expect(line('x = 12abc')).toContain('12abc:invalid');
    expect(line('x = 1 @ 2')).toContain('@:invalid');
  });

  it('keeps keyword-argument state across a call continued on the next line', () => {
    const lines = tokenizeLines('x = input(5,\n    min=1)');
    expect(lines[1].filter(([, t]) => t).map(([s, t]) => `${s}:${t}`)).toEqual([
      'min:propertyName',
      '=:operator',
      '1:number',
      '):paren',
    ]);
  });

  it('covers every character of every example with a token (no gaps, no overlaps)', () => {
    for (const ex of EXAMPLES) {
      const lines = tokenizeLines(ex.source);
      const src = ex.source.split('\n');
      lines.forEach((toks, i) => {
        expect(toks.map(([t]) => t).join('')).toBe(src[i]);
        // Nothing in an example is invalid, and every name is classified.
        expect(toks.filter(([, t]) => t === 'invalid')).toEqual([]);
      });
    }
  });

  it('indents after a line ending in ":" and keeps the indentation otherwise', () => {
    const lang = StreamLanguage.define(btStreamParser);
    const indentAt = (doc: string) => {
      const state = EditorState.create({ doc, extensions: [lang, indentUnit.of('    ')] });
      return getIndentation(new IndentContext(state), doc.length);
    };
    expect(indentAt('if close > open:\n')).toBe(4);
    expect(indentAt('if a:\n    if b:\n')).toBe(8);
    expect(indentAt('if a:\n    buy(market, 100%)\n')).toBe(4);
    expect(indentAt('x = 1\n')).toBe(0);
  });
});
