// Statements of a request: "buy when ...", "when ..., sell", "rsi<30 = buy", "X is my sell", "Entry =
// ...", "invest 50% of equity", "EMA 12/26 crossover" (an entry and its opposite exit), "and RSI is above
// 50" (joins the previous rule), indicators named on their own ("macd 8/21/5."), and the words around
// them. A word that carries nothing (a label, filler) is kept as unused; one that carries a number, an
// indicator, a relation, a negation or an action and cannot be placed becomes an issue, never a guess.
// The loop's memory and what is settled at the end are in reader.ts; the segments in parsed.ts.
import { carries } from './account';
import { action, linkedAction } from './actions';
import { atLevel, condition, eventNoun, startsStatement } from './condition';
import type { Ctx } from './context';
import { ARTICLES, Cursor } from './cursor';
import { diagnose } from './diagnose';
import {
  BOTH_WAYS,
  FILTER,
  LEAD_INS,
  NO_CHECK_AFTER,
  NO_CHECK_BEFORE,
  ONE_SIDE,
  REFINE,
  REVERSAL,
  SIZE_VERBS,
} from './grammar';
import type { Opnd, RuleIR } from './ir';
import { INDICATOR_NAMES } from './lexicon';
import { mentions, settle } from './mention';
import { type Parsed, type Segment, segmentsOf } from './parsed';
import { attempt, finish, imply, Reader } from './reader';
import { RELATION_TABLES } from './relation';
import { sizeAt } from './size';
import type { Tok } from './tokens';
import { AND_WORDS, CANNOT, FIELD_NAMES, FILLER, UNSUPPORTED, VAGUE, WHEN } from './words';

/** Words of relations ("drops", "above", "rising"): in an unread qualifier they mean a dropped condition. */
const RELATION_WORDS: ReadonlySet<string> = new Set(
  RELATION_TABLES.flatMap((t) => [...t.words]).filter((w) => !FILLER.has(w)),
);

const LABELS =
  /^(strategy|system|setup|approach|play|trade|breakout|mean|reversion|trend|following|momentum|swing|scalping|crossover|cross|signals?|indicator|based)$/;

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
  /** Did the run of unused words start right after a rule of this segment ("... confirmed by volume")? */
  let runAfterRule = false;
  const markers: Tok[] = [];
  const flush = () => {
    // "... and the trend is strong", "... or price drops", "but wait for confirmation": what reads as
    // one more condition and cannot be read is asked about, never dropped
    const more =
      /^(and|or|but|while|when|whenever|if|once|unless|provided|except)$/.test(run[0]?.w ?? '') &&
      run.some((t) => t.kind === 'word' && !FILLER.has(t.w));
    // "... in an uptrend", "... confirmed by volume": a trailing qualifier of the rule just read
    const qualifier =
      runAfterRule &&
      !explained() &&
      run.some((t, k) => VAGUE.match(run, k) || FIELD_NAMES.match(run, k) || RELATION_WORDS.has(t.w));
    if (more || qualifier) {
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
  const explained = () => seg.toks.some((_, k) => REFINE.match(seg.toks, k));
  for (let guard = 0; guard < 256 && !c.done; guard++) {
    const lead = c.i;
    c.eatTable(LEAD_INS);
    c.eatTable(LEAD_INS);
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
    const verb = c.eatTable(SIZE_VERBS);
    const s = sizeAt(c);
    // "12%" alone is not a size: only "use 12%", "12% of equity", "12% per trade" are
    if (s && s.scope !== 'exit' && (verb || s.scope === 'entry')) {
      rd.entry(s.size, c.text(from));
      c.eat('per trade', 'on each trade', 'each trade', 'per position', 'of it');
      if (verb === 'risk') p.riskSize = c.text(from);
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
    // a style word ("momentum strat") names nothing; an indicator or a number does
    const named = carries(c, (fn) => cx.lastByFn.has(fn)) ? mentions(c, cx, from) : undefined;
    if (named) {
      p.mentions = settle(p.mentions, named, cx);
      used(lead);
      continue;
    }
    c.i = from;
    // 8. a word that carries nothing is kept aside; anything else is asked about
    c.i = lead;
    if (!carries(c, (fn) => cx.lastByFn.has(fn))) {
      if (!run.length) runAfterRule = !!segRule;
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

export type { Parsed } from './parsed';
export { segments } from './parsed';
