// Replies read with their question: each kind of open question (market, band, lengths, missing exit or
// entry, yes/no, unknown word), what fits it and what does not, and the question asked again in other
// words with the closest choices. The request is the real parser's question; the answer is read back by it.
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../types';
import { answerIn, askAgain, isShortReply, type OpenQuestion, openQuestion } from './answer';
import { rulesOf, specOf } from './testkit';
import { understandOffline } from './understand';

/** The open question a request raises (failing when it raises none). */
function asked(request: string): OpenQuestion {
  const q = openQuestion(request, understandOffline({ text: request }));
  if (!q) throw new Error(`expected a question for: ${request}`);
  return q;
}

/** The reply worked into the request and read again. */
function reply(q: OpenQuestion, answer: string): Understanding {
  const text = answerIn(q, answer);
  if (text === undefined) throw new Error(`"${answer}" did not fit: ${q.question}`);
  return understandOffline({ text });
}

const question = (u: Understanding) => {
  if (u.ok) throw new Error(`expected a question, got ${u.program}`);
  return u;
};

const TWO_MARKETS = 'buy AAPL and MSFT when RSI < 30, sell when RSI > 70';
const RSI_RULES = ['buy: rsi(close,14) < 30', 'sell: rsi(close,14) > 70'];

describe('which market', () => {
  it('takes the market named, by symbol, in lower case, by order, or one not offered', () => {
    const q = asked(TWO_MARKETS);
    expect(q.ask).toMatchObject({ kind: 'market', choices: ['AAPL', 'MSFT'] });
    for (const [answer, symbol] of [
      ['MSFT', 'MSFT'],
      ['msft', 'MSFT'],
      ['the first one', 'AAPL'],
      ['MSFT please', 'MSFT'],
      ['TSLA', 'TSLA'],
    ] as const) {
      const u = reply(q, answer);
      expect(specOf(u).market.symbol, answer).toBe(symbol);
      expect(rulesOf(u), answer).toEqual(RSI_RULES);
    }
  });

  it('reads "ETH/USDT" after "ETH/USDT or USDT?" with the rest of the request intact', () => {
    // The state the chat stored after the request below asked which market (before the parser read
    // "start with 5000 USDT" as capital): the answer must pick the pair and keep every other setting.
    const request =
      'ETH/USDT on Binance, 4-hour candles: buy when the 9 EMA crosses above the 21 EMA, sell when it crosses back below. 0.075% fee, start with 5000 USDT';
    const q: OpenQuestion = {
      request,
      question: 'Which market should the strategy trade: ETH/USDT or USDT? A strategy runs on one market.',
      ask: { kind: 'market', choices: ['ETH/USDT', 'USDT'], phrases: ['ETH/USDT', 'USDT'], choiceOf: [0, 1] },
      asked: 1,
    };
    const text = answerIn(q, 'ETH/USDT');
    expect(text).toBeDefined();
    expect(text).toContain('ETH/USDT on Binance');
    const spec = specOf(understandOffline({ text: text as string }));
    expect(spec.market).toMatchObject({
      source: 'ccxt',
      symbol: 'ETH/USDT',
      exchange: 'binance',
      timeframe: '4h',
    });
    expect(spec.settings.fee).toBeCloseTo(0.00075, 12);
    expect(spec.settings.capital).toBe(5000);
    expect(rulesOf(understandOffline({ text: text as string }))).toEqual([
      'buy: crossover(ema(close,9),ema(close,21))',
      'sell: crossunder(ema(close,9),ema(close,21))',
    ]);
  });

  it('does not fit a word that names no market; asked again, it offers the closest first', () => {
    const q = asked(TWO_MARKETS);
    expect(answerIn(q, 'blah')).toBeUndefined();
    expect(answerIn(q, 'MSXX')).toBeUndefined();
    const again = question(askAgain(q, 'MSXX'));
    expect(again.question).toMatch(/"MSXX" is not one of the markets in the request\. Did you mean MSFT\?/);
    expect(again.question).toMatch(/reply with MSFT or AAPL/);
    // Closest first, each mention still pointing at its market: "the first one" is now MSFT.
    expect(again.ask).toEqual({ ...q.ask, choices: ['MSFT', 'AAPL'], choiceOf: [1, 0] });
    const third = { ...q, ask: again.ask, question: again.question, asked: 2 };
    expect(specOf(reply(third, 'the first one')).market.symbol).toBe('MSFT');
    expect(specOf(reply(third, 'AAPL')).market.symbol).toBe('AAPL');
  });
});

