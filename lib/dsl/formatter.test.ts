// The formatter: canonical layout, minimal parentheses, comments kept, idempotent, tree-preserving.
import { describe, expect, it } from 'vitest';
import { stripSpans } from './ast';
import { format } from './formatter';
import { lex } from './lexer';
import { parse } from './parser';
import { rng, SAMPLES } from './testkit';

function comments(src: string): string[] {
  return parse(src).program.comments.map((c) => c.text);
}

function expectSameTree(a: string, b: string) {
  expect(stripSpans(parse(b).program)).toEqual(stripSpans(parse(a).program));
}

describe('format', () => {
  it('leaves canonical programs unchanged', () => {
    for (const s of SAMPLES) expect(format(s)).toEqual({ text: s, diagnostics: [] });
  });

  it('normalizes spacing, indentation, parentheses, blank lines and the final newline', () => {
    const messy = [
      '',
      '',
      '# top',
      'strategy( "t",capital = 5000 ,fee=1%)   // header',
      '',
      '',
      '',
      'a=((close+open))*2',
      'b  =  not(close>open)and(high<low)',
      'if a>b   :',
      '\tbuy(  market , 100% )',
      '\t# in block',
      '\t',
      'elif(a<b):',
      '\t\tsell(market)',
      '',
      '',
    ].join('\n');
    expect(format(messy).text).toBe(
      [
        '# top',
        'strategy("t", capital=5000, fee=1%)  // header',
        '',
        'a = (close + open) * 2',
        'b = not close > open and high < low',
        'if a > b:',
        '    buy(market, 100%)',
        '# in block',
        '',
        'elif a < b:',
        '    sell(market)',
        '',
      ].join('\n'),
    );
  });

  it('keeps parentheses exactly where precedence needs them', () => {
    const cases: [string, string][] = [
      ['((a + b)) * c', '(a + b) * c'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a - b) - c', 'a - b - c'],
      ['a / (b * c)', 'a / (b * c)'],
      ['(a * b) / c', 'a * b / c'],
      ['not (a and b)', 'not (a and b)'],
      ['(not a) and b', 'not a and b'],
      ['(a or b) and c', '(a or b) and c'],
      ['a or (b and c)', 'a or b and c'],
      ['-(a + b)', '-(a + b)'],
      ['(-a)[1]', '(-a)[1]'],
      ['-(a[1])', '-a[1]'],
      ['(a < b) == (c < d)', '(a < b) == (c < d)'],
      ['(a + b)[2]', '(a + b)[2]'],
      ['(not a) == b', '(not a) == b'],
      ['not (a == b)', 'not a == b'],
      ['-(-(a))', '--a'],
      ['(5%) % 3', '5% % 3'],
      ['5 %(3)', '5 % 3'],
      ['f(x=(1 + 2), y=(a))', 'f(x=1 + 2, y=a)'],
    ];
    for (const [src, want] of cases) {
      const out = format(`x = ${src}\n`);
      expect(out.text, src).toBe(`x = ${want}\n`);
      expectSameTree(`x = ${src}\n`, out.text);
    }
  });

  it('moves comments inside a multi-line statement above it, at its indentation', () => {
    const src = 'if close > open:\n    buy(market,  # size next\n        50%)  # half\n';
    expect(format(src).text).toBe('if close > open:\n    # size next\n    buy(market, 50%)  # half\n');
  });

  it('refuses to format a program with syntax errors and returns the source unchanged', () => {
    const src = 'x = sma(close, 10\nif close >:\n    buy(market)\n';
    const r = format(src);
    expect(r.text).toBe(src);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unclosed-paren', 'unexpected-token']);
  });

  it('formats an empty or comment-only program', () => {
    expect(format('').text).toBe('');
    expect(format('\n\n  \n').text).toBe('');
    expect(format('\n# just a note   \n\n').text).toBe('# just a note\n');
  });
});

