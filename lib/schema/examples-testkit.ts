// The nl-examples.jsonl strategies written as specs by hand (test data, not part of the public surface).
// Some are phrased differently from the reference program on purpose but must trade identically:
// #1 leaves the buy size unstated (buy(market) is 100%), #3 names only two of macd's outputs, #9 puts
// the breakout's [1] on the operands instead of on the indicators.
import { TRADER_SPECS } from './examples-traders';
import type { StrategySpec } from './spec';
import { F, I, ind, over, rule, spec, under, V } from './testkit';

const close = F('close');
const pct = (p: number) => ({ percent: p });

const FIRST_SPECS: readonly { readonly text: string; readonly spec: StrategySpec }[] = [
  {
    text: 'Buy when the 50-day moving average crosses above the 200-day',
    spec: spec({
      indicators: [ind('a', 'sma', [close, V(50)]), ind('b', 'sma', [close, V(200)])],
      rules: [rule('buy', over(I('a'), I('b'))), rule('sell', under(I('a'), I('b')), pct(1))],
    }),
  },
  {
    text: 'Go long AAPL when RSI(14) drops below 30',
    spec: spec({
      market: { source: 'yahoo', symbol: 'AAPL' },
      indicators: [ind('r', 'rsi', [close, V(14)])],
      rules: [rule('buy', under(I('r'), V(30)), pct(1)), rule('sell', over(I('r'), V(70)), pct(1))],
    }),
  },
  {
    text: 'MACD strategy on BTC/USDT 4h',
    spec: spec({
      name: 'macd',
      market: { source: 'ccxt', symbol: 'BTC/USDT', timeframe: '4h' },
      settings: { fee: 0.001 },
      indicators: [
        ind('s', 'macd', [close, V(12), V(26), V(9)], { output: 'signal' }),
        ind('m', 'macd', [close, V(12), V(26), V(9)], { output: 'macd' }),
      ],
      rules: [rule('buy', over(I('m'), I('s')), pct(1)), rule('sell', under(I('m'), I('s')), pct(1))],
    }),
  },
  {
    text: 'Buy SPY when it closes above the upper Bollinger band',
    spec: spec({
      market: { source: 'yahoo', symbol: 'SPY' },
      indicators: [
        ind('mid', 'bb', [close, V(20), V(2)], { output: 'mid' }),
        ind('up', 'bb', [close, V(20), V(2)], { output: 'upper' }),
      ],
      rules: [
        rule('buy', { op: '>', a: close, b: I('up') }, pct(1)),
        rule('sell', { op: '<', a: close, b: I('mid') }, pct(1)),
      ],
      risk: { stopLoss: 0.03 },
    }),
  },
  {
    text: 'EMA 12/26 crossover on ETH/USDT hourly',
    spec: spec({
      market: { source: 'ccxt', symbol: 'ETH/USDT', timeframe: '1h' },
      indicators: [ind('f', 'ema', [close, V(12)]), ind('s', 'ema', [close, V(26)])],
      rules: [rule('buy', over(I('f'), I('s')), pct(1)), rule('sell', under(I('f'), I('s')), pct(1))],
      risk: { trailingStop: 0.02 },
    }),
  },
  {
    text: 'Buy when price is above the 200 day moving average and the 2-period RSI',
    spec: spec({
      indicators: [ind('t', 'sma', [close, V(200)]), ind('r', 'rsi', [close, V(2)])],
      rules: [
        rule(
          'buy',
          {
            op: 'and',
            args: [
              { op: '>', a: close, b: I('t') },
              { op: '<', a: I('r'), b: V(10) },
            ],
          },
          pct(1),
        ),
        rule('sell', { op: '>', a: I('r'), b: V(90) }, pct(1)),
      ],
    }),
  },
  {
    text: 'Short TSLA when the 20-day EMA crosses below the 50-day EMA',
    spec: spec({
      market: { source: 'yahoo', symbol: 'TSLA' },
      indicators: [ind('f', 'ema', [close, V(20)]), ind('s', 'ema', [close, V(50)])],
      rules: [rule('short', under(I('f'), I('s')), pct(1)), rule('cover', over(I('f'), I('s')), pct(1))],
      risk: { takeProfit: 0.15 },
    }),
  },
  {
    text: 'Invest 50% of equity when stochastic %K crosses above %D',
    spec: spec({
      indicators: [
        ind('k', 'stoch', [V(14), V(3), V(3)], { output: 'k' }),
        ind('d', 'stoch', [V(14), V(3), V(3)], { output: 'd' }),
      ],
      rules: [rule('buy', over(I('k'), I('d')), pct(0.5)), rule('sell', under(I('k'), I('d')), pct(1))],
    }),
  },
  {
    text: 'Breakout: buy when the close exceeds the highest high of the last 20 days',
    spec: spec({
      indicators: [ind('hh', 'highest', [F('high'), V(20)]), ind('ll', 'lowest', [F('low'), V(10)])],
      rules: [
        rule('buy', { op: '>', a: close, b: I('hh', 1) }, pct(1)),
        rule('sell', under(close, I('ll', 1)), pct(1)),
      ],
    }),
  },
  {
    text: 'Golden cross on QQQ daily since 2015',
    spec: spec({
      name: 'gc',
      market: { source: 'yahoo', symbol: 'QQQ', timeframe: '1d', range: { from: '2015-01-01' } },
      settings: { fee: 0.0005 },
      indicators: [ind('a', 'sma', [close, V(50)]), ind('b', 'sma', [close, V(200)])],
      rules: [rule('buy', over(I('a'), I('b')), pct(1)), rule('sell', under(I('a'), I('b')), pct(1))],
    }),
  },
  {
    text: "Buy when it's oversold, sell when it's overbought.",
    spec: spec({
      indicators: [ind('r', 'rsi', [close, V(14)])],
      rules: [
        rule('buy', { op: '<', a: I('r'), b: V(30) }, pct(1)),
        rule('sell', { op: '>', a: I('r'), b: V(70) }, pct(1)),
      ],
    }),
  },
];

/** Every strategy of nl-examples.jsonl, in file order. */
export const EXAMPLE_SPECS: readonly { readonly text: string; readonly spec: StrategySpec }[] = [
  ...FIRST_SPECS,
  ...TRADER_SPECS,
];
