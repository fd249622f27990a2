// The trader-style nl-examples.jsonl strategies (lines 16–45) written as specs by hand (test data).
// Same order as the file; each must trade exactly like its reference program.
import type { Condition, Operand, Size, StrategySpec } from './spec';
import { cmp, F, I, ind, over, rule, spec, under, V } from './testkit';

const close = F('close');
const pct = (p: number) => ({ percent: p });
const all = (...args: Condition[]): Condition => ({ op: 'and', args });
const yahoo = (symbol: string, timeframe?: '1d' | '1w' | '1h') => ({
  source: 'yahoo' as const,
  symbol,
  ...(timeframe ? { timeframe } : {}),
});
const ccxt = (symbol: string, timeframe: '1h' | '4h' | '15m') => ({
  source: 'ccxt' as const,
  symbol,
  timeframe,
});
/** A crossover system on two series: buy on the cross up, sell all on the cross down. */
const crossRules = (a: Operand, b: Operand, buy: Size = pct(1)) => [
  rule('buy', over(a, b), buy),
  rule('sell', under(a, b), pct(1)),
];

export const TRADER_SPECS: readonly { readonly text: string; readonly spec: StrategySpec }[] = [
  {
    text: 'my strat: btc/usdt, 1h candles. 8ema/34ema',
    spec: spec({
      market: ccxt('BTC/USDT', '1h'),
      indicators: [ind('f', 'ema', [close, V(8)]), ind('s', 'ema', [close, V(34)])],
      rules: crossRules(I('f'), I('s')),
      risk: { trailingStop: 0.035 },
    }),
  },
  {
    text: 'IWM swing setup. Regime = 50 day moving avg',
    spec: spec({
      market: yahoo('IWM'),
      indicators: [
        ind('a', 'sma', [close, V(50)]),
        ind('b', 'sma', [close, V(200)]),
        ind('r', 'rsi', [close, V(14)]),
      ],
      rules: [
        rule('buy', all(cmp('>', I('a'), I('b')), under(I('r'), V(35))), pct(1)),
        rule('sell', over(I('r'), V(65)), pct(1)),
      ],
    }),
  },
  {
    text: '15 vs 45 period weighted MA crossover',
    spec: spec({
      market: { source: 'synthetic', timeframe: '1d', range: { from: '2019-01-01' } },
      settings: { fee: 0.0005 },
      indicators: [ind('f', 'wma', [close, V(15)]), ind('s', 'wma', [close, V(45)])],
      rules: crossRules(I('f'), I('s')),
    }),
  },
  {
    text: 'oversold bounce on amd - rsi(7)<20 buy',
    spec: spec({
      market: yahoo('AMD'),
      indicators: [ind('r', 'rsi', [close, V(7)])],
      rules: [rule('buy', cmp('<', I('r'), V(20)), pct(1)), rule('sell', cmp('>', I('r'), V(60)), pct(1))],
      risk: { stopLoss: 0.03 },
    }),
  },
  {
    text: 'XLE - macd 8/21/5. zero line strategy',
    spec: spec({
      market: yahoo('XLE'),
      indicators: [ind('m', 'macd', [close, V(8), V(21), V(5)], { output: 'macd' })],
      rules: crossRules(I('m'), V(0)),
    }),
  },
  {
    text: 'fade the lower band (bb 20, 2)',
    spec: spec({
      settings: { fee: 0.0005, slippage: 0.0002 },
      indicators: [
        ind('lo', 'bb', [close, V(20), V(2)], { output: 'lower' }),
        ind('up', 'bb', [close, V(20), V(2)], { output: 'upper' }),
      ],
      rules: [rule('buy', over(close, I('lo')), pct(1)), rule('sell', cmp('>', close, I('up')), pct(1))],
    }),
  },
  {
    text: 'stoch on defaults -> %k crossing above 20',
    spec: spec({
      indicators: [ind('k', 'stoch', [V(14), V(3), V(3)], { output: 'k' })],
      rules: [rule('buy', over(I('k'), V(20)), pct(1)), rule('sell', under(I('k'), V(80)), pct(1))],
    }),
  },
  {
    text: 'Vol-filtered breakout. To buy I need (1)',
    spec: spec({
      indicators: [
        ind('hh', 'highest', [F('high'), V(30)], { offset: 1 }),
        ind('ll', 'lowest', [F('low'), V(15)], { offset: 1 }),
        ind('a', 'atr', [V(14)]),
        ind('am', 'sma', [I('a'), V(50)]),
      ],
      rules: [
        rule('buy', all(over(close, I('hh')), cmp('>', I('a'), I('am'))), pct(1)),
        rule('sell', under(close, I('ll')), pct(1)),
      ],
    }),
  },
  {
    text: 'trend only - entry needs adx(14) > 20 AND',
    spec: spec({
      indicators: [
        ind('f', 'ema', [close, V(10)]),
        ind('s', 'ema', [close, V(30)]),
        ind('x', 'adx', [V(14)]),
      ],
      rules: [
        rule('buy', all(over(I('f'), I('s')), cmp('>', I('x'), V(20))), pct(1)),
        rule('sell', under(I('f'), I('s')), pct(1)),
      ],
    }),
  },
  {
    text: 'cci 30 period. -150 is my line',
    spec: spec({
      indicators: [ind('c', 'cci', [V(30)])],
      rules: [rule('buy', under(I('c'), V(-150)), pct(1)), rule('sell', over(I('c'), V(50)), pct(1))],
    }),
  },
  {
    text: 'ETH/USDT 1h, money flow index 10 period',
    spec: spec({
      market: ccxt('ETH/USDT', '1h'),
      indicators: [ind('m', 'mfi', [V(10)])],
      rules: [rule('buy', cmp('<', I('m'), V(15)), pct(1)), rule('sell', cmp('>', I('m'), V(85)), pct(1))],
    }),
  },
  {
    text: 'NFLX momentum. roc(20) crossing above zero',
    spec: spec({
      market: yahoo('NFLX'),
      indicators: [ind('r', 'roc', [close, V(20)]), ind('t', 'sma', [close, V(100)])],
      rules: [
        rule('buy', all(over(I('r'), V(0)), cmp('>', close, I('t'))), pct(1)),
        rule('sell', under(I('r'), V(-5)), pct(1)),
      ],
    }),
  },
  {
    text: 'fade the GME spikes - rsi(14) rising above 75',
    spec: spec({
      market: yahoo('GME'),
      indicators: [ind('r', 'rsi', [close, V(14)])],
      rules: [rule('short', over(I('r'), V(75)), pct(1)), rule('cover', under(I('r'), V(45)), pct(1))],
      risk: { stopLoss: 0.08 },
    }),
  },
  {
    text: 'stop and reverse with the 21 & 55 ema',
    spec: spec({
      indicators: [ind('f', 'ema', [close, V(21)]), ind('s', 'ema', [close, V(55)])],
      rules: [rule('buy', over(I('f'), I('s')), pct(1)), rule('short', under(I('f'), I('s')), pct(1))],
    }),
  },
  {
    text: 'golden cross on MSFT w/ 40% of my account',
    spec: spec({
      market: yahoo('MSFT'),
      indicators: [ind('a', 'sma', [close, V(50)]), ind('b', 'sma', [close, V(200)])],
      rules: crossRules(I('a'), I('b'), pct(0.4)),
      risk: { trailingStop: 0.12 },
    }),
  },
  {
    text: 'buy-the-dip on KO, uptrend only',
    spec: spec({
      market: yahoo('KO'),
      indicators: [ind('t', 'ema', [close, V(150)]), ind('r', 'rsi', [close, V(4)])],
      rules: [
        rule('buy', all(cmp('>', close, I('t')), cmp('<', I('r'), V(20))), pct(1)),
        rule('sell', cmp('>', I('r'), V(60)), pct(1)),
      ],
      risk: { takeProfit: 0.07 },
    }),
  },
  {
    text: 'I have $25k to start. Trade DIS',
    spec: spec({
      market: yahoo('DIS', '1d'),
      settings: { capital: 25000, fee: 0.002 },
      indicators: [ind('f', 'sma', [close, V(5)]), ind('s', 'sma', [close, V(15)])],
      rules: crossRules(I('f'), I('s')),
    }),
  },
  {
    text: 'GLD, weekly timeframe. close above',
    spec: spec({
      market: yahoo('GLD', '1w'),
      indicators: [ind('e', 'ema', [close, V(20)])],
      rules: [rule('buy', cmp('>', close, I('e')), pct(1)), rule('sell', cmp('<', close, I('e')), pct(1))],
    }),
  },
  {
    text: 'SOL/USDT 15m breakdown shorts',
    spec: spec({
      market: ccxt('SOL/USDT', '15m'),
      indicators: [
        ind('ll', 'lowest', [F('low'), V(25)], { offset: 1 }),
        ind('hh', 'highest', [F('high'), V(10)], { offset: 1 }),
      ],
      rules: [rule('short', under(close, I('ll')), pct(1)), rule('cover', over(close, I('hh')), pct(1))],
    }),
  },
  {
    text: 'rsi(14) vs a 9-period sma of the rsi',
    spec: spec({
      indicators: [ind('r', 'rsi', [close, V(14)]), ind('rs', 'sma', [I('r'), V(9)])],
      rules: crossRules(I('r'), I('rs')),
    }),
  },
  {
    text: 'macd crossover on nvda 1h, sl 2.5% tp 7.5%',
    spec: spec({
      market: yahoo('NVDA', '1h'),
      indicators: [
        ind('m', 'macd', [close, V(12), V(26), V(9)], { output: 'macd' }),
        ind('s', 'macd', [close, V(12), V(26), V(9)], { output: 'signal' }),
      ],
      rules: crossRules(I('m'), I('s')),
      risk: { stopLoss: 0.025, takeProfit: 0.075 },
    }),
  },
  {
    text: 'Entry = close crosses over the 30-period',
    spec: spec({
      indicators: [ind('w', 'wma', [close, V(30)])],
      rules: crossRules(close, I('w'), pct(0.6)),
    }),
  },
  {
    text: 'Oversold combo: stoch(9,3,3) %K below 20',
    spec: spec({
      indicators: [ind('k', 'stoch', [V(9), V(3), V(3)], { output: 'k' }), ind('r', 'rsi', [close, V(14)])],
      rules: [
        rule('buy', all(cmp('<', I('k'), V(20)), cmp('<', I('r'), V(35))), pct(1)),
        rule('sell', cmp('>', I('k'), V(80)), pct(1)),
      ],
    }),
  },
  {
    text: '52wk high system (weekly candles)',
    spec: spec({
      market: { source: 'synthetic', timeframe: '1w' },
      indicators: [
        ind('hh', 'highest', [F('high'), V(52)], { offset: 1 }),
        ind('ll', 'lowest', [F('low'), V(13)], { offset: 1 }),
      ],
      rules: [rule('buy', over(close, I('hh')), pct(1)), rule('sell', under(close, I('ll')), pct(1))],
    }),
  },
  {
    text: 'Range regime entries: adx(20) under 20',
    spec: spec({
      indicators: [ind('x', 'adx', [V(20)]), ind('r', 'rsi', [close, V(14)])],
      rules: [
        rule('buy', all(cmp('<', I('x'), V(20)), cmp('<', I('r'), V(30))), pct(1)),
        rule('sell', cmp('>', I('r'), V(50)), pct(1)),
      ],
    }),
  },
  {
    text: 'LINK/USDT 4h - 13 ema / 48 ema cross',
    spec: spec({
      market: ccxt('LINK/USDT', '4h'),
      settings: { fee: 0.0006 },
      indicators: [ind('f', 'ema', [close, V(13)]), ind('s', 'ema', [close, V(48)])],
      rules: crossRules(I('f'), I('s')),
      risk: { stopLoss: 0.04 },
    }),
  },
  {
    text: 'accumulate COST in lots of 5 shares',
    spec: spec({
      market: yahoo('COST'),
      indicators: [ind('f', 'ema', [close, V(20)]), ind('s', 'ema', [close, V(60)])],
      rules: crossRules(I('f'), I('s'), { units: 5 }),
    }),
  },
  {
    text: 'upper band breakout w/ bollinger(20, 2.5)',
    spec: spec({
      indicators: [ind('up', 'bb', [close, V(20), V(2.5)], { output: 'upper' })],
      rules: [rule('buy', over(close, I('up')), pct(1))],
      risk: { trailingStop: 0.06 },
    }),
  },
  {
    text: 'bearish macd setup: short when macd crosses',
    spec: spec({
      indicators: [
        ind('m', 'macd', [close, V(12), V(26), V(9)], { output: 'macd' }),
        ind('s', 'macd', [close, V(12), V(26), V(9)], { output: 'signal' }),
        ind('e', 'ema', [close, V(100)]),
      ],
      rules: [
        rule('short', all(under(I('m'), I('s')), cmp('<', close, I('e'))), pct(0.2)),
        rule('cover', over(I('m'), I('s')), pct(1)),
      ],
    }),
  },
  {
    text: 'EUR/USD, 1h chart, last 5 yrs. Risk 20%',
    spec: spec({
      market: { source: 'yahoo', symbol: 'EURUSD=X', timeframe: '1h', range: { lastYears: 5 } },
      indicators: [ind('f', 'sma', [close, V(20)]), ind('s', 'sma', [close, V(80)])],
      rules: crossRules(I('f'), I('s'), pct(0.2)),
    }),
  },
];
