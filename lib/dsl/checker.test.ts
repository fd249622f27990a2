// The checker: kinds of bindings, inputs, settings, rules with their guards, and what it rejects.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../engine';
import { checkSource } from './checker';
import { printExpr } from './formatter';

const errors = (src: string) =>
  checkSource(src)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);
const ok = (src: string) => {
  const r = checkSource(src);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.checked;
};

describe('kinds', () => {
  it('types literals, inputs, arithmetic, elementwise functions, comparisons and tuples', () => {
    const c = ok(
      [
        'n = input(14)',
        'k = n * 2 + 1',
        'm = max(k, 3)',
        'flag = true',
        'cmp = k > 10',
        's = sma(close, k)',
        'r = rsi(s, m) > 50 and flag',
        '[a, b, c] = bb(close, n, 2)',
        'h = hl2 - a',
        'z = na',
        'e = iff(cmp, close, open)',
        'buy(market)',
        'sell(market)',
        '',
      ].join('\n'),
    );
    const kinds = Object.fromEntries([...c.bindings.values()].map((b) => [b.name, b.kind]));
    expect(kinds).toEqual({
      n: 'const',
      k: 'const',
      m: 'const',
      flag: 'bool',
      cmp: 'bool',
      s: 'series',
      r: 'bool',
      a: 'series',
      b: 'series',
      c: 'series',
      h: 'series',
      z: 'const',
      e: 'series',
    });
    expect(c.bindings.get('k')?.value).toBe(29);
    expect(c.bindings.get('m')?.value).toBe(29);
    expect(c.bindings.get('cmp')?.value).toBe(true);
    expect(Number.isNaN(c.bindings.get('z')?.value as number)).toBe(true);
    expect(c.bindings.get('b')?.output).toBe(1);
  });

  it('rejects arithmetic on conditions and logic on numbers', () => {
    expect(errors('x = (close > open) * 2\n')).toEqual(['not-numeric']);
    expect(errors('x = close and open\n')).toEqual(['not-boolean', 'not-boolean']);
    expect(errors('x = not close\n')).toEqual(['not-boolean']);
    expect(errors('x = -(close > open)\n')).toEqual(['not-numeric']);
    expect(errors('x = (close > open) == 1\n')).toEqual(['not-numeric']);
    expect(errors('x = "a" + 1\n')).toEqual(['not-numeric']);
    expect(errors('x = (close > open) == (high > low)\n')).toEqual([]);
  });

  it('requires constant periods within the registry bounds, inputs included', () => {
    expect(errors('n = input(10)\nx = sma(close, n)\n')).toEqual([]);
    expect(errors('x = sma(close, round(7.6))\n')).toEqual([]);
    expect(errors('x = sma(close, 2.5)\n')).toEqual(['arg-range']);
    expect(errors('n = input(0)\nx = sma(close, n)\n')).toEqual(['arg-range']);
    expect(errors('x = sma(close, bar_index)\n')).toEqual(['arg-kind']);
    expect(errors('x = sma(close, 1 < 2)\n')).toEqual(['arg-kind']);
    expect(errors('[a, b, c] = bb(close, 20, 100)\n')).toEqual(['arg-range']);
    expect(errors('x = change(close)\ny = change(close, n=3)\n')).toEqual([]);
    expect(errors('x = atr(14)\ny = tr()\nz = obv()\n')).toEqual([]);
    expect(errors('x = atr(close, 14)\n')).toEqual(['arity']);
  });

  it('checks history indexes: non-negative whole constants only', () => {
    expect(errors('k = input(2)\nx = close[k] + close[k + 1] + close[0]\n')).toEqual([]);
    expect(errors('x = close[1.5]\n')).toEqual(['lookahead']);
    expect(errors('k = input(-1)\nx = close[k]\n')).toEqual(['lookahead']);
    expect(errors('x = close[bar_index]\n')).toEqual(['lookahead']);
    expect(errors('x = (close > open)[1]\n')).toEqual([]);
  });

  it('forbids rebinding, built-in names included', () => {
    expect(errors('x = 1\nx = 2\n')).toEqual(['rebinding']);
    expect(errors('sma = 1\n')).toEqual(['rebinding']);
    expect(errors('na = 1\n')).toEqual(['rebinding']);
    expect(errors('buy = 1\n')).toEqual(['rebinding']);
    expect(errors('[open, b] = stoch(14, 3, 3)\n')).toEqual(['rebinding']);
  });

  it('accepts iff with matching branches and na as a condition', () => {
    expect(errors('x = iff(close > open, 1, na)\ny = iff(close > open, high > low, false)\n')).toEqual([]);
    expect(errors('x = iff(close, 1, 2)\n')).toEqual(['not-boolean']);
    expect(errors('x = iff(close > open, 1)\n')).toEqual(['arity']);
    expect(errors('if na:\n    buy(market)\n')).toEqual([]);
  });
});

