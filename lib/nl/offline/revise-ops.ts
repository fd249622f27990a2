// The words of a revision: "remove the take profit", "use EMA instead", "20 instead of 50", "make the
// fast one 10", "RSI period 7", "oversold level 25", "invest 50% of equity", "long only". Each op marks
// its tokens used and records an edit; applying the edits is revise.ts's job.
import type { Size } from '../../schema';
import { startsStatement } from './condition';
import { Cursor } from './cursor';
import { MA_KINDS } from './indicator';
import { constArgs, INDICATOR_NAMES, isMovingAverage } from './lexicon';
import { COSTS, RISK } from './money';
import { segments } from './parsed';
import { declare } from './phrases';
import { sizeAt } from './size';
import type { Tok } from './tokens';
import { WHEN } from './words';

export type Removable =
  | 'stopLoss'
  | 'takeProfit'
  | 'trailingStop'
  | 'fee'
  | 'slippage'
  | 'range'
  | 'shorts'
  | 'capital';

export interface Edits {
  readonly remove: Set<Removable>;
  /** Functions whose conditions are dropped ("remove the RSI filter"). */
  readonly removeFilters: string[];
  maKind?: { to: string; from?: string };
  /** Values replaced everywhere: [old, new]. */
  readonly replace: [number, number][];
  readonly role: { which: 'fast' | 'slow'; value: number }[];
  readonly fnParams: { fn: string; values: number[] }[];
  readonly threshold: { side: 'entry' | 'exit'; value: number }[];
  entrySize?: Size;
  /** Words taken by some edit (for "did anything apply?"). */
  count: number;
}

export const newEdits = (): Edits => ({
  remove: new Set(),
  removeFilters: [],
  replace: [],
  role: [],
  fnParams: [],
  threshold: [],
  count: 0,
});

/** Verbs that remove a part of the pending strategy. */
const REMOVE = declare<true>('revisions: removing', [
  {
    phrases:
      "get rid of|take off|take away|turn off|don't use|do not use|no more|no longer use|remove|drop|delete|" +
      'cancel|disable|without|no|scrap|lose|ditch|forget|skip|eliminate|kill',
    yields: true,
    meaning: 'removes what follows (a stop, the fee, the shorts, an indicator filter)',
  },
]);

/** What a revision can remove. */
const NAMES: Readonly<Record<string, string>> = {
  stopLoss: 'the stop loss',
  takeProfit: 'the take profit',
  trailingStop: 'the trailing stop',
  fee: 'the fee',
  slippage: 'the slippage',
};

/** What a revision can remove: the stops and costs by the phrases a new request sets them with, and more. */
const REMOVABLE = declare<Removable>('revisions: what can be removed', [
  ...[...RISK.rows, ...COSTS.rows].map((r) => {
    const key = typeof r.yields === 'string' ? r.yields : r.yields.key;
    return { phrases: r.phrases, yields: key, meaning: NAMES[key] };
  }),
  {
    phrases: 'date range|dates|range|date limit|start date|end date',
    yields: 'range',
    meaning: 'the date range (the whole history)',
  },
  {
    phrases: 'short side|shorts|short rules|short trades|shorting|short rule|short',
    yields: 'shorts',
    meaning: 'the short and cover rules',
  },
  { phrases: 'starting capital|capital', yields: 'capital', meaning: 'the capital (back to the default)' },
]);

/** "long only" and its kin: the short rules go. */
const LONG_ONLY = declare<true>('revisions: long only', [
  {
    phrases: "long only|long-only|only long|stop shorting|do not short|don't short|never short",
    yields: true,
    meaning: 'removes the short and cover rules',
  },
]);

/** "make the fast one 10", "slow MA to 100": which of two moving averages. */
const ROLE = declare<'fast' | 'slow'>('revisions: fast and slow averages', [
  {
    phrases: 'the fast|fast|faster|the short|short|shorter|quick',
    yields: 'fast',
    meaning: 'the shorter of two moving averages',
  },
  {
    phrases: 'the slow|slow|slower|the long|long|longer',
    yields: 'slow',
    meaning: 'the longer of two moving averages',
  },
]);

/** "oversold level 25", "sell threshold 80": which level of the rules. */
const LEVEL_OF = declare<'entry' | 'exit'>('revisions: levels', [
  { phrases: 'oversold|buy|entry|lower', yields: 'entry', meaning: 'the level of the entry rules' },
  { phrases: 'overbought|sell|exit|upper', yields: 'exit', meaning: 'the level of the exit rules' },
]);

/** Moving average kinds a revision switches to ("use EMA instead"). */
/** Moving average kinds a revision switches to ("use EMA instead"): their names and the same adjectives. */
const KINDS = declare<string>('revisions: moving average kinds', [
  ...['ema', 'sma', 'wma', 'hma', 'rma', 'vwma'].map((fn) => ({
    phrases: fn,
    yields: fn,
    meaning: `switch the moving averages to ${fn.toUpperCase()}`,
  })),
  ...MA_KINDS.rows,
]);
const KIND: Readonly<Record<string, string>> = Object.fromEntries(
  KINDS.rows.flatMap((r) => r.phrases.split('|').map((p) => [p, r.yields] as const)),
);

