// Revisions of a pending strategy: the edit is applied, the result validates, and `changes` says
// exactly what changed; a whole new strategy is new; a revision that cannot be applied is asked about.
import { describe, expect, it } from 'vitest';
import { compile, diffSpecs, type StrategySpec, validateSpec } from '../../schema';
import { rulesOf, specOf } from './testkit';
import { understandOffline } from './understand';

const BASE =
  'Buy when the 50-day moving average crosses above the 200-day moving average and sell when it crosses back below. Use a 3% stop loss.';
const pending: StrategySpec = specOf(understandOffline({ text: BASE }));

const R1 = (x: string, y: string) =>
  `Buy with 100% of equity when the ${x} of the close crosses above the ${y} of the close.`;
const R2 = (x: string, y: string) =>
  `Sell the whole position when the ${x} of the close crosses below the ${y} of the close.`;

/** [revision, the exact changes]. */
const CASES: readonly (readonly [string, readonly string[]])[] = [
  ['make the stop 5%', ['stop loss 3% → 5%']],
  ['change the stop loss to 2.5%', ['stop loss 3% → 2.5%']],
  ['remove the stop loss', ['stop loss 3% → none']],
  ['remove the stop loss and add a 4% trailing stop', ['stop loss 3% → none', 'trailing stop none → 4%']],
  ['add a take profit at 20%', ['take profit none → 20%']],
  ['add a 0.1% fee', ['fee none → 0.1%']],
  ['use 5 bps slippage', ['slippage none → 0.05%']],
  ['trade hourly', ['timeframe daily bars (default) → hourly bars']],
  ['on TSLA instead', ['data source synthetic → yahoo', 'symbol none → TSLA']],
  [
    'switch to BTC/USDT on Kraken, 4h bars',
    [
      'data source synthetic → ccxt',
      'symbol none → BTC/USDT',
      'exchange none → kraken',
      'timeframe daily bars (default) → 4-hour bars',
    ],
  ],
  ['since 2018', ['date range the whole available history → since 2018-01-01']],
  [
    'use EMA instead',
    [
      "sma → ema for 'fast'",
      "sma → ema for 'slow'",
      `rule 1: ${R1('50-bar SMA', '200-bar SMA')} → ${R1('50-bar EMA', '200-bar EMA')}`,
      `rule 2: ${R2('50-bar SMA', '200-bar SMA')} → ${R2('50-bar EMA', '200-bar EMA')}`,
    ],
  ],
  [
    'use a 20-day average instead of 50',
    [
      "input 'fast_len' 50 → 20",
      "input 'fast_len' range 25 to 100 step 1 → 20 to 100 step 1",
      `rule 1: ${R1('50-bar SMA', '200-bar SMA')} → ${R1('20-bar SMA', '200-bar SMA')}`,
      `rule 2: ${R2('50-bar SMA', '200-bar SMA')} → ${R2('20-bar SMA', '200-bar SMA')}`,
    ],
  ],
  [
    'make the slow one 150',
    [
      "input 'slow_len' 200 → 150",
      `rule 1: ${R1('50-bar SMA', '200-bar SMA')} → ${R1('50-bar SMA', '150-bar SMA')}`,
      `rule 2: ${R2('50-bar SMA', '200-bar SMA')} → ${R2('50-bar SMA', '150-bar SMA')}`,
    ],
  ],
  [
    'invest 25% of equity',
    [
      `rule 1: ${R1('50-bar SMA', '200-bar SMA')} → ${R1('50-bar SMA', '200-bar SMA').replace('100%', '25%')}`,
    ],
  ],
  [
    'also short when the 50-day moving average crosses below the 200-day moving average',
    [
      'rule 3 added: Short with 100% of equity when the 50-bar SMA of the close crosses below the 200-bar SMA of the close.',
    ],
  ],
  [
    'sell when RSI(14) is above 80 instead',
    [
      `input 'rsi_len' added (14, 7 to 28 step 1, "RSI period")`,
      `input 'rsi_sell' added (80, 0 to 100 step 1, "RSI sell level")`,
      "indicator 'rsi_line' added: rsi(close, input rsi_len)",
      `rule 2: ${R2('50-bar SMA', '200-bar SMA')} → Sell the whole position when RSI(14) is above RSI sell level (80).`,
    ],
  ],
];

describe('revisions of a pending strategy', () => {
  it('has at least 10 revisions', () => expect(CASES.length).toBeGreaterThanOrEqual(10));

  for (const [text, changes] of CASES)
    it(text, () => {
      const u = understandOffline({ text, pending });
      const spec = specOf(u);
      expect(validateSpec(spec).ok).toBe(true);
      if (!u.ok) return;
      expect(u.changes).toEqual(changes);
      expect(u.changes).toEqual(diffSpecs(pending, spec));
      expect(u.program).toBe(compile(spec));
    });

  it('keeps the pending strategy unchanged (revisions work on a copy)', () => {
    const before = JSON.stringify(pending);
    understandOffline({ text: 'make the stop 5% and use EMA instead', pending });
    expect(JSON.stringify(pending)).toBe(before);
  });

  it('"crosses back" in an added rule refers to the pending strategy', () => {
    const u = understandOffline({
      text: 'also short when the 50-day moving average crosses below the 200-day moving average, cover when it crosses back',
      pending,
    });
    expect(rulesOf(u)).toEqual([
      'buy: crossover(sma(close,50),sma(close,200))',
      'sell: crossunder(sma(close,50),sma(close,200))',
      'short: crossunder(sma(close,50),sma(close,200))',
      'cover: crossover(sma(close,50),sma(close,200))',
    ]);
  });

  it('treats a whole new strategy as new (no changes)', () => {
    const u = understandOffline({ text: 'Buy when RSI(2) < 10, sell when RSI(2) > 90', pending });
    expect(rulesOf(u)).toEqual(['buy: rsi(close,2) < 10', 'sell: rsi(close,2) > 90']);
    expect(u.ok && u.changes).toBeUndefined();
  });

  it('asks when the revision cannot be applied', () => {
    const cases: [string, RegExp][] = [
      ['make it better', /couldn't tell how to change the strategy from "make it better"/],
      ['change 500 to 20', /The strategy has no 500 to change/],
      ['make the RSI period 7', /The strategy has no RSI/],
      ['use aroon instead', /Aroon is not in the strategy language/],
      ['remove the stop loss and the sell rule', /couldn't|could not|When should/],
    ];
    for (const [text, q] of cases) {
      const u = understandOffline({ text, pending });
      if (u.ok) throw new Error(`${text}: expected a question, got changes ${u.changes}`);
      expect(u.question).toMatch(q);
    }
  });

  it('asks when the revision would leave no way out of a position', () => {
    const onlyStop = specOf(
      understandOffline({ text: 'buy when RSI(14) drops below 30 with a 5% stop loss' }),
    );
    const u = understandOffline({ text: 'remove the stop loss', pending: onlyStop });
    expect(u.ok).toBe(false);
    if (!u.ok) expect(u.question).toMatch(/nothing would close a position.*sell/);
  });

  it('ignores an invalid pending spec and reads the text as new', () => {
    const u = understandOffline({ text: 'make the stop 5%', pending: { ...pending, rules: [] } });
    expect(u.ok).toBe(false);
  });
});
