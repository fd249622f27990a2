// Word tables of the request grammar (other than indicator names, which are in lexicon.ts).
import type { Field } from '../../schema';
import { list } from './list';
import { declare, PhraseTable } from './phrases';

/** What an action phrase does; 'close' is resolved to sell / cover / exit once the sides are known. */
export type Side = 'buy' | 'sell' | 'short' | 'cover' | 'close';

export const ACTIONS = declare<Side>('actions', [
  {
    phrases:
      'buy|buying|bought|go long|going long|goes long|long|enter|enter long|enter a long|enter a long position|' +
      'open a long|open a long position|open long|get long|get in|purchase|invest|accumulate|' +
      'take a long position|buy in|be long|go in long|flip long|reverse long|load up|gets me in|' +
      'get me in|puts me in|go in',
    yields: 'buy',
    meaning: 'open a long position',
  },
  {
    phrases:
      'sell|selling|sold|sell out|take profit|take profits|exit long|exit the long|close the long|close long|' +
      'close longs|exit longs|sell everything',
    yields: 'sell',
    meaning: 'sell: reduce or close the long position',
  },
  {
    phrases:
      'exit|exiting|close|close out|close the position|close the trade|close position|close it|get out|' +
      'liquidate|flatten|exit the position|exit the trade|exit position|exit all|close all|go flat|' +
      'get flat|flat|be flat|be out|take it off|take off|take the position off|gets me out|get me out|' +
      'takes me out|closes it|closes the position|closes the trade|closes out|ends the trade|cash out|' +
      'bail|bail out|dump|dump it|step aside',
    yields: 'close',
    meaning: 'close the open position (sell a long, cover a short)',
  },
  {
    phrases:
      'short|shorting|go short|going short|goes short|sell short|short sell|enter short|enter a short|' +
      'enter a short position|open a short|open a short position|open short|take a short position|' +
      'get short|be short|flip short|reverse short|go in short',
    yields: 'short',
    meaning: 'open a short position',
  },
  {
    phrases:
      'cover|covering|buy back|buy to cover|close the short|close short|close shorts|exit short|' +
      'exit the short|exit shorts|cover the short',
    yields: 'cover',
    meaning: 'cover: close the short position',
  },
]);

/** Words that introduce a condition after an action ("buy when ...", "sell on a death cross"). */
export const WHEN = declare<true>('conditions', [
  {
    phrases:
      'when|whenever|if|once|as soon as|after|on|upon|every time|each time|any time|anytime|the moment|' +
      'only when|only if|in case|while|provided|provided that|as long as|as|needs|need|i need|we need|' +
      'requires|require|needs to see|i want to see',
    yields: true,
    meaning: 'introduces the condition of a rule',
  },
]);

/** Price fields by their English names ("the closing price", "typical price"). */
export const FIELD_NAMES = new PhraseTable<Field>([
  ...list(
    'price|prices|close|closing price|closes|last price|share price|stock price|market price|' +
      'current price|spot price|stock|the stock|shares|candle close|bar close|market',
  ).map((p) => [p, 'close'] as const),
  ...['open', 'opening price', 'open price'].map((p) => [p, 'open'] as const),
  ...['high', 'high price'].map((p) => [p, 'high'] as const),
  ...['low', 'low price'].map((p) => [p, 'low'] as const),
  ...['volume', 'trading volume', 'vol'].map((p) => [p, 'volume'] as const),
  ...['hl2', 'median price', 'midpoint'].map((p) => [p, 'hl2'] as const),
  ...['hlc3', 'typical price'].map((p) => [p, 'hlc3'] as const),
  ['ohlc4', 'ohlc4'],
]);

/** Indicators and ideas the language does not have, with what to say about them. */
export const UNSUPPORTED = new PhraseTable<{ name: string; hint?: string }>([
  ...[
    ['fibonacci', 'Fibonacci levels'],
    ['fib', 'Fibonacci levels'],
    ['pivot', 'pivot points'],
    ['pivot points', 'pivot points'],
    ['elliott', 'Elliott waves'],
    ['heikin', 'Heikin-Ashi candles'],
    ['heiken', 'Heikin-Ashi candles'],
    ['renko', 'Renko bricks'],
    ['aroon', 'Aroon'],
    ['trix', 'TRIX'],
    ['ultimate oscillator', 'the ultimate oscillator'],
    ['awesome oscillator', 'the awesome oscillator'],
    ['chaikin', 'Chaikin indicators'],
    ['accumulation distribution', 'accumulation/distribution'],
    ['volume profile', 'volume profile'],
    ['vortex', 'the vortex indicator'],
    ['kdj', 'KDJ'],
    ['zigzag', 'ZigZag'],
    ['zig zag', 'ZigZag'],
    ['envelope', 'moving average envelopes'],
    ['linear regression', 'linear regression'],
    ['ppo', 'PPO'],
    ['dpo', 'DPO'],
    ['kst', 'KST'],
    ['force index', 'the force index'],
    ['elder ray', 'Elder ray'],
    ['fractal', 'fractals'],
    ['doji', 'candlestick patterns'],
    ['hammer', 'candlestick patterns'],
    ['engulfing', 'candlestick patterns'],
    ['candlestick pattern', 'candlestick patterns'],
    ['head and shoulders', 'chart patterns'],
    ['double top', 'chart patterns'],
    ['double bottom', 'chart patterns'],
    ['cup and handle', 'chart patterns'],
    ['trendline', 'trend lines'],
    ['trend line', 'trend lines'],
    ['stochastic rsi', 'stochastic RSI'],
    ['stoch rsi', 'stochastic RSI'],
    ['stochrsi', 'stochastic RSI'],
    ['connors rsi', 'Connors RSI'],
    ['squeeze', 'the TTM squeeze'],
    ['implied volatility', 'implied volatility'],
    ['vix', 'the VIX'],
    ['put call ratio', 'the put/call ratio'],
    ['open interest', 'open interest'],
    ['funding rate', 'funding rates'],
    ['order book', 'order-book data'],
    ['market cap', 'fundamental data'],
    ['earnings', 'earnings data'],
    ['dividend', 'dividends'],
    ['pe ratio', 'fundamental data'],
    ['sentiment', 'sentiment data'],
    ['news', 'news'],
    ['tweets', 'social media data'],
  ].map(([p, name]) => [p, { name }] as const),
]);

