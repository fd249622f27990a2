// Accounting for every word (nl-conventions.md): what a word carries that may not be dropped, the
// numbers a strategy uses, and the character spans of the words each part was read from.
import type { StrategySpec } from '../../schema';
import { action } from './actions';
import type { Cursor } from './cursor';
import { INDICATOR_NAMES } from './lexicon';
import { relation } from './relation';
import { COINS, COMPANIES, EXCHANGES } from './symbols';
import type { Tok } from './tokens';
import { CANNOT, UNSUPPORTED } from './words';

export const NEGATIONS: ReadonlySet<string> = new Set(
  'not no never without nor neither unless except dont cannot nothing none'.split(' '),
);

/** Indicator names that are also names of a style ("NFLX momentum"): meaningful only next to a number. */
const STYLE = new Set(['momentum', 'mom']);
/** Output names that stand alone only once their indicator was named ("signal", "basis"). */
const BARE_OUTPUTS = new Set(['signal', 'signals', 'basis', 'k', 'd', 'hist', 'histogram', 'trigger']);

/**
 * Does the token at the cursor carry meaning that may not be left unplaced: a number or amount, an
 * indicator, a market, a relation, a negation, an action, or something the language lacks?
 */
export function carries(c: Cursor, named: (fn: string) => boolean = () => false): boolean {
  const t = c.tok();
  if (!t) return false;
  if (t.kind === 'num' || t.kind === 'pair' || t.kind === 'date' || t.kind === 'path') return true;
  if (t.kind === 'sym') return /^(<|>|<=|>=|=<|=>|!=)$/.test(t.w);
  if (NEGATIONS.has(t.w)) return true;
  if (UNSUPPORTED.match(c.toks, c.i) || CANNOT.match(c.toks, c.i)) return true;
  const ind = INDICATOR_NAMES.match(c.toks, c.i);
  if (ind) {
    const words = c.toks.slice(c.i, ind.end).map((x) => x.w);
    const near = [c.toks[c.i - 1], c.toks[ind.end]].some((x) => x?.kind === 'num');
    if (words.length === 1 && STYLE.has(words[0])) return near;
    if (words.length === 1 && BARE_OUTPUTS.has(words[0])) return named(ind.value.fn);
    return true;
  }
  if (COMPANIES.match(c.toks, c.i) || EXCHANGES.match(c.toks, c.i)) return true;
  if (COINS.has(t.w) && t.raw === t.raw.toUpperCase()) return true;
  const at = c.i;
  const a = action(c);
  c.i = at;
  if (a && a !== 'entry') return true;
  const r = relation(c);
  c.i = at;
  return !!r && r.kind !== 'state';
}

/** Every number a strategy uses, in the units people say them (percent as 5 for 5%, capital, years). */
export function numbersOf(spec: StrategySpec): Set<number> {
  const out = new Set<number>();
  const add = (v: number | undefined) => {
    if (v === undefined || !Number.isFinite(v)) return;
    out.add(v);
    out.add(Number((v * 100).toPrecision(10)));
    out.add(Number((v * 10_000).toPrecision(10)));
  };
  for (const i of spec.inputs) add(i.value);
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object')
      for (const [k, v] of Object.entries(x)) {
        if (typeof v === 'number' && k !== 'version') add(v);
        else visit(v);
      }
  };
  visit(spec.indicators);
  visit(spec.rules);
  visit(spec.risk);
  visit(spec.settings);
  const r = spec.market.range;
  if (r && 'lastYears' in r) add(r.lastYears);
  if (r && 'from' in r && r.from) add(Number(r.from.slice(0, 4)));
  if (r && 'to' in r && r.to) add(Number(r.to.slice(0, 4)));
  const tf = /^(\d+)/.exec(spec.market.timeframe ?? '');
  if (tf) add(Number(tf[1]));
  return out;
}

/** A character span [start, end) of the request. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The spans of some tokens, neighbours merged (only spaces between them). */
export function spansOf(toks: readonly Tok[], text: string): Span[] {
  const sorted = [...new Set(toks)].filter((t) => t.end > t.at).sort((a, b) => a.at - b.at);
  const out: { start: number; end: number }[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last && /^[\s,-]*$/.test(text.slice(last.end, t.at))) last.end = Math.max(last.end, t.end);
    else out.push({ start: t.at, end: t.end });
  }
  return out;
}
