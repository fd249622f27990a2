// Each row of nl-conventions.md phrased many ways (synonyms, word order, typos, numbers in words, case):
// every phrasing must give exactly the stated rules, risk, settings and market.
import { describe, expect, it } from 'vitest';
import type { Market, Risk, StrategySettings } from '../../schema';
import { validateSpec } from '../../schema';
import { damerau } from './dict';
import { readNumberWords } from './numbers';
import { rulesOf, specOf } from './testkit';
import { tokenize } from './tokens';
import { understandOffline } from './understand';

const SMA20 = 'sma(close,20)';
const cross20 = (fn: string) => [
  `buy: crossover(close,${fn}(close,20))`,
  `sell: crossunder(close,${fn}(close,20))`,
];
const level50 = ['buy: close > sma(close,50)', 'sell: close < sma(close,50)'];
const GOLDEN = [
  'buy: crossover(sma(close,50),sma(close,200))',
  'sell: crossunder(sma(close,50),sma(close,200))',
];
const RSI14 = ['buy: rsi(close,14) < 30', 'sell: rsi(close,14) > 70'];
const RSI2 = ['buy: rsi(close,2) < 10', 'sell: rsi(close,2) > 90'];
const MACD = 'macd(close,12,26,9)';
const MACD_CROSS = [
  `buy: crossover(${MACD}.macd,${MACD}.signal)`,
  `sell: crossunder(${MACD}.macd,${MACD}.signal)`,
];
const STOCH = (p: string) => [
  `buy: crossover(stoch(${p}).k,stoch(${p}).d)`,
  `sell: crossunder(stoch(${p}).k,stoch(${p}).d)`,
];
const EMA_10_30 = [
  'buy: crossover(ema(close,10),ema(close,30))',
  'sell: crossunder(ema(close,10),ema(close,30))',
];

