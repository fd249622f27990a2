// The market pass: symbol (ticker, company, crypto pair, CSV file), exchange, timeframe and date range,
// found anywhere in the request. The tokens it takes are marked used, so rules never see them.
import { type DateRange, TIMEFRAMES, type TimeframeLabel } from '../../schema';
import type { Issue } from './ir';
import { INDICATOR_NAMES } from './lexicon';
import { list } from './list';
import { severalMarkets } from './markets-list';
import { COINS, COMPANIES, EXCHANGES, LOWER_TICKERS, NOT_TICKERS } from './symbols';
import { FIAT, type Tok } from './tokens';
import { ACTIONS, AND_WORDS, FIELD_NAMES, FILLER, MONTHS, WHEN } from './words';

export interface MarketFacts {
  symbol?: { symbol: string; source: 'yahoo' | 'ccxt' | 'csv' };
  /** Several markets traded together in one account (portfolio.ts); `symbol` is the first. */
  markets?: string[];
  exchange?: string;
  timeframe?: TimeframeLabel;
  range?: DateRange;
  issues: Issue[];
}

const PREPS = new Set(
  list('on|for|in|of|at|with|using|via|trading|trade|the|use|over|during|across|between|among'),
);
const TF_NOUNS = new Set(
  list('chart|charts|bar|bars|candle|candles|candlesticks|timeframe|timeframes|interval|data|' + 'klines|tf'),
);
const TF_UNITS: Readonly<Record<string, 'm' | 'h' | 'd' | 'w' | 'M'>> = {
  minute: 'm',
  minutes: 'm',
  min: 'm',
  mins: 'm',
  m: 'm',
  hour: 'h',
  hours: 'h',
  hr: 'h',
  hrs: 'h',
  h: 'h',
  hourly: 'h',
  day: 'd',
  days: 'd',
  d: 'd',
  week: 'w',
  weeks: 'w',
  wk: 'w',
  w: 'w',
  month: 'M',
  months: 'M',
  mo: 'M',
};
const ADJ: Readonly<Record<string, TimeframeLabel>> = {
  daily: '1d',
  hourly: '1h',
  weekly: '1w',
  monthly: '1M',
};
/** After these a duration is a window ("the last 10 days"), not bars. */
const WINDOW = new Set(list('last|past|over|previous|prior|within|for|of|in|every|each|per|than'));
const AFTER_PERIOD = new Set(
  list('ago|high|highs|low|lows|window|period|lookback|range|return|returns|closing|breakout'),
);

/** '15m', '4h', '1d', '1w', '1M' for n units, or undefined when the data layer has no such bars. */
export function tfLabel(n: number, unit: 'm' | 'h' | 'd' | 'w' | 'M'): TimeframeLabel | undefined {
  const minutes = { m: 1, h: 60, d: 1440, w: 10080, M: 43200 }[unit] * n;
  const label =
    minutes % 43200 === 0 && unit === 'M'
      ? `${minutes / 43200}M`
      : minutes % 10080 === 0 && unit !== 'd'
        ? `${minutes / 10080}w`
        : minutes % 1440 === 0
          ? `${minutes / 1440}d`
          : minutes % 60 === 0
            ? `${minutes / 60}h`
            : `${minutes}m`;
  return (TIMEFRAMES as readonly string[]).includes(label) ? (label as TimeframeLabel) : undefined;
}

const isYear = (t: Tok | undefined) =>
  t?.kind === 'num' &&
  !t.unit &&
  Number.isInteger(t.n) &&
  t.n >= 1900 &&
  t.n <= 2100 &&
  /^\d{4}$/.test(t.raw);
