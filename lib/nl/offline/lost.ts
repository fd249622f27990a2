// Test helper (not part of the public surface): what a request said that an answered strategy does not
// hold, read independently of the parser (regular expressions over the text, a walk over the spec). Used
// by the accounting test and the trader-style variations.
import type { StrategySpec } from '../../schema';
import type { Understanding } from '../types';

/** Every number the spec holds, in the units a request says it (5 for 5%, 5 for 5 bps, 2019 for a date). */
function specNumbers(spec: StrategySpec): Set<number> {
  const out = new Set<number>();
  const add = (v: number) => {
    for (const x of [v, v * 100, v * 10_000, -v]) out.add(Number(x.toPrecision(9)));
  };
  const walk = (x: unknown): void => {
    if (typeof x === 'number') add(x);
    else if (typeof x === 'string') {
      for (const m of x.matchAll(/\d+(\.\d+)?/g)) add(Number(m[0]));
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (k !== 'name') walk(v);
  };
  walk({ ...spec, name: '' });
  return out;
}

const UNIT_WORDS = /^\s*-?\s*(week|weeks|wk|wks|month|months|year|years)\b/i;
const MULTIPLES: Readonly<Record<string, number[]>> = { w: [5], m: [21], y: [252] };

/** Numbers as the request writes them, with what a reader may turn them into (10k, 20-week, 5bps, $25k). */
function requestNumbers(text: string): { raw: string; values: number[] }[] {
  const out: { raw: string; values: number[] }[] = [];
  // "(1) ... (2) ...": list markers are not numbers
  const clean = text.replace(/(^|[\s:,;])\((\d)\)(?=\s)/g, '$1   ');
  for (const m of clean.matchAll(/[-+]?\$?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(\s?[kK](?![a-z]))?/g)) {
    const raw = m[0];
    let v = Number(raw.replace(/[$,+\skK]/g, ''));
    if (Number.isNaN(v)) continue;
    if (/[kK]$/.test(raw.trim())) v *= 1000;
    const values = [v, Math.abs(v)];
    const unit = UNIT_WORDS.exec(clean.slice((m.index ?? 0) + raw.length));
    if (unit) for (const k of MULTIPLES[unit[1][0].toLowerCase()] ?? []) values.push(v * k);
    // "S&P 500" names a market, not a number of the strategy
    if (/s\s*&\s*p\s*$/i.test(clean.slice(0, m.index))) continue;
    out.push({ raw, values });
  }
  return out;
}

/** Indicator words and the function each names (a hand-written list, not the parser's lexicon). */
const INDICATOR_WORDS: readonly [RegExp, string][] = [
  [/\brsi\b/i, 'rsi'],
  [/\bmacd\b/i, 'macd'],
  [/\bema\d*\b|\bexponential\b/i, 'ema'],
  [/\bwma\b|\bweighted\b/i, 'wma'],
  [/\bboll?inger\b|\bbb\b/i, 'bb'],
  [/\bstoch(astic)?\b|%k\b|%d\b/i, 'stoch'],
  [/\batr\b|average true range/i, 'atr'],
  [/\badx\b/i, 'adx'],
  [/\bcci\b/i, 'cci'],
  [/\bmfi\b|money flow/i, 'mfi'],
  [/williams|%r\b/i, 'willr'],
  [/\broc\b|rate of change/i, 'roc'],
  [/\bvwap\b/i, 'vwap'],
];
const ACTION_WORDS: readonly [RegExp, readonly string[]][] = [
  [/(?<![-\w])(buy|go long|enter long)(?![-\w])/i, ['buy', 'short']],
  [/(?<![-\w])(short|go short|sell short|shorts)(?![-\w])(?!\s*(only|-term|term))/i, ['short']],
  [/(?<![-\w])(sell|exit|cover|get out|go flat)(?![-\w])/i, ['sell', 'cover', 'exit', 'short', 'buy']],
];
const CARRIES =
  /\d|\b(rsi|macd|ema|sma|wma|bollinger|stoch\w*|atr|adx|cci|mfi|vwap|above|below|over|under|crosse?s?|crossing|not|no|never|buy|sell|short|cover|exit)\b|[<>]/i;

/** What the request said that the strategy does not hold; empty when nothing is lost. */
export function lost(text: string, u: Understanding): string[] {
  if (!u.ok) return [];
  const out: string[] = [];
  const nums = specNumbers(u.spec);
  for (const n of requestNumbers(text))
    if (!n.values.some((v) => nums.has(Number(v.toPrecision(9))))) out.push(`number ${n.raw}`);
  const fns = new Set(u.spec.indicators.map((i) => i.fn));
  for (const [re, fn] of INDICATOR_WORDS) if (re.test(text) && !fns.has(fn)) out.push(`indicator ${fn}`);
  const actions = new Set(u.spec.rules.map((r) => r.action));
  for (const [re, ok] of ACTION_WORDS)
    if (re.test(text.replace(/\b(long|short)[ -]only\b/gi, '')) && !ok.some((a) => actions.has(a as never)))
      out.push(`action ${re.exec(text)?.[0]}`);
  for (const pair of text.matchAll(/\b([A-Za-z]{2,6})\/(USDT|USD|USDC|EUR|BTC)\b/g))
    if (!(u.spec.market.symbol ?? '').toUpperCase().startsWith(pair[1].toUpperCase()))
      out.push(`market ${pair[0]}`);
  // a hyphenated label ("buy-the-dip", "Vol-filtered") is one word, not an order
  for (const w of u.unused ?? [])
    if (CARRIES.test(w.text.replace(/\b[\w%]+(-[\w%]+)+\b/g, ''))) out.push(`unused "${w.text}"`);
  return out;
}
