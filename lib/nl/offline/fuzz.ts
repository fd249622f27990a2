// The fuzz corpus (test helper, not part of the public surface): example sentences mutated by a seeded
// generator (words dropped, junk inserted, words swapped), and about a third of them sent as revisions
// of a pending strategy. Shared by the hostile-input test and the tests of what questions may say.
import { examples, rng } from './testkit';

export const FALLBACK_TEXTS = [
  'buy when RSI(14) drops below 30, sell when it rises above 70',
  'Golden cross on QQQ daily since 2015, with a 0.05% commission',
];

const JUNK = [
  '(',
  ')',
  ',',
  '%',
  '$',
  '<',
  '>',
  '=',
  'and',
  'or',
  'when',
  'it',
  '-',
  '.',
  '0',
  '-5',
  '99999',
  '1e9',
  'buy',
  'sell',
  'short',
  'cover',
  'crosses',
  'above',
  'below',
  'RSI',
  'the',
  'back',
  '\u0000',
  '🚀',
  'ñ',
  '/',
  '2015',
  'since',
  'stop',
  'loss',
  'of',
  '50-day',
  'MACD',
  '%K',
  'instead',
  'also',
  'remove',
  'fifty',
  'not',
];

export interface FuzzCase {
  readonly text: string;
  /** Read as a revision of a pending strategy. */
  readonly revision: boolean;
}

/** `count` mutated example sentences, the same ones for the same seed. */
export function fuzzCorpus(count = 2000, seed = 7): FuzzCase[] {
  const texts = examples().map((e) => e.text);
  if (!texts.length) texts.push(...FALLBACK_TEXTS);
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const out: FuzzCase[] = [];
  for (let n = 0; n < count; n++) {
    const words = pick(texts).split(' ');
    for (let m = Math.floor(r() * 4) + 1; m > 0; m--) {
      const op = r();
      const i = Math.floor(r() * words.length);
      if (op < 0.3) words.splice(i, 1);
      else if (op < 0.6) words.splice(i, 0, pick(JUNK));
      else if (op < 0.8) words[i] = pick(JUNK);
      else {
        const j = Math.floor(r() * words.length);
        [words[i], words[j]] = [words[j], words[i]];
      }
    }
    const text = words.join(r() < 0.1 ? '' : ' ');
    out.push({ text, revision: r() < 0.3 });
  }
  return out;
}
