// The statement loop's memory: rules read so far, conditions waiting for an action ("When RSI < 30,"),
// actions waiting for a condition ("Exit:"), the entry size, lots, headings and filters; and what is
// settled once every segment is read (finish): the entry side, filters, loose words, questions.
import type { Size } from '../../schema';
import { isEntry, type Said } from './actions';
import { orient } from './condition';
import type { Ctx } from './context';
import type { Cond, RuleIR } from './ir';
import type { Parsed } from './parsed';
import type { SizeRead } from './size';
import type { Tok } from './tokens';
import type { Side } from './words';

export interface Dangling {
  cond: Cond;
  text: string;
  from: Tok[];
  filter: boolean;
}

export interface Loose {
  side: Said;
  size?: Size;
  text: string;
  from: Tok[];
  /** Said alone before a colon ("Entry:"), as a heading of what follows. */
  heading?: boolean;
}

const isExit = (s: Said) => s === 'sell' || s === 'cover' || s === 'close';

/** What the statement loop keeps between statements. */
export class Reader {
  readonly p: Parsed = {
    rules: [],
    labels: [],
    unused: [],
    mentions: [],
    sizeFrom: [],
    stopExits: [],
    bareExits: [],
  };
  /** Conditions read with no action yet ("When RSI < 30," ... "buy"). */
  dangling: Dangling[] = [];
  /** Actions read with no condition yet ("Exit:" ... "close falls below ..."). */
  loose: Loose[] = [];
  /** "Entry:" followed by a list of conditions: the rule the list items join. */
  heading?: RuleIR;
  /** "trend filter: price above the 200 ema": the condition after the label is a filter. */
  filterNext = false;
  /** Rules whose side is the strategy's entry side ("Entry = ...", "trigger: ..."). */
  readonly entries = new Set<RuleIR>();

  constructor(readonly cx: Ctx) {}

  add(side: Said, when: Cond, from: readonly Tok[], size?: Size): RuleIR {
    const r: RuleIR = {
      action: side === 'entry' ? 'buy' : side,
      when,
      from: [...from],
      ...(size && { size }),
    };
    if (side === 'entry') this.entries.add(r);
    for (const t of from) t.used = true;
    this.p.rules.push(r);
    return r;
  }

  /** "in lots of 5 shares": the units of "a lot". */
  lot?: number;

  /** The size of every entry; a second, different one is asked about, never silently replaced. */
  entry(size: Size, text: string): void {
    const prev = this.p.entrySize;
    if (prev && JSON.stringify(prev) !== JSON.stringify(size))
      this.cx.issue({
        kind: 'missing',
        text,
        question: `The request gives two sizes for each entry (${sizeText(prev)} and ${sizeText(size)} in "${text}"). Which should it be?`,
      });
    this.p.entrySize = size;
  }

  /** The size said with an action: an entry's goes to every entry, an exit's to its rule. */
  size(side: Said, read: SizeRead | undefined, text = ''): Size | undefined {
    if (!read) return undefined;
    if (read.lot) this.lot = read.lot;
    let s = read;
    if (read.lots !== undefined) {
      if (!this.lot)
        this.cx.issue({
          kind: 'missing',
          text,
          question: `How many shares (or units) is a lot in "${text}"? Say e.g. 'in lots of 10 shares'.`,
        });
      s = { ...read, size: { units: read.lots * (this.lot ?? 1) } };
    }
    // "... sell when above -20 with 10% of capital": a share of equity sizes the entries, wherever it is said
    if (!isEntry(side) && s.scope === 'entry') {
      this.entry(s.size, text);
      return undefined;
    }
    if (isEntry(side) && s.scope === 'exit') {
      // "buy half of the position": a size that cannot size this order is asked about
      this.cx.issue({
        kind: 'missing',
        text,
        question: `What should "${sizeText(s.size)}" apply to in "${text}"? A size says how much each entry buys (e.g. 'use 25% of equity per trade') or how much of the position an exit sells (e.g. 'sell half').`,
      });
      return undefined;
    }
    if (isEntry(side)) {
      this.entry(s.size, text);
      return undefined;
    }
    return s.size;
  }

  /** The action said last, for a condition that follows it ("Exit:" ... "close falls below ..."). */
  takeLoose(): Loose | undefined {
    return this.loose.pop();
  }

  /** The condition said last, for an action that follows it ("When RSI < 30," ... "buy"); filters last. */
  takeDangling(): Dangling | undefined {
    for (let k = this.dangling.length - 1; k >= 0; k--)
      if (!this.dangling[k].filter) return this.dangling.splice(k, 1)[0];
    return undefined;
  }

