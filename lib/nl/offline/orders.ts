// Orders and exits at prices, read before the costs pass: stops and targets in ATRs from the entry
// ("stop 2 ATR under my entry", "sl 2atr"), exits after N bars ("exit after 10 bars", "close after 5
// days"), sizing by risk ("risk 1% per trade" when the request has a stop; without one it is a size of
// 1%, as nl-conventions.md says), a fixed commission ("$1 commission per trade") and
// resting entries ("limit order 1% below the close", "buy stop at the 20-day high"). The words are
// declared tables; what they yield goes into the spec in fresh.ts (placeOrders).
import type { Field, Price } from '../../schema';
import { type HigherFilter, readHigher } from './higher';
import type { Issue, Opnd } from './ir';
import { declare } from './phrases';
import type { Tok } from './tokens';
import { FIELD_NAMES } from './words';

/** What the pass found; the ATR of a price is an operand the assembler names. */
export interface OrderFacts {
  stop?: AtrPrice;
  target?: AtrPrice;
  exitAfter?: number;
  risk?: number;
  commission?: number;
  entry?: { type: 'limit' | 'stop'; price: Price | { of: Opnd }; cancelAfter?: number };
  /** A filter on weekly or monthly bars, and-ed into the entry rules (higher.ts). */
  htf?: HigherFilter;
  issues: Issue[];
}

/** The entry price moved by `times` ATRs of period `n` (negative: below). */
export interface AtrPrice {
  readonly times: number;
  readonly n: number;
}

const STOPS = declare<'stop' | 'target'>('orders: stops and targets in ATR', [
  {
    phrases: 'stop|stop loss|stoploss|sl|stop out|protective stop|initial stop|hard stop|stop goes|stop is',
    yields: 'stop',
    meaning: "a stop measured in ATRs from the entry ('stop 2 ATR under my entry', 'sl 2atr')",
  },
  {
    phrases: 'take profit|takeprofit|tp|target|profit target|take profits|target is',
    yields: 'target',
    meaning: "a target measured in ATRs from the entry ('target 3 ATR above the entry')",
  },
]);

const SIDES = declare<-1 | 1>('orders: which side of a price', [
  { phrases: 'under|below|beneath|less than|lower than|off|from|away from', yields: -1, meaning: 'below' },
  { phrases: 'above|over|higher than|more than|on top of', yields: 1, meaning: 'above' },
]);

const ENTRY_WORDS = declare<true>('orders: the entry price', [
  {
    phrases:
      'entry|entry price|my entry|the entry|my entry price|the entry price|fill|fill price|my fill|' +
      'the fill|my buy|buy price|purchase price|entry point|where i got in|where we got in',
    yields: true,
    meaning: 'the entry price (position_avg_price)',
  },
]);

const EXIT_VERBS = declare<true>('orders: exits after a number of bars', [
  {
    phrases:
      'exit|close|sell|out|get out|close it|close out|close the position|close the trade|exit the trade|' +
      'exit the position|sell it|flatten|cover|time exit|time stop|max hold|hold for|hold it for|hold|' +
      'holding period|hold max|get out of the trade|close all|leave',
    yields: true,
    meaning:
      "closes each entry N bars after it ('exit after 10 bars', 'close after 5 days', 'hold for 20 bars')",
  },
]);

const BAR_UNITS = new Set(['bar', 'bars', 'candle', 'candles', 'day', 'days', 'session', 'sessions', 'd']);

const RISK_WORDS = declare<true>('orders: sizing by risk', [
  {
    phrases: 'risk|risking|risk of|risk per trade|risk at most|max risk|risk only',
    yields: true,
    meaning: "sizes each entry so that its stop loses this share of equity ('risk 1% per trade')",
  },
]);

const COMMISSION_WORDS = declare<true>('orders: a fixed commission', [
  {
    phrases: 'commission|commissions|fee|fees|per trade fee|comission|ticket|ticket charge',
    yields: true,
    meaning: "a fixed commission in cash on every fill ('$1 commission per trade')",
  },
]);

const RESTING = declare<'limit' | 'stop'>('orders: resting entries', [
  {
    phrases: 'limit|limit order|buy limit|limit buy|with a limit|using a limit|on a limit|limit entry',
    yields: 'limit',
    meaning: "an entry that rests at a price and fills there or better ('limit order 1% below the close')",
  },
  {
    phrases:
      'buy stop|stop entry|stop order|buy-stop|stop buy|buy stop order|entry stop|buy the|buy at the|' +
      'buy above the|go long at the|enter at the',
    yields: 'stop',
    meaning:
      "an entry that rests at a price and fills once price trades through it ('buy stop at the 20-day high')",
  },
]);

