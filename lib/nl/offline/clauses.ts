// Statements of a request: "buy when ...", "when ..., sell", "sell half when ...", "invest 50% of
// equity", "EMA 12/26 crossover" (an entry and its opposite exit), "and RSI is above 50" (joins the
// previous rule). Anything left over that carries meaning becomes an issue, never a guess.
import type { Size } from '../../schema';
import { atLevel, condition, eventNoun, orient, startsStatement } from './condition';
import type { Ctx } from './context';
import { Cursor } from './cursor';
import { diagnose } from './diagnose';
import type { Cond, RuleIR } from './ir';
import { INDICATOR_NAMES } from './lexicon';
import { list } from './list';
import { sizeAt } from './size';
import type { Tok } from './tokens';
import { ACTIONS, AND_WORDS, FILLER, type Side, WHEN } from './words';

export interface Parsed {
  rules: RuleIR[];
  entrySize?: Size;
  /** A crossover named as a strategy: its entry and the opposite exit. */
  implied?: { side: 'buy' | 'short'; entry: Cond; exit: Cond };
  /** Indicator or style names used as labels ("MACD strategy", "Breakout"). */
  labels: string[];
}

const LEAD_INS = list(
  'and then|and also|and|then|also|so|finally|otherwise|but|please|i want to|' +
    'i would like to|i would|i want|i|we|you|let us|lets|should|will|can|to|just|simply|' +
    'want to|we should|strategy|rules|rule',
);
const OBJECTS = list(
  'it|them|the stock|the shares|shares|the position|position|positions|out|the market|in|' +
    'into it|into the market|long|the trade|trade',
);
const LABELS =
  /^(strategy|system|setup|approach|play|trade|breakout|mean|reversion|trend|following|momentum|swing|scalping|crossover|cross|signals?|indicator|based)$/;

/** Splits at sentence punctuation and commas outside parentheses. */
export function segments(toks: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'sym' && t.w === '(') depth++;
    if (t.kind === 'sym' && t.w === ')') depth = Math.max(0, depth - 1);
    if (
      (t.kind === 'sym' && ['.', ';', '!', '?', ':'].includes(t.w)) ||
      (t.kind === 'sym' && t.w === ',' && depth === 0)
    ) {
      depth = 0;
      out.push(cur);
      cur = [];
      continue;
    }
    if (!t.used) cur.push(t);
  }
  out.push(cur);
  return out.filter((s) => s.length);
}

/** The action at the cursor ("buy", "go long", "close the position"), consuming it. */
function action(c: Cursor): Side | undefined {
  const m = c.peekTable(ACTIONS);
  if (!m) return undefined;
  const single = m.end === c.i + 1;
  // "close" and "long"/"short" are also nouns and adjectives ("close is above", "long-term average")
  if (
    single &&
    c.w() === 'close' &&
    !(
      WHEN.match(c.toks, c.i + 1) ||
      /^(the|it|out|all|everything|my|positions?|longs?|shorts?|trades?)$/.test(c.w(1))
    )
  )
    return undefined;
  if (single && /^(long|short)$/.test(c.w()) && /^(term|only|position|side)$/.test(c.w(1))) return undefined;
  c.i = m.end;
  const at = c.i;
  if (c.eat(...OBJECTS) && !(c.done || WHEN.match(c.toks, c.i) || c.num() !== undefined || c.tok()?.unit))
    c.i = at;
  return m.value;
}

const isEntry = (s: Side) => s === 'buy' || s === 'short';

