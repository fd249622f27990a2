// Statements of a request: "buy when ...", "when ..., sell", "rsi<30 = buy", "X is my sell", "Entry =
// ...", "invest 50% of equity", "EMA 12/26 crossover" (an entry and its opposite exit), "and RSI is above
// 50" (joins the previous rule), indicators named on their own ("macd 8/21/5."), and the words around
// them. A word that carries nothing (a label, filler) is kept as unused; one that carries a number, an
// indicator, a relation, a negation or an action and cannot be placed becomes an issue, never a guess.
import type { Size } from '../../schema';
import { carries } from './account';
import { action, isEntry, linkedAction, type Said } from './actions';
import { atLevel, condition, eventNoun, orient, startsStatement } from './condition';
import type { Ctx } from './context';
import { ARTICLES, Cursor } from './cursor';
import { diagnose } from './diagnose';
import { BOTH_WAYS, FILTER, NO_CHECK_AFTER, NO_CHECK_BEFORE, ONE_SIDE, REFINE, REVERSAL } from './grammar';
import type { Cond, Opnd, RuleIR } from './ir';
import { INDICATOR_NAMES } from './lexicon';
import { list } from './list';
import { type Mention, mentions, settle } from './mention';
import { type SizeRead, sizeAt } from './size';
import type { Tok } from './tokens';
import { AND_WORDS, CANNOT, FILLER, type Side, UNSUPPORTED, VAGUE, WHEN } from './words';

export interface Parsed {
  rules: RuleIR[];
  entrySize?: Size;
  /** A crossover named as a strategy: its entry and the opposite exit. */
  implied?: { side: 'buy' | 'short'; entry: Cond; exit: Cond; from: readonly Tok[] };
  /** Indicator or style names used as labels ("MACD strategy", "Breakout"). */
  labels: string[];
  /** Runs of words left unplaced: they carry no number, indicator, market, relation, negation or action. */
  unused: Tok[][];
  /** Indicators and numbers named outside rules; each must end up used (checked once the spec is built). */
  mentions: Mention[];
  /** "stop and reverse", "always in": the down-event shorts, the up-event buys. */
  reverse?: readonly Tok[];
  /** "long only", "short only". */
  only?: { side: 'long' | 'short'; from: readonly Tok[] };
  /** The entry size was said as a risk ("risk 20% of equity"): stated back as an assumption. */
  riskSize?: string;
  /** Words of the entry size statement, and exit words that name the stops ("the only exit is ..."). */
  sizeFrom: Tok[];
  stopExits: Tok[];
  /** Exit words with no condition: fine when a stop or target closes the position. */
  bareExits: { side: Side; text: string; from: readonly Tok[] }[];
}

const LEAD_INS = AND_WORDS_LEAD();
function AND_WORDS_LEAD(): string[] {
  return list(
    'and then|and also|and|then|also|so|finally|otherwise|but|please|i want to|' +
      'i would like to|i would|i want|i|we|you|let us|lets|should|will|can|to|just|simply|' +
      'want to|we should|strategy|rules|rule|plus|+|->|=>|=',
  );
}
const SIZE_VERBS = list(
  'use|invest|allocate|put|bet|deploy|commit|trade|with|using|size|sized at|sized|size it at|' +
    'position size|risk|risking|go in with|each trade uses',
);
const LABELS =
  /^(strategy|system|setup|approach|play|trade|breakout|mean|reversion|trend|following|momentum|swing|scalping|crossover|cross|signals?|indicator|based)$/;

export interface Segment {
  readonly toks: Tok[];
  /** The separator that ended it ('.', ',', ':', '-', ...; '' at the end of the text). */
  readonly end: string;
}

const SEPARATORS = new Set(['.', ';', '!', '?', ':', '-']);