/** After a stop or a timed exit: it is the only way out ("stop 2 ATR under my entry, nothing else"). */
const ONLY_EXIT = declare<true>('orders: the only exit', [
  {
    phrases:
      'nothing else|no other exit|no other exits|no other exit rule|that is the only exit|only exit|' +
      'and that is it|that is it|no exit signal|no sell signal|no sell rule',
    yields: true,
    meaning: 'after a stop or a timed exit: it is the only way out (no sell rule)',
  },
]);

/** A condition on a higher timeframe than the chart's: read by higher.ts when it can, else asked about. */
const HIGHER = declare<true>('orders: higher timeframes', [
  {
    phrases:
      'weekly close|weekly trend|weekly closes|monthly close|monthly trend|higher timeframe|' +
      'higher time frame|weekly uptrend|weekly downtrend|weekly timeframe trend',
    yields: true,
    meaning:
      'on daily (or shorter) bars, a condition on weekly or monthly bars: asked about; in the editor, htf("1w", ...)',
  },
]);

export const ORDER_TABLES = [
  HIGHER,
  STOPS,
  SIDES,
  ENTRY_WORDS,
  EXIT_VERBS,
  RISK_WORDS,
  COMMISSION_WORDS,
  RESTING,
  ONLY_EXIT,
];

const FILLER = new Set(['the', 'my', 'a', 'an', 'at', 'of', 'is', 'goes', 'placed', 'set', 'put', 'to', 'x']);
const take = (toks: Tok[], from: number, to: number, by: string) => {
  for (let k = from; k < to; k++) {
    toks[k].used = true;
    toks[k].by = by;
  }
};
const skip = (toks: Tok[], i: number, words: ReadonlySet<string>) => {
  while (toks[i] && !toks[i].used && words.has(toks[i].w)) i++;
  return i;
};
const plainNum = (t: Tok | undefined) => t?.kind === 'num' && !t.unit && !t.used;

/** "2 ATR", "2atr", "2x ATR", "2 x atr(14)", "2 atrs": [times, n, end] at i. */
function atrAt(toks: Tok[], i: number): [number, number, number] | undefined {
  if (!plainNum(toks[i])) return undefined;
  let j = i + 1;
  if (toks[j]?.w === 'x' || toks[j]?.w === 'times') j++;
  if (toks[j]?.w !== 'atr' && toks[j]?.w !== 'atrs') return undefined;
  j++;
  let n = 14;
  if (toks[j]?.w === '(' && plainNum(toks[j + 1]) && toks[j + 2]?.w === ')') {
    n = toks[j + 1].n;
    j += 3;
  }
  return [toks[i].n, n, j];
}

function atrStops(toks: Tok[], f: OrderFacts): void {
  for (let i = 0; i < toks.length; i++) {
    const kw = !toks[i].used && STOPS.match(toks, i);
    if (!kw) continue;
    const at = skip(toks, kw.end, FILLER);
    const atr = atrAt(toks, at);
    if (!atr) continue;
    let j = atr[2];
    const side = SIDES.match(toks, j);
    if (side) j = side.end;
    const entry = ENTRY_WORDS.match(toks, skip(toks, j, FILLER));
    if (entry) j = entry.end;
    else if (side) j = side.end;
    const sign = side?.value ?? (kw.value === 'stop' ? -1 : 1);
    // "2 ATR from the entry": a stop is below (long), a target above.
    const dir =
      side && side.value === -1 && toks[side.end - 1].w === 'from' ? (kw.value === 'stop' ? -1 : 1) : sign;
    f[kw.value] = { times: dir * atr[0], n: atr[1] };
    take(toks, i, j, kw.value === 'stop' ? 'stopLossAt' : 'takeProfitAt');
    i = j - 1;
  }
}

function timedExit(toks: Tok[], f: OrderFacts): void {
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].used || (toks[i].w !== 'after' && toks[i].w !== 'for')) continue;
    const n = toks[i + 1];
    const unit = toks[i + 2];
    if (!plainNum(n) || !unit || !BAR_UNITS.has(unit.w) || !Number.isInteger(n.n) || n.n < 1) continue;
    // the verb before: "exit after", "close the trade after", "hold for"
    let from = -1;
    for (let k = Math.max(0, i - 4); k < i && from < 0; k++) {
      const m = !toks[k].used && EXIT_VERBS.match(toks, k);
      if (m && m.end >= i - 1) from = k;
    }
    if (from < 0) continue;
    let end = i + 3;
    for (const tail of [
      ['in', 'the', 'trade'],
      ['after', 'entry'],
      ['after', 'the', 'entry'],
      ['of', 'holding'],
    ])
      if (tail.every((w, k) => toks[end + k]?.w === w)) end += tail.length;
    f.exitAfter = n.n;
    take(toks, from, end, 'exitAfter');
  }
}