/** [request, rules] — rules as "action: condition [size]" with inputs shown as their values. */
const RULES: readonly (readonly [string, readonly string[]])[] = [
  // "moving average", "MA", "N-day average" → sma; exponential/EMA → ema; weighted → wma
  ['buy when the close crosses above the 20-day moving average, sell when it crosses below', cross20('sma')],
  ['buy when price crosses above the 20 day MA, sell when price crosses below the 20 day MA', cross20('sma')],
  ['Buy when the price crosses over the 20d sma and sell when it crosses under it', cross20('sma')],
  [
    'buy when the close rises above the twenty-day simple moving average; sell when it falls below it',
    cross20('sma'),
  ],
  ['buy when the close crosses above the 20-day average, sell when it crosses back below', cross20('sma')],
  [
    'buy when the close crosses above the 20-day movng averge, sell when it crosses back below',
    cross20('sma'),
  ],
  [
    'BUY WHEN THE CLOSE BREAKS ABOVE THE 20-PERIOD EXPONENTIAL MOVING AVERAGE, SELL WHEN IT BREAKS BELOW',
    cross20('ema'),
  ],
  ['buy when close crosses above the 20 EMA, sell when close crosses below the 20 EMA', cross20('ema')],
  ['buy when the close crosses above ema(20), sell when it drops below ema(20)', cross20('ema')],
  [
    'buy when the close crosses above the 20-bar exponental moving avg, sell when it crosses back',
    cross20('ema'),
  ],
  [
    'buy when the close crosses above the 20-day weighted moving average, sell when it dips below',
    cross20('wma'),
  ],
  [
    'buy when the close crosses above the 20-day Hull moving average, sell when it crosses back below',
    cross20('hma'),
  ],
  // crosses above / breaks above / crosses over / rises above; crosses below / breaks / drops / falls / dips below
  ['buy when the 50 day MA crosses over the 200 day MA, sell when it crosses under', GOLDEN],
  [
    'buy when the fifty-day moving average breaks above the two hundred day moving average; sell on the reverse',
    GOLDEN,
  ],
  ['Buy when SMA(50) crosses above SMA(200). Sell when SMA(50) crosses below SMA(200).', GOLDEN],
  ['go long when the 50d sma crosses the 200d sma, exit when it crosses back', GOLDEN],
  [
    'buy when the 50-period movng averge crosses above the 200-period one and sell when it crosses back below',
    GOLDEN,
  ],
  [
    'buy when the 50-day moving average rises above the 200-day moving average, sell when it dips below it',
    GOLDEN,
  ],
  ['Buy when the 50 dma crosses above the 200 dma; exit when the 50 dma falls below the 200 dma', GOLDEN],
  // is above / closes above / trades above / stays above / exceeds / is greater than; is below / closes below / under / less than
  [
    'buy when the close is above the 50-day moving average, sell when the close is below the 50-day moving average',
    level50,
  ],
  ['buy when price closes above the 50 day ma and sell when price closes under the 50 day ma', level50],
  ['buy when price trades above the 50-day MA; sell when it is less than the 50-day MA', level50],
  ['buy when price stays above the 50-day MA, sell when price is lower than the 50-day MA', level50],
  ['buy when the close exceeds the 50-day moving average, sell when the close is beneath it', level50],
  ['buy when the close is greater than the 50 SMA, sell when the close < the 50 SMA', level50],
  [
    'buy when price is above the 200-day moving average, sell when price is below it',
    ['buy: close > sma(close,200)', 'sell: close < sma(close,200)'],
  ],
  // golden cross / death cross
  ['buy on a golden cross, sell on a death cross', GOLDEN],
  ['Buy when a golden cross occurs. Sell when a death cross occurs.', GOLDEN],
  ['golden cross strategy', GOLDEN],
  ['Golden Cross', GOLDEN],
  [
    'Death cross short strategy',
    ['short: crossunder(sma(close,50),sma(close,200))', 'cover: crossover(sma(close,50),sma(close,200))'],
  ],
  // oversold / overbought
  ['buy when it is oversold and sell when it is overbought', RSI14],
  ['buy when RSI is oversold, sell when RSI is overbought', RSI14],
  ['buy at oversold, sell at overbought', RSI14],
  ['buy when the RSI is under thirty and sell when it is over seventy', RSI14],
  ['If RSI(14) is below 30 then buy. If RSI(14) is above 70 then sell.', RSI14],
  [
    'Buy when the stochastic is oversold and sell when it is overbought',
    ['buy: stoch(14,3,3).k < 20', 'sell: stoch(14,3,3).k > 80'],
  ],
  [
    'buy when RSI leaves oversold, sell when it leaves overbought',
    ['buy: crossover(rsi(close,14),30)', 'sell: crossunder(rsi(close,14),70)'],
  ],
  // RSI 2, 2-period RSI, RSI(2), typos of rsi
  ['go long when RSI(2) is below 10 and exit when RSI(2) is above 90', RSI2],
  ['go long when the 2-period RSI is below 10 and exit when the 2-period RSI is above 90', RSI2],
  ['go long when RSI 2 is under ten, exit when RSI 2 is over ninety', RSI2],
  ['go long when the rsi-2 < 10, exit when rsi-2 > 90', RSI2],
  ['buy when the two period relative strength index is below 10, sell when it is above 90', RSI2],
  [
    'buy when rsl drops below 25, sell when rsl goes above 75',
    ['buy: crossunder(rsi(close,14),25)', 'sell: crossover(rsi(close,14),75)'],
  ],
  [
    'buy when RSI(2) < 10 and close > sma 200, sell when rsi 2 > 90',
    ['buy: (rsi(close,2) < 10) and (close > sma(close,200))', 'sell: rsi(close,2) > 90'],
  ],
  [
    'buy when rsi(2) below 10 and above the 200 sma, sell when rsi(2) above 70.',
    ['buy: (rsi(close,2) < 10) and (close > sma(close,200))', 'sell: rsi(close,2) > 70'],
  ],
  // highest high / lowest low of the last N days: [1]
  [
    'buy when the close exceeds the highest high of the last 20 days, sell when it falls below the lowest low of the last 10 days',
    ['buy: close > highest(high,20)[1]', 'sell: crossunder(close,lowest(low,10)[1])'],
  ],
  [
    'buy when price breaks above the 20-day high, sell when price breaks below the 10-day low',
    ['buy: crossover(close,highest(high,20)[1])', 'sell: crossunder(close,lowest(low,10)[1])'],
  ],
  [
    'buy when the close is above the highest high of the past twenty bars; sell when the close is below the lowest low in 10 days',
    ['buy: close > highest(high,20)[1]', 'sell: close < lowest(low,10)[1]'],
  ],
  [
    'buy when the close is greater than the 20 day high, sell when the close is less than the 10-day low',
    ['buy: close > highest(high,20)[1]', 'sell: close < lowest(low,10)[1]'],
  ],
  // MACD: defaults, crossing the signal line
  ['buy when the MACD crosses the signal line, sell when the MACD crosses below the signal line', MACD_CROSS],
  ['buy when macd line crosses above signal line and sell when it crosses below', MACD_CROSS],
  ['buy when MACD(12,26,9) crosses above its signal, sell when it crosses back below', MACD_CROSS],
  ['buy on a bullish MACD crossover and sell on a bearish MACD crossover', MACD_CROSS],
  ['buy when mcad crosses above the signal line, sell when it crosses below', MACD_CROSS],
  ['MACD crossover', MACD_CROSS],
  [
    'buy when the MACD histogram turns positive, sell when it turns negative',
    [`buy: crossover(${MACD}.hist,0)`, `sell: crossunder(${MACD}.hist,0)`],
  ],
  // Bollinger bands: (20, 2) by default
  [
    'buy when the close drops below the lower Bollinger band, sell when it rises above the middle band',
    ['buy: crossunder(close,bb(close,20,2).lower)', 'sell: crossover(close,bb(close,20,2).mid)'],
  ],
  [
    'buy when price is below the lower bollinger band (20, 2), sell when price is above the upper band',
    ['buy: close < bb(close,20,2).lower', 'sell: close > bb(close,20,2).upper'],
  ],
  [
    'buy when price is below the lower bolinger band, sell when price is above the upper band',
    ['buy: close < bb(close,20,2).lower', 'sell: close > bb(close,20,2).upper'],
  ],
  [
    'buy when price is below the lower bb(20,2.5), sell when price is above the upper bb',
    ['buy: close < bb(close,20,2.5).lower', 'sell: close > bb(close,20,2.5).upper'],
  ],
  [
    'buy when price closes below the lower band of 20-day Bollinger bands with 2 standard deviations, sell when it closes above the middle band',
    ['buy: close < bb(close,20,2).lower', 'sell: close > bb(close,20,2).mid'],
  ],
  [
    'Buy at the lower Bollinger band and sell at the upper band',
    ['buy: close <= bb(close,20,2).lower', 'sell: close >= bb(close,20,2).upper'],
  ],
  // stochastic: (14, 3, 3) by default
  ['buy when %K crosses above %D, sell when %K crosses below %D', STOCH('14,3,3')],
  ['buy when the stochastic %K crosses above the %D line, sell when it crosses below', STOCH('14,3,3')],
  ['buy when stochastc %K crosses above %D, sell when %K crosses below %D', STOCH('14,3,3')],
  ['buy when stochastic(5,3,3) %K crosses above %D and sell when %K crosses below %D', STOCH('5,3,3')],
  // short / cover; "crosses back"; "it"
  [
    'short TSLA when RSI(14) rises above 70, cover when it falls below 30',
    ['short: crossover(rsi(close,14),70)', 'cover: crossunder(rsi(close,14),30)'],
  ],
  [
    'go short when the 10 EMA crosses below the 30 EMA and buy to cover when it crosses back above',
    ['short: crossunder(ema(close,10),ema(close,30))', 'cover: crossover(ema(close,10),ema(close,30))'],
  ],
  [
    'sell short when price drops below the 50-day SMA, cover when price rises back above it',
    ['short: crossunder(close,sma(close,50))', 'cover: crossover(close,sma(close,50))'],
  ],
  [
    'Go short when RSI goes above 80 and cover when it falls back under 50',
    ['short: crossover(rsi(close,14),80)', 'cover: crossunder(rsi(close,14),50)'],
  ],
  ['buy when the 10-day EMA crosses above the 30-day EMA and sell when it crosses back', EMA_10_30],
  ['buy when the 10 EMA crosses over the 30 EMA, exit on the opposite crossover', EMA_10_30],
  ['when the 10 EMA crosses above the 30 EMA buy, when it crosses below sell', EMA_10_30],
  ['EMA 10/30 crossover', EMA_10_30],
  ['the 10/30 EMA cross', EMA_10_30],
  ['long when the 10 and 30 day EMAs cross, exit when they cross back', EMA_10_30],
  // long and short in one strategy: "exit" closes either side
  [
    'go long when the 10 EMA crosses above the 30 EMA, go short when it crosses below, exit when RSI(14) is above 80',
    [
      'buy: crossover(ema(close,10),ema(close,30))',
      'short: crossunder(ema(close,10),ema(close,30))',
      'exit: rsi(close,14) > 80',
    ],
  ],
  // other indicators of the registry, by their English names
  [
    'buy when the 14-day CCI drops below -100, sell when it rises above 100',
    ['buy: crossunder(cci(14),-100)', 'sell: crossover(cci(14),100)'],
  ],
  [
    'Buy when Williams %R is below -80, sell when it is above -20',
    ['buy: willr(14) < -80', 'sell: willr(14) > -20'],
  ],
  [
    'buy when ADX(14) > 25 and the close is above the 50 EMA, sell when the close is below the 50 EMA',
    ['buy: (adx(14) > 25) and (close > ema(close,50))', 'sell: close < ema(close,50)'],
  ],
  [
    'purchase when the 20-day rate of change is positive, sell when it is negative',
    ['buy: roc(close,20) > 0', 'sell: roc(close,20) < 0'],
  ],
  [
    'Buy when the 10-day momentum crosses above zero; sell when it crosses below zero',
    ['buy: crossover(mom(close,10),0)', 'sell: crossunder(mom(close,10),0)'],
  ],
  [
    "buy when volume is above its 20-day average and price closes above yesterday's high; sell when price closes below the 10-day EMA",
    ['buy: (volume > sma(volume,20)) and (close > high[1])', 'sell: close < ema(close,10)'],
  ],
  [
    'buy when RSI crosses above its 9-day average, sell when it crosses below',
    [
      'buy: crossover(rsi(close,14),sma(rsi(close,14),9))',
      'sell: crossunder(rsi(close,14),sma(rsi(close,14),9))',
    ],
  ],
  [
    'buy when the close is rising for 3 days, sell when it is falling for 2 days',
    ['buy: rising(close,3)', 'sell: falling(close,2)'],
  ],
  [
    'buy when RSI is between 40 and 60 and the close is above the 20-day SMA, sell when RSI > 70',
    [
      `buy: ((rsi(close,14) > 40) and (rsi(close,14) < 60)) and (close > ${SMA20})`,
      'sell: rsi(close,14) > 70',
    ],
  ],
  // sizes on rules
  [
    'invest 50% of equity when RSI < 30, sell when RSI > 70',
    ['buy: rsi(close,14) < 30 50%', 'sell: rsi(close,14) > 70'],
  ],
  [
    'use 50 percent of capital per trade; buy when RSI < 30, sell when RSI > 70',
    ['buy: rsi(close,14) < 30 50%', 'sell: rsi(close,14) > 70'],
  ],
  [
    'buy with half of my capital when RSI < 30, sell when RSI > 70',
    ['buy: rsi(close,14) < 30 50%', 'sell: rsi(close,14) > 70'],
  ],
  [
    'use $5000 per trade, buy when RSI < 30 and sell when RSI > 70',
    ['buy: rsi(close,14) < 30 cash=5000', 'sell: rsi(close,14) > 70'],
  ],
  [
    'buy 10 shares when RSI < 30, sell when RSI > 70',
    ['buy: rsi(close,14) < 30 units=10', 'sell: rsi(close,14) > 70'],
  ],
  [
    'buy when the close crosses above the 50-day SMA, sell half when RSI is above 70 and sell the rest when the close crosses below the 50-day SMA',
    [
      'buy: crossover(close,sma(close,50))',
      'sell: rsi(close,14) > 70 50%',
      'sell: crossunder(close,sma(close,50)) 100%',
    ],
  ],
];