describe('which band', () => {
  const REQUEST = 'buy when the close crosses the Bollinger band, sell when rsi > 70';

  it('quotes the phrase and takes upper, middle or lower however it is said', () => {
    const q = asked(REQUEST);
    expect(q.question).toBe(
      'Which Bollinger band do you mean by "Bollinger band": the upper, the middle or the lower one?',
    );
    for (const [answer, band] of [
      ['the upper one', 'upper'],
      ['upper', 'upper'],
      ['Top band.', 'upper'],
      ['the middle one', 'mid'],
      ['lower', 'lower'],
      ['the third', 'lower'],
    ] as const) {
      const u = reply(q, answer);
      expect(rulesOf(u)[0], answer).toBe(`buy: crossover(close,bb(close,20,2).${band})`);
    }
  });

  it('asks again with the three bands when the reply names none', () => {
    const q = asked(REQUEST);
    expect(answerIn(q, 'the purple one')).toBeUndefined();
    const again = question(askAgain(q, 'the purple one'));
    expect(again.question).toBe(
      '"the purple one" does not name a band. "Bollinger band" has three: reply "upper", "middle" or "lower".',
    );
  });
});

describe('which lengths', () => {
  const REQUEST = 'buy when the fast ma crosses above the slow ma, sell when it crosses back below';

  it('fills them in the order asked', () => {
    const q = asked(REQUEST);
    expect(q.question).toBe(
      'How many bars should "fast ma" and "slow ma" be computed over? Give the lengths in that order, e.g. "20 and 50".',
    );
    for (const answer of [
      '20 and 50',
      '20/50',
      '20, 50',
      'twenty and fifty',
      '20 for the fast and 50 for the slow',
    ])
      expect(rulesOf(reply(q, answer)), answer).toEqual([
        'buy: crossover(sma(close,20),sma(close,50))',
        'sell: crossunder(sma(close,20),sma(close,50))',
      ]);
    expect(rulesOf(reply(q, '50 and 20'))[0]).toBe('buy: crossover(sma(close,50),sma(close,20))');
  });

  it('tells the same words apart by order ("the ema ... the ema")', () => {
    const q = asked('buy when the ema crosses above the ema, sell when it crosses back below');
    expect(rulesOf(reply(q, '9 and 21'))).toEqual([
      'buy: crossover(ema(close,9),ema(close,21))',
      'sell: crossunder(ema(close,9),ema(close,21))',
    ]);
  });

  it('takes all the lengths or none: one of two, a percent, or a rule do not fit', () => {
    const q = asked(REQUEST);
    for (const answer of ['20', '20 and 50 and 200', '20%', 'fast', 'buy when rsi < 30', '', 'the'])
      expect(answerIn(q, answer), answer).toBeUndefined();
    // No number is never an answer, even where no length is missing any more.
    const none: OpenQuestion = {
      request: 'RSI 20/80 sma crossover',
      question: '?',
      ask: { kind: 'lengths', phrases: ['sma'], choices: [] },
      asked: 1,
    };
    expect(answerIn(none, 'the')).toBeUndefined();
    expect(question(askAgain(q, '20')).question).toBe(
      'I need 2 whole numbers, the number of bars for "fast ma" and "slow ma", in that order: e.g. "20 and 50".',
    );
  });
});

