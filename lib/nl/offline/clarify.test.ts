// The clarify rule: whenever a strategy cannot be built without guessing, the answer is one question
// that names what is missing or not understood, never an invented rule.
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../types';
import { fuzzCorpus } from './fuzz';
import { examples, specOf } from './testkit';
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
    'Buy when the Aroon up crosses above the Aroon down.',
    /Aroon is not in the strategy language\. The indicators it knows are: .*RSI.*MACD.*Bollinger bands/,
    /Aroon/,
  ],
  [
    'buy when the stochastic RSI crosses above 20, sell when it crosses below 80',
    /Stochastic RSI is not in the strategy language/,
    /stochastic RSI/i,
  ],
  [
    'buy when TRIX crosses above 0, sell when it crosses below',
    /TRIX is not in the strategy language/,
    /TRIX/,
  ],
  [
    'buy when the frobnicator crosses above 30, sell when it drops below 10',
    /I don't know "frobnicator".*which one \(e\.g\. RSI, EMA, MACD/,
    /frobnicator/,
  ],
  // rules the language cannot express
  ['buy on Mondays and sell on Fridays', /cannot express calendar or clock-time rules/, /Mondays/],
  ['buy when RSI < 30, hold until 3 weeks after the earnings', /earnings/i, /earnings/],
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
    /Over how many bars should "moving average" be computed\?/,
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
    /Should the strategy trade AAPL and MSFT together in one account .*, or only one of them: AAPL or MSFT\?/,
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
    /AAPL on binance/i,
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

/** The checker's and the code's wording, which must never reach the user. */
const INTERNAL: readonly RegExp[] = [
  /compares two constants/i,
  /""/,
  /\bspec\b/i,
  /\bschema\b/i,
  /\bundefined\b/,
  /\bnull\b/,
  /\bNaN\b/,
  /\[object/,
  /rules\[\d+\]/,
  /\bwhen\.(a|b|args)\b/,
];

function internalsIn(u: Understanding): string | undefined {
  if (u.ok) return undefined;
  for (const text of [u.question, ...u.unclear])
    for (const re of INTERNAL) if (re.test(text)) return `${re}: ${text}`;
  return undefined;
}

describe('questions that help', () => {
  it("never show the checker's wording, empty quotes or code words: every example, the fuzz corpus, known cases", () => {
    const pending = specOf(
      understandOffline({ text: 'buy when RSI(14) drops below 30, sell when it rises above 70' }),
    );
    const cases = [
      ...examples().map((e) => ({ text: e.text, revision: false })),
      ...fuzzCorpus(),
      // The constant comparisons and the contraction that used to leak ("'<' compares two constants", 'I don't know ""').
      { text: 'buy when 30 < 40 sell when rsi > 70', revision: false },
      { text: 'buy when rsi < 30 sell when 70 > 50', revision: false },
      { text: 'buy when close > 5 and 5 < 3, sell when rsi > 70', revision: false },
      { text: "buy when rsi < 30 but don't sell until rsi > 70", revision: false },
    ];
    const leaks: string[] = [];
    let asked = 0;
    for (const { text, revision } of cases) {
      const u = understandOffline({ text, pending: revision ? pending : undefined });
      if (!u.ok) asked++;
      const leak = internalsIn(u);
      if (leak) leaks.push(`${leak}\n    <= ${text}`);
    }
    expect(leaks).toEqual([]);
    // The corpus exercises questions, not only strategies.
    expect(asked).toBeGreaterThan(300);
  }, 300_000);

  it("a comparison of two numbers is asked about in the request's terms", () => {
    const u = understandOffline({ text: 'buy when 30 < 40 sell when rsi > 70' });
    if (u.ok) throw new Error('expected a question');
    expect(u.question).toMatch(
      /The buy rule compares two numbers \("30 < 40"\).*always be true or always false/,
    );
    expect(u.unclear).toEqual(['30 < 40']);
  });

  it('quotes the words as typed, not as the parser rebuilt them', () => {
    const u = understandOffline({
      text: 'buy when the fast MA crosses above the slow MA, sell when it crosses back below',
    });
    if (u.ok) throw new Error('expected a question');
    expect(u.question).toContain('"fast MA" and "slow MA"');
    expect(u.ask).toEqual({ kind: 'lengths', phrases: ['fast MA', 'slow MA'], choices: [] });
    const twice = understandOffline({
      text: 'buy when the ema crosses above the ema, sell when it crosses back below',
    });
    if (twice.ok) throw new Error('expected a question');
    expect(twice.question).toMatch(/the first "ema" and the second "ema"/);
    expect(twice.ask?.phrases).toEqual(['ema', 'ema']);
  });

  it('offers the closest names the language knows instead of listing every indicator', () => {
    const typo = understandOffline({
      text: 'buy when emaa 20 crosses above sma 50, sell when it crosses back',
    });
    if (typo.ok) throw new Error('expected a question');
    expect(typo.question).toMatch(/I don't know "emaa".*Did you mean EMA\?$/);
    expect(typo.ask).toEqual({ kind: 'yes-no', phrases: ['emaa'], choices: ['EMA'] });
    const stoch = understandOffline({
      text: 'buy when the stochas crosses above 20, sell when it crosses below 80',
    });
    if (stoch.ok) throw new Error('expected a question');
    expect(stoch.question).toMatch(/Did you mean stochastic\?/);
    const ticker = understandOffline({ text: 'on abcd buy when rsi < 30, sell when rsi > 70' });
    if (ticker.ok) throw new Error('expected a question');
    expect(ticker.question).toMatch(/Is "abcd" the market to trade, the ticker ABCD\?/);
    expect(ticker.question).not.toMatch(/RSI, rate of change|Bollinger bands, ATR/);
    for (const u of [typo, stoch, ticker]) expect(u.ok || u.question).not.toMatch(/on-balance volume/);
  });

  it("each asked-about phrase is the request's own words, and each question says what it waits for", () => {
    const asks: Record<string, string> = {
      'buy AAPL and MSFT when RSI < 30, sell when RSI > 70': 'market',
      'buy when the close crosses the Bollinger band, sell when rsi > 70': 'band',
      'buy when the fast ma crosses above the slow ma, sell when it crosses back below': 'lengths',
      'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.': 'exit',
      'sell when RSI is above 70': 'entry',
    };
    for (const [text, kind] of Object.entries(asks)) {
      const u = understandOffline({ text });
      if (u.ok) throw new Error(`expected a question: ${text}`);
      expect(u.ask?.kind, text).toBe(kind);
      for (const p of u.ask?.phrases ?? []) expect(text, p).toContain(p);
    }
  });
});
