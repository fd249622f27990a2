// Indicator phrases: "the 50-day moving average", "RSI(14)", "2-period RSI", "the upper Bollinger band
// (20, 2)", "MACD signal line", "%K", "the highest high of the last 20 days", "20-day low", "EMA 12/26".
import { getFunction } from '../../engine';
import type { Field } from '../../schema';
import type { Ctx } from './context';
import { ARTICLES, type Cursor } from './cursor';
import type { Opnd } from './ir';
import {
  constArgs,
  defaultParams,
  INDICATOR_NAMES,
  type IndName,
  isMovingAverage,
  knownIndicators,
  takesSource,
} from './lexicon';
import { list } from './list';
import { resolveParams } from './params';
import { declare } from './phrases';
import { FIELD_NAMES, UNSUPPORTED } from './words';

const UNIT_BARS: Readonly<Record<string, 'bar' | 'week' | 'month' | 'year'>> = {
  day: 'bar',
  days: 'bar',
  d: 'bar',
  bar: 'bar',
  bars: 'bar',
  period: 'bar',
  periods: 'bar',
  session: 'bar',
  sessions: 'bar',
  candle: 'bar',
  candles: 'bar',
  hour: 'bar',
  hours: 'bar',
  h: 'bar',
  hr: 'bar',
  minute: 'bar',
  minutes: 'bar',
  min: 'bar',
  m: 'bar',
  length: 'bar',
  lookback: 'bar',
  len: 'bar',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  w: 'week',
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
};
/** Adjectives choosing the kind of an average ("the 20-day exponential moving average"); revisions too. */
export const MA_KINDS = declare<string>('kinds of moving average', [
  { phrases: 'exponential|exponentially|exp', yields: 'ema', meaning: 'an EMA' },
  { phrases: 'weighted|linear', yields: 'wma', meaning: 'a WMA (linearly weighted)' },
  { phrases: 'hull', yields: 'hma', meaning: 'a Hull moving average' },
  { phrases: 'wilder|wilders|smoothed', yields: 'rma', meaning: "Wilder's moving average (RMA)" },
  { phrases: 'simple|arithmetic', yields: 'sma', meaning: 'an SMA' },
]);
const ADJ: Readonly<Record<string, string>> = Object.fromEntries(
  MA_KINDS.rows.flatMap((r) => r.phrases.split('|').map((p) => [p, r.yields] as const)),
);
const IGNORED_ADJ = new Set(
  list('fast|slow|faster|slower|short|long|shorter|longer|term|moving|rolling|trailing|daily'),
);

/** Bars in one unit, on daily bars (weeks of 5 trading days); other timeframes count units as bars. */
function unitBars(unit: string | undefined, timeframe: string | undefined): number {
  const u = unit ? UNIT_BARS[unit] : 'bar';
  if (!u || u === 'bar' || (timeframe && timeframe !== '1d')) return 1;
  return u === 'week' ? 5 : u === 'month' ? 21 : 252;
}

/** Reads "50", "50-day", "50 and 200 day", "12/26": numbers with an optional unit. */
function periods(c: Cursor, cx: Ctx): { values: number[]; unit?: string } | undefined {
  const start = c.i;
  const first = c.num();
  if (first === undefined) return undefined;
  const values = [first];
  c.i++;
  while (values.length < 3 && /^(\/|and|&|,|vs|versus)$/.test(c.w()) && c.num(1) !== undefined) {
    values.push(c.num(1)!);
    c.i += 2;
  }
  // "12 26 ema crossover": two lengths side by side before an average's name
  if (values.length === 1 && c.num() !== undefined && c.num()! > first) {
    const m = INDICATOR_NAMES.match(c.toks, c.i + 1);
    if (m && isMovingAverage(m.value.fn)) {
      values.push(c.num()!);
      c.i++;
    }
  }
  const unit = c.w();
  if (unit in UNIT_BARS) {
    c.i++;
    const k = unitBars(unit, cx.timeframe);
    return { values: values.map((v) => v * k), unit };
  }
  if (c.w() === 'dma') return { values };
  if (INDICATOR_NAMES.match(c.toks, c.i)) return { values };
  // "50 exponential", "20 short-term ma": adjectives before a name; "95 short" is not one
  let k = c.i;
  while (k < c.toks.length && (c.toks[k].w in ADJ || IGNORED_ADJ.has(c.toks[k].w))) k++;
  if (k > c.i && (INDICATOR_NAMES.match(c.toks, k) || /^(one|ones)$/.test(c.toks[k]?.w ?? '')))
    return { values };
  c.i = start;
  return undefined;
}

