// Tokenizer of requests: markup and unicode cleaned away, words lower-cased (the typed form kept for
// tickers), numbers read with their units (10%, 10 percent, ten percent, 5 bps, $5,000, 10k).
import { readNumberWords } from './numbers';

export interface Tok {
  /** Lower-case word, number text, or symbol. */
  w: string;
  kind: 'word' | 'num' | 'sym' | 'pair' | 'date' | 'path';
  /** Value of a number, NaN otherwise. */
  n: number;
  unit: '' | 'pct' | 'bps' | 'usd';
  /** As typed (case kept). */
  raw: string;
  /** No space before it ("4h", "50d", "%k"). */
  tight: boolean;
  /** Taken by the market, risk or settings pass, or by a rule. */
  used: boolean;
  /** Joined to the word before it by a hyphen ("buy-the-dip", "rsi-2"). */
  joined?: boolean;
  /** What took it: 'market', a risk or settings key ('stopLoss', 'fee', 'capital', ...). */
  by?: string;
  /** Character offsets [at, end) of the token in the request as typed (best effort; end = at when unknown). */
  at: number;
  end: number;
}

const CRYPTO_QUOTES = new Set([
  'usdt',
  'usd',
  'usdc',
  'busd',
  'fdusd',
  'tusd',
  'dai',
  'btc',
  'eth',
  'bnb',
  'eur',
]);
export const FIAT = new Set(['usd', 'eur', 'gbp', 'jpy', 'chf', 'aud', 'cad', 'nzd', 'sek', 'nok']);

/** Cleans a request: unicode forms, quotes and dashes, HTML/markdown markup, URLs, control characters. */
export function clean(text: string): string {
  let s = text.normalize('NFKC');
  s = s.replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'").replace(/[\u201c\u201d]/g, '"');
  s = s
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2265/g, '>=')
    .replace(/\u2264/g, '<=');
  // Script and style blocks are dropped whole; other tags leave their text (bounded, so linear-ish).
  s = s.replace(/<(script|style)\b[^<>]{0,300}>[\s\S]{0,5000}?<\/\1\s*>/gi, ' ');
  s = s.replace(
    /<\/?(?:script|style|b|i|u|em|strong|p|div|span|a|br|hr|h[1-6]|ul|ol|li|code|pre|img|iframe|table|tr|td|th|body|html|head|title|svg|object|embed|link|meta|form|input|button|textarea|font|small|sub|sup|blockquote|del|mark|section|article)\b[^<>]{0,300}>/gi,
    ' ',
  );
  s = s.replace(/\[([^\]]{0,200})\]\([^)]{0,500}\)/g, '$1');
  s = s.replace(/https?:\/\/\S{0,500}/gi, ' ');
  s = s.replace(/^[ \t]{0,8}(?:#{1,6}|>|[-*+]|\d{1,3}[.)])[ \t]+/gm, ' ');
  s = s.replace(/\*{1,3}|_{2,3}|~~/g, ' ');
  s = s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ');
  // S&P is one name; keep it one word.
  s = s.replace(/\bs\s*&\s*p\b/gi, 'sandp');
  s = s.replace(/\n+/g, ' . ');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it strips
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/g, ' ');
}