const R = 'buy when RSI < 30, sell when RSI > 70';
/** [request, risk, settings, market]: the rules are RSI14 in each. */
const SETTINGS: readonly (readonly [string, Risk, StrategySettings, Market])[] = [
  [`${R}, 5% stop loss`, { stopLoss: 0.05 }, {}, { source: 'synthetic' }],
  [`${R}, stop at 5%`, { stopLoss: 0.05 }, {}, { source: 'synthetic' }],
  [`${R}, with a stop-loss of five percent`, { stopLoss: 0.05 }, {}, { source: 'synthetic' }],
  [`${R}, SL 5%, TP 12%`, { stopLoss: 0.05, takeProfit: 0.12 }, {}, { source: 'synthetic' }],
  [`${R}, take profit at 12%`, { takeProfit: 0.12 }, {}, { source: 'synthetic' }],
  [`${R}, target 12%, and a 4% stop`, { stopLoss: 0.04, takeProfit: 0.12 }, {}, { source: 'synthetic' }],
  [`${R}, trailing stop of 6%`, { trailingStop: 0.06 }, {}, { source: 'synthetic' }],
  [`${R} and trail it by six percent`, { trailingStop: 0.06 }, {}, { source: 'synthetic' }],
  [`${R}, fee 0.1%`, {}, { fee: 0.001 }, { source: 'synthetic' }],
  [`${R} with a commission of 0.05%`, {}, { fee: 0.0005 }, { source: 'synthetic' }],
  [
    `${R}, 10 bps commission and 5 bps slippage`,
    {},
    { fee: 0.001, slippage: 0.0005 },
    { source: 'synthetic' },
  ],
  [`${R}; fees: 0.2%; slippage: 0.1%`, {}, { fee: 0.002, slippage: 0.001 }, { source: 'synthetic' }],
  [`${R}, ten basis points`, {}, { fee: 0.001 }, { source: 'synthetic' }],
  [`${R} with no fees`, {}, { fee: 0 }, { source: 'synthetic' }],
  [`${R}, starting capital $25,000`, {}, { capital: 25000 }, { source: 'synthetic' }],
  [`${R} with a $100k account`, {}, { capital: 100000 }, { source: 'synthetic' }],
  [`${R}, fill at the close, whole shares`, {}, { fill: 'close', units: 'whole' }, { source: 'synthetic' }],
  ['buy AAPL when RSI < 30, sell when RSI > 70', {}, {}, { source: 'yahoo', symbol: 'AAPL' }],
  ['Apple: buy when RSI < 30, sell when RSI > 70', {}, {}, { source: 'yahoo', symbol: 'AAPL' }],
  ['trade $QQQ: buy when RSI < 30, sell when RSI > 70', {}, {}, { source: 'yahoo', symbol: 'QQQ' }],
  [
    'buy btc/usdt on binance when RSI < 30, sell when RSI > 70',
    {},
    {},
    { source: 'ccxt', symbol: 'BTC/USDT', exchange: 'binance' },
  ],
  [
    'buy ETH/USDT on Coinbase when RSI < 30, sell when RSI > 70',
    {},
    {},
    { source: 'ccxt', symbol: 'ETH/USDT', exchange: 'coinbase' },
  ],
  ['buy bitcoin when RSI < 30, sell when RSI > 70', {}, {}, { source: 'ccxt', symbol: 'BTC/USDT' }],
  [`${R}, daily`, {}, {}, { source: 'synthetic', timeframe: '1d' }],
  [`${R} on hourly bars`, {}, {}, { source: 'synthetic', timeframe: '1h' }],
  [`${R} on the 4h`, {}, {}, { source: 'synthetic', timeframe: '4h' }],
  [`${R}, 15-minute candles`, {}, {}, { source: 'synthetic', timeframe: '15m' }],
  [`${R} on the weekly chart`, {}, {}, { source: 'synthetic', timeframe: '1w' }],
  [`${R} since 2018`, {}, {}, { source: 'synthetic', range: { from: '2018-01-01' } }],
  [
    `${R} from 2015 to 2020`,
    {},
    {},
    { source: 'synthetic', range: { from: '2015-01-01', to: '2020-12-31' } },
  ],
  [`${R}, 2015-2020`, {}, {}, { source: 'synthetic', range: { from: '2015-01-01', to: '2020-12-31' } }],
  [`${R} over the last 3 years`, {}, {}, { source: 'synthetic', range: { lastYears: 3 } }],
  [`${R} for the past three years`, {}, {}, { source: 'synthetic', range: { lastYears: 3 } }],
  [
    `${R} from March 2020 to June 2021`,
    {},
    {},
    { source: 'synthetic', range: { from: '2020-03-01', to: '2021-06-30' } },
  ],
];

