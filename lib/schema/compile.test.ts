import { describe, expect, it } from 'vitest';
import { requireShared } from '../../testing/shared';
import { checkSource, runProgram } from '../dsl';
import { compile, settingsOf } from './compile';
import { EXAMPLE_SPECS } from './examples-testkit';
import { F, I, ind, nlExamples, over, P, rule, seededBars, spec, tradesOf, under, V } from './testkit';
import { numText, pctText, strText } from './text';

describe('nl-examples as specs trade exactly like the reference programs', () => {
  requireShared('spec/nl-examples.jsonl'); // nlExamples() alone would give none
  const examples = nlExamples().filter((e) => e.dsl);
  const bars = seededBars(1500, 42);

  it('has one spec per example program', () => {
    expect(examples.map((e) => e.text.slice(0, 20))).toEqual(EXAMPLE_SPECS.map((e) => e.text.slice(0, 20)));
  });

  EXAMPLE_SPECS.forEach(({ text, spec: s }, k) => {
    it(text, () => {
      const program = compile(s);
      expect(checkSource(program).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const ours = tradesOf(runProgram(program, bars));
      const reference = tradesOf(runProgram(examples[k].dsl!, bars));
      expect(reference.entryBar.length).toBeGreaterThan(0);
      expect(ours).toEqual(reference);
    });
  });
});

describe('compile', () => {
  it('writes the canonical program: header with the name and stated settings, inputs, bindings, ifs, risk', () => {
    const s = spec({
      name: 'SMA "cross"',
      settings: { capital: 25000, fee: 0.001, fill: 'close' },
      inputs: [{ name: 'fast', value: 50, min: 5, max: 100, step: 5, title: 'Fast SMA' }],
      indicators: [
        ind('sig', 'macd', [F('close'), V(12), V(26), V(9)], { output: 'signal' }),
        ind('a', 'sma', [F('close'), P('fast')]),
        ind('b', 'ema', [F('hl2', 1), V(200)], { offset: 2 }),
        ind('line', 'macd', [F('close'), V(12), V(26), V(9)], { output: 'macd' }),
      ],
      rules: [
        rule(
          'buy',
          {
            op: 'and',
            args: [
              over(I('a'), I('b')),
              {
                op: 'and',
                args: [
                  { op: '>', a: I('line'), b: V(-0.5) },
                  { op: 'rising', a: F('close'), n: V(3) },
                ],
              },
              {
                op: 'not',
                arg: { op: 'or', args: [under(I('a'), V(3)), { op: '<=', a: V(1e-7), b: I('sig', 3) }] },
              },
            ],
          },
          { percent: 0.07 },
        ),
        rule('sell', under(I('a'), I('b'))),
        rule('short', { op: 'falling', a: I('a'), n: P('fast') }, { units: 10 }),
        rule('cover', { op: 'cross', a: I('a'), b: F('close') }, { cash: 1500.5 }),
        rule('exit', { op: '>=', a: F('volume'), b: V(1e9) }),
      ],
      risk: { stopLoss: 0.03, takeProfit: 0.15, trailingStop: 0.0125 },
    });
    expect(compile(s)).toBe(`strategy("SMA \\"cross\\"", capital=25000, fee=0.1%, fill="close")

fast = input(50, min=5, max=100, step=5, title="Fast SMA")

[line, sig, _hist] = macd(close, 12, 26, 9)
a = sma(close, fast)
b = ema(hl2[1], 200)[2]

if crossover(a, b) and line > -0.5 and rising(close, 3) and not (crossunder(a, 3) or 1e-7 <= sig[3]):
    buy(market, 7%)
if crossunder(a, b):
    sell(market)
if falling(a, fast):
    short(market, units=10)
if cross(a, close):
    cover(market, cash=1500.5)
if volume >= 1000000000:
    exit()

stop_loss(3%)
take_profit(15%)
trailing_stop(1.25%)
`);
  });

  it('writes a bare header when nothing is stated, and orders indicators so each follows what it reads', () => {
    const s = spec({
      name: 'x',
      indicators: [ind('smooth', 'sma', [I('r'), V(5)]), ind('r', 'rsi', [F('close'), V(14)])],
      rules: [rule('buy', over(I('smooth'), V(50))), rule('sell', under(I('smooth'), V(50)))],
    });
    expect(compile(s)).toBe(
      'strategy("x")\n\nr = rsi(close, 14)\nsmooth = sma(r, 5)\n\nif crossover(smooth, 50):\n    buy(market)\nif crossunder(smooth, 50):\n    sell(market)\n',
    );
  });

  it('is deterministic', () => {
    for (const { spec: s } of EXAMPLE_SPECS) expect(compile(structuredClone(s))).toBe(compile(s));
  });

  it('refuses an invalid spec with its issues', () => {
    const bad = spec({ indicators: [], rules: [rule('buy', over(I('nope'), V(1)))] });
    expect(() => compile(bad)).toThrow(/rules\[0\]\.when\.a: unknown indicator 'nope'/);
  });
});

describe('literals', () => {
  it('percent texts read back exactly', () => {
    const cases: [number, string][] = [
      [0.001, '0.1%'],
      [0.07, '7%'],
      [0.0005, '0.05%'],
      [1, '100%'],
      [0.123456789, '12.3456789%'],
    ];
    for (const [v, t] of cases) expect(pctText(v)).toBe(t);
    for (const v of [0.1 + 0.2, 1 / 3, 0.0001, 0.0712345678901234]) {
      const t = pctText(v);
      const back = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
      expect(back).toBe(v);
    }
  });

  it('numbers and strings', () => {
    expect(numText(-0)).toBe('0');
    expect(numText(-2.5)).toBe('-2.5');
    expect(strText('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });
});

describe('settingsOf', () => {
  it('fills the defaults of nl-conventions.md and builds the data-source string', () => {
    const s = spec({ indicators: [], rules: [] });
    expect(settingsOf(s)).toEqual({
      settings: { capital: 10000, fee: 0, slippage: 0, fill: 'open', units: 'fractional' },
      data: { source: 'synthetic:1:2500:1d', timeframe: '1d' },
    });
    const t = spec({
      market: {
        source: 'ccxt',
        symbol: 'BTC/USDT',
        timeframe: '4h',
        range: { from: '2020-01-01', to: '2021-06-30' },
      },
      settings: { capital: 5000, fee: 0.001, units: 'whole' },
      risk: { stopLoss: 0.05 },
      indicators: [],
      rules: [],
    });
    expect(settingsOf(t)).toEqual({
      settings: { capital: 5000, fee: 0.001, slippage: 0, fill: 'open', units: 'whole', stopLoss: 0.05 },
      data: { source: 'ccxt:binance:BTC/USDT', timeframe: '4h', from: '2020-01-01', to: '2021-06-30' },
    });
    const u = spec({
      market: { source: 'yahoo', symbol: 'AAPL', range: { lastYears: 3 } },
      indicators: [],
      rules: [],
    });
    expect(settingsOf(u).data).toEqual({ source: 'yahoo:AAPL', timeframe: '1d', lastYears: 3 });
  });

  it('passes pyramiding to the header and the engine only when stated', () => {
    const one = EXAMPLE_SPECS[0].spec;
    expect(compile(one)).not.toContain('pyramiding');
    expect(settingsOf(one).settings).not.toHaveProperty('pyramiding');
    const three = { ...one, name: 'Test', settings: { fee: 0.001, pyramiding: 3 } };
    expect(compile(three)).toMatch(/^strategy\("Test", fee=0\.1%, pyramiding=3\)$/m);
    expect(settingsOf(three).settings.pyramiding).toBe(3);
  });
});