/** Splits at sentence punctuation, spaced dashes and commas outside parentheses ("i.e." and "e.g." join). */
export function segmentsOf(toks: readonly Tok[]): Segment[] {
  const out: Segment[] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'sym' && t.w === '(') depth++;
    if (t.kind === 'sym' && t.w === ')') depth = Math.max(0, depth - 1);
    const sep = t.kind === 'sym' && (SEPARATORS.has(t.w) || (t.w === ',' && depth === 0));
    // "pullbacks, i.e. when ...": a refinement stays in the sentence it refines
    const refines = /^(ie|eg)$/.test(toks[i + 1]?.w ?? '') || /^(ie|eg)$/.test(toks[i - 1]?.w ?? '');
    if (sep && !(refines && (t.w === ',' || t.w === '.'))) {
      depth = 0;
      if (cur.length) out.push({ toks: cur, end: t.w });
      cur = [];
      continue;
    }
    if (!t.used) cur.push(t);
  }
  if (cur.length) out.push({ toks: cur, end: '' });
  return out;
}

/** The segments' tokens (revise-ops reads them too). */
export function segments(toks: readonly Tok[]): Tok[][] {
  return segmentsOf(toks).map((s) => s.toks);
}

interface Dangling {
  cond: Cond;
  text: string;
  from: Tok[];
  filter: boolean;
}

interface Loose {
  side: Said;
  size?: Size;
  text: string;
  from: Tok[];
  /** Said alone before a colon ("Entry:"), as a heading of what follows. */
  heading?: boolean;
}

const isExit = (s: Said) => s === 'sell' || s === 'cover' || s === 'close';