/** Numbers after a name: "(20, 2)", "14", "12/26", "with a period of 14", "with 2 standard deviations". */
function suffixParams(c: Cursor, fn: string): { values: number[]; mult?: number; src?: Field } {
  const values: number[] = [];
  let mult: number | undefined;
  // "sma(close, 100)", "ema(hl2, 20)": the source first, as in Pine; "(bb 20, 2)": the name again
  let src: Field | undefined;
  const open = c.w() === '(';
  const field = open ? FIELD_NAMES.match(c.toks, c.i + 1) : undefined;
  const named = open ? INDICATOR_NAMES.match(c.toks, c.i + 1) : undefined;
  let skip = 0;
  if (field && c.toks[field.end]?.w === ',' && c.toks[field.end + 1]?.kind === 'num') {
    src = field.value;
    skip = field.end + 1 - c.i;
  } else if (named && named.value.fn === fn && c.toks[named.end]?.kind === 'num') skip = named.end - c.i;
  else if (open && c.num(1) !== undefined) skip = 1;
  if (skip) {
    const at = c.i;
    c.i += skip;
    while (c.num() !== undefined && values.length < 4) {
      values.push(c.num()!);
      c.i++;
      if (c.w() === ',' || c.w() === '/') c.i++;
    }
    if (c.w() === ')') c.i++;
    else {
      c.i = at;
      values.length = 0;
      src = undefined;
    }
  } else if (c.num() !== undefined && c.w(2) !== 'ago') {
    values.push(c.num()!);
    c.i++;
    // "cci 30 period", "money flow index 10 period", "rsi 14 days"
    if (/^(day|days|bar|bars|period|periods|length|len|candles?|sessions?)$/.test(c.w())) c.i++;
    while ((c.w() === '/' || c.w() === ',') && c.num(1) !== undefined && values.length < 3) {
      values.push(c.num(1)!);
      c.i += 2;
    }
    // "ema 8 21 cross": two lengths side by side after an average's name
    if (
      values.length === 1 &&
      isMovingAverage(fn) &&
      c.num() !== undefined &&
      c.num()! > values[0] &&
      !c.tok()?.unit
    ) {
      values.push(c.num()!);
      c.i++;
    }
    // "macd 12 26 9", "stoch 5 3 3": all the numbers of a many-parameter indicator, side by side
    const n = constArgs(fn).length;
    while (n > 1 && values.length < n && c.num() !== undefined && !c.tok()?.unit) {
      values.push(c.num()!);
      c.i++;
    }
  }
  const at = c.i;
  // "over 80" compares; "over 14 days", "over the last 14 bars" is a period
  const cmp =
    /^(over|above|under|below)$/.test(c.w()) &&
    !/^(the|last|past)$/.test(c.w(1)) &&
    !/^(days?|bars?|periods?|candles?|sessions?)$/.test(c.w(2));
  if (
    !cmp &&
    c.eat(
      'with a period of',
      'with period',
      'with a length of',
      'with length',
      'of length',
      'period',
      'length',
      'with a lookback of',
      'lookback',
      'over',
      'of',
      'for',
      'with',
      'in',
      'during',
      'within',
    )
  ) {
    c.eat('the last', 'the past', 'the previous', 'the prior', 'last', 'past', 'previous', 'prior');
    const n = c.num();
    if (n !== undefined && (fn !== 'bb' || !/^(std|standard|sd|sigma|deviations?)$/.test(c.w(1)))) {
      c.i++;
      c.eat('days', 'day', 'bars', 'bar', 'periods', 'period', 'candles', 'sessions');
      values.push(n);
      // "the lower band of 20-day Bollinger bands": the name again
      const again = INDICATOR_NAMES.match(c.toks, c.i);
      if (again && again.value.fn === fn && !again.value.output) c.i = again.end;
    } else c.i = at;
  }
  if (fn === 'bb') {
    const b = c.i;
    if (src && !values.length) return { values, src };
    c.eat('with', 'and', 'at', ',');
    const n = c.num();
    if (n !== undefined && c.at('standard deviation', 1)) c.i += 3;
    else if (n !== undefined && /^(std|stdev|sd|sigma|stddev|deviations?)$/.test(c.w(1))) c.i += 2;
    else c.i = b;
    if (c.i !== b) mult = n;
  }
  return { values, mult, ...(src && { src }) };
}

/** The series an indicator reads: "of the close", "of volume", "average volume", "of the RSI". */
function source(c: Cursor, cx: Ctx, readOperand: (c: Cursor) => Opnd | undefined): Opnd | undefined {
  const at = c.i;
  const of = c.eat('of', 'on');
  c.skip(ARTICLES);
  const f = c.eatTable(FIELD_NAMES);
  if (f) return { k: 'field', field: f, offset: 0 };
  if (of && cx.depth < 2 && INDICATOR_NAMES.match(c.toks, c.i)) {
    const o = readOperand(c);
    if (o) return o;
  }
  c.i = at;
  return undefined;
}