const RE =
  /(\s+)|(\d{4}-\d{2}-\d{2})|([A-Za-z][A-Za-z0-9]{1,9}\s?\/\s?[A-Za-z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])|([\w./-]{1,200}\.csv)(?![\w])|(\d+(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)|(%[a-z])(?![a-z])|([a-z]+(?:'[a-z]+)?)|(>=|<=|=>|=<|&&|\|\||->|[<>=(),;.:!?/&+%$#*\-"])|([\p{L}\p{N}]+)|([\s\S])/iuy;

const CONTRACTIONS: Readonly<Record<string, string[]>> = {
  "it's": ['it', 'is'],
  "that's": ['that', 'is'],
  "what's": ['what', 'is'],
  "there's": ['there', 'is'],
  "let's": ['let', 'us'],
  "don't": ['do', 'not'],
  "doesn't": ['does', 'not'],
  "isn't": ['is', 'not'],
  "won't": ['will', 'not'],
  "can't": ['can', 'not'],
};

function tok(w: string, kind: Tok['kind'], raw: string, tight: boolean, n = Number.NaN): Tok {
  return { w, kind, n, unit: '', raw, tight, used: false, at: 0, end: 0 };
}

/** Raw tokens: one regex pass, no backtracking across the text. */
function scan(s: string): Tok[] {
  const out: Tok[] = [];
  RE.lastIndex = 0;
  let tight = true;
  let m: RegExpExecArray | null;
  while (RE.lastIndex < s.length && (m = RE.exec(s))) {
    const raw = m[0];
    if (m[1]) {
      tight = false;
      continue;
    }
    if (m[2]) out.push(tok(raw, 'date', raw, tight));
    else if (m[3]) {
      const [base, quote] = raw.replace(/\s/g, '').toLowerCase().split('/');
      if (CRYPTO_QUOTES.has(quote) || FIAT.has(quote)) out.push(tok(`${base}/${quote}`, 'pair', raw, tight));
      else {
        // Not a market pair ("buy/sell"): the words and the slash on their own.
        RE.lastIndex -= raw.length;
        const w = /^[A-Za-z]+/.exec(raw)![0];
        RE.lastIndex += w.length;
        out.push(...words(w, tight));
      }
    } else if (m[4]) out.push(tok(raw, 'path', raw, tight));
    else if (m[5]) {
      // "(50,200)" is two numbers, not fifty thousand two hundred.
      const last = out[out.length - 1];
      const parts = raw.includes(',') && last?.w === '(' && tight ? raw.split(',') : [raw.replace(/,/g, '')];
      parts.forEach((p, k) => {
        if (k) out.push(tok(',', 'sym', ',', true));
        out.push(tok(p, 'num', p, tight || k > 0, Number(p)));
      });
    } else if (m[6]) out.push(tok(raw.toLowerCase(), 'word', raw, tight));
    else if (m[7]) out.push(...words(raw, tight));
    else if (m[8]) out.push(tok(raw, 'sym', raw, tight));
    else if (m[9]) out.push(tok(raw.toLowerCase(), 'word', raw, tight));
    // m[10]: anything else (emoji, lone marks) separates words and is dropped
    tight = !m[10];
  }
  return out;
}

/** A word, split at letter/digit boundaries ("ema20", "4h") and at contractions. */
function words(raw: string, tight: boolean): Tok[] {
  const lower = raw.toLowerCase();
  // the typed text stays on the first word, so quoting the request back reads as typed
  if (CONTRACTIONS[lower])
    return CONTRACTIONS[lower].map((w, k) => tok(w, 'word', k ? '' : raw, k ? false : tight));
  const apos = lower.indexOf("'");
  if (apos > 0) {
    const stem = raw.slice(0, apos);
    const suffix = lower.slice(apos + 1);
    const out = [tok(stem.toLowerCase(), 'word', stem, tight)];
    if (suffix === 't') out[0] = tok(stem.toLowerCase().replace(/n$/, ''), 'word', stem, tight);
    if (suffix === 't') out.push(tok('not', 'word', 'not', false));
    return out; // possessive 's, 're, 'll, 've, 'd: the stem is enough for this grammar
  }
  return [tok(lower, 'word', raw, tight)];
}

const isYear = (t: Tok | undefined) =>
  !!t && t.kind === 'num' && /^\d{4}$/.test(t.raw) && t.n >= 1900 && t.n <= 2100;

/** Currencies an amount can be written in ("5000 USDT", "25k dollars"): the quote currency of the market. */
const MONEY = new Set([
  'usdt',
  'usdc',
  'busd',
  'fdusd',
  'tusd',
  'dai',
  'usd',
  'eur',
  'gbp',
  'dollars',
  'dollar',
  'bucks',
]);

/** Names whose sign is part of the name: "+DI" and "-DI" are one word each (the lexicon names them). */
const SIGNED_NAMES = new Set(['di', 'dmi']);

/** Units and signs: 10% / 10 percent, 5 bps, $5,000 / 5000 dollars, 10k, -80, +50, 2015-2020. */
function units(ts: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const prev = out[out.length - 1];
    if (t.kind === 'sym' && t.w === '$' && ts[i + 1]?.kind === 'num') {
      const n = ts[++i];
      out.push({ ...n, unit: 'usd', raw: `$${n.raw}`, tight: t.tight });
      continue;
    }
    if (t.kind === 'sym' && t.w === '-') {
      const next = ts[i + 1];
      if (isYear(prev) && next?.tight && isYear(next)) {
        out.push(tok('to', 'word', '-', false));
        continue;
      }
      // A minus sign: "-80", "< -100", but not "rsi-2" or "50-day".
      if (next?.kind === 'num' && next.tight && !(t.tight && prev && prev.kind !== 'sym')) {
        i++;
        out.push({ ...next, n: -next.n, raw: `-${next.raw}`, tight: t.tight });
        continue;
      }
      // "-DI" (after a space or a '/') is the minus directional line: its sign is part of its name.
      if (next?.tight && SIGNED_NAMES.has(next.w) && (!t.tight || !prev || prev.kind === 'sym')) {
        out.push(tok(`-${next.w}`, 'word', `-${next.raw}`, t.tight));
        i++;
        continue;
      }
      // A dash between spaces separates ("XLE - macd 8/21/5"); inside a word it joins ("buy-the-dip").
      else if (!t.tight && next && !next.tight && prev) out.push(t);
      else if (t.tight && next?.tight && prev) next.joined = true;
      continue;
    }
    if (t.kind === 'sym' && t.w === '+' && ts[i + 1]?.tight && SIGNED_NAMES.has(ts[i + 1].w)) {
      const next = ts[++i];
      out.push(tok(`+${next.w}`, 'word', `+${next.raw}`, t.tight));
      continue;
    }
    // A plus sign: "+50"; a lone "+" joins ("... + a 3% trailing stop").
    if (t.kind === 'sym' && t.w === '+' && ts[i + 1]?.kind === 'num' && ts[i + 1].tight) {
      const next = ts[++i];
      out.push({ ...next, raw: `+${next.raw}`, tight: t.tight });
      continue;
    }
    // "w/" is "with", "w/o" is "without"; "i.e." and "e.g." are one word each.
    if (t.w === 'w' && ts[i + 1]?.w === '/' && ts[i + 1].tight) {
      const o = ts[i + 2]?.w === 'o' && ts[i + 2].tight;
      out.push({ ...tok(o ? 'without' : 'with', 'word', o ? 'w/o' : 'w/', t.tight) });
      i += o ? 2 : 1;
      continue;
    }
    if (
      (t.w === 'i' || t.w === 'e') &&
      ts[i + 1]?.w === '.' &&
      ts[i + 1].tight &&
      ts[i + 2]?.w === (t.w === 'i' ? 'e' : 'g') &&
      ts[i + 2].tight
    ) {
      const w = t.w === 'i' ? 'ie' : 'eg';
      const dot = ts[i + 3]?.w === '.' && ts[i + 3].tight;
      out.push(tok(w, 'word', `${t.raw}.${ts[i + 2].raw}${dot ? '.' : ''}`, t.tight));
      i += dot ? 3 : 2;
      continue;
    }
    if (prev?.kind === 'num' && !prev.unit) {
      if (t.w === '%' || t.w === 'percent' || t.w === 'pct' || t.w === 'percentage') {
        prev.unit = 'pct';
        prev.raw += t.w === '%' ? '%' : ` ${t.raw}`;
        continue;
      }
      if (t.w === 'per' && ts[i + 1]?.w === 'cent') {
        prev.unit = 'pct';
        prev.raw += ` ${t.raw} ${ts[i + 1].raw}`;
        i++;
        continue;
      }
      if (t.w === 'bps' || t.w === 'bp' || (t.w === 'basis' && /^points?$/.test(ts[i + 1]?.w ?? ''))) {
        prev.unit = 'bps';
        prev.raw += `${t.tight ? '' : ' '}${t.raw}`;
        if (t.w === 'basis') prev.raw += ` ${ts[++i].raw}`;
        continue;
      }
      if (t.tight && (t.w === 'k' || t.w === 'thousand')) {
        prev.n *= 1000;
        prev.raw += t.raw;
        continue;
      }
      if (t.w === 'million' || (t.w === 'm' && t.tight && prev.raw.startsWith('$'))) {
        prev.n *= 1_000_000;
        prev.raw += `${t.tight ? '' : ' '}${t.raw}`;
        continue;
      }
      if (MONEY.has(t.w)) {
        prev.unit = 'usd';
        prev.raw += ` ${t.raw}`;
        continue;
      }
    }
    if (prev?.kind === 'num' && prev.unit === 'usd' && (t.w === 'k' || t.w === 'thousand') && t.tight) {
      prev.n *= 1000;
      prev.raw += t.raw;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Merges numbers written as words into number tokens. */
function numberWords(ts: Tok[]): Tok[] {
  const ws = ts.map((t) => (t.kind === 'word' ? t.w : '\u0000'));
  const out: Tok[] = [];
  for (let i = 0; i < ts.length; ) {
    const r = ts[i].kind === 'word' ? readNumberWords(ws, i) : undefined;
    // A lone "a" or "one" is an article or a pronoun more often than a number, unless a unit follows.
    if (
      r &&
      !(
        r.end === i + 1 &&
        ts[i].w === 'one' &&
        !/^(day|bar|period|percent|share|unit|hour|week|minute)/.test(ws[i + 1] ?? '')
      )
    ) {
      const raw = ts
        .slice(i, r.end)
        .map((t) => t.raw)
        .join(' ');
      out.push({ ...tok(String(r.value), 'num', raw, ts[i].tight, r.value) });
      i = r.end;
    } else out.push(ts[i++]);
  }
  return out;
}

/**
 * Where each token stands in the request as typed: its raw text found in order (whitespace-insensitive,
 * case-insensitive), within a short window so that text the cleaner dropped never shifts the rest.
 */
function locate(text: string, toks: Tok[]): void {
  const low = text.toLowerCase();
  let pos = 0;
  for (const t of toks) {
    const raw = t.raw.toLowerCase().replace(/\s+/g, ' ').trim();
    t.at = t.end = pos;
    if (!raw) continue;
    const window = t.kind === 'sym' ? 4 : 400;
    for (let s = pos; s < Math.min(low.length, pos + window); s++) {
      const e = matchAt(low, s, raw);
      if (e >= 0) {
        t.at = s;
        t.end = pos = e;
        break;
      }
    }
  }
}

/** The end of `raw` matched at text[s..], a space in raw matching any run of whitespace; -1 if it does not match. */
function matchAt(text: string, s: number, raw: string): number {
  let i = s;
  for (let k = 0; k < raw.length; k++) {
    if (raw[k] === ' ') {
      if (!/\s/.test(text[i] ?? '')) return -1;
      while (/\s/.test(text[i] ?? '')) i++;
    } else if (text[i] === raw[k]) i++;
    else return -1;
  }
  return i;
}

/** Tokens of a cleaned request. At most `max` tokens are produced (the text is bounded before). */
export function tokenize(text: string, max = 4000): Tok[] {
  const raw = scan(clean(text)).slice(0, max);
  const toks = units(numberWords(raw));
  locate(text, toks);
  return toks;
}
