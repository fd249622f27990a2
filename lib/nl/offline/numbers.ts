// Numbers written as words ("fifty", "two hundred and fifty", "zero point one") for the tokenizer.

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Every word that can be part of a number, for the dictionary of known words. */
export const NUMBER_WORDS: readonly string[] = [
  ...Object.keys(UNITS),
  ...Object.keys(TENS),
  'hundred',
  'thousand',
  'million',
  'point',
];

export const isNumberWord = (w: string): boolean => w in UNITS || w in TENS || w === 'hundred';

/**
 * Reads a number written in words starting at words[i]. Returns its value and the index after it,
 * or undefined. Deliberately strict ("one two" is two numbers), so it never swallows a neighbour.
 */
export function readNumberWords(
  words: readonly string[],
  i: number,
): { value: number; end: number } | undefined {
  let j = i;
  // "a hundred", "a thousand"
  if (words[j] === 'a' && (words[j + 1] === 'hundred' || words[j + 1] === 'thousand')) j++;
  let total = 0;
  let current = 0;
  let any = false;
  /** What may follow: after a tens word only a unit 1-9; after a unit only a scale. */
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' = 'none';
  while (j < words.length) {
    const w = words[j];
    if (w in UNITS) {
      const v = UNITS[w];
      const small = v >= 1 && v <= 9;
      if (last === 'unit' || last === 'teen') break;
      if (last === 'tens' && !small) break;
      current += v;
      last = v >= 10 ? 'teen' : 'unit';
    } else if (w in TENS) {
      if (last === 'unit' || last === 'teen' || last === 'tens') break;
      current += TENS[w];
      last = 'tens';
    } else if (w === 'hundred') {
      if (last === 'hundred' || last === 'tens') break;
      current = (current || 1) * 100;
      last = 'hundred';
    } else if (w === 'thousand' || w === 'million') {
      if (last === 'thousand') break;
      total += (current || 1) * (w === 'thousand' ? 1000 : 1_000_000);
      current = 0;
      last = 'thousand';
    } else if (
      w === 'and' &&
      (last === 'hundred' || last === 'thousand') &&
      isNumberWord(words[j + 1] ?? '')
    ) {
      j++;
      continue;
    } else if (w === 'point' && any && (words[j + 1] ?? '') in UNITS) {
      // "zero point one": decimal digits, one word per digit
      let frac = '';
      let k = j + 1;
      while (k < words.length && words[k] in UNITS && UNITS[words[k]] <= 9) frac += String(UNITS[words[k++]]);
      if (!frac) break;
      return { value: total + current + Number(`0.${frac}`), end: k };
    } else break;
    any = true;
    j++;
  }
  if (!any) return undefined;
  return { value: total + current, end: j };
}