const OUTPUT_WORDS: readonly [string, string, string][] = [
  ['macd', 'signal line', 'signal'],
  ['macd', 'signal', 'signal'],
  ['macd', 'histogram', 'hist'],
  ['macd', 'line', 'macd'],
  ['bb', 'upper band', 'upper'],
  ['bb', 'lower band', 'lower'],
  ['bb', 'middle band', 'mid'],
  ['bb', 'upper', 'upper'],
  ['bb', 'lower', 'lower'],
  ['bb', 'middle', 'mid'],
  ['stoch', '%k', 'k'],
  ['stoch', '%d', 'd'],
  ['stoch', 'k', 'k'],
  ['stoch', 'd', 'd'],
];

export interface IndicatorOpts {
  /** 'up' after "above", 'down' after "below": picks the upper/lower Bollinger band. */
  readonly dir?: 'up' | 'down';
  readonly readOperand: (c: Cursor) => Opnd | undefined;
}

/**
 * An indicator phrase at the cursor, or undefined (cursor unchanged). Problems that need a question
 * (a missing period, an unknown indicator, an impossible parameter) are recorded in cx.issues and the
 * phrase still counts as read, so the rest of the request is understood too.
 */
export function indicator(c: Cursor, cx: Ctx, opts: IndicatorOpts): Opnd | undefined {
  const start = c.i;
  c.skip(ARTICLES);
  const bad = c.peekTable(UNSUPPORTED);
  if (bad) return unsupported(c, cx, bad.value, bad.end);
  let offset = 0;
  c.eat('new');
  const pre = periods(c, cx);
  let hint: string | undefined;
  while (c.w() in ADJ || IGNORED_ADJ.has(c.w()) || c.at('volume weighted')) {
    if (c.at('volume weighted') && !c.at('volume weighted average price')) {
      hint = 'vwma';
      c.i += 2;
      continue;
    }
    if (c.w() in ADJ && (c.w() !== 'hull' || !INDICATOR_NAMES.match(c.toks, c.i))) hint = ADJ[c.w()];
    else if (c.w() === 'hull') break;
    // "the long ma", "short-term ema" are averages; "short %k", "52-week short high" are not adjectives
    if (/^(short|long|shorter|longer)$/.test(c.w()) && !/^term$/.test(c.w(1))) {
      const next = INDICATOR_NAMES.match(c.toks, c.i + 1);
      if (!next || !isMovingAverage(next.value.fn)) break;
    }
    c.i++;
  }
  const bad2 = c.peekTable(UNSUPPORTED);
  if (bad2) return unsupported(c, cx, bad2.value, bad2.end);
  // "20-day volume average": the source between the period and the name
  let src: Opnd | undefined;
  const fm = pre ? FIELD_NAMES.match(c.toks, c.i) : undefined;
  if (
    fm &&
    INDICATOR_NAMES.match(c.toks, fm.end)?.value.fn &&
    isMovingAverage(INDICATOR_NAMES.match(c.toks, fm.end)!.value.fn)
  ) {
    src = { k: 'field', field: fm.value, offset: 0 };
    c.i = fm.end;
  }
  let name: IndName | undefined = c.eatTable(INDICATOR_NAMES);
  if (name && pre && c.toks[c.i - 1]?.w === 'dma') name = { fn: 'sma' };
  if (!name && pre) {
    // "the 20-day high", "a new 50-day low", "the 10-day closing high": a breakout level
    const closing = c.eat('closing') ? 'close' : undefined;
    const hl = c.eat('high', 'low', 'highs', 'lows');
    if (hl) {
      const fn = hl.startsWith('high') ? 'highest' : 'lowest';
      const field = (closing ?? (fn === 'highest' ? 'high' : 'low')) as Field;
      return finish(
        c,
        cx,
        { k: 'ind', fn, src: { k: 'field', field, offset: 0 }, params: [pre.values[0]], offset: 1 },
        start,
      );
    }
    if (c.w() === 'dma') c.i++;
    c.eat('one', 'ones');
    name = { fn: hint ?? cx.lastMa ?? 'sma', generic: true };
  }
  if (!name) {
    c.i = start;
    return undefined;
  }
  let fn = name.generic && hint ? hint : name.fn;
  if (!name.generic && hint && isMovingAverage(fn) && fn === 'sma') fn = hint;
  if (!getFunction(fn)) fn = name.fn;
  let output = name.output;
  let suffix = suffixParams(c, fn);
  // "the lower band of the 20-day Bollinger bands with 2 standard deviations"
  if (output && !pre && !suffix.values.length && c.w() === 'of') {
    const at = c.i;
    c.i++;
    c.skip(ARTICLES);
    const inner = periods(c, cx);
    const same = INDICATOR_NAMES.match(c.toks, c.i);
    if (same && same.value.fn === fn && !same.value.output) {
      c.i = same.end;
      const more = suffixParams(c, fn);
      suffix = { values: [...(inner?.values ?? []), ...more.values], mult: more.mult ?? suffix.mult };
    } else c.i = at;
  }
  // an output named after the parameters: "MACD (12, 26, 9) signal line", "stochastic %K"
  if (!output)
    for (const [f, w, o] of OUTPUT_WORDS)
      if (f === fn && c.eat(w)) {
        output = o;
        break;
      }
  const f = getFunction(fn)!;
  if (f.outputs.length > 1 && !output) {
    if (fn === 'bb') output = opts.dir === 'down' ? 'lower' : opts.dir === 'up' ? 'upper' : undefined;
    else output = f.outputs[0];
    if (!output) {
      cx.issue({
        kind: 'missing',
        text: c.text(start),
        question: 'Which Bollinger band: the upper, the middle or the lower one?',
        ask: { kind: 'band', phrases: [c.text(start)], choices: ['upper', 'middle', 'lower'] },
      });
      // named outside a rule ("w/ bollinger(20, 2.5)"), the band may be named elsewhere (mention.ts)
      if (!cx.declaring) output = 'mid';
    }
  }
  // highest/lowest: "highest high of the last 20 days"
  if ((fn === 'highest' || fn === 'lowest') && !src) {
    src = { k: 'field', field: name.field ?? (fn === 'highest' ? 'high' : 'low'), offset: 0 };
    offset = 1;
  }
  if (!src && suffix.src) src = { k: 'field', field: suffix.src, offset: 0 };
  if (!src && takesSource(fn))
    src = source(c, cx, opts.readOperand) ?? { k: 'field', field: 'close', offset: 0 };
  if (!takesSource(fn)) src = undefined;
  let given = [...(pre?.values ?? []), ...suffix.values];
  let second: number | undefined;
  if (constArgs(fn).length === 1 && given.length === 2) {
    second = given[1];
    given = [given[0]];
  }
  const params = resolveParams(fn, given, suffix.mult, cx, c.text(start));
  if (!params)
    return finish(
      c,
      cx,
      { k: 'ind', fn, src, params: defaultParams(fn).map((v) => v ?? 1), output, offset },
      start,
      true,
    );
  const o = finish(c, cx, { k: 'ind', fn, src, params, output, offset }, start);
  if (second !== undefined && o.k === 'ind') {
    cx.pair = { ...o, params: [second] };
    cx.mention(cx.pair);
  }
  return o;
}