/** Stop words anywhere in the request: without one, "risk N%" is a size of N% (nl-conventions.md). */
const STOP_WORDS = new Set(['stop', 'stops', 'sl', 'stoploss', 'trailing']);

function riskSize(toks: Tok[], f: OrderFacts): void {
  if (!f.stop && !toks.some((t) => STOP_WORDS.has(t.w))) return;
  for (let i = 0; i < toks.length; i++) {
    const kw = !toks[i].used && RISK_WORDS.match(toks, i);
    if (!kw) continue;
    const n = toks[kw.end];
    if (n?.kind !== 'num' || n.unit !== 'pct' || n.used) continue;
    let end = kw.end + 1;
    for (const tail of [
      ['of', 'equity'],
      ['of', 'the', 'account'],
      ['of', 'my', 'account'],
      ['of', 'capital'],
      ['of', 'my', 'capital'],
      ['of', 'the', 'equity'],
    ])
      if (tail.every((w, k) => toks[end + k]?.w === w)) end += tail.length;
    for (const tail of [
      ['per', 'trade'],
      ['a', 'trade'],
      ['each', 'trade'],
      ['on', 'each', 'trade'],
      ['per', 'position'],
    ])
      if (tail.every((w, k) => toks[end + k]?.w === w)) end += tail.length;
    if (n.n <= 0 || n.n > 100) continue;
    f.risk = n.n / 100;
    take(toks, i, end, 'risk');
  }
}

function commission(toks: Tok[], f: OrderFacts): void {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.used || t.kind !== 'num' || t.unit !== 'usd') continue;
    let from = i;
    let end = i + 1;
    // "$1 commission", "$1 in commissions", "commission of $1", "commission $1"
    const after = skip(toks, end, new Set(['in', 'of', 'a']));
    const fwd = COMMISSION_WORDS.match(toks, after);
    if (fwd) end = fwd.end;
    else {
      let k = i - 1;
      while (k >= 0 && (toks[k].w === 'of' || toks[k].w === 'is' || toks[k].w === ':')) k--;
      const back = k >= 0 && COMMISSION_WORDS.match(toks, k);
      if (!back || back.end !== k + 1) {
        const back2 = k >= 1 && COMMISSION_WORDS.match(toks, k - 1);
        if (!back2 || back2.end !== k + 1) continue;
        from = k - 1;
      } else from = k;
    }
    for (const tail of [
      ['per', 'trade'],
      ['per', 'fill'],
      ['per', 'order'],
      ['each', 'way'],
      ['a', 'trade'],
      ['per', 'side'],
    ])
      if (tail.every((w, k) => toks[end + k]?.w === w)) end += tail.length;
    f.commission = t.n;
    take(toks, from, end, 'commission');
  }
}

const REFS = new Set(['close', 'price', 'open', 'high', 'low', 'closing']);