export const REVISION_TABLES = [REMOVE, REMOVABLE, LONG_ONLY, ROLE, LEVEL_OF, KINDS] as const;

const UNITS = ['days', 'day', 'bars', 'bar', 'periods', 'period', 'candles', 'sessions', 'd'];
const LINK = ['to', '=', 'of', 'at', 'be', 'is', 'as', 'into', ':'];
export const REVISION_WORDS: ReadonlySet<string> = new Set(
  (
    'instead change make switch set use try add it them the one ones to please rather than lets let us can you could i want would ' +
    'like also too well now and a an of for with but just move adjust tweak update modify replace put go back again tighten ' +
    'tighter widen wider loosen increase decrease raise reduce bump keep everything else same rest its my our this that ' +
    'should be is are from new different other'
  ).split(' '),
);

const unused = (toks: Tok[]) => toks.filter((t) => !t.used);
const take = (view: Tok[], from: number, to: number) => {
  for (let k = from; k < to; k++) view[k].used = true;
};

function removable(c: Cursor): Removable | undefined {
  return c.eatTable(REMOVABLE);
}

/** Removals, read before the costs pass so that "remove the stop loss" is not asked about. */
export function removals(toks: Tok[], e: Edits): void {
  const view = unused(toks);
  for (let i = 0; i < view.length; i++) {
    if (view[i].used) continue;
    const c = new Cursor(view, i);
    if (c.eatTable(LONG_ONLY)) {
      e.remove.add('shorts');
      take(view, i, c.i);
      e.count++;
      continue;
    }
    if (!c.eatTable(REMOVE)) continue;
    let found = false;
    // "remove the stop loss and the take profit"
    for (let g = 0; g < 6; g++) {
      const at = c.i;
      if (g > 0 && !c.eat('and', ',', '&', 'or', 'and also')) break;
      c.eat('the', 'my', 'any', 'all', 'a', 'its', 'of the');
      const what = removable(c);
      if (!what) {
        c.i = at;
        break;
      }
      e.remove.add(what);
      found = true;
    }
    if (found) {
      c.eat('too', 'as well', 'entirely', 'completely');
      take(view, i, c.i);
      e.count++;
      continue;
    }
    c.eat('the', 'my', 'any', 'all', 'a', 'its', 'of the');
    const m = INDICATOR_NAMES.match(view, c.i);
    if (m) {
      c.i = m.end;
      c.eat('filter', 'condition', 'rule', 'check', 'requirement', 'part', 'confirmation');
      e.removeFilters.push(m.value.fn);
      take(view, i, c.i);
      e.count++;
    }
  }
}

function numAt(c: Cursor): number | undefined {
  const n = c.num();
  if (n === undefined) return undefined;
  c.i++;
  c.eat(...UNITS);
  return n;
}

/** Number, kind and size edits, read before the rules, in the parts of the text that state no rule. */
export function otherEdits(toks: Tok[], e: Edits): void {
  for (const seg of segments(toks)) {
    const c = new Cursor(seg);
    let rule = false;
    for (c.i = 0; c.i < seg.length && !rule; c.i++) rule = !!WHEN.match(seg, c.i) || startsStatement(c);
    if (!rule) segmentEdits(seg, e);
  }
}

