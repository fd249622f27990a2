import { describe, expect, it } from 'vitest';
import { diffSpecs } from './diff';
import { EXAMPLE_SPECS } from './examples-testkit';
import type { StrategySpec } from './spec';
import { F, I, ind, over, P, rule, spec, under, V } from './testkit';

const base = spec({
  market: { source: 'yahoo', symbol: 'AAPL' },
  inputs: [{ name: 'n', value: 50, min: 5, max: 100, step: 5 }],
  indicators: [ind('fast', 'sma', [F('close'), P('n')]), ind('slow', 'sma', [F('close'), V(200)])],
  rules: [rule('buy', over(I('fast'), I('slow'))), rule('sell', under(I('fast'), I('slow')))],
  risk: { stopLoss: 0.03 },
});

const edit = (f: (s: StrategySpec) => void): StrategySpec => {
  const s = structuredClone(base);
  f(s);
  return s;
};

describe('diffSpecs', () => {
  it('nothing changed', () => {
    expect(diffSpecs(base, structuredClone(base))).toEqual([]);
    for (const { spec: s } of EXAMPLE_SPECS) expect(diffSpecs(s, s)).toEqual([]);
  });

  it('the examples of the brief', () => {
    expect(
      diffSpecs(
        base,
        edit((s) => (s.risk.stopLoss = 0.05)),
      ),
    ).toEqual(['stop loss 3% → 5%']);
    expect(
      diffSpecs(
        base,
        edit((s) => (s.settings.fee = 0.001)),
      ),
    ).toEqual(['fee none → 0.1%']);
    const ema = edit((s) => {
      s.indicators[0] = { ...s.indicators[0], fn: 'ema' };
    });
    expect(diffSpecs(base, ema)).toEqual([
      "sma → ema for 'fast'",
      'rule 1: Buy with 100% of equity when the 50-bar SMA of the close crosses above the 200-bar SMA of the close. → Buy with 100% of equity when the 50-bar EMA of the close crosses above the 200-bar SMA of the close.',
      'rule 2: Sell the whole position when the 50-bar SMA of the close crosses below the 200-bar SMA of the close. → Sell the whole position when the 50-bar EMA of the close crosses below the 200-bar SMA of the close.',
    ]);
  });

  it('market, settings, risk, inputs, indicator arguments, added and removed parts', () => {
    const b = edit((s) => {
      s.name = 'v2';
      s.market = { source: 'ccxt', symbol: 'BTC/USDT', timeframe: '4h', range: { lastYears: 3 } };
      s.settings = { capital: 5000, slippage: 0.0005, fill: 'close', units: 'whole', pyramiding: 2 };
      s.risk = { takeProfit: 0.1 };
      s.inputs = [
        { name: 'n', value: 20, min: 5, max: 200, step: 5, title: 'Fast' },
        { name: 'm', value: 2, min: 1, max: 3, step: 1 },
      ];
      s.indicators = [ind('fast', 'sma', [F('hl2'), V(20)]), ind('r', 'rsi', [F('close'), V(14)])];
      s.rules = [rule('buy', over(I('fast'), I('r')), { percent: 0.5 })];
    });
    expect(diffSpecs(base, b)).toEqual([
      'name "Test" → "v2"',
      'data source yahoo → ccxt',
      'symbol AAPL → BTC/USDT',
      'timeframe daily bars (default) → 4-hour bars',
      'date range the whole available history → the last 3 years',
      'capital $10,000 (default) → $5,000',
      'slippage none → 0.05%',
      "fills at next bar's open (default) → signal bar's close",
      'quantities fractional (default) → whole',
      'entries per direction 1 (default) → 2',
      'stop loss 3% → none',
      'take profit none → 10%',
      "input 'n' 50 → 20",
      "input 'n' range 5 to 100 step 5 → 5 to 200 step 5",
      'input \'n\' title null → "Fast"',
      "input 'm' added (2, 1 to 3 step 1)",
      "'fast' src close → hl2",
      "'fast' n input n → 20",
      "indicator 'slow' removed",
      "indicator 'r' added: rsi(close, 14)",
      'rule 1: Buy with 100% of equity when the 50-bar SMA of the close crosses above the 200-bar SMA of the close. → Buy with 50% of equity when the 20-bar SMA of the median price (hl2) crosses above RSI(14).',
      'rule 2 removed: Sell the whole position when the 50-bar SMA of the close crosses below the 200-bar SMA of the close.',
    ]);
    expect(diffSpecs(b, base).at(-1)).toBe(
      'rule 2 added: Sell the whole position when the 50-bar SMA of the close crosses below the 200-bar SMA of the close.',
    );
  });

  it('tuple outputs and offsets', () => {
    const a = spec({
      indicators: [
        ind('x', 'bb', [F('close'), V(20), V(2)], { output: 'upper' }),
        ind('h', 'highest', [F('high'), V(20)], { offset: 1 }),
      ],
      rules: [
        rule('buy', { op: '>', a: F('close'), b: I('x') }),
        rule('exit', { op: '<', a: F('close'), b: I('h') }),
      ],
    });
    const b = structuredClone(a);
    b.indicators = [
      { ...a.indicators[0], output: 'lower' },
      { ...a.indicators[1], offset: 2 },
    ];
    expect(diffSpecs(a, b).slice(0, 2)).toEqual(["'x' output upper → lower", "'h' offset 1 → 2"]);
  });

  it('a rule reworded only by renaming an identical indicator is not a change', () => {
    const b = edit((s) => {
      s.indicators[1] = { ...s.indicators[1], id: 'long' };
      s.rules = [rule('buy', over(I('fast'), I('long'))), rule('sell', under(I('fast'), I('long')))];
    });
    expect(diffSpecs(base, b)).toEqual([
      "indicator 'slow' removed",
      "indicator 'long' added: sma(close, 200)",
    ]);
  });
});