export function parseRules(toks: readonly Tok[], cx: Ctx): Parsed {
  const p: Parsed = { rules: [], labels: [] };
  let pendingCond: { cond: Cond; text: string } | undefined;
  let pendingAction: { side: Side; size?: Size; text: string } | undefined;
  const addRule = (side: Side, when: Cond, size?: Size) =>
    p.rules.push({ action: side, when, ...(size && { size }) });
  const applySize = (side: Side, s: ReturnType<typeof sizeAt>): Size | undefined => {
    if (!s) return undefined;
    if (isEntry(side)) {
      if (s.scope === 'exit') return undefined;
      p.entrySize = s.size;
      return undefined;
    }
    return s.scope === 'entry' ? undefined : s.size;
  };

  for (const seg of segments(toks)) {
    const c = new Cursor(seg);
    for (let guard = 0; guard < 64 && !c.done; guard++) {
      c.eat(...LEAD_INS);
      c.eat(...LEAD_INS);
      if (c.done) break;
      const from = c.i;
      // 1. "when X(,) (then) buy"
      if (c.eatTable(WHEN)) {
        const cond = condition(c, cx, undefined);
        if (!cond) {
          diagnose(c, cx, from);
          break;
        }
        c.eat(',', 'then', '->', '=>', 'we', 'i', 'you', 'should', 'will');
        const side = action(c);
        if (side) {
          const size = applySize(side, sizeAt(c));
          addRule(side, cond, size);
        } else if (pendingAction) {
          addRule(pendingAction.side, cond, pendingAction.size);
          pendingAction = undefined;
        } else pendingCond = { cond, text: c.text(from) };
        continue;
      }
      // 2. "buy (10 shares) when X (with 50% of equity)"
      const side = action(c);
      if (side) {
        let size = applySize(side, sizeAt(c));
        const when = !!c.eatTable(WHEN);
        c.eatTable(WHEN);
        const cond = (!when && atLevel(c, cx, side)) || condition(c, cx, undefined);
        size = applySize(side, sizeAt(c)) ?? size;
        if (cond) addRule(side, cond, size);
        else if (pendingCond) {
          addRule(side, pendingCond.cond, size);
          pendingCond = undefined;
        } else if (c.done && !when) {
          if (!(p.entrySize && side === 'buy' && c.i > from + 1))
            pendingAction = { side, size, text: c.text(from) };
        } else {
          diagnose(c, cx, from);
          break;
        }
        continue;
      }
      // 3. "golden cross", "EMA 12/26 crossover (strategy)": an entry and its opposite exit
      const noun = eventNoun(c, cx, undefined);
      if (noun) {
        // "death cross short strategy": the side may follow the name
        const at = c.i;
        const named = action(c);
        if (named !== 'buy' && named !== 'short') c.i = at;
        const side = named === 'short' ? 'short' : 'buy';
        const entry = orient(noun, side === 'short' ? 'down' : 'up');
        const want = side === 'short' ? 'crossunder' : 'crossover';
        if (entry.op === want && 'b' in entry)
          p.implied ??= {
            side,
            entry,
            exit: { op: want === 'crossover' ? 'crossunder' : 'crossover', a: entry.a, b: entry.b },
          };
        else
          cx.issue({
            kind: 'vague',
            text: c.text(from),
            question: `Should the strategy buy or short on the ${c.text(from, at)}, and when should it close the position?`,
          });
        continue;
      }
      // 4. "invest 50% of equity", "use $5,000 per trade"
      const at = c.i;
      c.eat('use', 'invest', 'allocate', 'put', 'bet', 'deploy', 'commit', 'trade', 'with', 'using', 'size');
      const s = sizeAt(c);
      if (s && s.scope !== 'exit') {
        p.entrySize = s.size;
        c.eat('per trade', 'on each trade', 'each trade', 'per position', 'of it');
        continue;
      }
      c.i = at;
      // 5. "and RSI is above 50", "or when ...": joins the previous rule
      const join = c.eatTable(AND_WORDS);
      c.eatTable(WHEN);
      const cond = condition(c, cx, undefined);
      if (cond) {
        c.eat(',', 'then', '->', '=>');
        const side2 = action(c);
        const last = p.rules[p.rules.length - 1];
        if (side2) addRule(side2, cond, applySize(side2, sizeAt(c)));
        else if (pendingAction) {
          addRule(pendingAction.side, cond, pendingAction.size);
          pendingAction = undefined;
        } else if (last && !startsStatement(c))
          last.when = { op: join === 'or' ? 'or' : 'and', args: [last.when, cond] };
        else pendingCond = { cond, text: c.text(from) };
        continue;
      }
      c.i = from;
      // 6. labels: "MACD strategy", "Breakout", "RSI mean reversion"
      const words = seg.slice(c.i).map((t) => t.w);
      if (
        words.length <= 5 &&
        words.some((w) => LABELS.test(w)) &&
        words.every((w) => LABELS.test(w) || FILLER.has(w) || INDICATOR_NAMES.words.has(w))
      ) {
        p.labels.push(c.text(c.i, seg.length));
        c.i = seg.length;
        break;
      }
      diagnose(c, cx, from);
      break;
    }
  }
  if (pendingCond)
    cx.issue({
      kind: 'missing',
      text: pendingCond.text,
      question: `What should the strategy do when ${pendingCond.text.replace(/^(when|if|once|whenever)\s+/i, '')}: buy, sell, short or cover?`,
    });
  if (pendingAction && !(pendingAction.side === 'buy' && p.entrySize))
    cx.issue({
      kind: pendingAction.side === 'buy' || pendingAction.side === 'short' ? 'no-entry' : 'no-exit',
      text: pendingAction.text,
      question: `When should the strategy ${pendingAction.side === 'close' ? 'exit' : pendingAction.side}? Give a condition, e.g. '${pendingAction.side === 'close' ? 'exit' : pendingAction.side} when RSI(14) ${isEntry(pendingAction.side) && pendingAction.side === 'buy' ? 'drops below 30' : 'rises above 70'}'.`,
    });
  return p;
}