function segmentEdits(toks: Tok[], e: Edits): void {
  let view = unused(toks);
  // "20 instead of 50", "replace 50 with 20", "change 50 to 20", "from 50 to 20", "50 -> 20"
  for (let i = 0; i < view.length; i++) {
    if (view[i].used) continue;
    const c = new Cursor(view, i);
    if (c.eat('instead of', 'rather than')) {
      c.eat('the', 'a');
      const at = c.i;
      const old = numAt(c);
      if (old === undefined) continue;
      let k = i - 1;
      while (k >= 0 && k > i - 8 && view[k].kind !== 'num') k--;
      const nu = k >= 0 && view[k].kind === 'num' && !view[k].unit ? view[k].n : undefined;
      if (nu === undefined) continue;
      e.replace.push([old, nu]);
      // the new value's words: "a 20-day exponential average instead of 50"
      const n = new Cursor(view, k + 1);
      n.eat(...UNITS);
      while (n.w() in KIND) n.i++;
      const nm = INDICATOR_NAMES.match(view, n.i);
      take(view, k, nm && nm.end <= i ? nm.end : n.i);
      take(view, i, c.i);
      view[at].used = true;
      e.count++;
      continue;
    }
    c.i = i;
    const replace = c.eat('replace', 'swap');
    if (replace) c.eat('the');
    const from = replace ? undefined : c.eat('from');
    const old = numAt(c);
    if (old === undefined) continue;
    const arrow = c.eat('with', 'for', 'by') ? replace : c.eat('to', '->', '→', 'into');
    c.eat('a', 'the');
    const nu = arrow ? numAt(c) : undefined;
    if (
      nu === undefined ||
      (!replace &&
        !from &&
        !view
          .slice(0, i)
          .some((t) =>
            /^(change|set|move|make|switch|raise|lower|increase|decrease|bump|adjust|modify|tweak|update|reduce|shorten|lengthen)$/.test(
              t.w,
            ),
          ))
    )
      continue;
    e.replace.push([old, nu]);
    take(view, i, c.i);
    e.count++;
  }
  view = unused(toks);
  for (let i = 0; i < view.length; i++) {
    if (view[i].used) continue;
    const c = new Cursor(view, i);
    // "make the fast one 10", "slow MA to 100", "use 20 for the fast average"
    const role = c.eatTable(ROLE);
    if (role) {
      for (
        let g = 0;
        g < 4 &&
        c.eat(
          'one',
          'ma',
          'average',
          'moving average',
          'ema',
          'sma',
          'line',
          'period',
          'length',
          'lookback',
          'term',
          'window',
        );
        g++
      );
      c.eat(...LINK);
      c.eat('a', 'the');
      const n = numAt(c);
      if (n !== undefined) {
        e.role.push({ which: role, value: n });
        take(view, i, c.i);
        e.count++;
        continue;
      }
      c.i = i;
    }
    // "oversold level 25", "sell threshold 80"
    const over = /^over(sold|bought)$/.test(c.w());
    const lvl = c.eatTable(LEVEL_OF);
    if (lvl && (c.eat('level', 'threshold', 'line', 'point') || over)) {
      c.eat(...LINK);
      const n = numAt(c);
      if (n !== undefined) {
        e.threshold.push({ side: lvl, value: n });
        take(view, i, c.i);
        e.count++;
        continue;
      }
    }
    c.i = i;
    // "RSI period 7", "RSI(7)", "a 7-period RSI", "MACD 8/17/9", "a 20-day average"
    const pre: number[] = [];
    while (c.num() !== undefined && pre.length < 3) {
      pre.push(c.num()!);
      c.i++;
      c.eat('/', ',', 'and');
    }
    c.eat(...UNITS);
    let kind: string | undefined;
    for (let g = 0; g < 2 && c.w() in KIND; g++) {
      kind = KIND[c.w()];
      c.i++;
    }
    const m = INDICATOR_NAMES.match(view, c.i);
    if (!m || !constArgs(m.value.fn).length || m.value.field) continue;
    c.i = m.end;
    const vals = [...pre];
    if (!vals.length) {
      c.eat('period', 'length', 'lookback', 'periods', 'settings', 'parameters');
      c.eat(...LINK);
      const paren = c.eat('(');
      while (c.num() !== undefined && vals.length < 3) {
        vals.push(c.num()!);
        c.i++;
        c.eat('/', ',', 'and');
      }
      if (paren) c.eat(')');
      c.eat(...UNITS);
    }
    if (!vals.length) continue;
    const generic = m.value.generic || m.value.fn === 'sma';
    e.fnParams.push({
      fn: isMovingAverage(m.value.fn) ? (kind ?? (generic ? 'ma' : m.value.fn)) : m.value.fn,
      values: vals,
    });
    take(view, i, c.i);
    e.count++;
  }
  view = unused(toks);
  // "use EMA instead", "switch to exponential moving averages", "EMA instead of SMA"
  for (let i = 0; i < view.length; i++) {
    if (view[i].used) continue;
    const k = KIND[view[i].w] ?? KIND[view[i].w.replace(/s$/, '')];
    if (!k) continue;
    const before = view
      .slice(Math.max(0, i - 3), i)
      .map((t) => t.w)
      .join(' ');
    const source =
      /(instead of|rather than|from|replace)( the| a| an)?$/.test(before) ||
      (/\bof$/.test(before) && /instead/.test(before));
    if (source) e.maKind = { to: e.maKind?.to ?? '', from: k };
    else e.maKind = { to: k, ...(e.maKind?.from && { from: e.maKind.from }) };
    let j = i + 1;
    const c = new Cursor(view, j);
    c.eat('moving averages', 'moving average', 'averages', 'average', 'mas', 'ma', 'lines');
    j = c.i;
    take(view, i, j);
    e.count++;
  }
  view = unused(toks);
  for (let i = 0; i < view.length; i++) {
    if (view[i].used) continue;
    const c = new Cursor(view, i);
    const verb = c.eat(
      'invest',
      'use',
      'allocate',
      'put',
      'buy',
      'with',
      'position size',
      'size',
      'bet',
      'trade',
      'risk',
    );
    const s = sizeAt(c);
    if (s && s.scope !== 'exit' && (verb || s.scope === 'entry')) {
      e.entrySize = s.size;
      c.eat('per trade', 'each trade', 'per position', 'instead');
      take(view, i, c.i);
      e.count++;
    }
  }
}
