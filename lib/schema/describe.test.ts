import { describe, expect, it } from 'vitest';
import { describe as describeSpec } from './describe';
import { EXAMPLE_SPECS } from './examples-testkit';
import { Phrases } from './phrases';
import type { Operand } from './spec';
import { F, I, ind, over, P, rule, spec, under, V } from './testkit';
import { money, pctWords } from './text';

const DEFAULTS = [
  'capital $10,000',
  'no fee',
  'no slippage',
  "fills at the next bar's open",
  'fractional quantities',
  'one position at a time: a buy while already long is ignored',
] as const;

describe('describe', () => {
  it('golden cross on AAPL with a stop: the sentences of the brief', () => {
    const s = spec({
      market: { source: 'yahoo', symbol: 'AAPL' },
      settings: { fee: 0.001 },
      indicators: [ind('fast', 'sma', [F('close'), V(50)]), ind('slow', 'sma', [F('close'), V(200)])],
      rules: [rule('buy', over(I('fast'), I('slow'))), rule('sell', under(I('fast'), I('slow')))],
      risk: { stopLoss: 0.03 },
    });
    expect(describeSpec(s)).toEqual({
      summary: [
        'Buy with 100% of equity when the 50-bar SMA of the close crosses above the 200-bar SMA of the close.',
        'Sell the whole position when the 50-bar SMA of the close crosses below the 200-bar SMA of the close.',
        'Exit with a 3% stop loss below the entry price.',
      ],
      market: 'AAPL, daily bars, the whole available history',
      settings:
        "Starting capital $10,000; fee 0.1% per trade; no slippage; orders fill at the next bar's open",
      assumptions: [
        'long only',
        '100% of equity per entry',
        'each sell closes the whole position',
        'capital $10,000',
        'no slippage',
        "fills at the next bar's open",
        'fractional quantities',
        'one position at a time: a buy while already long is ignored',
        'daily bars',
        'the whole available history',
      ],
    });
  });

  it('names the channel and trend indicators by their outputs', () => {
    const name = (fn: string, args: Operand[], output?: string) =>
      new Phrases(spec({ indicators: [ind('x', fn, args, output ? { output } : {})], rules: [] })).indicator(
        'x',
      );
    expect(name('keltner', [F('close'), V(20), V(2)], 'upper')).toBe('the upper Keltner channel (20, 2)');
    expect(name('donchian', [V(20)], 'lower')).toBe('the lower Donchian channel (20)');
    expect(name('supertrend', [V(10), V(3)], 'supertrend')).toBe('the SuperTrend line (10, 3)');
    expect(name('supertrend', [V(10), V(3)], 'direction')).toBe(
      'the SuperTrend direction (10, 3: 1 up, -1 down)',
    );
    expect(name('dmi', [V(14)], 'plus_di')).toBe('+DI(14)');
    expect(name('dmi', [V(14)], 'minus_di')).toBe('-DI(14)');
    expect(name('sar', [V(0.02), V(0.2)])).toBe('the parabolic SAR (0.02, 0.2)');
    expect(name('ichimoku', [V(9), V(26), V(52)], 'senkou_b')).toBe(
      'the Ichimoku leading span B (9, 26, 52)',
    );
    expect(name('ichimoku', [V(9), V(26), V(52), V(30)], 'tenkan')).toBe(
      'the Ichimoku conversion line (9, 26, 52, 30)',
    );
  });

  it('RSI levels, tuples, breakouts and shorts (nl-examples)', () => {
    const text = (k: number) => describeSpec(EXAMPLE_SPECS[k].spec).summary;
    expect(text(1)).toEqual([
      'Buy with 100% of equity when RSI(14) falls below 30.',
      'Sell the whole position when RSI(14) rises above 70.',
    ]);
    expect(text(2)[0]).toBe(
      'Buy with 100% of equity when the MACD line (12, 26, 9) crosses above the MACD signal line (12, 26, 9).',
    );
    expect(text(3)[0]).toBe(
      'Buy with 100% of equity when the close is above the upper Bollinger band (20, 2).',
    );
    expect(text(6)).toEqual([
      'Short with 100% of equity when the 20-bar EMA of the close crosses below the 50-bar EMA of the close.',
      'Cover the whole short position when the 20-bar EMA of the close crosses above the 50-bar EMA of the close.',
      'Exit with a 15% take profit below the entry price.',
    ]);
    expect(text(7)[0]).toBe(
      'Buy with 50% of equity when stochastic %K (14, 3, 3) crosses above stochastic %D (14, 3, 3).',
    );
    expect(text(8)).toEqual([
      'Buy with 100% of equity when the close is above the highest high of the previous 20 bars.',
      'Sell the whole position when the close crosses below the lowest low of the previous 10 bars.',
    ]);
    const d = describeSpec(EXAMPLE_SPECS[9].spec);
    expect(d.market).toBe('QQQ, daily bars, since 2015-01-01');
    expect(d.assumptions).toEqual(['long only', ...DEFAULTS.filter((x) => x !== 'no fee')]);
    expect(describeSpec(EXAMPLE_SPECS[0].spec).assumptions).toEqual([
      'long only',
      '100% of equity per entry',
      ...DEFAULTS,
      'daily bars',
      'the whole available history',
      'synthetic data unless a symbol is given',
    ]);
  });

  it('nested conditions, inputs, every action and size, both sides, all settings stated', () => {
    const s = spec({
      market: {
        source: 'ccxt',
        symbol: 'ETH/USDT',
        exchange: 'kraken',
        timeframe: '15m',
        range: { lastYears: 2 },
      },
      settings: {
        capital: 2500.5,
        fee: 0.00075,
        slippage: 0.0005,
        fill: 'close',
        units: 'whole',
        pyramiding: 3,
      },
      inputs: [
        { name: 'lvl', value: 25, min: 0, max: 50, step: 0.5, title: 'Oversold' },
        { name: 'n', value: 10, min: 2, max: 100, step: 1 },
      ],
      indicators: [
        ind('r', 'rsi', [F('hlc3'), P('n')]),
        ind('sm', 'wma', [I('r'), V(5)]),
        ind('a', 'atr', [V(14)]),
        ind('h', 'macd', [F('close'), V(12), V(26), V(9)], { output: 'hist' }),
        ind('lo', 'lowest', [F('close'), V(5)], { offset: 3 }),
        ind('mx', 'max', [I('a'), F('volume')]),
        ind('ch', 'change', [F('close')]),
      ],
      rules: [
        rule(
          'buy',
          {
            op: 'and',
            args: [
              under(P('lvl'), I('sm')),
              {
                op: 'or',
                args: [
                  { op: '>', a: V(0), b: I('h', 1) },
                  { op: 'rising', a: F('close', 1), n: V(3) },
                  { op: 'not', arg: { op: '<=', a: I('lo'), b: F('low', 2) } },
                ],
              },
            ],
          },
          { units: 1 },
        ),
        rule('short', { op: 'cross', a: I('mx'), b: I('ch') }, { cash: 1500 }),
        rule('sell', over(I('r'), V(70)), { percent: 0.25 }),
        rule('cover', { op: 'falling', a: I('a'), n: P('n') }),
        rule('exit', { op: '>=', a: I('ch'), b: V(-2.5) }),
      ],
      risk: { stopLoss: 0.05, takeProfit: 0.2, trailingStop: 0.035 },
    });
    expect(describeSpec(s)).toEqual({
      summary: [
        'Buy with 1 unit when the 5-bar WMA of RSI(10) of the typical price (hlc3) rises above Oversold (25) and any of the MACD histogram (12, 26, 9) one bar ago is below 0, the previous close is above each of its previous 3 values or it is not the case that the lowest close of the 5 bars ending 3 bars ago is at or below the low 2 bars ago.',
        'Short with $1,500 worth when the larger of ATR(14) and the volume crosses the 1-bar change of the close.',
        'Sell 25% of the position when RSI(10) of the typical price (hlc3) rises above 70.',
        'Cover the whole short position when ATR(14) is below each of its previous n (10) values.',
        'Close any open position when the 1-bar change of the close is at or above -2.5.',
        "Exit with a 5% stop loss away from each entry's price.",
        "Exit with a 20% take profit away from each entry's price.",
        'Exit with a 3.5% trailing stop away from the best price since each entry.',
        'Adjustable: Oversold (lvl) = 25, from 0 to 50 in steps of 0.5.',
        'Adjustable: n = 10, from 2 to 100 in steps of 1.',
      ],
      market: 'ETH/USDT on Kraken, 15-minute bars, the last 2 years',
      settings:
        "Starting capital $2,500.50; fee 0.075% per trade; slippage 0.05%; orders fill at the signal bar's close; quantities rounded down to whole units; up to 3 entries in one direction, each with its own stop and target",
      assumptions: ['each cover closes the whole short position'],
    });
  });

  it('states the one-position rule: assumed when unsaid, stated when said', () => {
    // Issue 10's example: a 25% buy while the close is above its 50-bar SMA, with a 5% stop.
    const base = {
      indicators: [ind('m', 'sma', [F('close'), V(50)])],
      rules: [
        rule('buy', { op: '>', a: F('close'), b: I('m') }, { percent: 0.25 }),
        rule('sell', { op: '<', a: F('close'), b: I('m') }),
      ],
      risk: { stopLoss: 0.05 },
    };
    const unsaid = describeSpec(spec(base));
    expect(unsaid.assumptions).toContain('one position at a time: a buy while already long is ignored');
    expect(unsaid.settings).not.toContain('position at a time');
    expect(unsaid.summary).toContain('Exit with a 5% stop loss below the entry price.');
    const one = describeSpec(spec({ ...base, settings: { pyramiding: 1 } }));
    expect(one.settings).toMatch(/; one position at a time: a buy while already long is ignored$/);
    expect(one.assumptions.join()).not.toContain('position at a time');
    const three = describeSpec(spec({ ...base, settings: { pyramiding: 3 } }));
    expect(three.settings).toMatch(/; up to 3 entries in one direction, each with its own stop and target$/);
    expect(three.summary).toContain("Exit with a 5% stop loss below each entry's price.");
    const sides = (actions: ('buy' | 'short')[]) =>
      describeSpec(
        spec({ ...base, rules: actions.map((a) => rule(a, over(F('close'), I('m')))) }),
      ).assumptions.filter((a) => a.startsWith('one position'));
    expect(sides(['short'])).toEqual(['one position at a time: a short while already short is ignored']);
    expect(sides(['buy', 'short'])).toEqual([
      'one position at a time: a buy while long or a short while short is ignored',
    ]);
  });

  it('markets', () => {
    const m = (market: Parameters<typeof spec>[0]['market']) =>
      describeSpec(spec({ market, indicators: [], rules: [] })).market;
    expect(
      m({
        source: 'csv',
        symbol: 'data/GOOG.csv',
        timeframe: '1w',
        range: { from: '2010-01-01', to: '2012-12-31' },
      }),
    ).toBe('the file data/GOOG.csv, weekly bars, from 2010-01-01 to 2012-12-31');
    expect(m({ source: 'ccxt', symbol: 'BTC/USDT', timeframe: '4h', range: { to: '2020-01-01' } })).toBe(
      'BTC/USDT on Binance, 4-hour bars, up to 2020-01-01',
    );
    expect(m({ source: 'synthetic', timeframe: '1M', range: { lastYears: 1 } })).toBe(
      'synthetic data, monthly bars, the last year',
    );
    expect(m({ source: 'yahoo', symbol: '^GSPC', timeframe: '1h' })).toBe(
      '^GSPC, hourly bars, the whole available history',
    );
  });

  it('is deterministic and does not depend on key order', () => {
    const s = EXAMPLE_SPECS[5].spec;
    const reverseKeys = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(reverseKeys)
        : x && typeof x === 'object'
          ? Object.fromEntries(
              Object.entries(x)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : x;
    const shuffled = reverseKeys(s) as typeof s;
    expect(Object.keys(shuffled)).toEqual(Object.keys(s).reverse());
    expect(describeSpec(shuffled)).toEqual(describeSpec(s));
    expect(JSON.stringify(describeSpec(s))).toBe(JSON.stringify(describeSpec(structuredClone(s))));
  });

  it('formats percents and money without float noise or locale', () => {
    expect(pctWords(0.07)).toBe('7%');
    expect(pctWords(0.001)).toBe('0.1%');
    expect(pctWords(0.1 + 0.2)).toBe('30%');
    expect(money(10000)).toBe('$10,000');
    expect(money(1234567.891)).toBe('$1,234,567.89');
    expect(money(999.5)).toBe('$999.50');
  });
});

describe('describe on deep indicator chains', () => {
  it('names indicators past three levels by id, so text stays short', () => {
    const indicators = [ind('i0', 'max', [F('close'), F('open')])];
    for (let k = 1; k < 20; k++) indicators.push(ind(`i${k}`, 'max', [I(`i${k - 1}`), I(`i${k - 1}`, 1)]));
    const s = spec({ indicators, rules: [rule('buy', over(I('i19'), V(1)))], risk: { stopLoss: 0.1 } });
    const [first] = describeSpec(s).summary;
    expect(first.length).toBeLessThan(2000);
    expect(first).toContain("the larger of 'i15' and 'i15' one bar ago");
  });
});