const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A date at toks[i]: YYYY-MM-DD, "March 2020", or a year; `end` picks the last day of a month/year. */
function dateAt(toks: readonly Tok[], i: number, end: boolean): { date: string; next: number } | undefined {
  const t = toks[i];
  if (t?.kind === 'date') return { date: t.w, next: i + 1 };
  const m = t ? MONTHS.findIndex((x) => x === t.w || (t.w.length >= 3 && x.startsWith(t.w))) : -1;
  if (m >= 0 && isYear(toks[i + 1])) {
    const y = toks[i + 1].n;
    return { date: `${y}-${pad(m + 1)}-${pad(end ? daysIn(y, m + 1) : 1)}`, next: i + 2 };
  }
  if (isYear(t)) return { date: end ? `${t!.n}-12-31` : `${t!.n}-01-01`, next: i + 1 };
  return undefined;
}

/** Words a date range can start with (anything else is skipped at once: this runs at every token). */
const RANGE_START = new Set(
  'since starting beginning from between until till through thru to before up in during throughout over for on the last past previous recent prior'.split(
    ' ',
  ),
);

function rangeAt(toks: readonly Tok[], i: number): { range: DateRange; end: number } | Issue | undefined {
  const t0 = toks[i];
  if (
    t0.kind !== 'num' &&
    t0.kind !== 'date' &&
    !RANGE_START.has(t0.w) &&
    !MONTHS.some((m) => m.startsWith(t0.w.slice(0, 3)))
  )
    return undefined;
  const w = (k: number) => toks[i + k]?.w ?? '';
  if (w(0) === 'since' || w(0) === 'starting' || w(0) === 'beginning') {
    const j =
      w(1) === 'the' && w(2) === 'start' && w(3) === 'of'
        ? i + 4
        : w(1) === 'in' || w(1) === 'from'
          ? i + 2
          : i + 1;
    const d = dateAt(toks, j, false);
    return d && { range: { from: d.date }, end: d.next };
  }
  if (w(0) === 'from' || w(0) === 'between' || dateAt(toks, i, false)) {
    const j = w(0) === 'from' || w(0) === 'between' ? i + 1 : i;
    const a = dateAt(toks, j, false);
    if (!a) return undefined;
    const sep = toks[a.next]?.w ?? '';
    if (['to', 'until', 'till', 'through', 'thru', 'and'].includes(sep)) {
      const b = dateAt(toks, a.next + 1, true);
      if (b) return { range: { from: a.date, to: b.date }, end: b.next };
    }
    if (w(0) === 'from') {
      const on = ['onward', 'onwards', 'on'].includes(sep) ? 1 : 0;
      return { range: { from: a.date }, end: a.next + on };
    }
    // "2019 onward", "2019+", "2019 to date"
    if (['onward', 'onwards', 'forward', '+'].includes(sep))
      return { range: { from: a.date }, end: a.next + 1 };
    if (['to', 'till', 'until'].includes(sep) && /^(date|now|present|today)$/.test(toks[a.next + 1]?.w ?? ''))
      return { range: { from: a.date }, end: a.next + 2 };
    return undefined;
  }
  if (
    ['until', 'till', 'through', 'thru', 'to', 'before'].includes(w(0)) ||
    (w(0) === 'up' && w(1) === 'to')
  ) {
    const j = w(0) === 'up' ? i + 2 : i + 1;
    const before = w(0) === 'before';
    const d = dateAt(toks, j, !before);
    if (!d) return undefined;
    if (before) {
      const t = Date.parse(`${d.date}T00:00:00Z`) - 86_400_000;
      return { range: { to: new Date(t).toISOString().slice(0, 10) }, end: d.next };
    }
    return { range: { to: d.date }, end: d.next };
  }
  if (
    ['in', 'during', 'throughout'].includes(w(0)) &&
    isYear(toks[i + 1]) &&
    !['to', 'and', '-'].includes(w(2))
  )
    return { range: { from: `${toks[i + 1].n}-01-01`, to: `${toks[i + 1].n}-12-31` }, end: i + 2 };
  // "the last 3 years", "past year", "last decade"
  let j = i;
  if (['over', 'for', 'in', 'during', 'on'].includes(toks[j]?.w ?? '')) j++;
  if (toks[j]?.w === 'the') j++;
  if (['last', 'past', 'previous', 'recent', 'prior'].includes(toks[j]?.w ?? '')) {
    const n = toks[j + 1]?.kind === 'num' && !toks[j + 1].unit ? toks[j + 1].n : undefined;
    const unit = toks[j + (n === undefined ? 1 : 2)]?.w ?? '';
    const k = j + (n === undefined ? 2 : 3);
    if (/^(years?|yrs?)$/.test(unit)) {
      const years = n ?? 1;
      if (!Number.isInteger(years) || years < 1 || years > 100)
        return {
          kind: 'market',
          text: `last ${years} years`,
          question: 'Over how many whole years (1 to 100) should the test run?',
        };
      return { range: { lastYears: years }, end: k };
    }
    if (unit === 'decade' || unit === 'decades') return { range: { lastYears: 10 * (n ?? 1) }, end: k };
    if (/^months?$/.test(unit) && j > i)
      return {
        kind: 'market',
        text: toks
          .slice(i, k)
          .map((t) => t.raw)
          .join(' '),
        question:
          'The date range takes whole years or dates: should it be e.g. "the last 1 year" or "since 2024-01-01"?',
      };
  }
  return undefined;
}