  /** "breakdown shorts. trigger: ...": a role said after its side is the same action. */
  addLoose(l: Loose): void {
    const prev = this.loose.at(-1);
    if (prev && isEntry(prev.side) && isEntry(l.side)) {
      if (prev.side === 'entry') prev.side = l.side;
      prev.from.push(...l.from);
      prev.size ??= l.size;
      return;
    }
    this.loose.push(l);
  }
}

const sizeText = (s: Size) =>
  'percent' in s
    ? `${Number((s.percent * 100).toPrecision(10))}%`
    : 'units' in s
      ? `${s.units} units`
      : 'risk' in s
        ? `risking ${Number((s.risk * 100).toPrecision(10))}%`
        : `$${s.cash}`;

/** A cross named as the strategy ("EMA 12/26 crossover"): its entry, and the opposite cross to exit. */
export function imply(rd: Reader, noun: Cond, side: 'buy' | 'short', from: Tok[], text: string): void {
  const entry = orient(noun, side === 'short' ? 'down' : 'up');
  const want = side === 'short' ? 'crossunder' : 'crossover';
  if (entry.op === want && 'b' in entry)
    rd.p.implied ??= {
      side,
      entry,
      exit: { op: want === 'crossover' ? 'crossunder' : 'crossover', a: entry.a, b: entry.b },
      from,
    };
  else
    rd.cx.issue({
      kind: 'vague',
      text,
      question: `Should the strategy buy or short on the ${text}, and when should it close the position?`,
    });
}

/** Runs a reading; when it finds nothing, the issues it recorded on the way are dropped too. */
export function attempt<T>(cx: Ctx, f: () => T | undefined): T | undefined {
  const n = cx.issues.length;
  const q = cx.quiet.length;
  const r = f();
  if (r === undefined) {
    cx.issues.length = n;
    cx.quiet.length = q;
  }
  return r;
}

/** Loose actions and dangling conditions, the entry side, stop and reverse, one side only. */
export function finish(rd: Reader): Parsed {
  const { p, cx } = rd;
  // "Range regime entries:" ... "adx(20) under 20": a loose action takes the next dangling condition
  while (rd.loose.length && rd.dangling.some((d) => !d.filter)) {
    const l = rd.loose.shift()!;
    const d = rd.takeDangling()!;
    rd.add(l.side, d.cond, [...l.from, ...d.from], l.size);
  }
  // the entry side of "Entry = ...", "trigger: ..."
  const saysShort =
    p.rules.some((r) => r.action === 'short') ||
    rd.loose.some((l) => l.side === 'short') ||
    p.only?.side === 'short';
  const saysLong = p.rules.some((r) => r.action === 'buy' && !rd.entries.has(r));
  for (const r of rd.entries) r.action = saysShort && !saysLong ? 'short' : 'buy';
  for (const d of rd.dangling) {
    if (d.filter) {
      // "uptrend only (price above the 150 day ema)": every entry needs it
      const entries = p.rules.filter((r) => r.action === 'buy' || r.action === 'short');
      for (const r of entries) {
        r.when = { op: 'and', args: [d.cond, r.when] };
        r.from = [...d.from, ...(r.from ?? [])];
      }
      if (entries.length) continue;
    }
    cx.issue({
      kind: 'missing',
      text: d.text,
      question: `What should the strategy do when ${d.text.replace(/^(when|if|once|whenever)\s+/i, '')}: buy, sell, short or cover?`,
    });
  }
  for (const l of rd.loose) {
    const side: Side = l.side === 'entry' ? (saysShort && !saysLong ? 'short' : 'buy') : l.side;
    // "accumulate COST in lots of 5 shares: each time ... add a lot": the same entry said twice
    if (isEntry(side) && p.rules.some((r) => r.action === side)) {
      if (l.size && !p.entrySize) p.entrySize = l.size;
      for (const r of p.rules) if (r.action === side) r.from = [...l.from, ...(r.from ?? [])];
      continue;
    }
    if (side === 'buy' && p.entrySize && !p.rules.length) continue;
    if (isExit(side)) {
      p.bareExits.push({ side, text: l.text, from: l.from });
      continue;
    }
    if (side === 'buy' && p.implied?.side === 'buy') continue;
    if (side === 'short' && p.implied?.side === 'short') continue;
    cx.issue({
      kind: 'no-entry',
      text: l.text,
      question: `When should the strategy ${side}? Give a condition, e.g. '${side} when RSI(14) ${side === 'buy' ? 'drops below 30' : 'rises above 70'}'.`,
    });
  }
  return p;
}