/** Re-joins each line's tokens with 0 to 3 random spaces (one at least where tokens would merge). */
function respace(src: string, r: () => number): string {
  const { tokens, comments } = lex(src);
  return src
    .split('\n')
    .map((line, i) => {
      const toks = tokens.filter(
        (t) => t.span.line === i + 1 && !['newline', 'indent', 'dedent', 'eof'].includes(t.kind),
      );
      if (toks.length === 0) return line;
      let out = line.match(/^\s*/)![0];
      toks.forEach((t, k) => {
        const text = t.kind === 'number' && t.percent ? `${t.text}%` : t.text;
        const prev = toks[k - 1];
        const word = (x: string) => /^[\w.]/.test(x);
        const merge =
          prev &&
          ((word(prev.text) && word(text)) || (prev.kind === 'number' && !prev.percent && text === '%'));
        if (k > 0) out += ' '.repeat(Math.floor(r() * 4) || (merge ? 1 : 0));
        out += text;
      });
      const c = comments.find((x) => x.span.line === i + 1);
      return c ? `${out} ${c.text}` : out;
    })
    .join('\n');
}

/** Messy variants: tabs, odd spacing, comments on every line, CRLF line ends, extra blank lines. */
function variants(src: string): string[] {
  const lines = src.split('\n');
  const tabs = lines.map((l) => l.replace(/^( {4})+/, (m) => '\t'.repeat(m.length / 4))).join('\n');
  const spaced = respace(src, rng(src.length));
  const commented = lines
    .map((l, i) => (l.trim() && !l.includes('#') && !l.includes('//') ? `${l}   # c${i}` : l))
    .join('\n');
  const ownLine = lines.map((l, i) => (l.trim() ? `${l.match(/^\s*/)![0]}// note ${i}\n${l}` : l)).join('\n');
  const crlf = src.replace(/\n/g, '\r\n');
  const blanks = `\n\n${lines.join('\n\n\n')}\n\n`;
  const twoSpace = lines.map((l) => l.replace(/^( {4})+/, (m) => '  '.repeat(m.length / 4))).join('\n');
  return [tabs, spaced, commented, ownLine, crlf, blanks, twoSpace];
}

describe('format on messy variants', () => {
  SAMPLES.forEach((sample, k) => {
    variants(sample).forEach((v, j) => {
      it(`sample ${k} variant ${j}: idempotent, same tree, same comments`, () => {
        const once = format(v);
        expect(once.diagnostics).toEqual([]);
        expect(format(once.text).text).toBe(once.text);
        expectSameTree(v, once.text);
        expect(comments(once.text)).toEqual(comments(v));
        expect(once.text.endsWith('\n') && !once.text.endsWith('\n\n')).toBe(true);
        expect(once.text.startsWith('\n')).toBe(false);
        expect(once.text).not.toMatch(/\n\n\n/);
        if (j === 0 || j === 4 || j === 6) expect(once.text).toBe(sample);
      });
    });
  });
});

/** A random expression, printed with a parenthesis around every operation. */
function randomExpr(r: () => number, depth: number): string {
  const leaf = () => {
    const k = Math.floor(r() * 6);
    return ['close', 'a', '14', '2.5', '5%', 'true'][k];
  };
  if (depth === 0 || r() < 0.2) return leaf();
  const k = Math.floor(r() * 6);
  const sub = () => randomExpr(r, depth - 1);
  if (k === 0) return `(-${sub()})`;
  if (k === 1) return `(not ${sub()})`;
  if (k === 2) return `(${sub()})[${Math.floor(r() * 3)}]`;
  if (k === 3) return `f(${sub()}, k=${sub()})`;
  const ops = ['+', '-', '*', '/', '%', '<', '<=', '==', '!=', 'and', 'or'];
  return `(${sub()} ${ops[Math.floor(r() * ops.length)]} ${sub()})`;
}

describe('minimal parentheses keep the tree (seeded random expressions)', () => {
  it('format(x) parses to the same tree as x for 1000 random expressions', () => {
    const r = rng(42);
    for (let i = 0; i < 1000; i++) {
      const src = `x = ${randomExpr(r, 5)}\n`;
      const p = parse(src);
      if (!p.ok) continue; // e.g. a chained comparison written without parentheses cannot occur here
      const out = format(src);
      expectSameTree(src, out.text);
      expect(format(out.text).text).toBe(out.text);
      expect(out.text.length).toBeLessThanOrEqual(src.length);
    }
  });
});
