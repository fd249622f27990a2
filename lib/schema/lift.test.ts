import { describe, expect, it } from 'vitest';
import { requireShared } from '../../testing/shared';
import { runProgram } from '../dsl';
import { compile } from './compile';
import { EXAMPLE_SPECS } from './examples-testkit';
import { lift } from './lift';
import { normalize } from './normalize';
import { F, I, ind, nlExamples, over, rule, seededBars, spec, tradesOf, under, V } from './testkit';

const ok = (source: string, opts?: Parameters<typeof lift>[1]) => {
  const r = lift(source, opts);
  if (!r.ok) throw new Error(r.reasons.join('\n'));
  return r.spec;
};

const reasons = (source: string) => {
  const r = lift(source);
  if (r.ok) throw new Error(`lifted unexpectedly: ${JSON.stringify(r.spec)}`);
  return r.reasons;
};

describe('lift on every nl-examples program', () => {
  requireShared('spec/nl-examples.jsonl'); // nlExamples() alone would give none, and no tests
  const bars = seededBars(1500, 42);
  nlExamples()
    .filter((e) => e.dsl)
    .forEach((e, k) => {
      it(e.text, () => {
        const market = e.symbol
          ? { source: e.symbol.includes('/') ? ('ccxt' as const) : ('yahoo' as const), symbol: e.symbol }
          : undefined;
        const s = ok(e.dsl!, { market });
        // The hand-written spec says the same thing (names aside, and up to normalization).
        const hand = EXAMPLE_SPECS[k].spec;
        expect(s.rules.length).toBe(hand.rules.length);
        expect(s.risk).toEqual(hand.risk);
        expect(s.settings).toEqual(hand.settings);
        // Recompiled, it trades exactly like the original.
        expect(tradesOf(runProgram(compile(s), bars))).toEqual(tradesOf(runProgram(e.dsl!, bars)));
      });
    });
});