function resting(toks: Tok[], f: OrderFacts): void {
  for (let i = 0; i < toks.length; i++) {
    const kw = !toks[i].used && RESTING.match(toks, i);
    if (!kw) continue;
    let j = skip(toks, kw.end, new Set(['order', 'at', 'placed', 'of', 'that', 'is']));
    // "1% below the close"
    const n = toks[j];
    if (kw.value === 'limit' && n?.kind === 'num' && n.unit === 'pct') {
      const side = SIDES.match(toks, j + 1);
      const ref = side && skip(toks, side.end, new Set(['the', 'a', 'prior', 'last', "yesterday's"]));
      const field = ref !== undefined && toks[ref] && REFS.has(toks[ref].w) ? toks[ref].w : undefined;
      if (!side || !field || ref === undefined) continue;
      const from: Field =
        field === 'price' || field === 'closing'
          ? 'close'
          : ((FIELD_NAMES.match(toks, ref)?.value as Field) ?? 'close');
      f.entry = { type: 'limit', price: { from: { field: from }, percent: side.value * (n.n / 100) } };
      j = ref + 1;
      if (toks[j]?.w === 'price') j++;
      take(toks, i, j, 'order');
    } else if (kw.value === 'stop') {
      // "buy stop at the 20-day high", "buy stop above the 55 bar high"
      j = skip(toks, j, new Set(['above', 'over', 'the', 'a']));
      const p = toks[j];
      let k = j + 1;
      if (toks[k] && ['day', 'bar', 'period', 'days', 'bars', 'd'].includes(toks[k].w)) k++;
      if (toks[k]?.w === 'highest') k++;
      if (!plainNum(p) || !Number.isInteger(p.n) || p.n < 1 || toks[k]?.w !== 'high') continue;
      // "buy the 20-day high breakout" is the close crossing it (a market order), read by the rules
      if (/^(breakout|breakouts|break|cross|crossover)$/.test(toks[k + 1]?.w ?? '')) continue;
      j = k + 1;
      const high: Opnd = { k: 'field', field: 'high', offset: 0 };
      f.entry = {
        type: 'stop',
        price: { of: { k: 'ind', fn: 'highest', src: high, params: [p.n], offset: 0 } },
      };
      take(toks, i, j, 'order');
    } else continue;
    const c = cancelAfter(toks, j);
    if (c && f.entry) {
      f.entry.cancelAfter = c[0];
      take(toks, j, c[1], 'order');
    }
  }
}

/** "cancel after 5 bars", "good for 3 days", "for 5 bars": [n, end]. */
function cancelAfter(toks: Tok[], i: number): [number, number] | undefined {
  let j = skip(toks, i, new Set([',', 'and', 'the', 'order']));
  const lead = [
    'cancel after',
    'cancelled after',
    'canceled after',
    'good for',
    'for',
    'valid for',
    'expires after',
    'resting for',
  ];
  for (const l of lead) {
    const ws = l.split(' ');
    if (!ws.every((w, k) => toks[j + k]?.w === w)) continue;
    j += ws.length;
    const n = toks[j];
    if (plainNum(n) && Number.isInteger(n.n) && n.n >= 1 && BAR_UNITS.has(toks[j + 1]?.w ?? ''))
      return [n.n, j + 2];
  }
  return undefined;
}

/** The clause around a higher-timeframe phrase: a filter (higher.ts) or one question (never dropped or misread). */
function higher(toks: Tok[], f: OrderFacts, timeframe: string | undefined): void {
  const higherChart = timeframe === '1w' || timeframe === '1M';
  const byMarket = (t: Tok) => t.used && t.by === 'market';
  for (let i = 0; i < toks.length; i++) {
    const m = HIGHER.match(toks, i);
    if (!m || toks.slice(i, m.end).some((t) => t.used && !byMarket(t))) continue;
    // weekly bars chosen elsewhere make "the weekly close" the chart's own close; chosen here, a filter
    const tf = (t: Tok) =>
      byMarket(t) && /^(weekly|week|weeks|monthly|month|w|wk|1w|chart|bars|candles|timeframe)$/.test(t.w);
    const here = byMarket(toks[i]) && !toks.some((t, k) => tf(t) && (k < i || k >= m.end));
    if (higherChart && !here) continue;
    const stop = (t: Tok | undefined) => !t || (t.kind === 'sym' && /^[,.;:!?]$/.test(t.w));
    let from = i;
    while (from > 0 && !stop(toks[from - 1])) from--;
    let end = m.end;
    while (!stop(toks[end])) end++;
    const text = toks
      .slice(from, end)
      .map((t) => t.raw)
      .filter(Boolean)
      .join(' ');
    const filter = !f.htf && readHigher(toks, from, end);
    if (filter) f.htf = filter;
    else
      f.issues.push({
        kind: 'cannot',
        text,
        question: `"${text}" is a condition on a higher timeframe than the chart's; the chat cannot place one yet (in the editor: htf("1w", close > sma(close, 20))). Should I leave it out, or run the strategy on weekly bars?`,
      });
    take(toks, from, end, 'order');
    i = end;
  }
}

export function ordersPass(toks: Tok[], timeframe?: string): OrderFacts {
  const f: OrderFacts = { issues: [] };
  higher(toks, f, timeframe);
  atrStops(toks, f);
  timedExit(toks, f);
  riskSize(toks, f);
  commission(toks, f);
  resting(toks, f);
  if (f.stop || f.exitAfter !== undefined)
    for (let i = 0; i < toks.length; i++) {
      const m = !toks[i].used && ONLY_EXIT.match(toks, i);
      if (m) take(toks, i, m.end, 'order');
    }
  return f;
}
