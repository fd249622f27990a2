// An action word followed by its own "when" opens the next rule; it is never the action of the
// condition before it ("buy X when rsi < 30 sell when rsi > 70" must not swap buy and sell).
import { describe, expect, it } from 'vitest';
import { synthetic7, trades } from './testkit';
import { understandOffline } from './understand';

const REFERENCE = `r = rsi(close, 14)
if r < 30:
    buy(market, 100%)
if r > 70:
    sell(market, 100%)
`;

describe('actions with their own when', () => {
  for (const text of [
    'buy microsft when rsi < 30 sell when rsi > 70',
    'buy foo when rsi < 30 sell when rsi > 70',
    'buy when rsi < 30 sell when rsi > 70',
  ]) {
    it(text, () => {
      const u = understandOffline({ text });
      expect(u.ok).toBe(true);
      const bars = synthetic7();
      const want = trades(REFERENCE, bars);
      expect(want.length).toBeGreaterThan(0);
      expect(trades(u.ok ? u.program : '', bars)).toEqual(want);
    });
  }
});
