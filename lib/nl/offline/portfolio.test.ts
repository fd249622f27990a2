// Portfolio requests: every example gives its portfolio part and trades like its reference program on
// every market; every unsure one asks one precise question; the card states what was read.
import { describe, expect, it } from 'vitest';
import { describe as describeSpec, validateSpec } from '../../schema';
import { PORTFOLIO_EXAMPLES, PORTFOLIO_QUESTIONS } from './examples-portfolio';
import { goog, specOf, synthetic7, trades } from './testkit';
import { understandOffline } from './understand';

describe('portfolio requests', () => {
  for (const e of PORTFOLIO_EXAMPLES)
    it(`reads: ${e.text}`, () => {
      const u = understandOffline({ text: e.text });
      const spec = specOf(u);
      expect(validateSpec(spec).ok).toBe(true);
      expect(spec.portfolio).toEqual(e.portfolio);
      expect(spec.market.symbol).toBe(e.portfolio.markets[0]);
      expect(u.ok && (u.unused ?? []).map((w) => w.text)).toEqual([]);
      const card = describeSpec(spec).market;
      expect(card).toMatch(
        new RegExp(`^${e.portfolio.markets.slice(0, -1).join(', ').replace(/\//g, '\\/')} and`),
      );
      if (e.rank) expect(card).toMatch(e.rank);
      let traded = 0;
      for (const bars of [synthetic7(), goog()]) {
        const want = trades(e.dsl, bars);
        expect(trades(u.ok ? u.program : '', bars)).toEqual(want);
        traded += want.length;
      }
      expect(traded).toBeGreaterThan(0);
    });

  for (const q of PORTFOLIO_QUESTIONS)
    it(`asks: ${q.text}`, () => {
      const u = understandOffline({ text: q.text });
      if (u.ok) throw new Error(`read as a strategy: ${JSON.stringify(u.spec.portfolio)}`);
      expect(u.question).toMatch(q.question);
      // one question: no second one glued to it
      expect(u.question.split('?').filter((s) => s.trim()).length).toBeLessThanOrEqual(2);
    });

  it('keeps one-market requests as they were ("trade AAPL", "buy when the 50-day high...")', () => {
    const u = understandOffline({ text: 'buy AAPL when RSI < 30, sell when RSI > 70' });
    expect(u.ok ? u.spec.portfolio : 'question').toBeUndefined();
    const monthly = understandOffline({ text: 'buy when RSI < 30, sell when RSI > 70 on monthly bars' });
    expect(monthly.ok && monthly.spec.market.timeframe).toBe('1M');
    const high = understandOffline({
      text: 'buy when the close breaks above the highest high of the last 20 days, sell at the lowest low of 10 days',
    });
    expect(high.ok && high.spec.portfolio).toBeUndefined();
  });
});