function timeframeAt(
  toks: readonly Tok[],
  i: number,
): { tf: TimeframeLabel; end: number } | Issue | undefined {
  const t = toks[i];
  if (t.kind === 'word' && ADJ[t.w])
    return { tf: ADJ[t.w], end: i + 1 + (TF_NOUNS.has(toks[i + 1]?.w ?? '') ? 1 : 0) };
  if (
    t.kind === 'word' &&
    ['minute', 'hour', 'day', 'week'].includes(t.w) &&
    TF_NOUNS.has(toks[i + 1]?.w ?? '') &&
    toks[i + 1].w !== 'data'
  )
    return { tf: tfLabel(1, TF_UNITS[t.w])!, end: i + 2 };
  if (t.kind !== 'num' || t.unit || !Number.isInteger(t.n) || t.n < 1) return undefined;
  const u = toks[i + 1];
  const unit = u?.kind === 'word' ? TF_UNITS[u.w] : undefined;
  if (!unit) return undefined;
  const after = toks[i + 2];
  const noun = TF_NOUNS.has(after?.w ?? '');
  const prev = toks[i - 1]?.w ?? '';
  // "the 20-day high", "50 day moving average", "10 days ago": a period, not bars.
  if (
    !noun &&
    after &&
    (INDICATOR_NAMES.match(toks, i + 2) || FIELD_NAMES.match(toks, i + 2) || AFTER_PERIOD.has(after.w))
  )
    return undefined;
  if (!noun && WINDOW.has(prev)) return undefined;
  const explicit =
    noun ||
    ['on', 'using', 'timeframe', 'interval'].includes(prev) ||
    (prev === 'the' && toks[i - 2]?.w === 'on');
  const label = tfLabel(t.n, unit);
  const timeUnit = unit === 'm' || unit === 'h';
  if (!explicit && !label && !timeUnit) return undefined;
  if (!explicit && label && !(u.tight || timeUnit || unit === 'w' || unit === 'M')) return undefined;
  if (!label)
    return {
      kind: 'market',
      text: `${t.raw} ${u.raw}`,
      question: `${t.raw}-${u.w} bars are not available. Which timeframe should it use: ${TIMEFRAMES.join(', ')}?`,
    };
  return { tf: label, end: i + 2 + (noun ? 1 : 0) };
}

type Sym = NonNullable<MarketFacts['symbol']>;

/** Words after which a word in capitals names the market even if it is also English ("accumulate COST"). */
const MARKET_SLOT = new Set(list('trade|trading|accumulate|buy|short|on|for|long|into|of'));
/** Words that stay grammar in capitals ("AND", "RSI", "BUY"). */
const GRAMMAR = [INDICATOR_NAMES, ACTIONS, WHEN, AND_WORDS];

function marketSlot(toks: readonly Tok[], i: number): boolean {
  const w = toks[i].w;
  if (!MARKET_SLOT.has(toks[i - 1]?.w ?? '') || FILLER.has(w)) return false;
  return !GRAMMAR.some((t) => t.words.has(w));
}