function unsupported(c: Cursor, cx: Ctx, v: { name: string; hint?: string }, end: number): Opnd {
  const text = c.text(c.i, end);
  c.i = end;
  // the rest of the phrase ("cloud turns green") belongs to it too
  while (!c.done && !/^(and|or|,|;|\.|then|sell|buy|exit|short|cover|with)$/.test(c.w())) c.i++;
  cx.issue({ kind: 'unsupported', text, question: unsupportedQuestion(v) });
  return { k: 'num', v: Number.NaN };
}

export function unsupportedQuestion(v: { name: string; hint?: string }): string {
  const cap = v.name.charAt(0).toUpperCase() + v.name.slice(1);
  return v.hint
    ? `${cap} are not in the strategy language as such; ${v.hint}.`
    : `${cap} ${/s$/.test(v.name) && !/^(the|TRIX|KST)/.test(v.name) ? 'are' : 'is'} not in the strategy language. The indicators it knows are: ${knownIndicators()}. Which of these should the rule use instead?`;
}

function finish(c: Cursor, cx: Ctx, o: Opnd & { k: 'ind' }, _start: number, failed = false): Opnd {
  let offset = o.offset;
  // "RSI 3 bars ago", "the close yesterday"
  const n = c.num();
  if (
    n !== undefined &&
    Number.isInteger(n) &&
    n >= 1 &&
    n <= 5000 &&
    /^(bars?|days?|periods?|candles?)$/.test(c.w(1)) &&
    c.w(2) === 'ago'
  ) {
    offset += n;
    c.i += 3;
  } else if (
    c.eat('one bar ago', 'a bar ago', 'yesterday', 'on the previous bar', 'on the prior bar', 'last bar')
  )
    offset += 1;
  const out: Opnd = { ...o, offset };
  if (!failed) cx.mention(out);
  return out;
}