describe('inputs and settings', () => {
  it('collects inputs with their bounds and whether they are whole numbers', () => {
    const c = ok(
      'fast = input(10, min=2, max=50, step=1, title="Fast")\nlevel = input(1.5%, min=0.5%)\nx = sma(close, fast) * level\n',
    );
    expect(c.inputs.map(({ span, defaultSpan, ...rest }) => rest)).toEqual([
      { name: 'fast', default: 10, min: 2, max: 50, step: 1, title: 'Fast', integer: true },
      { name: 'level', default: 0.015, min: 0.005, integer: false },
    ]);
    expect(c.inputs[0].span.line).toBe(1);
    expect(c.inputs[1].defaultSpan).toEqual({ line: 2, col: 15, offset: 68, length: 4 });
  });

  it('rejects inputs out of place or with contradicting bounds', () => {
    expect(errors('if close > open:\n    n = input(3)\n')).toEqual(['statement-in-if']);
    expect(errors('x = sma(close, input(3))\n')).toEqual(['input-position']);
    expect(errors('n = input(5, min=10, max=1)\n')).toEqual(['input-bounds']);
    expect(errors('n = input(close)\n')).toEqual(['arg-kind']);
    expect(errors('n = input(5, maxx=3)\n')).toEqual(['unknown-keyword']);
    expect(errors('n = input()\n')).toEqual(['arity']);
  });

  it('builds engine settings from the header and the risk rules, defaults filled in', () => {
    const c = ok(
      'strategy("T", capital=5000, fee=0.2%, slippage=0.1%, fill="close", units="whole", pyramiding=3)\nstop_loss(4%)\ntake_profit(12%)\ntrailing_stop(2%)\n',
    );
    expect(c.title).toBe('T');
    expect(c.settings).toEqual({
      capital: 5000,
      fee: 0.002,
      slippage: 0.001,
      fill: 'close',
      units: 'whole',
      pyramiding: 3,
      stopLoss: 0.04,
      takeProfit: 0.12,
      trailingStop: 0.02,
    });
    expect(ok('x = 1\n').settings).toEqual(DEFAULT_SETTINGS);
  });

  it('checks setting values', () => {
    expect(errors('strategy("t", fee=11%)\n')).toEqual(['bad-setting']);
    expect(errors('strategy("t", units="half")\n')).toEqual(['bad-setting']);
    expect(errors('strategy("t", size=0)\n')).toEqual(['size']);
    expect(errors('strategy("t", capital=close)\n')).toEqual(['bad-setting']);
    expect(errors('strategy(12)\n')).toEqual(['arg-kind']);
    for (const p of ['0', '2.5', '-1', '1001', '50%'])
      expect(errors(`strategy("t", pyramiding=${p})\n`), p).toEqual(['bad-setting']);
    expect(errors('strategy("t", pyramiding=close)\n')).toEqual(['bad-setting']);
  });
});

describe('rules', () => {
  it('lists one rule per order in program order, with the guards of nested if/elif/else', () => {
    const c = ok(
      [
        'if a1 > 0:',
        '    buy(market, 50%)',
        '    if a2 > 0:',
        '        sell(market, units=2)',
        'elif a3 > 0:',
        '    short(market, cash=500)',
        'else:',
        '    cover(market)',
        'exit()',
        '',
      ]
        .join('\n')
        .replace(/^/, 'a1 = close - open\na2 = high - close\na3 = open - low\n'),
    );
    const rules = c.rules.map((r) => ({
      kind: r.kind,
      size: `${r.size.kind}:${r.size.expr ? printExpr(r.size.expr) : 'default'}`,
      guards: r.guards.map((g) => `${g.negate ? '!' : ''}${printExpr(g.expr)}`),
    }));
    expect(rules).toEqual([
      { kind: 'buy', size: 'percent:50%', guards: ['a1 > 0'] },
      { kind: 'sell', size: 'units:2', guards: ['a1 > 0', 'a2 > 0'] },
      { kind: 'short', size: 'cash:500', guards: ['!a1 > 0', 'a3 > 0'] },
      { kind: 'cover', size: 'percent:default', guards: ['!a1 > 0', '!a3 > 0'] },
      { kind: 'exit', size: 'percent:default', guards: [] },
    ]);
  });

  it('validates orders: market first, one size, sizes in range', () => {
    expect(
      errors('buy(market, 100%)\nsell(market, 0.5)\nshort(market, units=3)\ncover(market, cash=100)\n'),
    ).toEqual([]);
    expect(errors('buy(market, 0%)\n')).toEqual(['size']);
    expect(errors('buy(market, units=-1)\n')).toEqual(['size']);
    expect(errors('buy(market, close)\n')).toEqual(['size']);
    expect(errors('buy(market, 10%, 20%)\n')).toEqual(['arity']);
    expect(errors('buy(market, shares=3)\n')).toEqual(['unknown-keyword']);
    expect(errors('exit(market)\n')).toEqual(['arity']);
    expect(errors('x = market\n')).toEqual(['not-numeric']);
  });

  it('warns about unused bindings, a missing exit and a missing entry', () => {
    const warn = (src: string) =>
      checkSource(src)
        .diagnostics.filter((d) => d.severity === 'warning')
        .map((d) => d.code);
    expect(warn('if close > open:\n    buy(market)\nstop_loss(5%)\n')).toEqual([]);
    expect(warn('if close > open:\n    buy(market)\nif close < open:\n    short(market)\n')).toEqual([]);
    expect(warn('if close > open:\n    short(market)\n')).toEqual(['no-exit']);
    expect(warn('if close > open:\n    sell(market)\n')).toEqual(['no-entry']);
    expect(
      warn('[m, s, h] = macd(close, 12, 26, 9)\n_x = 1\nif m > s:\n    buy(market)\n    sell(market)\n'),
    ).toEqual([]);
  });
});

describe('robustness', () => {
  it('reports unknown names without cascading from a failed statement', () => {
    expect(errors('x = sma(close,, 3)\nif x > 1:\n    buy(market)\n')).toEqual(['unexpected-token']);
  });
});