function symbolAt(
  toks: readonly Tok[],
  i: number,
  caseMatters: boolean,
  known: (w: string) => boolean,
): { sym: Sym; end: number } | undefined {
  const t = toks[i];
  if (t.kind === 'pair') {
    const [b, q] = t.w.split('/');
    if (FIAT.has(b) && FIAT.has(q))
      return { sym: { symbol: `${b}${q}=X`.toUpperCase(), source: 'yahoo' }, end: i + 1 };
    return { sym: { symbol: t.w.toUpperCase(), source: 'ccxt' }, end: i + 1 };
  }
  if (t.kind === 'path') return { sym: { symbol: t.raw, source: 'csv' }, end: i + 1 };
  if (
    t.kind === 'sym' &&
    t.w === '$' &&
    toks[i + 1]?.kind === 'word' &&
    toks[i + 1].tight &&
    /^[a-z]{1,5}$/.test(toks[i + 1].w)
  )
    return { sym: { symbol: toks[i + 1].w.toUpperCase(), source: 'yahoo' }, end: i + 2 };
  if (t.kind !== 'word') return undefined;
  const c = COMPANIES.match(toks, i);
  if (c) {
    const tail =
      c.value.tail !== undefined && toks[c.end]?.kind === 'num' && toks[c.end].n === c.value.tail ? 1 : 0;
    return { sym: { symbol: c.value.symbol, source: c.value.source }, end: c.end + tail };
  }
  if (COINS.has(t.w) && (t.w !== 'sol' || t.raw === 'SOL' || marketSlot(toks, i)))
    return { sym: { symbol: `${t.w.toUpperCase()}/USDT`, source: 'ccxt' }, end: i + 1 };
  // "EURUSD", "eur usd": a forex pair (Yahoo's EURUSD=X)
  const fx = /^([a-z]{3})([a-z]{3})$/.exec(t.w);
  if (fx && FIAT.has(fx[1]) && FIAT.has(fx[2]) && fx[1] !== fx[2])
    return { sym: { symbol: `${t.w.toUpperCase()}=X`, source: 'yahoo' }, end: i + 1 };
  const next = toks[i + 1];
  if (FIAT.has(t.w) && next?.kind === 'word' && FIAT.has(next.w) && next.w !== t.w && !toks[i - 1]?.unit)
    return { sym: { symbol: `${t.w}${next.w}=X`.toUpperCase(), source: 'yahoo' }, end: i + 2 };
  // "btcusdt", "ETHUSDT": a pair written without its slash
  const glued = /^([a-z0-9]{2,8}?)(usdt|usdc|busd|fdusd)$/.exec(t.w);
  if (glued) return { sym: { symbol: `${glued[1]}/${glued[2]}`.toUpperCase(), source: 'ccxt' }, end: i + 1 };
  if (LOWER_TICKERS.has(t.w)) return { sym: { symbol: t.w.toUpperCase(), source: 'yahoo' }, end: i + 1 };
  if (
    (t.w === 'ticker' || t.w === 'symbol') &&
    toks[i + 1]?.kind === 'word' &&
    /^[a-z]{1,5}$/.test(toks[i + 1].w)
  )
    return { sym: { symbol: toks[i + 1].w.toUpperCase(), source: 'yahoo' }, end: i + 2 };
  if (
    caseMatters &&
    /^[A-Z]{2,5}$/.test(t.raw) &&
    !NOT_TICKERS.has(t.w) &&
    (!known(t.w) || marketSlot(toks, i))
  )
    return { sym: { symbol: t.raw, source: 'yahoo' }, end: i + 1 };
  return undefined;
}

/**
 * Finds the market facts, marking their tokens (and the prepositions before them) used. With `together`
 * (the request said how the markets share one account: portfolio.ts), several markets are a portfolio.
 */
