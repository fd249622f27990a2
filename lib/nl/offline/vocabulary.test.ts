// The vocabulary listing is the parser's own tables: every listed phrase of the main topics reads, in
// a request, as the meaning it is listed with (so the model prompt built from it cannot drift).
import { describe, expect, it } from 'vitest';
import { DICT } from './dict';
import { singular } from './phrases';
import { rulesOf } from './testkit';
import { understandOffline } from './understand';
import { vocabulary, vocabularySection } from './vocabulary';

const v = vocabulary();
const entry = (topic: string, phrase: string) =>
  v.find((e) => e.topic === topic && e.phrases.includes(phrase));

describe('vocabulary()', () => {
  it('lists every declared table by topic, each entry with phrases and a meaning', () => {
    const topics = new Set(v.map((e) => e.topic));
    for (const t of ['actions', 'conditions', 'relations: events', 'relations: levels', 'stops and targets'])
      expect(topics.has(t), t).toBe(true);
    expect(topics.has('indicators')).toBe(true);
    for (const e of v) {
      expect(e.phrases.length, e.topic).toBeGreaterThan(0);
      expect(e.meaning.length, e.topic).toBeGreaterThan(2);
    }
    expect(entry('indicators', 'bollinger')?.meaning).toMatch(/bb\(n=20, mult=2\)/);
    expect(entry('links from a condition to its action', 'is my')).toBeDefined();
  });

  it('every "open a long position" phrase buys and every short phrase shorts, in a request', () => {
    const buys = v.find((e) => e.topic === 'actions' && e.meaning === 'open a long position')!;
    // phrases that need an object after them ("gets me in") are tested in the examples
    for (const p of buys.phrases.filter((x) => !/me in|in$/.test(x))) {
      const u = understandOffline({ text: `${p} when RSI(14) < 30, sell when RSI(14) > 70` });
      expect(rulesOf(u)[0], p).toBe('buy: rsi(close,14) < 30');
    }
    const shorts = v.find((e) => e.topic === 'actions' && e.meaning === 'open a short position')!;
    for (const p of shorts.phrases) {
      const u = understandOffline({ text: `${p} when RSI(14) > 70, cover when RSI(14) < 30` });
      expect(rulesOf(u)[0], p).toBe('short: rsi(close,14) > 70');
    }
  });

  it('every level phrase compares as listed', () => {
    const ops: Record<string, string> = {
      'at or above (>=)': '>=',
      'at or below (<=)': '<=',
      'above (>)': '>',
      'below (<)': '<',
    };
    for (const e of v.filter((x) => x.topic === 'relations: levels'))
      for (const p of e.phrases.filter((x) => !/^not /.test(x))) {
        const u = understandOffline({ text: `buy when RSI(14) is ${p} 30, sell when RSI(14) > 70` });
        expect(rulesOf(u)[0], p).toBe(`buy: rsi(close,14) ${ops[e.meaning]} 30`);
      }
  });

  it('knows every word of its own vocabulary, so no typo fixing turns one into another ("risking")', () => {
    const unknown = new Set<string>();
    for (const e of v)
      for (const p of e.phrases)
        for (const w of p.split(/\s+/))
          if (/^[a-z]+$/.test(w) && !DICT.has(w) && !DICT.has(singular(w))) unknown.add(w);
    expect([...unknown]).toEqual([]);
  });

  it('renders a compact prompt section', () => {
    const s = vocabularySection({ perEntry: 3, topics: ['actions', 'relations'] });
    expect(s).toMatch(/^- actions: "buy", "buying", "bought" → open a long position$/m);
    expect(s).not.toMatch(/stops and targets/);
  });
});