describe('convention rows, phrased many ways', () => {
  it('has at least 60 phrasings', () => {
    expect(RULES.length + SETTINGS.length).toBeGreaterThanOrEqual(60);
  });

  for (const [text, rules] of RULES)
    it(text, () => {
      const u = understandOffline({ text });
      expect(rulesOf(u)).toEqual(rules);
      expect(validateSpec(specOf(u)).ok).toBe(true);
    });

  for (const [text, risk, settings, market] of SETTINGS)
    it(text, () => {
      const u = understandOffline({ text });
      const spec = specOf(u);
      expect(rulesOf(u)).toEqual(RSI14);
      expect(spec.risk).toEqual(risk);
      expect(spec.settings).toEqual(settings);
      expect(spec.market).toEqual(market);
    });
});

describe('defaults and inputs', () => {
  it('leaves unstated settings undefined so describe lists them as assumed', () => {
    const u = understandOffline({ text: R });
    if (!u.ok) throw new Error(u.question);
    expect(u.spec.settings).toEqual({});
    expect(u.spec.rules.every((r) => r.size === undefined)).toBe(true);
    expect(u.assumptions).toEqual(
      expect.arrayContaining([
        'long only',
        '100% of equity per entry',
        'capital $10,000',
        'no fee',
        'no slippage',
        'daily bars',
      ]),
    );
  });

  it('turns periods and thresholds into inputs with slider ranges around them', () => {
    const u = understandOffline({ text: 'buy when RSI(2) < 10, sell when RSI(2) > 90' });
    if (!u.ok) throw new Error(u.question);
    const byValue = Object.fromEntries(u.spec.inputs.map((i) => [i.value, i]));
    expect(byValue[2]).toMatchObject({ min: 1, step: 1 });
    expect(byValue[2].max).toBeGreaterThan(2);
    // RSI levels slide over RSI's whole range
    expect(byValue[10]).toMatchObject({ min: 0, max: 100, step: 1 });
    expect(byValue[90]).toMatchObject({ min: 0, max: 100, step: 1 });
    expect(u.program).toContain('input(');
  });

  it('keeps the Bollinger width and MACD periods adjustable, shared by the outputs of one call', () => {
    const u = understandOffline({
      text: 'buy when price is below the lower bollinger band (20, 2.5), sell when price is above the upper band',
    });
    if (!u.ok) throw new Error(u.question);
    expect(u.spec.inputs.map((i) => i.value)).toEqual([20, 2.5]);
    expect(u.program).toMatch(/\[.*\] = bb\(close, bb_len, bb_mult\)/);
  });
});