/** What the statement loop keeps between statements. */
class Reader {
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

export function parseRules(toks: readonly Tok[], cx: Ctx): Parsed {
  const rd = new Reader(cx);
  const segs = segmentsOf(toks);
  for (let si = 0; si < segs.length; si++) readSegment(rd, segs[si]);
  return finish(rd);
}

/** The statements of one segment, left to right. */
function readSegment(rd: Reader, seg: Segment): void {
  const { cx, p } = rd;
  const filterNext = rd.filterNext;
  rd.filterNext = false;
  const c = new Cursor(seg.toks);
  let segRule: RuleIR | undefined;
  let refine = false;
  let run: Tok[] = [];
  const markers: Tok[] = [];
  const flush = () => {
    // "... and the trend is strong": a condition the language cannot read is asked about, not dropped
    if (
      /^(and|or|but|while|when|whenever|if|once|unless)$/.test(run[0]?.w ?? '') &&
      run.some((_, k) => VAGUE.match(run, k))
    ) {
      const text = run
        .map((t) => t.raw)
        .filter(Boolean)
        .join(' ');
      cx.issue({
        kind: 'vague',
        text,
        question: `"${text}" is too vague to test: what should be measured, and at what level? Say it as a rule, e.g. 'buy when RSI(14) drops below 30' or 'buy when the close crosses above the 50-day moving average'.`,
      });
    }
    if (run.length) p.unused.push(run);
    run = [];
  };
  const used = (from: number) => {
    for (const t of seg.toks.slice(from, c.i)) t.used = true;
    flush();
  };
  const explained = () => seg.toks.some((t) => REFINE.words.has(t.w));
  for (let guard = 0; guard < 256 && !c.done; guard++) {
    const lead = c.i;
    c.eat(...LEAD_INS);
    c.eat(...LEAD_INS);
    if (c.done) {
      run.push(...seg.toks.slice(lead, c.i));
      break;
    }
    const from = c.i;
    // what the language cannot express is asked about before anything else reads its words
    if (CANNOT.match(c.toks, c.i) || UNSUPPORTED.match(c.toks, c.i)) {
      flush();
      diagnose(c, cx, from);
      break;
    }
    // whole-strategy words
    if (c.eatTable(REFINE)) {
      refine = true;
      const last = segRule ?? p.rules.at(-1);
      if (last) last.from = [...(last.from ?? []), ...seg.toks.slice(lead, c.i)];
      used(lead);
      continue;
    }
    if (c.eatTable(REVERSAL)) {
      p.reverse = [...(p.reverse ?? []), ...seg.toks.slice(from, c.i)];
      used(lead);
      continue;
    }
    const only = c.eatTable(ONE_SIDE);
    if (only) {
      p.only = { side: only, from: seg.toks.slice(from, c.i) };
      used(lead);
      continue;
    }
    if (noCheck(c)) {
      // "exit on ..., no adx check there": words about the rule just read
      const last = segRule ?? p.rules.at(-1);
      if (last) last.from = [...(last.from ?? []), ...seg.toks.slice(lead, c.i)];
      used(lead);
      continue;
    }
    if (p.implied && c.eatTable(BOTH_WAYS)) {
      p.implied = { ...p.implied, from: [...p.implied.from, ...seg.toks.slice(from, c.i)] };
      used(lead);
      continue;
    }
    // 1. "when X(,) (then) buy", "each time X add a lot"
    if (c.eatTable(WHEN)) {
      const afterWhen = c.i;
      const cond = condition(c, cx, undefined);
      if (!cond) {
        flush();
        diagnose(c, cx, from);
        break;
      }
      {
        const side = linkedAction(c);
        if (side) {
          const size = rd.size(side, sizeAt(c), c.text(from));
          segRule = rd.add(side, cond, seg.toks.slice(lead, c.i), size);
        } else if (rd.loose.length) {
          const l = rd.takeLoose()!;
          segRule = rd.add(l.side, cond, [...l.from, ...seg.toks.slice(lead, c.i)], l.size);
        } else if ((segRule || refine) && p.rules.length) {
          // "If the 50 is above the 200 I buy pullbacks, i.e. when rsi(14) dips below 35"
          const last = segRule ?? p.rules[p.rules.length - 1];
          last.when = { op: 'and', args: [last.when, cond] };
          last.from = [...(last.from ?? []), ...seg.toks.slice(lead, c.i)];
        } else {
          // "stop and reverse on the 5/20 ema crossover": a named cross with no action is the strategy
          const end = c.i;
          c.i = afterWhen;
          const noun = attempt(cx, () => eventNoun(c, cx, undefined));
          if (noun && c.i === end) imply(rd, noun, 'buy', seg.toks.slice(lead, c.i), c.text(from));
          else {
            c.i = end;
            // "..., only when above 200 sma": a filter on the entries
            const filter = filterNext || seg.toks.some((t) => FILTER.words.has(t.w));
            rd.dangling.push({ cond, text: c.text(from), from: seg.toks.slice(lead, c.i), filter });
          }
        }
        used(lead);
        continue;
      }
    }
    // 2. "buy (10 shares) when X (with 50% of equity)", "Exit:", "entry needs X"
    const side = action(c);
    if (side) {
      c.eat('again');
      let size = rd.size(side, sizeAt(c), c.text(from));
      // "buy dips when ...", "buy pullbacks when ...": the condition says what the word means
      const v = VAGUE.match(c.toks, skipArticles(c));
      if (v && WHEN.match(c.toks, v.end)) {
        run.push(...seg.toks.slice(c.i, v.end));
        c.i = v.end;
      }
      const when = !!c.eatTable(WHEN) || !!c.eat('as');
      c.eatTable(WHEN);
      const cond = attempt(
        cx,
        () =>
          (!when && atLevel(c, cx, side === 'entry' ? 'buy' : side === 'close' ? 'sell' : side)) ||
          condition(c, cx, undefined),
      );
      size = rd.size(side, sizeAt(c), c.text(from)) ?? size;
      if (cond) segRule = rd.add(side, cond, seg.toks.slice(lead, c.i), size);
      else if (when || (VAGUE.match(c.toks, skipArticles(c)) && !explained() && !/^[:=-]$/.test(seg.end))) {
        flush();
        diagnose(c, cx, from);
        break;
      } else {
        // "entries: ..." takes the condition after the colon, not one said before it
        const d = seg.end === ':' && c.done ? undefined : rd.takeDangling();
        if (d) segRule = rd.add(side, d.cond, [...d.from, ...seg.toks.slice(lead, c.i)], size);
        else
          rd.addLoose({
            side,
            size,
            text: c.text(from),
            from: seg.toks.slice(lead, c.i),
            heading: seg.end === ':' && c.done,
          });
      }
      used(lead);
      continue;
    }
    // 3. "golden cross", "EMA 12/26 crossover (strategy)", "the death cross closes it"
    const pre = c.i;
    c.eat('with', 'using', 'on', 'via', 'trade', 'trading', 'play', 'run', 'use');
    const noun = attempt(cx, () => eventNoun(c, cx, undefined));
    if (!noun) c.i = pre;
    if (noun) {
      const named = linkedAction(c);
      if (named && named !== 'buy' && named !== 'short' && named !== 'entry') {
        segRule = rd.add(named, noun, seg.toks.slice(lead, c.i));
        used(lead);
        continue;
      }
      imply(rd, noun, named === 'short' ? 'short' : 'buy', seg.toks.slice(lead, c.i), c.text(from));
      used(lead);
      continue;
    }
    // 4. "invest 50% of equity", "use $5,000 per trade", "risk 20% of equity on each trade"
    const verb = c.eat(...SIZE_VERBS);
    const s = sizeAt(c);
    // "12%" alone is not a size: only "use 12%", "12% of equity", "12% per trade" are
    if (s && s.scope !== 'exit' && (verb || s.scope === 'entry')) {
      rd.entry(s.size, c.text(from));
      c.eat('per trade', 'on each trade', 'each trade', 'per position', 'of it');
      if (verb === 'risk' || verb === 'risking') p.riskSize = c.text(from);
      p.sizeFrom.push(...seg.toks.slice(lead, c.i));
      used(lead);
      continue;
    }
    c.i = from;
    // 5. "rsi(7)<20 buy", "X = buy", "and RSI is above 50", "or when ..."
    const join = c.eatTable(AND_WORDS);
    c.eatTable(WHEN);
    const condAt = c.i;
    const cond = attempt(cx, () => condition(c, cx, undefined));
    if (cond) {
      const side2 = linkedAction(c);
      const last = p.rules[p.rules.length - 1];
      if (!side2 && stateLabel(c, seg.toks, condAt)) {
        // "Oversold combo:", "oversold bounce on amd -": a state word in a label, not a rule
        run.push(...seg.toks.slice(lead, c.i));
        continue;
      }
      if (side2) {
        segRule = rd.add(side2, cond, seg.toks.slice(lead, c.i), rd.size(side2, sizeAt(c), c.text(from)));
        rd.heading = undefined;
      } else if (rd.loose.length) {
        const l = rd.takeLoose()!;
        segRule = rd.add(l.side, cond, [...l.from, ...seg.toks.slice(lead, c.i)], l.size);
        // "Entry:\n- rsi(14) < 30\n- close > sma(200)": the next bare conditions join this rule
        if (l.heading) rd.heading = segRule;
      } else if (last && (join || segRule || rd.heading === last) && !startsStatement(c)) {
        last.when = { op: join === 'or' ? 'or' : 'and', args: [last.when, cond] };
        last.from = [...(last.from ?? []), ...seg.toks.slice(lead, c.i)];
      } else {
        const filter = filterNext || seg.toks.some((t) => FILTER.words.has(t.w) && !t.used);
        rd.dangling.push({ cond, text: c.text(condAt), from: seg.toks.slice(lead, c.i), filter });
        if (filter) markers.push(...seg.toks.filter((t) => FILTER.match(seg.toks, seg.toks.indexOf(t))));
      }
      used(lead);
      continue;
    }
    c.i = from;
    // 6. labels: "MACD strategy", "Breakout", "RSI mean reversion"
    const words = seg.toks.slice(c.i).map((t) => t.w);
    if (
      !p.rules.length &&
      words.length <= 5 &&
      words.some((w) => LABELS.test(w)) &&
      words.every((w) => LABELS.test(w) || FILLER.has(w) || INDICATOR_NAMES.words.has(w))
    ) {
      p.labels.push(c.text(c.i, seg.toks.length));
      // the indicator a label names must be the one the rules use ("MACD strategy: ...")
      for (let k = c.i; k < seg.toks.length; k++) {
        const m = INDICATOR_NAMES.match(seg.toks, k);
        if (m && carries(new Cursor(seg.toks, k))) {
          const o: Opnd = { k: 'ind', fn: m.value.fn, params: [], offset: 0 };
          p.mentions.push({ o, toks: seg.toks.slice(k, m.end), text: c.text(k, m.end), loose: true });
          for (const t of seg.toks.slice(k, m.end)) t.used = true;
          flush();
          k = m.end - 1;
        } else run.push(seg.toks[k]);
      }
      c.i = seg.toks.length;
      break;
    }
    // 7. indicators named on their own: "macd 8/21/5", "(bb 20, 2)", "-150 is my line"
    c.eat('with', 'using', 'on');
    const named = mentions(c, cx, from);
    if (named) {
      p.mentions = settle(p.mentions, named, cx);
      used(lead);
      continue;
    }
    c.i = from;
    // 8. a word that carries nothing is kept aside; anything else is asked about
    c.i = lead;
    if (!carries(c, (fn) => cx.lastByFn.has(fn))) {
      run.push(seg.toks[c.i]);
      c.i++;
      continue;
    }
    flush();
    diagnose(c, cx, lead);
    break;
  }
  flush();
  // "trend filter:", "regime:", "only when:" before a condition
  const words = seg.toks.filter((t) => t.kind === 'word');
  if (
    seg.end === ':' &&
    words.length &&
    words.every((t) => !t.used) &&
    words.some((t) => FILTER.words.has(t.w))
  ) {
    rd.filterNext = true;
    markers.push(...words);
  }
  // words that made a condition a filter are its words, not unused ones
  if (markers.length)
    p.unused = p.unused.map((r) => r.filter((t) => !markers.includes(t))).filter((r) => r.length);
}

const sizeText = (s: Size) =>
  'percent' in s
    ? `${Number((s.percent * 100).toPrecision(10))}%`
    : 'units' in s
      ? `${s.units} units`
      : `$${s.cash}`;

/** A cross named as the strategy ("EMA 12/26 crossover"): its entry, and the opposite cross to exit. */
function imply(rd: Reader, noun: Cond, side: 'buy' | 'short', from: Tok[], text: string): void {
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
function attempt<T>(cx: Ctx, f: () => T | undefined): T | undefined {
  const n = cx.issues.length;
  const q = cx.quiet.length;
  const r = f();
  if (r === undefined) {
    cx.issues.length = n;
    cx.quiet.length = q;
  }
  return r;
}

function skipArticles(c: Cursor): number {
  let k = c.i;
  while (k < c.toks.length && ARTICLES.has(c.toks[k].w)) k++;
  return k;
}

/** Did the condition just read consist of a state word only, with label words after it and no action? */
function stateLabel(c: Cursor, seg: readonly Tok[], from: number): boolean {
  const read = seg.slice(from, c.i);
  if (read.some((t) => t.kind === 'num' || INDICATOR_NAMES.words.has(t.w))) return false;
  if (!read.some((t) => /^(oversold|overbought)$/.test(t.w))) return false;
  if (c.done) return false;
  const rest = new Cursor(seg, c.i);
  for (; !rest.done; rest.i++) if (carries(rest)) return false;
  return true;
}

/** "no adx check there", "regardless of adx": nothing to add, the words are placed. */
function noCheck(c: Cursor): boolean {
  const at = c.i;
  if (!c.eatTable(NO_CHECK_BEFORE)) return false;
  c.skip(ARTICLES);
  const m = c.peekTable(INDICATOR_NAMES);
  if (!m) {
    c.i = at;
    return false;
  }
  c.i = m.end;
  while (c.eatTable(NO_CHECK_AFTER));
  return true;
}

/** Loose actions and dangling conditions, the entry side, stop and reverse, one side only. */
function finish(rd: Reader): Parsed {
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
