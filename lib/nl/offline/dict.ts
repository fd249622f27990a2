// The dictionary of words the parser knows, and typo correction of the others: Damerau-Levenshtein
// (optimal string alignment) against the domain's words ("movng average", "rsl", "bolinger").

import { BAND_TABLES } from './bands';
import { EVENT_TABLES } from './events';
import { GRAMMAR_TABLES } from './grammar';
import { IDIOM_TABLES } from './idioms';
import { INDICATOR_NAMES } from './lexicon';
import { MONEY_TABLES } from './money';
import { NUMBER_WORDS } from './numbers';
import { ORDER_TABLES } from './orders';
import { singular } from './phrases';
import { PORTFOLIO_TABLES, PORTFOLIO_TARGETS } from './portfolio';
import { RELATION_TABLES } from './relation';
import { REVISION_TABLES } from './revise-ops';
import { SIZE_TABLES } from './size';
import { COINS, COMPANIES, EXCHANGES, LOWER_TICKERS, NOT_TICKERS } from './symbols';
import type { Tok } from './tokens';
import { ACTIONS, AND_WORDS, CANNOT, FIELD_NAMES, FILLER, MONTHS, UNSUPPORTED, VAGUE, WHEN } from './words';

/** Grammar words used by the passes (relations, risk, settings, sizes, time). */
export const KEYWORDS: readonly string[] = (
  'crosses cross crossed crossing crossover crossovers crossunder above below under over beneath exceeds exceed ' +
  'exceeding greater less lower higher than more smaller bigger larger least most equal equals rises rise rose ' +
  'rising falls fall fell falling drops drop dropped dips dip dipped sinks slips slides tumbles plunges declines ' +
  'climbs jumps moves goes gets breaks broke pushes surges pops spikes turns comes pierces through back again ' +
  'reaches reach hits hit touches touch tags between positive negative zero increasing decreasing closes closed ' +
  'trades stays remains holds sits ends finishes settles oversold overbought golden death bullish bearish ' +
  'stop loss stops take profit profits target trailing trail trails tp sl fee fees commission commissions ' +
  'slippage cost costs bps basis points capital equity account balance cash portfolio bankroll starting initial ' +
  'invest allocate put spend risk size sized shares share units unit contracts coins lots worth half quarter ' +
  'third everything whole fill fills filled fractional daily hourly weekly monthly intraday minute minutes min ' +
  'mins hour hours hr hrs day days week weeks wk month months year years yr yrs decade bar bars candle candles ' +
  'chart charts timeframe interval period periods session sessions since until till thru through last past ' +
  'previous prior recent ago yesterday today tomorrow onward onwards ticker symbol exchange pair instead ' +
  'replace change switch remove drop delete without add tighten widen raise increase decrease set make ' +
  'length lookback window line lines band bands deviation deviations sigma std percent pct dollars dollar ' +
  'opposite reverse reversal signal histogram upper lower middle mid top bottom rest remainder remaining ' +
  'lot lots vs versus flat flip trigger entry entries regime filter defaults default itself'
).split(' ');

function buildDict(): Set<string> {
  const d = new Set<string>([
    ...FILLER,
    ...KEYWORDS,
    ...NUMBER_WORDS,
    ...MONTHS,
    ...LOWER_TICKERS,
    ...COINS,
    ...NOT_TICKERS,
  ]);
  for (const t of [
    INDICATOR_NAMES,
    FIELD_NAMES,
    ACTIONS,
    WHEN,
    AND_WORDS,
    UNSUPPORTED,
    CANNOT,
    VAGUE,
    COMPANIES,
    EXCHANGES,
    ...GRAMMAR_TABLES,
    ...RELATION_TABLES,
    ...EVENT_TABLES,
    ...REVISION_TABLES,
    ...MONEY_TABLES,
    ...ORDER_TABLES,
    ...BAND_TABLES,
    ...IDIOM_TABLES,
    ...SIZE_TABLES,
    ...PORTFOLIO_TABLES,
  ])
    for (const w of t.words) d.add(w);
  return d;
}

export const DICT: ReadonlySet<string> = buildDict();

/** Words a typo is corrected to: the indicator vocabulary and the grammar's longer keywords. */
function buildTargets(): string[] {
  const out = new Set<string>();
  for (const w of INDICATOR_NAMES.words) if (/^[a-z]{3,}$/.test(w)) out.add(w);
  for (const w of KEYWORDS) if (w.length >= 5) out.add(w);
  for (const w of ['buy', 'sell', 'short', 'cover', 'exit', 'when', 'whenever']) out.add(w);
  for (const w of PORTFOLIO_TARGETS) out.add(w);
  return [...out].sort();
}

const TARGETS: readonly string[] = buildTargets();

/** Optimal string alignment distance, giving up (returning max + 1) once it must exceed `max`. */
export function damerau(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** How far a word of this length may be from its correction. */
const allowance = (len: number) => (len <= 2 ? 0 : len <= 7 ? 1 : 2);

/** "cross" and "crosses": forms of one word, so a typo between them is no real tie. */
const sameStem = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** The word a typo stands for, or undefined when none is close (or two are equally close). */
export function correct(w: string): string | undefined {
  if (w.length > 24 || !/^[a-z]+$/.test(w)) return undefined;
  const max = allowance(w.length);
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const t of TARGETS) {
    // Three-letter words are corrected only to three-letter acronyms (rsl → rsi), never to longer words.
    if (w.length === 3 && t.length !== 3) continue;
    if (t.length === 3 && w.length !== 3) continue;
    const d = damerau(w, t, max);
    if (d < bestD) {
      best = t;
      bestD = d;
      tie = false;
    } else if (d === bestD && d <= max && t !== best && !sameStem(t, best!)) tie = true;
  }
  return best && !tie ? best : undefined;
}

/** Corrects unknown words in place. Words typed in capitals are left alone: they may be tickers. */
export function correctTypos(toks: Tok[], caseMatters: boolean): void {
  for (const t of toks) {
    if (t.kind !== 'word' || DICT.has(t.w) || DICT.has(singular(t.w))) continue;
    if (caseMatters && /^[A-Z]{2,5}$/.test(t.raw)) continue;
    const c = correct(t.w);
    if (c) t.w = c;
  }
}
