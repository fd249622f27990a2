// What the language knows that is closest to a word it does not: indicator names (from the engine's
// registry, through the lexicon's English names) and market names, by edit distance. Questions offer
// these ("did you mean EMA?") instead of a list of everything.
import { damerau } from './dict';
import { ENGLISH, INDICATOR_SPECS, titleOf } from './lexicon';
import { COINS, COMPANIES, LOWER_TICKERS } from './symbols';
import { tokenize } from './tokens';

export interface Near {
  /** What to write in the request in place of the word ("ema", "bollinger", "MSFT"). */
  readonly text: string;
  /** How a question names it ("EMA", "Bollinger bands", "MSFT"). */
  readonly title: string;
  readonly kind: 'indicator' | 'market';
  readonly distance: number;
}

interface Name {
  readonly name: string;
  /** As written in a question or an answer: a function's short name is an acronym ("EMA", "SAR"). */
  readonly text: string;
  readonly title: string;
}

function indicatorNames(): Name[] {
  const out: Name[] = [];
  for (const f of INDICATOR_SPECS) {
    const title = titleOf(f.name);
    out.push({ name: f.name, text: f.name.length <= 5 ? f.name.toUpperCase() : f.name, title });
    for (const n of ENGLISH[f.name]?.names ?? []) out.push({ name: n, text: n, title });
    for (const names of Object.values(ENGLISH[f.name]?.outputs ?? {}))
      for (const n of names) out.push({ name: n, text: n, title });
  }
  return out;
}

let names: Name[] | undefined;
let markets: { name: string; symbol: string }[] | undefined;

function marketNames(): { name: string; symbol: string }[] {
  const out: { name: string; symbol: string }[] = [];
  for (const t of LOWER_TICKERS) out.push({ name: t, symbol: t.toUpperCase() });
  for (const c of COINS) out.push({ name: c, symbol: `${c.toUpperCase()}/USDT` });
  for (const w of COMPANIES.words) {
    const m = COMPANIES.match(tokenize(w), 0);
    if (m && m.end === 1) out.push({ name: w, symbol: m.value.symbol });
  }
  return out;
}

/** How far a word may be from a name: none for 1-2 letters, 1 up to 5 letters, 2 beyond. */
const allowance = (len: number) => (len <= 2 ? 0 : len <= 5 ? 1 : 2);

/**
 * The closest indicators and markets to `word`, nearest first, at most `limit` (each title once). A word
 * that starts a longer one-word name ("stochas", "bollin") counts as one edit away.
 */
export function nearest(word: string, limit = 3): Near[] {
  const w = word.toLowerCase().trim();
  if (!w || w.length > 30) return [];
  const max = allowance(w.length);
  const found: Near[] = [];
  names ??= indicatorNames();
  markets ??= marketNames();
  for (const { name, text, title } of names) {
    let d = damerau(w, name, max);
    // The start of a one-word name ("stochas", "bollin"), not of a phrase ("trigger" of "trigger line").
    if (d > max && w.length >= 4 && !name.includes(' ') && name.startsWith(w)) d = 1;
    if (d <= max && d > 0) found.push({ text, title, kind: 'indicator', distance: d });
  }
  for (const { name, symbol } of markets) {
    const d = damerau(w, name, max);
    if (d <= max && d > 0) found.push({ text: symbol, title: symbol, kind: 'market', distance: d });
  }
  found.sort((a, b) => a.distance - b.distance || a.text.length - b.text.length);
  const seen = new Set<string>();
  return found.filter((n) => !seen.has(n.title) && seen.add(n.title)).slice(0, limit);
}

/** The closest of `choices` to `text` (case-insensitive), nearest first, as far as `max` edits. */
export function closestOf(text: string, choices: readonly string[], max = 2): string[] {
  const t = text.toLowerCase().trim();
  return choices
    .map((c) => ({ c, d: damerau(t, c.toLowerCase(), max) }))
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.c);
}
