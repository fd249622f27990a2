// Issue 11 in the chat: each request reads to a spec whose program trades exactly like a hand-written
// program (synthetic:7 and GOOG), and the card says what it does and what it assumed. Requests the
// chat cannot read whole (a higher timeframe without its period) are asked about, never dropped.
import { expect, describe as group, it } from 'vitest';
import { compile, describe } from '../../schema';
import { goog, specOf, synthetic7, trades } from './testkit';
import { understandOffline } from './understand';

interface Case {
  readonly text: string;
  /** The same strategy written by hand (default parameters: RSI 14 at 30/70, ATR 14). */
  readonly hand: string;
  /** Sentences of the card (summary, settings or assumptions). */
  readonly says?: readonly string[];
}

const ATR_STOP = 'stop_loss(price=position_avg_price - 2 * atr(14))';
const RSI = 'r = rsi(close, 14)';
const EMA = 'f = ema(close, 10)\ns = ema(close, 30)';
const SMA = 'f = sma(close, 10)\ns = sma(close, 30)';

const CASES: Case[] = [
  // the examples, verbatim inside requests
  {
    text: 'buy the 20-day high with a stop 2 ATR under the entry',
    hand: `hh = highest(high, 20)\nif close < hh:\n    buy(stop=hh)\n${ATR_STOP}\n`,
    says: [
      'Buy with 100% of equity when the close is below the highest high of the last 20 bars, with a stop order at the highest high of the last 20 bars.',
      'Exit with a stop loss at 2 × ATR(14) below the entry price, set when the entry fills.',
      'a stop order rests until it fills (a new signal of its rule replaces it); say "cancel after N bars" to limit it',
    ],
  },
  {
    text: 'buy when rsi < 30, exit after 10 bars',
    hand: `${RSI}\nif r < 30:\n    buy(market)\nexit(after=10)\n`,
    says: ['Close the position 10 bars after the entry bar.'],
  },
  {
    text: 'buy when rsi < 30 with a limit order 1% below the close, sell when rsi > 70',
    hand: `${RSI}\nif r < 30:\n    buy(limit=close * 0.99)\nif r > 70:\n    sell(market)\n`,
    says: [
      'Buy with 100% of equity when RSI(14) is below RSI buy level (30), with a limit order at 1% below the close.',
      'a limit order rests until it fills (a new signal of its rule replaces it); say "cancel after N bars" to limit it',
    ],
  },
  {
    text: 'buy when the 10 ema crosses above the 30 ema, sell when it crosses below, risk 1% per trade, 3% stop loss',
    hand: `${EMA}\nif crossover(f, s):\n    buy(market, size=risk(1%))\nif crossunder(f, s):\n    sell(market)\nstop_loss(3%)\n`,
    says: [
      'Buy with a size that loses 1% of equity if the stop is hit when the 10-bar EMA of the close crosses above the 30-bar EMA of the close.',
    ],
  },
  // the other phrasings of the brief, with casual dressing
  {
    text: 'buy when the close crosses above the 20 day high with a stop 2 ATR under the entry',
    hand: `hh = highest(high, 20)[1]\nif crossover(close, hh):\n    buy(market)\n${ATR_STOP}\n`,
  },
  {
    text: 'ema 10/30 cross, sl 2atr',
    hand: `${EMA}\nif crossover(f, s):\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n${ATR_STOP}\n`,
  },
  {
    text: 'buy when rsi drops below 30, stop 2 atr below entry, take profit 3 atr above the entry',
    hand: `${RSI}\nif crossunder(r, 30):\n    buy(market)\n${ATR_STOP}\ntake_profit(price=position_avg_price + 3 * atr(14))\n`,
  },
  {
    text: 'Entry: rsi drops below 30. close after 5 days',
    hand: `${RSI}\nif crossunder(r, 30):\n    buy(market)\nexit(after=5)\n`,
  },
  {
    text: 'buy stop at the 20-day high, sl 2 atr under my entry, exit after 10 bars',
    hand: `hh = highest(high, 20)\nif close < hh:\n    buy(stop=hh)\n${ATR_STOP}\nexit(after=10)\n`,
  },
  {
    text: 'buy when rsi < 30 using a limit 1% under the close, cancel after 3 bars. sell when rsi > 70',
    hand: `${RSI}\nif r < 30:\n    buy(limit=close * 0.99, cancel_after=3)\nif r > 70:\n    sell(market)\n`,
  },
  {
    text: 'buy when the 10 ema crosses above the 30 ema, sell when it crosses below, $1 commission per trade',
    hand: `strategy("x", commission=1)\n${EMA}\nif crossover(f, s):\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n`,
    says: ['$1 commission per fill'],
  },
  {
    text: 'keltner channel breakout: buy on a keltner channel breakout, out when price is back inside',
    hand: `[m, up, lo] = keltner(close, 20, 2)\nif crossover(close, up):\n    buy(market)\nif close < up:\n    sell(market)\n`,
  },
  {
    text: 'buy when +DI crosses above -DI, sell when -DI crosses above +DI',
    hand: '[p, m, a] = dmi(14)\nif crossover(p, m):\n    buy(market)\nif crossover(m, p):\n    sell(market)\n',
    says: ['Buy with 100% of equity when +DI(14) crosses above -DI(14).'],
  },
  {
    text: 'buy when supertrend flips up, sell when supertrend flips down',
    hand: '[st, d] = supertrend(10, 3)\nif crossover(d, 0):\n    buy(market)\nif crossunder(d, 0):\n    sell(market)\n',
  },
  {
    text: 'buy when supertrnd flips up and sell when it flips down',
    hand: '[st, d] = supertrend(10, 3)\nif crossover(d, 0):\n    buy(market)\nif crossunder(d, 0):\n    sell(market)\n',
  },
  {
    text: 'buy when price is above the cloud, sell when price is below the cloud',
    hand: '[t, k, a, b, c] = ichimoku(9, 26, 52)\nif close > a and close > b:\n    buy(market)\nif close < a and close < b:\n    sell(market)\n',
  },
  {
    text: 'buy on a parabolic sar flip, sell on the opposite flip',
    hand: 'p = sar(0.02, 0.2)\nif crossover(close, p):\n    buy(market)\nif crossunder(close, p):\n    sell(market)\n',
  },
  {
    text: 'buy on a donchian 20 breakout, sell when the close drops below the lower donchian channel',
    hand: 'hh = highest(high, 20)[1]\n[m, u, l] = donchian(20)\nif crossover(close, hh):\n    buy(market)\nif crossunder(close, l):\n    sell(market)\n',
  },
  // the fifth example: a filter on weekly (or monthly) bars, htf in the program
  {
    text: 'buy when the 10 sma crosses above the 30 sma, only when the weekly close is above its 20-week average, sell when it crosses below',
    hand: `${SMA}\nweekly_up = htf("1w", close) > htf("1w", sma(close, 20))\nif crossover(f, s) and weekly_up:\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n`,
    says: [
      'Buy with 100% of equity when the 10-bar SMA of the close crosses above the 30-bar SMA of the close and the close is above the 20-week SMA of the close (weekly bars, seen once each week has closed).',
    ],
  },
  {
    text: 'buy when the 10 sma crosses above the 30 sma, weekly trend up (close above 20-week sma), sell when it crosses below',
    hand: `${SMA}\nif crossover(f, s) and htf("1w", close > sma(close, 20)):\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n`,
  },
  {
    text: 'buy when the 10 sma crosses above the 30 sma, only if the monthly close is above the 10-month ema, sell when it crosses below',
    hand: `${SMA}\nif crossover(f, s) and htf("1M", close > ema(close, 10)):\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n`,
  },
];