describe('the missing exit or entry', () => {
  const REQUEST = 'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.';
  const CROSS_BACK = [
    'buy: crossover(ema(close,10),ema(close,30))',
    'sell: crossunder(ema(close,10),ema(close,30))',
  ];

  it('takes a rule, a bare condition, a stop, the offered example on "yes", and declines a stop', () => {
    const q = asked(REQUEST);
    expect(q.ask).toEqual({
      kind: 'exit',
      phrases: [],
      choices: ['sell when the 10-day EMA crosses below the 30-day EMA'],
      action: 'sell',
    });
    expect(q.question).toMatch(/Say "yes" to use that one\.$/);
    expect(rulesOf(reply(q, 'yes'))).toEqual(CROSS_BACK);
    expect(rulesOf(reply(q, 'sure.'))).toEqual(CROSS_BACK);
    expect(rulesOf(reply(q, 'when it crosses back below'))).toEqual(CROSS_BACK);
    expect(rulesOf(reply(q, 'no stop, exit when it crosses back'))).toEqual(CROSS_BACK);
    expect(rulesOf(reply(q, 'sell when rsi > 70'))).toEqual([CROSS_BACK[0], 'sell: rsi(close,14) > 70']);
    expect(rulesOf(reply(q, 'rsi > 70'))).toEqual([CROSS_BACK[0], 'sell: rsi(close,14) > 70']);
    expect(specOf(reply(q, 'a 5% stop')).risk.stopLoss).toBeCloseTo(0.05, 12);
    expect(specOf(reply(q, 'yes')).market.symbol).toBe('AAPL');
  });

  it('leaves a new request to be read on its own, and asks again after a "no"', () => {
    const q = asked(REQUEST);
    expect(answerIn(q, 'buy when RSI < 30, sell when RSI > 70')).toBeUndefined();
    expect(answerIn(q, 'no')).toBeUndefined();
    expect(question(askAgain(q, 'no')).question).toBe(
      'The strategy needs a way out of each position. Reply with a rule, e.g. "sell when the 10-day EMA crosses below the 30-day EMA" (or just "yes" for that one), or a stop, e.g. "a 5% stop loss".',
    );
  });

  it('completes a missing entry with its action', () => {
    const q = asked('sell when RSI is above 70');
    expect(q.ask).toMatchObject({ kind: 'entry', action: 'buy' });
    expect(rulesOf(reply(q, 'when RSI drops below 30'))).toEqual([
      'sell: rsi(close,14) > 70',
      'buy: crossunder(rsi(close,14),30)',
    ]);
  });
});

describe('yes / no, and unknown words', () => {
  const TYPO = 'buy when emaa 20 crosses above sma 50, sell when it crosses back';

  it('"yes" takes the correction offered, "no, wma" another name, a bare "no" asks what it is', () => {
    const q = asked(TYPO);
    expect(q.ask).toEqual({ kind: 'yes-no', phrases: ['emaa'], choices: ['EMA'] });
    expect(rulesOf(reply(q, 'yes'))[0]).toBe('buy: crossover(ema(close,20),sma(close,50))');
    expect(rulesOf(reply(q, 'no, wma'))[0]).toBe('buy: crossover(wma(close,20),sma(close,50))');
    expect(answerIn(q, 'no')).toBeUndefined();
    const again = question(askAgain(q, 'no'));
    expect(again.question).toMatch(/^I still don't know what "emaa" stands for\. Did you mean EMA\?/);
    expect(again.ask).toMatchObject({ kind: 'unknown-word', phrases: ['emaa'] });
  });

  it('an unknown word takes a name the language knows, or is left out', () => {
    const q = asked('buy when the frobnicator crosses above 30, sell when it drops below 10');
    expect(q.ask).toEqual({ kind: 'unknown-word', phrases: ['frobnicator'], choices: [] });
    expect(rulesOf(reply(q, 'rsi'))).toEqual([
      'buy: crossover(rsi(close,14),30)',
      'sell: crossunder(rsi(close,14),10)',
    ]);
    expect(answerIn(q, 'leave it out')).toBe('buy when the crosses above 30, sell when it drops below 10');
    expect(answerIn(q, 'blorp')).toBeUndefined();
  });

  it('asks whether a word standing where a market would is the ticker', () => {
    const q = asked('on abcd buy when rsi < 30, sell when rsi > 70');
    expect(q.ask).toEqual({ kind: 'yes-no', phrases: ['abcd'], choices: ['ABCD'] });
    expect(specOf(reply(q, 'yes')).market.symbol).toBe('ABCD');
  });
});

describe('short replies', () => {
  it('tells an answer from a new request', () => {
    for (const a of ['ETH/USDT', 'the upper one', '20 and 50', 'yes', 'sell above 70'])
      expect(isShortReply(a), a).toBe(true);
    for (const a of ['buy when RSI < 30, sell when RSI > 70', 'go long AAPL on the golden cross'])
      expect(isShortReply(a), a).toBe(false);
  });
});
