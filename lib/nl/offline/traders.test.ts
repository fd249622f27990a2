// Trader-style phrasings of the conventions (nl-conventions.md), written independently of the shared
// examples: shorthand, reordering, other separators, numbers, tickers and typos. Each strategy must trade
// exactly like its reference program on synthetic:7 and GOOG (with the stated market and settings),
// and lose nothing it said; each question case must get a question. The convention rows phrased many
// ways, with exact rule assertions, are in variations.test.ts.
import { describe, expect, it } from 'vitest';
import { lost } from './lost';
import { goog, specOf, synthetic7, trades } from './testkit';
import { understandOffline } from './understand';

/** A crossover of two averages: buy on the cross up, `exit` on the cross down. */
const X = (a: number, b: number, f = 'ema', exit = 'sell', entry = 'buy') =>
  `f = ${f}(close, ${a})\ns = ${f}(close, ${b})\nif crossover(f, s):\n    ${entry}(market, 100%)\nif crossunder(f, s):\n    ${exit}(market, 100%)\n`;
/** RSI levels: buy below `lo`, sell above `hi`. */
const R = (n: number, lo: number, hi: number) =>
  `r = rsi(close, ${n})\nif r < ${lo}:\n    buy(market, 100%)\nif r > ${hi}:\n    sell(market, 100%)\n`;
/** RSI events: buy when it drops below `lo`, sell when it rises above `hi`. */
const RX = (n: number, lo: number, hi: number) =>
  `r = rsi(close, ${n})\nif crossunder(r, ${lo}):\n    buy(market, 100%)\nif crossover(r, ${hi}):\n    sell(market, 100%)\n`;
/** The close against an average, as a level. */
const L = (f: string, n: number) =>
  `t = ${f}(close, ${n})\nif close > t:\n    buy(market, 100%)\nif close < t:\n    sell(market, 100%)\n`;
/** The close crossing an average. */
const C = (f: string, n: number) =>
  `t = ${f}(close, ${n})\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`;

/** [request, reference program, market and settings the answer must have]. */
type Case = readonly [string, string, Readonly<Record<string, string>>?];

