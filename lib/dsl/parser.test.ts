// The parser: precedence, statement forms, spans on every node, recovery at line ends.
import { describe, expect, it } from 'vitest';
import type { Expr, Stmt } from './ast';
import { parse } from './parser';

/** An expression as a fully parenthesized string, to read the tree's shape at a glance. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.percent ? `${e.text}%` : e.text;
    case 'String':
      return e.raw;
    case 'Bool':
      return String(e.value);
    case 'Name':
      return e.name;
    case 'Market':
      return 'market';
    case 'Unary':
      return `(${e.op} ${shape(e.operand)})`;
    case 'Binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'Index':
      return `${shape(e.target)}[${shape(e.index)}]`;
    case 'Call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : '') + shape(a.value)).join(', ')})`;
  }
}

const expr = (src: string): string => {
  const r = parse(`x = ${src}\n`);
  expect(r.diagnostics).toEqual([]);
  const s = r.program.body[0];
  if (s.kind !== 'Assign') throw new Error('not an assignment');
  return shape(s.value);
};

describe('expressions', () => {
  it('follows the precedence or < and < not < comparison < + - < * / % < unary - < postfix', () => {
    expect(expr('a or b and c')).toBe('(a or (b and c))');
    expect(expr('not a and b')).toBe('((not a) and b)');
    expect(expr('not a < b')).toBe('(not (a < b))');
    expect(expr('a + b < c * d')).toBe('((a + b) < (c * d))');
    expect(expr('a - b - c')).toBe('((a - b) - c)');
    expect(expr('a / b * c % d')).toBe('(((a / b) * c) % d)');
    expect(expr('-a * b')).toBe('((- a) * b)');
    expect(expr('-a[1]')).toBe('(- a[1])');
    expect(expr('sma(close, 10)[2][3]')).toBe('sma(close, 10)[2][3]');
    expect(expr('(a + b) * c')).toBe('((a + b) * c)');
    expect(expr('- - a')).toBe('(- (- a))');
  });

  it('parses calls with keyword arguments and a trailing comma', () => {
    expect(expr('bb(close, 20, mult=2,)')).toBe('bb(close, 20, mult=2)');
    expect(expr('f()')).toBe('f()');
    expect(expr('iff(a > b, 1, na)')).toBe('iff((a > b), 1, na)');
  });

  it('reports a chained comparison and keeps parsing', () => {
    const r = parse('x = a < b < c\ny = 1\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['chained-comparison']);
    expect(r.program.body).toHaveLength(2);
    expect(parse('x = (a < b) < c\n').diagnostics).toEqual([]);
  });
});

describe('statements', () => {
  it('classifies strategy, bindings, destructuring, orders, risk rules and expression statements', () => {
    const src = 'strategy("t")\nn = 5\n[a, b] = f(n)\nbuy(market)\nexit()\nstop_loss(5%)\nclose > open\n';
    const kinds = parse(src).program.body.map((s) =>
      s.kind === 'Action' ? `Action:${s.action}` : s.kind === 'Risk' ? `Risk:${s.rule}` : s.kind,
    );
    expect(kinds).toEqual([
      'Strategy',
      'Assign',
      'TupleAssign',
      'Action:buy',
      'Action:exit',
      'Risk:stop_loss',
      'ExprStmt',
    ]);
  });

  it('builds if/elif/else chains with nested blocks', () => {
    const src = 'if a:\n    buy(market)\nelif b:\n    if c:\n        sell(market)\nelse:\n    exit()\n';
    const s = parse(src).program.body[0] as Stmt & { kind: 'If' };
    expect(s.kind).toBe('If');
    expect(s.branches.map((b) => [b.keyword, shape(b.cond), b.body.length])).toEqual([
      ['if', 'a', 1],
      ['elif', 'b', 1],
    ]);
    expect(s.branches[1].body[0].kind).toBe('If');
    expect(s.orelse?.body[0].kind).toBe('Action');
    expect(s.branches[1].header).toEqual({ line: 3, col: 1, offset: 22, length: 7 });
    expect(s.span).toEqual({ line: 1, col: 1, offset: 0, length: src.length - 1 });
  });

  it('gives every node a span that covers exactly its source text', () => {
    const src =
      'strategy("t", fee=0.1%)\nf = sma(close, 10) + -open[1]\nif crossover(f, close) and not (a > 2):\n    buy(market, 50%)\n';
    const { program } = parse(src);
    const seen: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const x of node) visit(x);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const n = node as {
        kind?: string;
        span?: { offset: number; length: number; line: number; col: number };
      };
      if (n.kind && n.span && n.kind !== 'Program') {
        const text = src.slice(n.span.offset, n.span.offset + n.span.length);
        seen.push(`${n.kind}:${text}`);
        const before = src.slice(0, n.span.offset);
        expect(n.span.line).toBe(before.split('\n').length);
        expect(n.span.col).toBe(n.span.offset - before.lastIndexOf('\n'));
      }
      for (const [k, v] of Object.entries(node))
        if (k !== 'span' && k !== 'header' && k !== 'comments') visit(v);
    };
    visit(program);
    expect(seen).toContain('Strategy:strategy("t", fee=0.1%)');
    expect(seen).toContain('Arg:fee=0.1%');
    expect(seen).toContain('Number:0.1%');
    expect(seen).toContain('Assign:f = sma(close, 10) + -open[1]');
    expect(seen).toContain('Binary:sma(close, 10) + -open[1]');
    expect(seen).toContain('Unary:-open[1]');
    expect(seen).toContain('Index:open[1]');
    expect(seen).toContain('Binary:crossover(f, close) and not (a > 2)');
    expect(seen).toContain('Unary:not (a > 2)');
    expect(seen).toContain('Action:buy(market, 50%)');
    expect(seen).toContain('Market:market');
    expect(seen).toContain('Ident:f');
  });
});

describe('recovery', () => {
  it('reports several syntax errors in one pass and keeps the good statements', () => {
    const src = [
      'x = (1 +',
      'y = close',
      'if a b:',
      '    buy(market)',
      'z = ]',
      'else:',
      '    sell(market)',
      'w = 2',
      '',
    ].join('\n');
    const r = parse(src);
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['unclosed-paren', 1],
      ['unexpected-token', 3],
      ['unexpected-token', 5],
      ['orphan-else', 6],
    ]);
    expect(r.program.body.map((s) => (s.kind === 'Assign' ? s.target.name : s.kind))).toEqual(['y', 'w']);
    expect([...r.recovered].sort()).toEqual(['x', 'z']);
  });

  it('parses the body of a broken header, so its errors are reported too', () => {
    const r = parse('if close >:\n    buy(market, )\n    sell(market,, 1)\n');
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['unexpected-token', 1],
      ['unexpected-token', 3],
    ]);
  });

  it('reports expected-block for a header without a body, once', () => {
    expect(parse('if a: buy(market)\n').diagnostics.map((d) => d.code)).toEqual(['expected-block']);
    expect(parse('if a:\n').diagnostics.map((d) => d.code)).toEqual(['expected-block']);
  });

  it('never throws nor hangs on pathological input', () => {
    const inputs = [
      '',
      '(',
      ')',
      ']]]]',
      '[[[[',
      ':::',
      'if',
      'else',
      'elif',
      '\t\t\tx',
      `x = ${'-'.repeat(5000)}1`,
      `x = ${'not '.repeat(3000)}a`,
      `x = ${'('.repeat(3000)}`,
      `x = ${'a + '.repeat(2000)}a`,
      `x = ${'f('.repeat(3000)}`,
      `x = a${'[1]'.repeat(2000)}`,
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}if a:`).join('\n'),
      '"'.repeat(1001),
      '\u0000\u0001\uffff',
    ];
    for (const src of inputs) {
      const r = parse(src);
      for (const d of r.diagnostics) {
        expect(d.span.offset).toBeGreaterThanOrEqual(0);
        expect(d.span.offset + d.span.length).toBeLessThanOrEqual(src.length);
      }
    }
    expect(parse(`x = ${'a + '.repeat(2000)}a`).diagnostics.map((d) => d.code)).toEqual(['too-deep']);
  });
});