const sets = { 'synthetic:7': synthetic7(), GOOG: goog() };

group('orders, exits, risk sizing, commission and the new indicators in the chat', () => {
  for (const c of CASES)
    it(c.text, () => {
      const u = understandOffline({ text: c.text });
      if (!u.ok) throw new Error(u.question);
      const spec = specOf(u);
      expect(compile(spec)).toBe(u.program);
      if (c.hand.includes('htf(')) expect(u.program).toMatch(/htf\("1[wM]", close > /);
      let n = 0;
      for (const [name, bars] of Object.entries(sets)) {
        const want = trades(c.hand, bars);
        n += want.length;
        expect(trades(u.program, bars), `${name}\n${u.program}`).toEqual(want);
      }
      expect(n).toBeGreaterThan(0);
      const d = describe(spec);
      const card = [...d.summary, ...d.settings.split('; '), ...d.assumptions];
      for (const s of c.says ?? []) expect(card, s).toContain(s);
    });

  it('asks about a higher-timeframe clause it cannot read whole (no period given)', () => {
    const u = understandOffline({
      text: 'buy when the 10 sma crosses above the 30 sma, only when the weekly trend is up, sell when it crosses below',
    });
    expect(u.ok).toBe(false);
    if (u.ok) return;
    expect(u.question).toMatch(/higher timeframe.*htf\("1w"/);
    expect(u.unclear).toEqual(['only when the weekly trend is up']);
  });

  it('risk N% without any stop is a size of N% of equity (nl-conventions.md)', () => {
    const u = understandOffline({ text: 'buy when rsi < 30, sell when rsi > 70, risk 1% per trade' });
    expect(specOf(u).rules[0].size).toEqual({ percent: 0.01 });
  });
});
