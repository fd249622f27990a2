// The lexer: tokens and spans, percent vs modulo, numbers, strings, indentation, comments as trivia.
import { describe, expect, it } from 'vitest';
import { checkSource } from './checker';
import { format } from './formatter';
import type { Token } from './lexer';
import { lex } from './lexer';
import { formatDiagnostic } from './print';

const show = (ts: readonly Token[]) =>
  ts.map((t) => {
    if (t.kind === 'number') return `${t.text}${t.percent ? '%' : ''}=${t.value}`;
    if (t.kind === 'string') return `str:${t.str}`;
    if (t.kind === 'newline' || t.kind === 'indent' || t.kind === 'dedent' || t.kind === 'eof')
      return t.kind.toUpperCase();
    return t.text;
  });

describe('lex', () => {
  it('produces tokens with 1-based line/col, 0-based offset and length', () => {
    const { tokens } = lex('x = sma(close, 10)\n  # c\ny=1');
    expect(show(tokens)).toEqual([
      'x',
      '=',
      'sma',
      '(',
      'close',
      ',',
      '10=10',
      ')',
      'NEWLINE',
      'y',
      '=',
      '1=1',
      'NEWLINE',
      'EOF',
    ]);
    expect(tokens[4].span).toEqual({ line: 1, col: 9, offset: 8, length: 5 });
    expect(tokens[9].span).toEqual({ line: 3, col: 1, offset: 25, length: 1 });
    expect(tokens[8].kind).toBe('newline');
  });

  it('reads 5% as a fraction and % between operands as modulo', () => {
    const vals = (src: string) => show(lex(src).tokens).slice(0, -2);
    expect(vals('5%')).toEqual(['5%=0.05']);
    expect(vals('fee=0.1%, x')).toEqual(['fee', '=', '0.1%=0.001', ',', 'x']);
    expect(vals('10 % 3')).toEqual(['10=10', '%', '3=3']);
    expect(vals('10%3')).toEqual(['10=10', '%', '3=3']);
    expect(vals('a % b')).toEqual(['a', '%', 'b']);
    expect(vals('5% and x')).toEqual(['5%=0.05', 'and', 'x']);
    expect(vals('5 %(x)')).toEqual(['5=5', '%', '(', 'x', ')']);
    expect(vals('5%(x)')).toEqual(['5=5', '%', '(', 'x', ')']);
    expect(vals('5% - 3')).toEqual(['5%=0.05', '-', '3=3']);
    expect(vals('100%)')).toEqual(['100%=1', ')']);
  });

  it('reads integers, decimals and exponents, and keeps their text', () => {
    const nums = lex('14 0.5 1e-3 2E+2 .25 007').tokens.filter((t) => t.kind === 'number');
    expect(nums.map((t) => [t.text, t.value])).toEqual([
      ['14', 14],
      ['0.5', 0.5],
      ['1e-3', 0.001],
      ['2E+2', 200],
      ['.25', 0.25],
      ['007', 7],
    ]);
  });

  it('reports malformed and overflowing numbers', () => {
    expect(lex('x = 1.').diagnostics.list.map((d) => d.code)).toEqual(['bad-number']);
    expect(lex('x = 1e999').diagnostics.list[0].message).toMatch(/too large/);
  });

  it('decodes strings with \\" and \\\\ escapes', () => {
    const t = lex('"a \\"b\\" c\\\\d"').tokens[0];
    expect(t.kind).toBe('string');
    expect(t.str).toBe('a "b" c\\d');
    expect(t.text).toBe('"a \\"b\\" c\\\\d"');
  });

  it('emits INDENT/DEDENT like Python, with spaces or tabs', () => {
    const src = 'if a:\n    if b:\n        buy(market)\n    sell(market)\nexit()\n';
    expect(show(lex(src).tokens).filter((k) => /^[A-Z]+$/.test(k))).toEqual([
      'NEWLINE',
      'INDENT',
      'NEWLINE',
      'INDENT',
      'NEWLINE',
      'DEDENT',
      'NEWLINE',
      'DEDENT',
      'NEWLINE',
      'EOF',
    ]);
    const tabs = lex(src.replace(/ {4}/g, '\t'));
    expect(tabs.diagnostics.list).toEqual([]);
    expect(show(tabs.tokens)).toEqual(show(lex(src).tokens));
  });

  it('ignores blank and comment-only lines for indentation, and keeps comments as trivia', () => {
    const src = 'if a:\n\n  // about buy\n    buy(market)  # now\n# end\nexit()';
    const { tokens, comments, diagnostics } = lex(src);
    expect(diagnostics.list).toEqual([]);
    expect(tokens.filter((t) => t.kind === 'indent')).toHaveLength(1);
    expect(comments).toEqual([
      { text: '// about buy', span: { line: 3, col: 3, offset: 9, length: 12 }, ownLine: true },
      { text: '# now', span: { line: 4, col: 18, offset: 39, length: 5 }, ownLine: false },
      { text: '# end', span: { line: 5, col: 1, offset: 45, length: 5 }, ownLine: true },
    ]);
  });

  it('ignores line breaks inside brackets', () => {
    const src = 'x = f(a,\n      b)\ny = [\n1]\n';
    const kinds = lex(src).tokens.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'newline')).toHaveLength(2);
    expect(kinds).not.toContain('indent');
  });

  it('closes a bracket left open when the next line starts a new statement at the same indentation', () => {
    const { tokens } = lex('x = sma(close, 10\ny = 1\n');
    expect(show(tokens)).toEqual([
      'x',
      '=',
      'sma',
      '(',
      'close',
      ',',
      '10=10',
      'NEWLINE',
      'y',
      '=',
      '1=1',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('handles CRLF line ends', () => {
    const a = lex('if a:\r\n    buy(market)\r\n');
    const b = lex('if a:\n    buy(market)\n');
    expect(a.diagnostics.list).toEqual([]);
    expect(show(a.tokens)).toEqual(show(b.tokens));
  });

  it('reports one diagnostic per run of unexpected characters', () => {
    const ds = lex('x = a $$$ b ! c').diagnostics.list;
    expect(ds.map((d) => [d.code, d.span.offset, d.span.length])).toEqual([
      ['unexpected-char', 6, 3],
      ['unexpected-char', 12, 1],
    ]);
    expect(ds[1].hint).toMatch(/not/);
  });

  it('reports mixed indentation once per file', () => {
    const src = 'if a:\n    b()\nif c:\n\td()\nif e:\n\tf()\n';
    expect(lex(src).diagnostics.list.map((d) => d.code)).toEqual(['mixed-indent']);
  });

  it('balances INDENT and DEDENT even after a bad dedent', () => {
    const { tokens, diagnostics } = lex('if a:\n    b()\n  c()\nd()\n');
    expect(diagnostics.list.map((d) => d.code)).toEqual(['bad-dedent']);
    const depth = tokens.reduce((n, t) => n + (t.kind === 'indent' ? 1 : t.kind === 'dedent' ? -1 : 0), 0);
    expect(depth).toBe(0);
  });
});

describe('a byte order mark (as some editors save files)', () => {
  const SRC =
    'strategy("A")\nx = smaa(close, 10)\nif close > x:\n    buy(market, 100%)\n    sell(market, 100%)\n';
  const BOM = `\ufeff${SRC}`;

  it('is skipped at the start: the same tokens and columns (as an editor shows them), offsets into the text as given', () => {
    const plain = lex(SRC);
    const marked = lex(BOM);
    expect(marked.diagnostics.list).toEqual([]);
    expect(show(marked.tokens)).toEqual(show(plain.tokens));
    expect(marked.tokens[0].span).toEqual({ line: 1, col: 1, offset: 1, length: 8 });
    // Offsets still index the text as given (the editor marks ranges in it); later lines are unchanged.
    for (const [i, t] of marked.tokens.entries()) {
      const p = plain.tokens[i].span;
      expect(t.span).toEqual({ ...p, offset: p.offset + 1 });
      expect(BOM.slice(t.span.offset, t.span.offset + t.span.length)).toBe(
        SRC.slice(p.offset, p.offset + p.length),
      );
    }
  });

  it('checks like the same program without it (the editor and the server use checkSource)', () => {
    const plain = checkSource(SRC).diagnostics;
    const marked = checkSource(BOM).diagnostics;
    expect(marked.map((d) => [d.code, d.span.line, d.span.col])).toEqual(
      plain.map((d) => [d.code, d.span.line, d.span.col]),
    );
    expect(marked.map((d) => d.code)).toEqual(['unknown-function']);
    expect(marked[0].span.offset).toBe(plain[0].span.offset + 1);
    const first = checkSource('\ufeffstrategy("A", cash=1)\n').diagnostics[0];
    expect(formatDiagnostic('\ufeffstrategy("A", cash=1)\n', first, 'a.bt')).toContain(
      `--> a.bt:1:${first.span.col}\n  |\n1 | strategy("A", cash=1)\n  | ${' '.repeat(first.span.col - 1)}^`,
    );
  });

  it('is kept by the formatter, which changes nothing else', () => {
    const messy = 'strategy( "A" )\nx=sma(close,10)\nif close>x :\n  buy(market,100%)\n';
    const tidy = format(messy).text;
    expect(tidy).not.toBe(messy);
    expect(format(`\ufeff${messy}`)).toEqual({ text: `\ufeff${tidy}`, diagnostics: [] });
  });

  it('is still an unexpected character anywhere else', () => {
    expect(
      lex('x = 1\n\ufeffy = 2\n').diagnostics.list.map((d) => [d.code, d.span.line, d.span.col]),
    ).toEqual([['unexpected-char', 2, 1]]);
  });
});
