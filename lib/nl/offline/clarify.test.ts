// The clarify rule: whenever a strategy cannot be built without guessing, the answer is one question
// that names what is missing or not understood, never an invented rule.
import { describe, expect, it } from 'vitest';
import { understandOffline } from './understand';

/** [request, what the question must mention, what `unclear` must mention]. */
const CASES: readonly (readonly [string, RegExp, RegExp])[] = [
  // no way out
  [
    'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.',
    /When should the strategy sell\?.*'sell when the 10-day EMA crosses below the 30-day EMA'.*stop loss/,
    /exit/,
  ],
  ['buy when RSI < 30', /When should the strategy sell\?.*RSI\(14\) rises above 70.*stop loss/, /exit/],
  ['short when RSI > 70', /When should the strategy cover\?.*stop loss/, /exit/],
  [
    'Buy when the 50-day moving average crosses above the 200-day moving average',
    /sell.*50-day moving average crosses below the 200-day moving average/,
    /exit/,
  ],
  // no entry
  ['sell when RSI is above 70', /When should the strategy buy\?.*entry rule/, /entry/],
  ['cover when RSI < 30', /When should the strategy short\?/, /entry/],
  [
    'MACD strategy on BTC',
    /What should make "MACD strategy" buy and sell\?.*MACD line crosses above the signal line/,
    /MACD strategy/,
  ],
  // vague
  ['Buy low, sell high.', /"Buy low" and "sell high" are too vague/, /Buy low/],
  ["buy when it's cheap", /"buy when it's cheap" is too vague/, /cheap/],
  ['buy the dip and sell the rip', /too vague/, /dip/],
  ['buy when the trend is up, sell when momentum fades', /too vague|how many bars/i, /trend|momentum/],
  // unknown or unsupported indicators: say it is not in the language and list what is
  [
    'Buy when the Ichimoku cloud turns green.',
    /Ichimoku is not in the strategy language\. The indicators it knows are: .*RSI.*MACD.*Bollinger bands/,
    /Ichimoku/,
  ],
  [
    'buy when the parabolic SAR flips below price, sell when it flips above',
    /Parabolic SAR is not in the strategy language/,
    /SAR/i,
  ],
  [
    'buy when the stochastic RSI crosses above 20, sell when it crosses below 80',
    /Stochastic RSI is not in the strategy language/,
    /stochastic RSI/i,
  ],
  [
    'buy when the Keltner channel breaks, sell later',
    /Keltner channels are not in the strategy language/,
    /Keltner/,
  ],
  [
    'buy when the frobnicator crosses above 30, sell when it drops below 10',
    /I don't know "frobnicator".*indicators/,
    /frobnicator/,
  ],
  [
    'buy on a Donchian breakout, sell on the opposite',
    /Donchian channels are not in the strategy language as such.*highest high of the last 20 days/,
    /Donchian/,
  ],
  // rules the language cannot express
  ['buy on Mondays and sell on Fridays', /cannot express calendar or clock-time rules/, /Mondays/],
  [
    'buy when RSI < 30, hold for 10 days',
    /Holding a position for a fixed time.*not in the strategy language/,
    /hold for 10 days/,
  ],
  ['buy when volume is twice its 20-day average, sell when RSI > 70', /cannot express arithmetic/, /twice/],
  [
    'buy when price is 5% above the 200-day MA, sell when it is below',
    /margin such as "5% above".*arithmetic/,
    /5% above/,
  ],
  ['buy and hold SPY', /cannot express buy-and-hold/, /buy and hold/],
  [
    'use a 2 ATR stop; buy when RSI < 30, sell when RSI > 70',
    /stop loss measured in ATR.*percent/,
    /stop loss/,
  ],
  // missing numbers
  [
    'buy when the price crosses above the moving average, sell when it crosses below',
    /Over how many bars should the moving average be computed\?/,
    /moving average/,
  ],
  [
    'buy when RSI < 30 with a stop loss',
    /How far from the entry should the stop loss be\? Give a percent/,
    /stop loss/,
  ],
  [
    'buy when RSI(0) < 30, sell when RSI(0) > 70',
    /period of the RSI must be a whole number from 1 to 5000, not 0/,
    /RSI/,
  ],
  [
    'buy when the MACD(12, 26) crosses its signal, sell when it crosses back',
    /MACD takes 3 numbers \(fast, slow, signal\)/,
    /MACD/,
  ],
  // the market
  [
    'buy AAPL and MSFT when RSI < 30, sell when RSI > 70',
    /Which market should the strategy trade: AAPL or MSFT\?/,
    /AAPL, MSFT/,
  ],
  [
    'buy when RSI < 30, sell when RSI > 70 on 10-minute bars',
    /10-minute bars are not available\. Which timeframe.*15m/,
    /10/,
  ],
  [
    'buy when RSI < 30, sell when RSI > 70 over the last 6 months',
    /date range takes whole years or dates/,
    /6 months/,
  ],
  [
    'buy AAPL on Binance when RSI < 30, sell when RSI > 70',
    /Binance is a crypto exchange, but AAPL is not a crypto pair/,
    /AAPL on binance/,
  ],
  // not a strategy at all
  [
    'What will the S&P 500 do tomorrow?',
    /can't predict prices.*Which strategy should I test\?/,
    /not a strategy/,
  ],
  ['Should I buy Tesla?', /can't predict prices/, /not a strategy/],
  ['hello there', /doesn't describe a trading strategy/, /not a strategy/],
];

describe('questions instead of guesses', () => {
  it('covers at least 15 cases beyond the shared examples', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  for (const [text, question, unclear] of CASES)
    it(text, () => {
      const u = understandOffline({ text });
      if (u.ok) throw new Error(`expected a question, got a strategy:\n${u.program}`);
      expect(u.source).toBe('offline');
      expect(u.question).toMatch(question);
      expect(u.unclear.join(' | ')).toMatch(unclear);
    });
});
