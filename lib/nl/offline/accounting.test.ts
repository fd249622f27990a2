// Nothing said is lost (nl-conventions.md, "accounting for every word"): in every request that is
// answered with a strategy, each number, percent, amount, indicator, market and action word is used
// by the strategy, and the words listed as unused carry none of them. Checked over every shared
// example, the variations, and the fuzz corpus, with a reading of the request that is independent of
// the parser (plain regular expressions over the text, and a walk over the spec).
import { describe, expect, it } from 'vitest';
import { fuzzCorpus } from './fuzz';
import { lost } from './lost';
import { examples } from './testkit';
import { understandOffline } from './understand';

describe('nothing said is lost', () => {
  it('holds on every shared example answered with a strategy', () => {
    const bad = examples()
      .map((e) => ({ text: e.text, lost: lost(e.text, understandOffline({ text: e.text })) }))
      .filter((x) => x.lost.length);
    expect(bad).toEqual([]);
  });

  it('catches what a reader drops (the check can fail)', () => {
    const u = understandOffline({ text: 'buy when RSI(14) < 30, sell when RSI(14) > 70' });
    expect(lost('buy when RSI(14) < 30, sell when RSI(14) > 70 with 10% of capital', u)).toEqual([
      'number 10',
    ]);
    expect(lost('buy when RSI(14) < 30 and MACD is up, sell when RSI(14) > 70', u)).toEqual([
      'indicator macd',
    ]);
    expect(lost('short when RSI(14) < 30, sell when RSI(14) > 70', u)).toEqual(['action short']);
  });

  it('never lists a number, indicator, relation, negation or order word as unused', () => {
    for (const text of [
      'my strat: 9/21 ema cross, long only',
      'IWM swing setup. buy when rsi(2) < 10, sell when rsi(2) > 70',
      'pls test this classic thing: buy when the close crosses above the 20 sma, sell when it crosses back',
    ]) {
      const u = understandOffline({ text });
      expect(u.ok, text).toBe(true);
      expect(lost(text, u), text).toEqual([]);
      if (u.ok) expect(u.unused?.length, text).toBeGreaterThan(0);
    }
  });

  it('holds on the fuzz corpus; the count is reported', () => {
    const cases = fuzzCorpus(2000, 7).filter((c) => !c.revision);
    let strategies = 0;
    const bad: { text: string; lost: string[] }[] = [];
    for (const { text } of cases) {
      const u = understandOffline({ text });
      if (!u.ok) continue;
      strategies++;
      const l = lost(text, u);
      if (l.length) bad.push({ text, lost: l });
    }
    console.info(
      `nothing-lost invariant: ${strategies - bad.length} of ${strategies} strategies hold it (${cases.length} fuzzed requests, ${cases.length - strategies} answered with a question)`,
    );
    expect(strategies).toBeGreaterThan(100);
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