describe('numbers and typos', () => {
  const n = (s: string) => readNumberWords(s.split(' '), 0)?.value;
  it('reads numbers written as words up to the thousands', () => {
    expect(n('fifty')).toBe(50);
    expect(n('two hundred')).toBe(200);
    expect(n('two hundred and fifty')).toBe(250);
    expect(n('one hundred fifty five')).toBe(155);
    expect(n('twenty one')).toBe(21);
    expect(n('a hundred')).toBe(100);
    expect(n('zero point one')).toBe(0.1);
    expect(n('one two')).toBe(1);
  });

  it('reads units: percent, basis points, dollars, thousands, negative numbers', () => {
    const toks = tokenize('10% ten percent 5 bps $5,000 10k -80 fifty-day');
    const nums = toks.filter((t) => t.kind === 'num').map((t) => [t.n, t.unit]);
    expect(nums).toEqual([
      [10, 'pct'],
      [10, 'pct'],
      [5, 'bps'],
      [5000, 'usd'],
      [10000, ''],
      [-80, ''],
      [50, ''],
    ]);
  });

  it('measures edit distance with transpositions (Damerau-Levenshtein)', () => {
    expect(damerau('rsl', 'rsi', 2)).toBe(1);
    expect(damerau('mcad', 'macd', 2)).toBe(1);
    expect(damerau('bolinger', 'bollinger', 2)).toBe(1);
    expect(damerau('bollinjer', 'bollinger', 2)).toBe(1);
    expect(damerau('movng', 'moving', 2)).toBe(1);
    expect(damerau('abc', 'xyz', 1)).toBe(2);
  });
});