export function marketPass(
  toks: Tok[],
  caseMatters: boolean,
  known: (w: string) => boolean,
  together = false,
): MarketFacts {
  const facts: MarketFacts = { issues: [] };
  const symbols: Sym[] = [];
  /** The words that named each symbol, for a question's choices and the answer's rewrite. */
  const mentions: { phrase: string; symbol: string }[] = [];
  const spans: (readonly [number, number])[] = [];
  const tfs: TimeframeLabel[] = [];
  const take = (from: number, to: number) => {
    for (let k = from; k < to; k++) toks[k].used = true;
    for (let k = from - 1; k >= 0 && !toks[k].used && PREPS.has(toks[k].w); k--) toks[k].used = true;
    for (let k = from - 1; k >= 0 && PREPS.has(toks[k].w) && !toks[k].by; k--) toks[k].by = 'market';
    for (let k = from; k < to; k++) toks[k].by = 'market';
  };
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].used) continue;
    const r = rangeAt(toks, i);
    if (r && 'range' in r) {
      facts.range = r.range;
      take(i, r.end);
      i = r.end - 1;
      continue;
    }
    if (r) facts.issues.push(r);
    const tf = timeframeAt(toks, i);
    if (tf && 'tf' in tf) {
      tfs.push(tf.tf);
      take(i, tf.end);
      i = tf.end - 1;
      continue;
    }
    if (tf) {
      facts.issues.push(tf);
      take(i, i + 2);
      i++;
      continue;
    }
    const ex = EXCHANGES.match(toks, i);
    if (ex) {
      facts.exchange = ex.value;
      take(i, ex.end);
      i = ex.end - 1;
      continue;
    }
    const s = symbolAt(toks, i, caseMatters, known);
    if (s) {
      symbols.push(s.sym);
      mentions.push({
        phrase: toks
          .slice(i, s.end)
          .map((t) => t.raw)
          .join(' '),
        symbol: s.sym.symbol,
      });
      spans.push([i, s.end]);
      take(i, s.end);
      i = s.end - 1;
    }
  }
  const distinct = [...new Map(symbols.map((s) => [s.symbol, s])).values()];
  if (distinct.length > 1) {
    const many = severalMarkets(toks, distinct, mentions, spans, together);
    if (many.issue) facts.issues.push(many.issue);
    else {
      facts.symbol = distinct[0];
      facts.markets = distinct.map((s) => s.symbol);
      // the "and" and commas of the list belong to the markets (not "Not used")
      if (many.listed) for (let k = 1; k < spans.length; k++) take(spans[k - 1][1], spans[k][0]);
    }
  } else if (distinct.length === 1) facts.symbol = distinct[0];
  const tset = [...new Set(tfs)];
  if (tset.length > 1)
    facts.issues.push({
      kind: 'market',
      text: tset.join(', '),
      question: `Which timeframe should it use: ${tset.join(' or ')}? A strategy runs on one timeframe.`,
    });
  else if (tset.length === 1) facts.timeframe = tset[0];
  const ex = facts.exchange ? facts.exchange.charAt(0).toUpperCase() + facts.exchange.slice(1) : '';
  if (facts.exchange && facts.symbol && facts.symbol.source !== 'ccxt')
    facts.issues.push({
      kind: 'market',
      text: `${facts.symbol.symbol} on ${facts.exchange}`,
      question: `${ex} is a crypto exchange, but ${facts.symbol.symbol} is not a crypto pair. Which should it be: a pair such as BTC/USDT on ${ex}, or ${facts.symbol.symbol} without an exchange?`,
    });
  if (facts.exchange && !facts.symbol && !facts.issues.length)
    facts.issues.push({
      kind: 'market',
      text: facts.exchange,
      question: `Which pair should it trade on ${ex}, e.g. BTC/USDT?`,
    });
  if (
    facts.range &&
    'from' in facts.range &&
    facts.range.from &&
    facts.range.to &&
    facts.range.from > facts.range.to
  )
    facts.issues.push({
      kind: 'market',
      text: `${facts.range.from} to ${facts.range.to}`,
      question: `The date range starts (${facts.range.from}) after it ends (${facts.range.to}). Which dates should it cover?`,
    });
  return facts;
}