/** Rules the language cannot express, and why. */
export const CANNOT = new PhraseTable<string>([
  ...[
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'weekday',
    'weekend',
    'morning',
    'afternoon',
    'pm',
    "o'clock",
    'oclock',
    'end of the month',
    'end of month',
    'start of the month',
    'beginning of the month',
    'end of day',
    'month end',
  ].map((p) => [p, 'calendar or clock-time rules'] as const),
  ...list(
    'hold for|holding period|days after|bars after|bars since|days since|after entry|' +
      'after buying|after the entry|hold it for|keep it for',
  ).map(
    (p) =>
      [p, 'holding for a fixed time (rules see prices and indicators, not the age of a position)'] as const,
  ),
  ...list(
    'pyramid|pyramiding|scale in|scale out|average down|averaging down|dca|' +
      'dollar cost averaging|martingale|grid|rebalance|rebalancing|hedge|hedging',
  ).map((p) => [p, 'position-management schemes (pyramiding, averaging, grids, rebalancing)'] as const),
  ...['buy and hold', 'buy & hold', 'buy-and-hold', 'hold forever', 'never sell'].map(
    (p) => [p, 'buy-and-hold (every entry needs a condition on prices or indicators)'] as const,
  ),
  ...['leverage', 'margin', 'options', 'option', 'calls', 'puts', 'futures', 'call option', 'put option'].map(
    (p) => [p, 'leverage, margin and derivatives'] as const,
  ),
  ...list('twice|double|triple|times|half of its|multiplied|divided|ratio|difference between|spread').map(
    (p) => [p, 'arithmetic on prices or indicators (multiples, sums, ratios)'] as const,
  ),
  ...list(
    'position sizing based on|kelly|volatility sizing|stop distance|distance to the stop|sized by the stop',
  ).map(
    (p) => [p, 'sizing by risk (sizes are a percent of equity, a cash amount or a number of units)'] as const,
  ),
  ...list('other stocks|several stocks|multiple stocks|each stock|all stocks|pairs trading|correlation').map(
    (p) =>
      [
        p,
        'markets that are not named (a portfolio names its markets: "on AAPL, MSFT and NVDA, equal weight")',
      ] as const,
  ),
]);

/** Words that make a rule vague: they say what, not when. */
export const VAGUE = new PhraseTable<string>(
  list(
    'cheap|cheaper|expensive|low|lows|lower|high|highs|higher|dip|dips|the dip|bottom|bottoms|' +
      'bottomed|top|tops|topped|peak|peaks|good|bad|strong|weak|strength|weakness|bullish|' +
      'bearish|uptrend|downtrend|trend|trending|trends|overvalued|undervalued|crash|crashes|' +
      'rally|rallies|surge|surges|pump|pumps|dump|moon|mooning|volatile|volatility|breakout|' +
      'breaks out|support|resistance|reversal|reverses|bounce|bounces|pullback|pulls back|' +
      'correction|sideways|consolidation|consolidates|right time|best time|profitable|' +
      'make money|going up|goes up|go up|going down|goes down|go down|recovers|recovery|signal|' +
      'opportunity|momentum|gains|gain|losing|falling knife',
  ).map((p) => [p, p] as const),
);

/** Words with no meaning of their own in a request; left-over ones never make a request unclear. */
export const FILLER = new Set(
  (
    'the a an and or then also please pls thanks thank ok okay so now here there hi hello hey just simply simple basic ' +
    'classic standard strategy strategies system approach plan setup idea trade trades trading trader test backtest ' +
    'back run try show make create build write give me my i we you us our let lets want would like to can could ' +
    'should will shall must need it its this that these those is are be been being was were for on in of at with ' +
    'using use by from as following follows rule rules position positions only long-only some set up called named ' +
    'something based type kind what which do does did get go going when if but while too well very really always ' +
    'every each any all per new one itself them they their his her entry entries exit exits signals buys sells ' +
    'label mean reversion trend-following following crossover cross system strategy: ! ? . , ; : " ( ) - + & / #'
  ).split(/\s+/),
);

/** Conjunctions joining conditions. */
export const AND_WORDS = declare<'and' | 'or'>('conjunctions', [
  {
    phrases:
      'and|&|&&|plus|but|but only if|but only when|and also|and when|and if|as long as|provided|' +
      'provided that|only if|only when|while|and while',
    yields: 'and',
    meaning: 'both conditions must hold',
  },
  { phrases: 'or|either|or when|or if', yields: 'or', meaning: 'either condition is enough' },
]);
AND_WORDS.add('||', 'or');

export const MONTHS: readonly string[] = list(
  'january|february|march|april|may|june|july|august|september|october|november|december',
);