const STRATEGIES: readonly Case[] = [
  [
    '9/21 ema cross on BTC 4h, 0.1% fee each way',
    `strategy("x", fee=0.1%)\n${X(9, 21)}`,
    { symbol: 'BTC/USDT', timeframe: '4h' },
  ],
  ['rsi<25 buy rsi>75 sell', R(14, 25, 75)],
  [
    'buy rsi(10) under 20 / sell rsi(10) over 80, sl 2% tp 6%',
    `${R(10, 20, 80)}stop_loss(2%)\ntake_profit(6%)\n`,
  ],
  ['ema20/ema50 crossover, long only, 5bps per side', `strategy("x", fee=0.05%)\n${X(20, 50)}`],
  ['20ema crosses 50ema = long, crosses back = flat', X(20, 50)],
  [
    'TSLA - short when rsi(14) > 80, cover when rsi(14) < 50, stop 5%',
    `r = rsi(close, 14)\nif r > 80:\n    short(market, 100%)\nif r < 50:\n    cover(market, 100%)\nstop_loss(5%)\n`,
    { symbol: 'TSLA' },
  ],
  [
    'start with 5000 USDT. ETH/USDT 1h. buy when the 12 ema crosses above the 26 ema, sell when it crosses back below. 0.075% fee',
    `strategy("x", capital=5000, fee=0.075%)\n${X(12, 26)}`,
    { symbol: 'ETH/USDT', timeframe: '1h' },
  ],
  [
    '$50k account, AAPL daily: macd crosses signal from below -> buy, macd crosses under signal -> sell',
    `strategy("x", capital=50000)\n[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
    { symbol: 'AAPL', timeframe: '1d' },
  ],
  [
    'QQQ: close above 200 sma = long, close below 200 sma = flat',
    `t = sma(close, 200)\nif close > t:\n    buy(market, 100%)\nif close < t:\n    sell(market, 100%)\n`,
    { symbol: 'QQQ' },
  ],
  [
    'bollinger breakout: buy a close above the upper band (20,2), sell a close below the middle band',
    `[m, u, l] = bb(close, 20, 2)\nif close > u:\n    buy(market, 100%)\nif close < m:\n    sell(market, 100%)\n`,
  ],
  [
    'mean reversion on spy: buy when price closes under the lower bollinger band, exit at the middle band',
    `[m, u, l] = bb(close, 20, 2)\nif close < l:\n    buy(market, 100%)\nif close >= m:\n    sell(market, 100%)\n`,
    { symbol: 'SPY' },
  ],
  ['always in the market with the 10/40 sma cross', X(10, 40, 'sma', 'short')],
  ['stop and reverse on the 5/20 ema crossover', X(5, 20, 'ema', 'short')],
  [
    'risk 10% of equity per trade, buy when rsi(14) < 30, sell when rsi(14) > 60',
    R(14, 30, 60).replace('buy(market, 100%)', 'buy(market, 10%)'),
  ],
  [
    'golden cross on spy with 25% of capital, death cross to exit',
    `a = sma(close, 50)\nb = sma(close, 200)\nif crossover(a, b):\n    buy(market, 25%)\nif crossunder(a, b):\n    sell(market, 100%)\n`,
    { symbol: 'SPY' },
  ],
  [
    'buy GOOG when the 50 day sma is above the 200 day sma and rsi(14) < 40. sell when rsi(14) > 70.',
    `a = sma(close, 50)\nb = sma(close, 200)\nr = rsi(close, 14)\nif a > b and r < 40:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
    { symbol: 'GOOG' },
  ],
  [
    'the 10 and 50 ema: when the 10 crosses over the 50 buy, when the 10 crosses under the 50 sell',
    X(10, 50),
  ],
  [
    'Regime: 100 sma. close > 100 sma and rsi2 < 5 = buy. rsi2 > 95 = sell',
    `t = sma(close, 100)\nr = rsi(close, 2)\nif close > t and r < 5:\n    buy(market, 100%)\nif r > 95:\n    sell(market, 100%)\n`,
  ],
  [
    'MSFT 1h chart. long on macd histogram crossing above zero, exit on it crossing below zero',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(h, 0):\n    buy(market, 100%)\nif crossunder(h, 0):\n    sell(market, 100%)\n`,
    { symbol: 'MSFT', timeframe: '1h' },
  ],
  [
    'wma 10/30 crossover, fees 0.1%, since 2018',
    `strategy("x", fee=0.1%)\n${X(10, 30, 'wma')}`,
    { range: '{"from":"2018-01-01"}' },
  ],
  [
    'buy when cci(20) crosses above -100, sell when cci(20) crosses below 100, 4% trailing stop',
    `c = cci(20)\nif crossover(c, -100):\n    buy(market, 100%)\nif crossunder(c, 100):\n    sell(market, 100%)\ntrailing_stop(4%)\n`,
  ],
  [
    'williams %r(14) < -80 = buy, > -20 = sell',
    `w = willr(14)\nif w < -80:\n    buy(market, 100%)\nif w > -20:\n    sell(market, 100%)\n`,
  ],
  [
    'mfi below 20 is my buy, mfi above 80 is my sell',
    `m = mfi(14)\nif m < 20:\n    buy(market, 100%)\nif m > 80:\n    sell(market, 100%)\n`,
  ],
  [
    'adx(14) > 25 and close > 50 ema -> buy; close < 50 ema -> sell',
    `x = adx(14)\ne = ema(close, 50)\nif x > 25 and close > e:\n    buy(market, 100%)\nif close < e:\n    sell(market, 100%)\n`,
  ],
  [
    'buy on a break above the 20-day high, exit on a break below the 10-day low',
    `hh = highest(high, 20)[1]\nll = lowest(low, 10)[1]\nif crossover(close, hh):\n    buy(market, 100%)\nif crossunder(close, ll):\n    sell(market, 100%)\n`,
  ],
  [
    'turtle style: long when close > highest high of last 55 bars, out when close < lowest low of last 20 bars',
    `hh = highest(high, 55)[1]\nll = lowest(low, 20)[1]\nif close > hh:\n    buy(market, 100%)\nif close < ll:\n    sell(market, 100%)\n`,
  ],
  [
    'buy the close crossing above vwap, sell when it crosses back under',
    `v = vwap()\nif crossover(close, v):\n    buy(market, 100%)\nif crossunder(close, v):\n    sell(market, 100%)\n`,
  ],
  [
    'hourly eth: ema(8) crosses above ema(21) -> long; crosses below -> exit',
    X(8, 21),
    { symbol: 'ETH/USDT', timeframe: '1h' },
  ],
  [
    'Buy when RSI(14) crosses up through 30. Sell when it crosses down through 70.',
    `r = rsi(close, 14)\nif crossover(r, 30):\n    buy(market, 100%)\nif crossunder(r, 70):\n    sell(market, 100%)\n`,
  ],
  [
    'long when price > ema 200 & rsi(3) < 15, flat when rsi(3) > 70',
    `e = ema(close, 200)\nr = rsi(close, 3)\nif close > e and r < 15:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
  ],
  [
    'SPY, from 2010 to 2020: buy when 5 day rsi drops below 20, sell when it rises above 80',
    RX(5, 20, 80),
    { symbol: 'SPY', range: '{"from":"2010-01-01","to":"2020-12-31"}' },
  ],
  [
    'buy 100 shares when rsi < 30; sell when rsi > 70',
    R(14, 30, 70).replace('buy(market, 100%)', 'buy(market, units=100)'),
  ],
  [
    'use 30% of my account per trade: 10/20 ema cross',
    X(10, 20).replace('buy(market, 100%)', 'buy(market, 30%)'),
  ],
  [
    'short on a death cross, cover on a golden cross. NVDA',
    `a = sma(close, 50)\nb = sma(close, 200)\nif crossunder(a, b):\n    short(market, 100%)\nif crossover(a, b):\n    cover(market, 100%)\n`,
    { symbol: 'NVDA' },
  ],
  [
    'enter long on close above upper bb, exit long on close below mid bb',
    `[m, u, l] = bb(close, 20, 2)\nif close > u:\n    buy(market, 100%)\nif close < m:\n    sell(market, 100%)\n`,
  ],
  [
    'capital 20k, 0.05% commission, ema 5/13 crossover on AMD 15m',
    `strategy("x", capital=20000, fee=0.05%)\n${X(5, 13)}`,
    { symbol: 'AMD', timeframe: '15m' },
  ],
  ["when the rsi(14) dips under 30 i go long; when it pops over 70 i'm out", RX(14, 30, 70)],
  [
    'sma 50 > sma 200 → buy, sma 50 < sma 200 → sell',
    `a = sma(close, 50)\nb = sma(close, 200)\nif a > b:\n    buy(market, 100%)\nif a < b:\n    sell(market, 100%)\n`,
  ],
  [
    'Fade rsi extremes on qqq: rsi(2) > 95 short, rsi(2) < 50 cover',
    `r = rsi(close, 2)\nif r > 95:\n    short(market, 100%)\nif r < 50:\n    cover(market, 100%)\n`,
    { symbol: 'QQQ' },
  ],
  [
    'EURUSD 4h: buy when the 10 ema crosses above the 20 ema, sell when the 10 ema crosses below the 20 ema',
    X(10, 20),
    { symbol: 'EURUSD=X', timeframe: '4h' },
  ],
  [
    'buy when macd(8,17,9) crosses above its signal, sell when it crosses below its signal',
    `[m, s, h] = macd(close, 8, 17, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
  ],
  [
    'long entry: close crosses above 20 sma. long exit: close crosses below 20 sma.',
    `t = sma(close, 20)\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`,
  ],
  ['entries: rsi(5) < 25. exits: rsi(5) > 60.', R(5, 25, 60)],
  [
    'In: close > 50 ema. Out: close < 50 ema.',
    `e = ema(close, 50)\nif close > e:\n    buy(market, 100%)\nif close < e:\n    sell(market, 100%)\n`,
  ],
  [
    'buy dips: rsi(14) under 35 while above the 200 sma; sell rsi over 65',
    `r = rsi(close, 14)\nt = sma(close, 200)\nif r < 35 and close > t:\n    buy(market, 100%)\nif r > 65:\n    sell(market, 100%)\n`,
  ],
  [
    'IWM: buy if close > sma(close, 100) and rsi(2) < 10, sell if close > sma(close, 5)',
    `t = sma(close, 100)\nr = rsi(close, 2)\nf = sma(close, 5)\nif close > t and r < 10:\n    buy(market, 100%)\nif close > f:\n    sell(market, 100%)\n`,
    { symbol: 'IWM' },
  ],
  [
    'trade the 8/21 ema cross on SOL/USDT 1h with a 1.5% stop and 3% target',
    `${X(8, 21)}stop_loss(1.5%)\ntake_profit(3%)\n`,
    { symbol: 'SOL/USDT', timeframe: '1h' },
  ],
  [
    'scalp BTC 15m: rsi(6) < 20 -> long, rsi(6) > 80 -> close',
    R(6, 20, 80),
    { symbol: 'BTC/USDT', timeframe: '15m' },
  ],
  [
    '5/35 sma crossover w/ 20% position size on AAPL',
    X(5, 35, 'sma').replace('buy(market, 100%)', 'buy(market, 20%)'),
    { symbol: 'AAPL' },
  ],
  ['dual ema 12 & 26, cross up buy, cross down sell', X(12, 26)],
  [
    'weekly chart: 10 week sma over 40 week sma = in, under = out',
    `f = sma(close, 10)\ns = sma(close, 40)\nif f > s:\n    buy(market, 100%)\nif f < s:\n    sell(market, 100%)\n`,
    { timeframe: '1w' },
  ],
  [
    'sell short when stochastic %k crosses below 80, cover when it crosses above 20',
    `[k, d] = stoch(14, 3, 3)\nif crossunder(k, 80):\n    short(market, 100%)\nif crossover(k, 20):\n    cover(market, 100%)\n`,
  ],
  ['buy when the fifty day crosses above the two hundred day, sell when it crosses back', X(50, 200, 'sma')],
  ['buy when rsi crosess below 30, sell when it rises abvoe 70', RX(14, 30, 70)],
  [
    'Bollinger breakout: close crosses over the upper band = buy; close crosses under the middle band = sell. 0.1% fees',
    `strategy("x", fee=0.1%)\n[m, u, l] = bb(close, 20, 2)\nif crossover(close, u):\n    buy(market, 100%)\nif crossunder(close, m):\n    sell(market, 100%)\n`,
  ],
  [
    'my system -> 20 sma / 100 sma crossover, stop 3%, $25k',
    `strategy("x", capital=25000)\n${X(20, 100, 'sma')}stop_loss(3%)\n`,
  ],
  [
    'buy btc when rsi(14) < 30 and sell when rsi(14) > 70 on binance daily',
    R(14, 30, 70),
    { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1d' },
  ],
  [
    'ROC(10) above 0 = long, ROC(10) below 0 = flat. weekly bars',
    `r = roc(close, 10)\nif r > 0:\n    buy(market, 100%)\nif r < 0:\n    sell(market, 100%)\n`,
    { timeframe: '1w' },
  ],
  [
    'go long GLD when the 30 wma rises above the 60 wma, get out when the 30 drops below the 60',
    X(30, 60, 'wma'),
    { symbol: 'GLD' },
  ],
  [
    '12/26/9 macd: buy the signal cross up, sell the signal cross down',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
  ],
  [
    'short-only: short when close < 50 sma, cover when close > 50 sma',
    `t = sma(close, 50)\nif close < t:\n    short(market, 100%)\nif close > t:\n    cover(market, 100%)\n`,
  ],
  [
    'buy with 50% of equity when rsi(7) < 20, sell half when rsi(7) > 60, sell the rest when rsi(7) > 80',
    `r = rsi(close, 7)\nif r < 20:\n    buy(market, 50%)\nif r > 60:\n    sell(market, 50%)\nif r > 80:\n    sell(market, 100%)\n`,
  ],
  [
    'LTC/USDT 30m - 5ema/13ema cross, sl 1.5%',
    `${X(5, 13)}stop_loss(1.5%)\n`,
    { symbol: 'LTC/USDT', timeframe: '30m' },
  ],
  [
    'rsi(3)>90 = short, rsi(3)<40 = cover. TQQQ.',
    `r = rsi(close, 3)\nif r > 90:\n    short(market, 100%)\nif r < 40:\n    cover(market, 100%)\n`,
    { symbol: 'TQQQ' },
  ],
  [
    'sl 4% tp 12% | 10/30 wma crossover | NVDA daily',
    `${X(10, 30, 'wma')}stop_loss(4%)\ntake_profit(12%)\n`,
    { symbol: 'NVDA', timeframe: '1d' },
  ],
  [
    'ema50 > ema200 and rsi14 < 35 -> long; rsi14 > 65 -> flat',
    `a = ema(close, 50)\nb = ema(close, 200)\nr = rsi(close, 14)\nif a > b and r < 35:\n    buy(market, 100%)\nif r > 65:\n    sell(market, 100%)\n`,
  ],
  [
    'Comission 0.1%, slipage 0.05%. Buy when the 20 sma crosses above the 50 sma and sell when it crosses back.',
    `strategy("x", fee=0.1%, slippage=0.05%)\n${X(20, 50, 'sma')}`,
    { fee: '0.001', slippage: '0.0005' },
  ],
  [
    'my bot: eth 4h, start with 2000 USDT, 0.1% fee per side. 12/26 ema crossover for entries and exits',
    `strategy("x", capital=2000, fee=0.1%)\n${X(12, 26)}`,
    { symbol: 'ETH/USDT', timeframe: '4h', capital: '2000' },
  ],
  [
    '$10k, SPY daily, buy when close > upper bollinger(20,2), take it off when close < mid band',
    `strategy("x", capital=10000)\n[m, u, l] = bb(close, 20, 2)\nif close > u:\n    buy(market, 100%)\nif close < m:\n    sell(market, 100%)\n`,
    { symbol: 'SPY', capital: '10000' },
  ],
  [
    'trend filter: price above the 200 ema. entries: rsi(2) < 10. exits: rsi(2) > 70',
    `e = ema(close, 200)\nr = rsi(close, 2)\nif close > e and r < 10:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
  ],
  ['20-week ema on weekly bars: close above = long, close below = out', L('ema', 20), { timeframe: '1w' }],
  [
    'buy 50 shares each time rsi(14) crosses above 30, sell all when rsi(14) crosses below 70',
    `r = rsi(close, 14)\nif crossover(r, 30):\n    buy(market, units=50)\nif crossunder(r, 70):\n    sell(market, 100%)\n`,
  ],
  [
    'accumulate SPY 10 shares at a time when close < lower bb, sell everything at the upper bb',
    `[m, u, l] = bb(close, 20, 2)\nif close < l:\n    buy(market, units=10)\nif close >= u:\n    sell(market, 100%)\n`,
    { symbol: 'SPY' },
  ],
  [
    'risk 2% of equity per trade. 50/100 sma cross. AMZN',
    X(50, 100, 'sma').replace('buy(market, 100%)', 'buy(market, 2%)'),
    { symbol: 'AMZN' },
  ],
  [
    'Golden cross w/ 3% SL and 10% TP on the S&P 500',
    `${X(50, 200, 'sma')}stop_loss(3%)\ntake_profit(10%)\n`,
    { symbol: 'SPY' },
  ],
  [
    'death cross = short, golden cross = cover, on IWM',
    `a = sma(close, 50)\nb = sma(close, 200)\nif crossunder(a, b):\n    short(market, 100%)\nif crossover(a, b):\n    cover(market, 100%)\n`,
    { symbol: 'IWM' },
  ],
  [
    'macd crosses over its signal -> buy, crosses under -> sell',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
  ],
  [
    'when price crosses above vwap go long; when it crosses below vwap go flat',
    `v = vwap()\nif crossover(close, v):\n    buy(market, 100%)\nif crossunder(close, v):\n    sell(market, 100%)\n`,
  ],
  [
    'RSI 2 < 5 while close > 200 sma = buy. close > 5 sma = sell.',
    `r = rsi(close, 2)\nt = sma(close, 200)\nf = sma(close, 5)\nif r < 5 and close > t:\n    buy(market, 100%)\nif close > f:\n    sell(market, 100%)\n`,
  ],
  [
    'obv rising & close above 50 ema -> buy, close under 50 ema -> sell',
    `o = obv()\ne = ema(close, 50)\nif rising(o, 1) and close > e:\n    buy(market, 100%)\nif close < e:\n    sell(market, 100%)\n`,
  ],
  [
    'Buy NFLX if 10 ema > 20 ema > 50 ema, sell if 10 ema < 20 ema',
    `a = ema(close, 10)\nb = ema(close, 20)\nc = ema(close, 50)\nif a > b and b > c:\n    buy(market, 100%)\nif a < b:\n    sell(market, 100%)\n`,
    { symbol: 'NFLX' },
  ],
  ['buy when the 5-day rsi closes under 25; exit when it closes over 65', R(5, 25, 65)],
  [
    'cci(14) < -100 -> buy | cci(14) > 100 -> sell',
    `c = cci(14)\nif c < -100:\n    buy(market, 100%)\nif c > 100:\n    sell(market, 100%)\n`,
  ],
  ['Long: close crosses above 50 sma. Flat: close crosses below 50 sma.', C('sma', 50)],
  [
    'Short: rsi(14) > 70. Cover: rsi(14) < 30. Size: 25% of equity.',
    `r = rsi(close, 14)\nif r > 70:\n    short(market, 25%)\nif r < 30:\n    cover(market, 100%)\n`,
  ],
  ['buy when 8 ema crosses 21 ema upward; sell when it crosses downward', X(8, 21)],
  [
    'use 0.2% commission and 0.1% slippage; capital 50,000; buy when close > 100 sma, sell when close < 100 sma',
    `strategy("x", capital=50000, fee=0.2%, slippage=0.1%)\n${L('sma', 100)}`,
    { capital: '50000', fee: '0.002' },
  ],
  [
    'BTC daily since 2020: 20/50 sma cross, stop and reverse',
    X(20, 50, 'sma', 'short'),
    { symbol: 'BTC/USDT', range: '{"from":"2020-01-01"}' },
  ],
  [
    'QQQ 1h from 2022-01-01 to 2023-06-30, 13/34 ema cross, 0.03% fees',
    `strategy("x", fee=0.03%)\n${X(13, 34)}`,
    { symbol: 'QQQ', timeframe: '1h', range: '{"from":"2022-01-01","to":"2023-06-30"}' },
  ],
  [
    'go long on a close above the 20 week high, weekly candles, exit on a close below the 10 week low',
    `hh = highest(high, 20)[1]\nll = lowest(low, 10)[1]\nif close > hh:\n    buy(market, 100%)\nif close < ll:\n    sell(market, 100%)\n`,
    { timeframe: '1w' },
  ],
  [
    'test 2015 onwards: buy when 50 sma > 200 sma, sell when 50 sma < 200 sma, TLT',
    `a = sma(close, 50)\nb = sma(close, 200)\nif a > b:\n    buy(market, 100%)\nif a < b:\n    sell(market, 100%)\n`,
    { symbol: 'TLT', range: '{"from":"2015-01-01"}' },
  ],
  [
    'rsi(14) crossing up through 50 = long; crossing down through 50 = flat',
    `r = rsi(close, 14)\nif crossover(r, 50):\n    buy(market, 100%)\nif crossunder(r, 50):\n    sell(market, 100%)\n`,
  ],
  [
    'AAPL: long if price crosses over the 21-day ema, flat if it crosses under, 2% trailing',
    `${C('ema', 21)}trailing_stop(2%)\n`,
    { symbol: 'AAPL' },
  ],
  [
    '5/20 hma crossover on XLF, commission 5 bps',
    `strategy("x", fee=0.05%)\n${X(5, 20, 'hma')}`,
    { symbol: 'XLF', fee: '0.0005' },
  ],
  [
    'enter when rsi(14) drops below 30 and close is above the 200-day sma; exit when rsi(14) rises above 55',
    `r = rsi(close, 14)\nt = sma(close, 200)\nif crossunder(r, 30) and close > t:\n    buy(market, 100%)\nif crossover(r, 55):\n    sell(market, 100%)\n`,
  ],
  [
    'buy if MACD hist > 0 and rising, sell if MACD hist < 0',
    `[m, s, h] = macd(close, 12, 26, 9)\nif h > 0 and rising(h, 1):\n    buy(market, 100%)\nif h < 0:\n    sell(market, 100%)\n`,
  ],
  [
    'buy when price dips under the lower band (bb 20, 2.5), sell when price pops over the upper band',
    `[m, u, l] = bb(close, 20, 2.5)\nif crossunder(close, l):\n    buy(market, 100%)\nif crossover(close, u):\n    sell(market, 100%)\n`,
  ],
  ['my strat - 21 ema / 50 ema crosss, 1d, GBP/USD', X(21, 50), { symbol: 'GBPUSD=X', timeframe: '1d' }],
  [
    'weekly MSFT: buy when 10 week sma crosses 30 week sma from below, sell when it crosses from above',
    X(10, 30, 'sma'),
    { symbol: 'MSFT', timeframe: '1w' },
  ],
  ['buy when rsi(5) < 15, take it off when rsi(5) > 50', R(5, 15, 50)],
  [
    'put 1000 dollars in each trade: buy when rsi < 30, sell when rsi > 70',
    R(14, 30, 70).replace('buy(market, 100%)', 'buy(market, cash=1000)'),
  ],
  [
    'risk 5% per trade on a 20/60 ema crossover (EURUSD, 1h)',
    X(20, 60).replace('buy(market, 100%)', 'buy(market, 5%)'),
    { symbol: 'EURUSD=X', timeframe: '1h' },
  ],
  [
    'Buy when 9-period EMA is above 21-period EMA and RSI(14) crosses above 50. Close the position when 9 EMA falls under 21 EMA.',
    `f = ema(close, 9)\ns = ema(close, 21)\nr = rsi(close, 14)\nif f > s and crossover(r, 50):\n    buy(market, 100%)\nif crossunder(f, s):\n    sell(market, 100%)\n`,
  ],
  [
    'the 9 and 21 ema: buy when the 9 is above the 21 and rsi > 50, sell when the 9 is below the 21',
    `f = ema(close, 9)\ns = ema(close, 21)\nr = rsi(close, 14)\nif f > s and r > 50:\n    buy(market, 100%)\nif f < s:\n    sell(market, 100%)\n`,
  ],
  [
    'ETH/BTC 1d: sma 10 crosses above sma 30 is the buy, sma 10 crosses below sma 30 is the sell',
    X(10, 30, 'sma'),
    { symbol: 'ETH/BTC' },
  ],
  [
    'Williams %R(10) dips below -90 -> long; rises above -10 -> flat',
    `w = willr(10)\nif crossunder(w, -90):\n    buy(market, 100%)\nif crossover(w, -10):\n    sell(market, 100%)\n`,
  ],
  [
    'mfi(20) under 25 = buy; mfi(20) over 75 = sell; fee 0.04% each way',
    `strategy("x", fee=0.04%)\nm = mfi(20)\nif m < 25:\n    buy(market, 100%)\nif m > 75:\n    sell(market, 100%)\n`,
  ],
  [
    'stochastic(14,3,3): %K crosses above 20 = long, %K crosses below 80 = out',
    `[k, d] = stoch(14, 3, 3)\nif crossover(k, 20):\n    buy(market, 100%)\nif crossunder(k, 80):\n    sell(market, 100%)\n`,
  ],
  [
    'buy dips when rsi(14) < 40 but only above the 100 sma; sell when rsi(14) > 60',
    `r = rsi(close, 14)\nt = sma(close, 100)\nif r < 40 and close > t:\n    buy(market, 100%)\nif r > 60:\n    sell(market, 100%)\n`,
  ],
  // written as lists, in capitals, as questions to the assistant, with Pine-style calls
  [
    'Entry:\n- rsi(14) < 30\n- close > sma(200)\nExit:\n- rsi(14) > 70',
    `r = rsi(close, 14)\nt = sma(close, 200)\nif r < 30 and close > t:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
  ],
  ['BUY WHEN RSI(14) < 30. SELL WHEN RSI(14) > 70. 1% STOP.', `${R(14, 30, 70)}stop_loss(1%)\n`],
  ['ema 9 x ema 21 crossover strat on sol 5m 🚀', X(9, 21), { symbol: 'SOL/USDT', timeframe: '5m' }],
  [
    'I want to buy Tesla when its 10 day moving average goes above its 50 day moving average and sell when it goes back under',
    X(10, 50, 'sma'),
    { symbol: 'TSLA' },
  ],
  ['long = close > ema(close, 100); flat = close < ema(close, 100)', L('ema', 100)],
  ['if close crosses above sma 30 then buy, if close crosses below sma 30 then sell', C('sma', 30)],
  [
    'buy on rsi 14 below 30 | sell on rsi 14 above 70 | tp 10% | sl 5%',
    `${R(14, 30, 70)}stop_loss(5%)\ntake_profit(10%)\n`,
  ],
  [
    'simple one: macd line > signal = long, macd line < signal = flat',
    `[m, s, h] = macd(close, 12, 26, 9)\nif m > s:\n    buy(market, 100%)\nif m < s:\n    sell(market, 100%)\n`,
  ],
  [
    'Could you backtest a 50/200 day SMA crossover on Apple since 2010?',
    X(50, 200, 'sma'),
    { symbol: 'AAPL', range: '{"from":"2010-01-01"}' },
  ],
  [
    'please test: buy XOM when price closes above its 20 day high, sell when it closes below its 20 day low',
    `hh = highest(high, 20)[1]\nll = lowest(low, 20)[1]\nif close > hh:\n    buy(market, 100%)\nif close < ll:\n    sell(market, 100%)\n`,
    { symbol: 'XOM' },
  ],
  [
    'rsi 14 oversold entry, overbought exit, daily SPY, $100k',
    `strategy("x", capital=100000)\n${R(14, 30, 70)}`,
    { symbol: 'SPY', capital: '100000' },
  ],
  [
    'long when stoch %k > %d and %k < 20, exit when %k > 80',
    `[k, d] = stoch(14, 3, 3)\nif k > d and k < 20:\n    buy(market, 100%)\nif k > 80:\n    sell(market, 100%)\n`,
  ],
  [
    '2 period rsi under 5 buy, over 60 sell, only when above 200 sma',
    `r = rsi(close, 2)\nt = sma(close, 200)\nif r < 5 and close > t:\n    buy(market, 100%)\nif r > 60:\n    sell(market, 100%)\n`,
  ],
  [
    'short AMC when price < 10 ema and cover when price > 10 ema',
    `e = ema(close, 10)\nif close < e:\n    short(market, 100%)\nif close > e:\n    cover(market, 100%)\n`,
    { symbol: 'AMC' },
  ],
  [
    'Buy: EMA(5) crosses over EMA(10). Sell: EMA(5) crosses under EMA(10). Fees: 0.1%.',
    `strategy("x", fee=0.1%)\n${X(5, 10)}`,
  ],
  [
    'go long on bitcoin when the 20 day ema crosses above the 100 day ema, close the long when it crosses back below, use 50% of capital',
    X(20, 100).replace('buy(market, 100%)', 'buy(market, 50%)'),
    { symbol: 'BTC/USDT' },
  ],
  [
    'ATR(14) > 2 and close above the 50 ema = buy; close below the 50 ema = sell',
    `a = atr(14)\ne = ema(close, 50)\nif a > 2 and close > e:\n    buy(market, 100%)\nif close < e:\n    sell(market, 100%)\n`,
  ],
  [
    'buy when momentum(10) > 0 and roc(10) > 2, sell when momentum(10) < 0',
    `m = mom(close, 10)\nr = roc(close, 10)\nif m > 0 and r > 2:\n    buy(market, 100%)\nif m < 0:\n    sell(market, 100%)\n`,
  ],
  [
    'trailing stop 8%, buy when 20 sma > 50 sma',
    `a = sma(close, 20)\nb = sma(close, 50)\nif a > b:\n    buy(market, 100%)\ntrailing_stop(8%)\n`,
  ],
  [
    'Strategy name: Dual MA. Fast 7 EMA, slow 25 EMA. Buy the crossover up, sell the crossover down.',
    X(7, 25),
  ],
  [
    'on ETHUSDT 1h buy when rsi(14) crosses above 30 and sell when rsi(14) crosses below 70 with a 2% stop',
    `r = rsi(close, 14)\nif crossover(r, 30):\n    buy(market, 100%)\nif crossunder(r, 70):\n    sell(market, 100%)\nstop_loss(2%)\n`,
    { symbol: 'ETH/USDT', timeframe: '1h' },
  ],
  [
    'buy 25% when cci(20) < -100, sell when cci(20) > 0',
    `c = cci(20)\nif c < -100:\n    buy(market, 25%)\nif c > 0:\n    sell(market, 100%)\n`,
  ],
  [
    'entry rule: close > upper bb(20,2). exit rule: close < lower bb(20,2).',
    `[m, u, l] = bb(close, 20, 2)\nif close > u:\n    buy(market, 100%)\nif close < l:\n    sell(market, 100%)\n`,
  ],
  [
    'the 20 sma and the 100 sma. when the 20 is above the 100 and rsi < 40 buy. sell when the 20 falls below the 100.',
    `a = sma(close, 20)\nb = sma(close, 100)\nr = rsi(close, 14)\nif a > b and r < 40:\n    buy(market, 100%)\nif crossunder(a, b):\n    sell(market, 100%)\n`,
  ],
  [
    '5% take profit, 2.5% stop loss, buy when rsi(7) < 25',
    `r = rsi(close, 7)\nif r < 25:\n    buy(market, 100%)\nstop_loss(2.5%)\ntake_profit(5%)\n`,
  ],
  [
    'short when the 10 wma crosses under the 30 wma; buy to cover on the cross back up. 0.05% commission per side',
    `strategy("x", fee=0.05%)\nf = wma(close, 10)\ns = wma(close, 30)\nif crossunder(f, s):\n    short(market, 100%)\nif crossover(f, s):\n    cover(market, 100%)\n`,
  ],
  ['when the 5 rsi goes under 20 get in, when it goes over 70 get out', RX(5, 20, 70)],
  ['every time price closes above the 50 ema buy, every time it closes below sell', L('ema', 50)],
  [
    'Buy if the close is higher than the 10 day high of the previous bars, sell if the close is lower than the 5 day low',
    `hh = highest(high, 10)[1]\nll = lowest(low, 5)[1]\nif close > hh:\n    buy(market, 100%)\nif close < ll:\n    sell(market, 100%)\n`,
  ],
  [
    'Using a starting balance of 15000, trade MSFT 4h: buy when 12 ema > 26 ema, sell when 12 ema < 26 ema',
    `strategy("x", capital=15000)\nf = ema(close, 12)\ns = ema(close, 26)\nif f > s:\n    buy(market, 100%)\nif f < s:\n    sell(market, 100%)\n`,
    { symbol: 'MSFT', timeframe: '4h', capital: '15000' },
  ],
  // the shorthand of the conventions, with other numbers and tickers
  ['10/30 sma cross', X(10, 30, 'sma')],
  ['12 26 ema crossover', X(12, 26)],
  ['ema 8 21 cross, sl 1% tp 3%', `${X(8, 21)}stop_loss(1%)\ntake_profit(3%)\n`],
  ['rsi>70 sell rsi<30 buy', R(14, 30, 70)],
  ['rsi 14 <30 buy >70 sell', R(14, 30, 70)],
  ['buy rsi2<10 sell rsi2>80', R(2, 10, 80)],
  ['sma20 x sma50 on tsla', X(20, 50, 'sma'), { symbol: 'TSLA' }],
  ['50ema/200ema golden cross style on SPY', X(50, 200), { symbol: 'SPY' }],
  [
    'ema20 above ema50 = long, below = flat',
    `f = ema(close, 20)\ns = ema(close, 50)\nif f > s:\n    buy(market, 100%)\nif f < s:\n    sell(market, 100%)\n`,
  ],
  ['3bps per side, 9/21 ema cross', `strategy("x", fee=0.03%)\n${X(9, 21)}`, { fee: '0.0003' }],
  ['0.2% each way. 10/50 wma crossover', `strategy("x", fee=0.2%)\n${X(10, 50, 'wma')}`, { fee: '0.002' }],
  [
    'start with 1000 USDC, BTC/USDC 1h, 7/25 ema cross',
    `strategy("x", capital=1000)\n${X(7, 25)}`,
    { symbol: 'BTC/USDC', capital: '1000', timeframe: '1h' },
  ],
  [
    '$5k account. rsi(14)<25 buy, rsi(14)>55 sell',
    `strategy("x", capital=5000)\n${R(14, 25, 55)}`,
    { capital: '5000' },
  ],
  [
    'capital 10k; 20/50 sma crossover; AAPL',
    `strategy("x", capital=10000)\n${X(20, 50, 'sma')}`,
    { capital: '10000', symbol: 'AAPL' },
  ],
  ['Trend play: 30/90 ema crossover. QQQ.', X(30, 90), { symbol: 'QQQ' }],
  ['RSI reversal - rsi(9) < 20 = buy, rsi(9) > 65 = sell', R(9, 20, 65)],
  [
    'close crosses above 200 sma -> buy; close crosses below 200 sma -> sell',
    `t = sma(close, 200)\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`,
  ],
  ['rsi dipping under 25 is my buy and rsi popping over 75 is my sell', RX(14, 25, 75)],
  ['a close above the 50 ema gets me in, a close below it gets me out', L('ema', 50)],
  [
    'Regime = 20 ema vs 100 ema. if the 20 is above the 100 buy when rsi < 40. sell when rsi > 70.',
    `a = ema(close, 20)\nb = ema(close, 100)\nr = rsi(close, 14)\nif a > b and r < 40:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
  ],
  ['8 and 21 ema. buy when the 8 crosses above the 21, sell when the 8 crosses below the 21.', X(8, 21)],
  [
    'buy when the 10 ema crosss above the 20 ema, sell when it crosss below. Comission 0.1%',
    `strategy("x", fee=0.1%)\n${X(10, 20)}`,
  ],
  ['always in: long on 10/20 ema cross up, short on cross down', X(10, 20, 'ema', 'short')],
  ['stop-and-reverse 9/30 sma crossover system', X(9, 30, 'sma', 'short')],
  ['buy when rsi(14) < 30, flat again when rsi(14) > 55', R(14, 30, 55)],
  ['long when close > 20 sma, take it off when close < 20 sma', L('sma', 20)],
  [
    'weekly bars: buy when close crosses above the 10-week sma, sell when it crosses below',
    `t = sma(close, 10)\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`,
    { timeframe: '1w' },
  ],
  [
    'daily bars: buy when close crosses above the 4-week sma, sell when it crosses below',
    `t = sma(close, 20)\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`,
  ],
  [
    'buy in lots of 10 shares when rsi(14) < 30, sell everything when rsi(14) > 70',
    R(14, 30, 70).replace('buy(market, 100%)', 'buy(market, units=10)'),
  ],
  [
    'risk 15% of equity: buy when 5 ema crosses above 15 ema, sell when it crosses below',
    X(5, 15).replace('buy(market, 100%)', 'buy(market, 15%)'),
  ],
  [
    'ema 10/20 crossover w/ 5% stop and 30% of equity',
    `${X(10, 20).replace('buy(market, 100%)', 'buy(market, 30%)')}stop_loss(5%)\n`,
  ],
  [
    'Bollinger bounce: buy at the lower band, sell at the middle band, bb(20, 2)',
    `[m, u, l] = bb(close, 20, 2)\nif close <= l:\n    buy(market, 100%)\nif close >= m:\n    sell(market, 100%)\n`,
  ],
  [
    'my setup -> macd(12,26,9) crosses above signal = buy, crosses below signal = sell, 4h ETH/USDT',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
    { symbol: 'ETH/USDT', timeframe: '4h' },
  ],
  [
    'buy when stoch k crosses above d and k is below 30; sell when k crosses below d',
    `[k, d] = stoch(14, 3, 3)\nif crossover(k, d) and k < 30:\n    buy(market, 100%)\nif crossunder(k, d):\n    sell(market, 100%)\n`,
  ],
  // named averages referred to by their lengths, links to actions, reversal and one side
  [
    'SMAs: 20 and 60. Go long when the 20 is over the 60 and rsi(14) > 50, flat when the 20 is under the 60',
    `a = sma(close, 20)\nb = sma(close, 60)\nr = rsi(close, 14)\nif a > b and r > 50:\n    buy(market, 100%)\nif a < b:\n    sell(market, 100%)\n`,
  ],
  [
    'ema 13 and ema 34 - buy when the 13 crosses the 34 from below, sell when the 13 crosses the 34 from above',
    X(13, 34),
  ],
  ['rsi(10) under 30 gets me in, rsi(10) over 60 gets me out', R(10, 30, 60)],
  ['close > 100 ema puts me in, close < 100 ema takes me out', L('ema', 100)],
  ['a cross of the 10 sma above the 40 sma is my entry, the cross back is my exit', X(10, 40, 'sma')],
  ['rsi(6) crossing below 15 is my long signal, rsi(6) crossing above 65 is my exit signal', RX(6, 15, 65)],
  [
    'buy when rsi(14) < 28. flat again when rsi(14) > 52. 1h AAPL',
    R(14, 28, 52),
    { symbol: 'AAPL', timeframe: '1h' },
  ],
  [
    'long on macd line > 0, take it off on macd line < 0',
    `[m, s, h] = macd(close, 12, 26, 9)\nif m > 0:\n    buy(market, 100%)\nif m < 0:\n    sell(market, 100%)\n`,
  ],
  ['weekly candles, 30-week sma: above it = long, below it = flat', L('sma', 30), { timeframe: '1w' }],
  [
    'risking 25% of my equity per trade, long the 10/30 ema cross, exit the opposite cross',
    X(10, 30).replace('buy(market, 100%)', 'buy(market, 25%)'),
  ],
  [
    '20/50 ema cross w/ 2% sl & 6% tp, w/ 0.1% fees',
    `strategy("x", fee=0.1%)\n${X(20, 50)}stop_loss(2%)\ntake_profit(6%)\n`,
    { fee: '0.001' },
  ],
  [
    'Comission: 0.05%. Slipage: 0.01%. rsi(5) < 10 = buy, rsi(5) > 90 = sell',
    `strategy("x", fee=0.05%, slippage=0.01%)\n${R(5, 10, 90)}`,
    { fee: '0.0005' },
  ],
  [
    '$50,000 starting capital, buy when close crosses above 50 sma, sell when it crosses back',
    `strategy("x", capital=50000)\nt = sma(close, 50)\nif crossover(close, t):\n    buy(market, 100%)\nif crossunder(close, t):\n    sell(market, 100%)\n`,
    { capital: '50000' },
  ],
  [
    'I have 3000 USDT. SOL/USDT 4h 8/21 ema crossover',
    `strategy("x", capital=3000)\n${X(8, 21)}`,
    { capital: '3000', symbol: 'SOL/USDT', timeframe: '4h' },
  ],
  [
    'momentum strat: roc(14) > 5 = long, roc(14) < 0 = flat',
    `r = roc(close, 14)\nif r > 5:\n    buy(market, 100%)\nif r < 0:\n    sell(market, 100%)\n`,
  ],
  [
    'Breakout setup: close above the 55 day high -> long. close below the 20 day low -> out',
    `hh = highest(high, 55)[1]\nll = lowest(low, 20)[1]\nif close > hh:\n    buy(market, 100%)\nif close < ll:\n    sell(market, 100%)\n`,
  ],
  [
    'rsi 4 < 25 and close > sma 200 → buy | rsi 4 > 55 → sell',
    `r = rsi(close, 4)\nt = sma(close, 200)\nif r < 25 and close > t:\n    buy(market, 100%)\nif r > 55:\n    sell(market, 100%)\n`,
  ],
  ['stop & reverse on 12/26 ema cross', X(12, 26, 'ema', 'short')],
  ['always long or short: 20/100 sma crossover', X(20, 100, 'sma', 'short')],
  [
    'short the 5/20 ema cross down, cover the cross up',
    `f = ema(close, 5)\ns = ema(close, 20)\nif crossunder(f, s):\n    short(market, 100%)\nif crossover(f, s):\n    cover(market, 100%)\n`,
  ],
  [
    'GOOG - buy on rsi(3) < 15 if close is above 100 ema, sell on rsi(3) > 70',
    `r = rsi(close, 3)\ne = ema(close, 100)\nif r < 15 and close > e:\n    buy(market, 100%)\nif r > 70:\n    sell(market, 100%)\n`,
    { symbol: 'GOOG' },
  ],
  // the convention rows again, as traders write them
  ['20 day ma cross on the close, AMZN', C('sma', 20), { symbol: 'AMZN' }],
  ['buy when price breaks above the 100-day avg, dump when it breaks below', C('sma', 100)],
  ['hull ma 9/21 cross', X(9, 21, 'hma')],
  ['weighted ma 5 vs 15 crossover', X(5, 15, 'wma')],
  [
    'rsi(2) below 5 = buy; rsi(2) above 60 = sell; SPY daily; from 2005 to 2015',
    R(2, 5, 60),
    { symbol: 'SPY', timeframe: '1d', range: '{"from":"2005-01-01","to":"2015-12-31"}' },
  ],
  [
    'buy the 20-day high breakout, sell the 10-day low breakdown',
    `hh = highest(high, 20)[1]\nll = lowest(low, 10)[1]\nif crossover(close, hh):\n    buy(market, 100%)\nif crossunder(close, ll):\n    sell(market, 100%)\n`,
  ],
  [
    'macd 12 26 9 signal cross',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market, 100%)\nif crossunder(m, s):\n    sell(market, 100%)\n`,
  ],
  [
    'stoch 5 3 3 %k/%d cross',
    `[k, d] = stoch(5, 3, 3)\nif crossover(k, d):\n    buy(market, 100%)\nif crossunder(k, d):\n    sell(market, 100%)\n`,
  ],
  [
    'trailing stop 3 percent, buy when close > 10 ema, sell when close < 10 ema',
    `${L('ema', 10)}trailing_stop(3%)\n`,
  ],
  [
    'go long 25% of equity when rsi 14 < 30, exit rsi 14 > 60',
    R(14, 30, 60).replace('buy(market, 100%)', 'buy(market, 25%)'),
  ],
  [
    'short sell 10 shares of TSLA when rsi(14) > 75, cover all when rsi(14) < 40',
    `r = rsi(close, 14)\nif r > 75:\n    short(market, units=10)\nif r < 40:\n    cover(market, 100%)\n`,
    { symbol: 'TSLA' },
  ],
  [
    'use 5 bps commission and 2 bps slippage; close above 20 sma buy, close below 20 sma sell',
    `strategy("x", fee=0.05%, slippage=0.02%)\n${L('sma', 20)}`,
    { fee: '0.0005', slippage: '0.0002' },
  ],
  [
    'btc 1d 2018-2022: 50/200 sma cross',
    X(50, 200, 'sma'),
    { symbol: 'BTC/USDT', timeframe: '1d', range: '{"from":"2018-01-01","to":"2022-12-31"}' },
  ],
  [
    'QQQ hourly last 2 years: ema 9/20 cross',
    X(9, 20),
    { symbol: 'QQQ', timeframe: '1h', range: '{"lastYears":2}' },
  ],
  [
    'since jan 2019: golden cross on DIA',
    X(50, 200, 'sma'),
    { symbol: 'DIA', range: '{"from":"2019-01-01"}' },
  ],
  [
    'buy when stochastic %K is oversold and rsi(14) is oversold, sell when %K is overbought',
    `[k, d] = stoch(14, 3, 3)\nr = rsi(close, 14)\nif k < 20 and r < 30:\n    buy(market, 100%)\nif k > 80:\n    sell(market, 100%)\n`,
  ],
  [
    'buy when macd histogram flips positive, sell when it flips negative',
    `[m, s, h] = macd(close, 12, 26, 9)\nif crossover(h, 0):\n    buy(market, 100%)\nif crossunder(h, 0):\n    sell(market, 100%)\n`,
  ],
  [
    'buy when 10-day momentum turns positive, sell when it turns negative',
    `m = mom(close, 10)\nif crossover(m, 0):\n    buy(market, 100%)\nif crossunder(m, 0):\n    sell(market, 100%)\n`,
  ],
  [
    'buy when obv crosses above its 20 day sma, sell when it crosses below',
    `o = obv()\nt = sma(o, 20)\nif crossover(o, t):\n    buy(market, 100%)\nif crossunder(o, t):\n    sell(market, 100%)\n`,
  ],
  [
    'close > vwap and rsi(14) > 50 → long; close < vwap → flat',
    `v = vwap()\nr = rsi(close, 14)\nif close > v and r > 50:\n    buy(market, 100%)\nif close < v:\n    sell(market, 100%)\n`,
  ],
  [
    'cover when rsi < 30, short when rsi > 70, AMD 1h',
    `r = rsi(close, 14)\nif r < 30:\n    cover(market, 100%)\nif r > 70:\n    short(market, 100%)\n`,
    { symbol: 'AMD', timeframe: '1h' },
  ],
  [
    'long: 8 ema above 21 ema and close above 50 sma. exit: 8 ema below 21 ema',
    `f = ema(close, 8)\ns = ema(close, 21)\nt = sma(close, 50)\nif f > s and close > t:\n    buy(market, 100%)\nif f < s:\n    sell(market, 100%)\n`,
  ],
  // an adverb after a condition carries nothing
  [
    'buy when rsi crosses above 30 quickly, sell when it crosses below 70',
    `r = rsi(close, 14)\nif crossover(r, 30):\n    buy(market, 100%)\nif crossunder(r, 70):\n    sell(market, 100%)\n`,
  ],
];

/** Requests that must get a question: vague, unsupported, contradictory, incomplete or unplaceable. */
const QUESTIONS: readonly string[] = [
  'buy when it looks strong, sell when weak',
  'buy when the supertrend flips green, sell when it flips red',
  'rsi < 30 buy',
  'buy AAPL and TSLA when rsi < 30, sell when rsi > 70',
  'buy when rsi(14) is above 80 and below 20, sell when rsi > 50',
  'long only: short when rsi > 70, cover when rsi < 30',
  'buy when the close is 20% below the 50 sma, sell when it is back above it',
  'ema cross with the fast and slow ema, buy up sell down',
  'buy when rsi < 30, sell when rsi > 70, macd 12/26/9',
  'buy 10 when rsi < 30, sell when rsi > 70',
  'buy when rsi(14) < 30 and the trend is strong, sell when rsi(14) > 70',
  "don't buy when rsi is above 70; sell when rsi > 80",
  'buy when rsi < 30 and sell when it is high',
  'buy when the 20 crosses the 50, sell when it crosses back',
  'long only. short when the 20 ema crosses under the 50 ema, cover on the cross back',
  'sell when rsi > 70',
  "buy 3% below yesterday's close, sell 5% above the entry",
  'use 150% of equity, buy when rsi < 30, sell when rsi > 70',
  'buy when rsi < 30 with 20% of equity, sell when rsi > 70, use 50% of equity',
  'buy when rsi(14) < 30 and the market looks bullish, sell when rsi(14) > 70',
  'BB squeeze breakout',
  'buy when the stock is undervalued',
  'rsi(14) < 30',
  'buy when volume spikes, sell when rsi > 70',
  'buy when ema(20) crosses above ema(50), sell when the rsi is below 30 for 5 days',
  'what does macd mean?',
  'buy TSLA and sell NVDA when rsi < 30',
  // conditions the language cannot read, joined to ones it can: asked, never dropped
  'buy when the price is cheap and rsi < 30, sell when rsi > 70',
  'buy when rsi is low, sell when rsi is high',
  'buy after 3 red candles, sell after 2 green candles',
  'buy when rsi < 30 unless the market is crashing, sell when rsi > 70',
  'buy when macd crosses above signal but not on fridays, sell when it crosses below',
  'buy when RSI < 30 and volume is high, sell when RSI > 70',
  'buy on breakouts, sell on breakdowns',
  'buy when price hits support, sell at resistance',
  'buy when rsi < 30 on the 4h and the daily is above the 200 ema, sell when rsi > 70',
  'if btc is up 5% buy eth, sell when eth is down 3%',
  'buy when the 20 ema crosses above the 50 ema twice, sell when it crosses below',
  'buy when rsi < 30, sell when rsi > 70 or after 10 days',
  'buy when rsi(14) < 30, sell when rsi(14) > 70, never hold over the weekend',
  'buy when the spread between the 10 and 50 ema widens, sell when it narrows',
  'buy 2x leveraged when rsi < 30, sell when rsi > 70',
  'buy when rsi < 30, sell when rsi > 70, but only in the morning',
  'go long when price is 2% above the 50 sma, exit when it is back below',
  'buy when price is near the lower band, sell when price is near the upper band',
  'buy when price is well above the 200 sma, sell when it falls below',
  'buy when rsi < 30, sell when rsi > 70 or price drops',
  'buy when rsi < 30 and price moves, sell when rsi > 70',
  'buy when rsi < 30, sell when rsi > 70 and momentum fades',
  'buy when the 20 ema is above the 50 ema and it keeps going, sell when below',
  'buy when rsi < 30 but wait for confirmation, sell when rsi > 70',
  'buy when close > 20 sma, sell when close < 20 sma unless volume is low',
  // a qualifier of the rule just read that the language cannot read
  'buy when rsi < 30 confirmed by volume, sell when rsi > 70',
  'buy when macd crosses above signal in an uptrend, sell when it crosses below',
  'buy when rsi(14) < 30 on strong volume, sell when rsi(14) > 70',
];

const MARKET_KEYS = new Set(['symbol', 'timeframe', 'exchange']);

describe('trader-style phrasings, compared by trades', () => {
  const sets = { 'synthetic:7': synthetic7(), GOOG: goog() };

  it('has at least 60 new phrasings', () => {
    expect(STRATEGIES.length + QUESTIONS.length).toBeGreaterThanOrEqual(60);
  });

  for (const [text, dsl, want] of STRATEGIES)
    it(text, () => {
      const u = understandOffline({ text });
      const spec = specOf(u);
      for (const [k, v] of Object.entries(want ?? {})) {
        const got = MARKET_KEYS.has(k)
          ? spec.market[k as 'symbol']
          : k === 'range'
            ? JSON.stringify(spec.market.range)
            : (spec.settings[k as 'fee'] ?? spec.risk[k as 'stopLoss']);
        expect(String(got), k).toBe(v);
      }
      let traded = 0;
      for (const [name, bars] of Object.entries(sets)) {
        const expected = trades(dsl, bars);
        traded += expected.length;
        expect(trades(u.ok ? u.program : '', bars), name).toEqual(expected);
      }
      expect(traded).toBeGreaterThan(0);
      expect(lost(text, u)).toEqual([]);
    });

  for (const text of QUESTIONS)
    it(`asks: ${text}`, () => {
      const u = understandOffline({ text });
      if (u.ok) throw new Error(`expected a question, got:\n${u.program}`);
      expect(u.question.length).toBeGreaterThan(20);
    });
});