describe('lift', () => {
  it('maps a program to its spec: header, inputs, tuples (placeholders dropped), offsets, sizes, risk', () => {
    const src = `strategy("Mix", capital=5000, slippage=0.05%, units="whole", pyramiding=2)
n = input(20, min=5, max=50, step=1, title="Length")
[m, s, _hist] = macd(close, 12, 26, 9)
[mid, up, lo] = bb(hl2, n, 2.5)
hh = highest(high, n)[1]
ch = change(close)
if crossover(m, s) and (close > up or not falling(close[2], 3)):
    buy(market, units=3)
    short(market, cash=100)
if close < lo[1]:
    exit()
stop_loss(2%)
`;
    expect(ok(src)).toEqual(
      normalize(
        spec({
          name: 'Mix',
          settings: { capital: 5000, slippage: 0.0005, units: 'whole', pyramiding: 2 },
          inputs: [{ name: 'n', value: 20, min: 5, max: 50, step: 1, title: 'Length' }],
          indicators: [
            ind('m', 'macd', [F('close'), V(12), V(26), V(9)], { output: 'macd' }),
            ind('s', 'macd', [F('close'), V(12), V(26), V(9)], { output: 'signal' }),
            ind('mid', 'bb', [F('hl2'), { input: 'n' }, V(2.5)], { output: 'mid' }),
            ind('up', 'bb', [F('hl2'), { input: 'n' }, V(2.5)], { output: 'upper' }),
            ind('lo', 'bb', [F('hl2'), { input: 'n' }, V(2.5)], { output: 'lower' }),
            ind('hh', 'highest', [F('high'), { input: 'n' }], { offset: 1 }),
            ind('ch', 'change', [F('close')]),
          ],
          rules: [
            ...(['buy', 'short'] as const).map((a) =>
              rule(
                a,
                {
                  op: 'and',
                  args: [
                    over(I('m'), I('s')),
                    {
                      op: 'or',
                      args: [
                        { op: '>', a: F('close'), b: I('up') },
                        { op: 'not', arg: { op: 'falling', a: F('close', 2), n: V(3) } },
                      ],
                    },
                  ],
                },
                a === 'buy' ? { units: 3 } : { cash: 100 },
              ),
            ),
            rule('exit', { op: '<', a: F('close'), b: I('lo', 1) }),
          ],
          risk: { stopLoss: 0.02 },
        }),
      ),
    );
  });

  it('names a headerless program, and takes the market from the caller', () => {
    const src = 'r = rsi(close, 14)\nif r < 30:\n    buy(market)\nif r > 70:\n    sell(market)\n';
    expect(ok(src).name).toBe('Untitled');
    expect(ok(src).market).toEqual({ source: 'synthetic' });
    const s = ok(src, { name: 'RSI', market: { source: 'yahoo', symbol: 'MSFT' } });
    expect(s.name).toBe('RSI');
    expect(s.market).toEqual({ source: 'yahoo', symbol: 'MSFT' });
    expect(s.rules[0].size).toBeUndefined();
  });

  it('gives back exactly the program compile produced', () => {
    for (const { spec: s } of EXAMPLE_SPECS) {
      const p = compile(s);
      const back = ok(p, { market: s.market });
      expect(back).toEqual(normalize(s));
      expect(compile(back)).toBe(p);
    }
  });

  it('flattens and/or chains however they are parenthesised', () => {
    const s = ok(
      'a = sma(close, 5)\nif (close > a and (open > a and high > a)) or low > a:\n    buy(market)\nstop_loss(5%)\n',
    );
    const when = s.rules[0].when;
    expect(when.op).toBe('or');
    expect(when.op === 'or' && when.args[0].op === 'and' && when.args[0].args.length).toBe(3);
  });

  it('lists every construct beyond the schema, with its line', () => {
    const src = `strategy("x", size=50%, fee=0.1% * 2)
f = input(0.001)
a = sma(close, 5)
b = a + close
if crossover(a, close):
    buy(market)
elif close > 3:
    if close < 4:
        sell(market)
else:
    exit()
x = close == 5
if x:
    sell(market, 50%)
stop_loss(iff(true, 1%, 2%))
c = 5
if close[c] > sma(close, 3) * 2 and bar_index > 3:
    buy(market)
if close == open:
    sell(market)
sell(market)
`;
    expect(reasons(src)).toEqual([
      'line 1: a default size= in strategy(...) is not expressible in the strategy schema; give each order its own size',
      'line 1: fee computed from 0.1% * 2 is not expressible in the strategy schema; write the number itself',
      "line 2: input 'f' without min=, max= and step= is not expressible in the strategy schema; give all three (the app shows it as a slider)",
      'line 4: arithmetic on series (a + close) is not expressible in the strategy schema',
      'line 7: elif is not expressible in the strategy schema; use a separate if',
      'line 8: a nested if is not expressible in the strategy schema; combine the conditions with and',
      'line 10: else is not expressible in the strategy schema; use a separate if with the opposite condition',
      'line 12: the named condition x = close == 5 is not expressible in the strategy schema; write the condition itself in the if',
      'line 15: stop_loss computed from iff(true, 1%, 2%) is not expressible in the strategy schema; write the number itself',
      'line 16: the constant c = 5 is not expressible in the strategy schema; use input(...) with min, max and step, or the number itself',
      'line 17: a history index that is not a number (close[c]) is not expressible in the strategy schema',
      'line 17: arithmetic on series (sma(close, 3) * 2) is not expressible in the strategy schema',
      'line 17: bar_index is not expressible in the strategy schema',
      'line 19: an equality test (close == open) is not expressible in the strategy schema; use >=, <=, > or <',
      'line 21: an order outside an if (sell on every bar) is not expressible in the strategy schema; put it under an if',
    ]);
  });

  it('lifts orders at prices, risk sizing, commission, price stops and exit(after); refuses the rest', () => {
    const ok = lift(
      'strategy("x", commission=1)\nhh = highest(high, 20)\na = atr(14)\nif close > open:\n    buy(stop=hh, size=risk(1%), cancel_after=3)\nstop_loss(price=position_avg_price - 2 * a)\nexit(after=5)\n',
    );
    if (!ok.ok) throw new Error(ok.reasons.join('\n'));
    expect(ok.spec.settings).toEqual({ commission: 1 });
    expect(ok.spec.rules[0]).toEqual({
      when: { op: '>', a: { field: 'close' }, b: { field: 'open' } },
      action: 'buy',
      size: { risk: 0.01 },
      order: { type: 'stop', price: { from: { indicator: 'hh' } }, cancelAfter: 3 },
    });
    expect(ok.spec.risk).toEqual({
      stopLossAt: { from: { position: 'avg_price' }, add: { times: -2, of: { indicator: 'a' } } },
      exitAfter: 5,
    });
    expect(
      reasons(
        'if close > open:\n    buy(limit=close * 0.99)\nif close > open and position_size > 0:\n    sell(market)\nstop_loss(price=close - 2 * atr(14))\n',
      ),
    ).toEqual([
      'line 2: arithmetic on series (close * 0.99) is not expressible in the strategy schema',
      'line 3: a condition on the position state (position_size, open_profit, …) is not expressible in the strategy schema',
      'line 5: a function call inside an expression (atr(14)) is not expressible in the strategy schema; bind it to a name first and use the name',
    ]);
    expect(reasons('if close > open:\n    buy(market, stop_loss=low)\nstop_loss(2%)\n')).toEqual([
      'line 2: an entry with its own stop_loss= or take_profit= is not expressible in the strategy schema; use stop_loss(price=...) / take_profit(price=...) at the top level',
    ]);
  });

  it('reports nested calls, aliases, iff and arithmetic on constants', () => {
    expect(
      reasons('s = sma(rsi(close, 14), 5)\nif s > 50:\n    buy(market)\nif s < 50:\n    sell(market)\n'),
    ).toEqual([
      'line 1: a function call inside an expression (rsi(close, 14)) is not expressible in the strategy schema; bind it to a name first and use the name',
    ]);
    expect(
      reasons(
        'n = input(5, min=1, max=9, step=1)\na = sma(close, n * 2)\nc = close\nz = iff(close > open, high, low)\nif crossover(a, c) or z > a:\n    buy(market)\nstop_loss(1%)\n',
      ),
    ).toEqual([
      'line 2: arithmetic (n * 2) is not expressible in the strategy schema',
      'line 3: the alias c = close is not expressible in the strategy schema',
      'line 4: z = iff(close > open, high, low) is not expressible in the strategy schema',
    ]);
  });

  it('gives the checker errors of a program that does not check', () => {
    expect(reasons('a = sma(close)\nif crossover(a, b):\n    buy(market)\n')).toEqual([
      'line 1: sma takes 2 arguments, got 1',
      "line 2: unknown name 'b'",
    ]);
  });

  it('applies the schema rules to what it lifted (the clarify rule, names)', () => {
    expect(reasons('a = sma(close, 5)\nif crossover(close, a):\n    buy(market)\n')).toEqual([
      'rules: positions are bought but never closed: add a "sell" or "exit" rule, or a stopLoss/takeProfit/trailingStop in risk',
    ]);
    expect(
      reasons('[_m, s, h] = macd(close, 12, 26, 9)\nif crossover(_m, s):\n    buy(market)\nstop_loss(5%)\n'),
    ).toEqual([
      'indicators[0].id: must start with a letter and use only letters, digits and _ (at most 64 characters)',
      'rules[0].when.a.indicator: must start with a letter and use only letters, digits and _ (at most 64 characters)',
    ]);
  });

  it('keeps orders that share an if as separate rules with the same condition', () => {
    const s = ok('if close > open:\n    sell(market)\n    buy(market, 50%)\n');
    expect(s.rules).toEqual([
      rule('sell', { op: '>', a: F('close'), b: F('open') }),
      rule('buy', { op: '>', a: F('close'), b: F('open') }, { percent: 0.5 }),
    ]);
    expect(ok('if crossunder(close, 3):\n    buy(market)\n    exit()\n').rules.map((r) => r.action)).toEqual([
      'buy',
      'exit',
    ]);
    expect(under(F('close'), V(3))).toEqual(
      ok('if crossunder(close, 3):\n    buy(market)\n    exit()\n').rules[0].when,
    );
  });
});
