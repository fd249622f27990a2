// Conditions: atoms ("the 50-day MA crosses above the 200-day MA", "RSI(2) < 10", "it crosses back
// below", "oversold", "a golden cross", "a bullish MACD crossover") joined by and/or.
import type { Ctx } from './context';
import { ARTICLES, type Cursor } from './cursor';
import { type Dir, eventNoun, FLEX, flex, OPPOSITE, reverse, stateCond } from './events';
import { COPULA } from './grammar';
import { CLOSE, type Cond, type Opnd, sameCall, sameOpnd } from './ir';
import { INDICATOR_NAMES, isMovingAverage, levelsOf } from './lexicon';
import { operand, referred } from './operand';
import { type Rel, relation } from './relation';
import { ACTIONS, AND_WORDS } from './words';

const PRONOUNS = ['it', 'this', 'that', 'they', 'price action'];
interface Atom {
  readonly cond: Cond;
  readonly subject?: Opnd;
  readonly rel?: Rel;
}

const isOscillator = (o: Opnd) => o.k === 'ind' && !!levelsOf(o.fn);
const isPriceLike = (o: Opnd) =>
  o.k === 'field' || (o.k === 'ind' && /^(sma|ema|wma|rma|hma|vwma|bb|highest|lowest|vwap)$/.test(o.fn));

function atom(c: Cursor, cx: Ctx, prev: Atom | undefined, dir: Dir): Atom | undefined {
  const start = c.i;
  const rev = reverse(c, cx);
  if (rev) return { cond: rev };
  c.i = start;
  const noun = eventNoun(c, cx, dir);
  if (noun) return { cond: noun };
  // a bare state: "oversold", "when it's overbought" is handled below with its pronoun
  c.skip(ARTICLES);
  let pronoun = false;
  let subject: Opnd | undefined;
  if (c.eat(...PRONOUNS)) pronoun = true;
  else {
    cx.pair = undefined;
    subject = operand(c, cx);
    // "a weekly close that crosses above ...", "price, which breaks ..."
    if (subject && subject.k !== 'num') c.eat('that', 'which', 'that then');
  }
  const pair = cx.pair;
  cx.pair = undefined;
  if (subject?.k === 'num' && Number.isNaN(subject.v)) return { cond: { op: '>', a: CLOSE, b: subject } }; // unsupported, asked about
  // "the 50 is above the 200", "21 crosses over 55": numbers standing for averages named before
  const ref = subject?.k === 'num' ? referred(cx, subject.v) : undefined;
  if (ref) subject = ref;
  const rel = relation(c);
  if (!rel) {
    // "... is above the 50-day MA and the 200-day MA": the object of the previous comparison again
    // (only where the clause ends there, and an oscillator is not compared with a price)
    if (
      subject &&
      prev?.subject &&
      prev.rel &&
      !pronoun &&
      clauseEnds(c) &&
      !(isOscillator(prev.subject) && isPriceLike(subject))
    ) {
      const again = complete(c, cx, prev.subject, prev.rel, subject, undefined, dir);
      if (again) return again;
    }
    c.i = start;
    return undefined;
  }
  let elided = false;
  if (!subject) {
    // "it closes over 65" after "the 5-day rsi": the oscillator's value; otherwise "closes" is the price
    const osc = pronoun && cx.lastSubject && isOscillator(cx.lastSubject);
    if (rel.kind !== 'state' && 'priceVerb' in rel && rel.priceVerb && !osc) subject = CLOSE;
    else if (pronoun) subject = cx.lastSubject ?? CLOSE;
    else {
      subject = prev?.subject ?? cx.lastSubject ?? CLOSE;
      elided = true;
    }
  }
  if (elided && isOscillator(subject)) {
    // "RSI below 10 and above the 200 SMA": an oscillator is not compared with a price; the price is meant
    const at = c.i;
    const peek = operand(c, cx, {});
    c.i = at;
    if (peek && isPriceLike(peek)) subject = CLOSE;
  }
  const r = complete(c, cx, subject, rel, undefined, pair, dir, !!ref);
  if (!r) c.i = start;
  return r;
}

/** "it", "that ema", "this line", "the same average": the object compared with last. */
function thatOne(c: Cursor, last: Opnd): boolean {
  const at = c.i;
  if (c.w() === 'it' || c.w() === 'them') {
    c.i++;
    return true;
  }
  if (!c.eat('that', 'this', 'the same', 'that same')) return false;
  const m = c.peekTable(INDICATOR_NAMES);
  if (m && last.k === 'ind' && (m.value.fn === last.fn || (m.value.generic && isMovingAverage(last.fn))))
    c.i = m.end;
  else if (!c.eat('line', 'level', 'average', 'band', 'one', 'mark')) {
    // "that" alone is the object only where nothing else follows it as a noun
    if (m || (!c.done && c.tok()?.kind === 'word' && !/^(and|or|then|with|for|on)$/.test(c.w()))) {
      c.i = at;
      return false;
    }
  }
  return true;
}

/** Reads the object of a relation (unless given) and builds the condition. */
function complete(
  c: Cursor,
  cx: Ctx,
  a: Opnd,
  rel: Rel,
  given: Opnd | undefined,
  pair: Opnd | undefined,
  dir: Dir,
  /** The subject was a number standing for an average: so is a number object ("... above the 200"). */
  refs = false,
): Atom | undefined {
  // "volume is above its 20-day average": "its" is the subject
  const before = cx.lastSubject;
  if (a.k !== 'num') cx.lastSubject = a;
  const fail = () => {
    cx.lastSubject = before;
    return undefined;
  };
  const done = (cond: Cond): Atom => {
    if ('b' in cond || cond.op === 'rising' || cond.op === 'falling') cx.events.push(cond);
    if (a.k !== 'num') cx.lastSubject = a;
    if ('b' in cond && cond.b.k !== 'num') cx.lastObject = cond.b;
    return { cond, subject: a, rel };
  };
  switch (rel.kind) {
    case 'state':
      return done(stateCond(a, rel.over, rel.leave));
    case 'sign': {
      const zero: Opnd = { k: 'num', v: 0 };
      if (rel.event) return done({ op: rel.positive ? 'crossover' : 'crossunder', a, b: zero });
      return done({ op: rel.positive ? '>' : '<', a, b: zero });
    }
    case 'trend':
      return done({ op: rel.rising ? 'rising' : 'falling', a, n: rel.n });
    case 'margin':
      cx.issue({
        kind: 'cannot',
        text: rel.text,
        question: `A margin such as "${rel.text}" needs arithmetic, which is not in the strategy language. Can the rule compare the two directly (e.g. 'the close is above the 200-day moving average')?`,
      });
      operand(c, cx, {});
      return done({ op: '>', a, b: { k: 'num', v: Number.NaN } });
    case 'between': {
      const lo = operand(c, cx);
      if (!lo || !c.eat('and', 'to', '&')) return fail();
      const hi = operand(c, cx);
      if (!hi) return fail();
      return done({
        op: 'and',
        args: [
          { op: '>', a, b: lo },
          { op: '<', a, b: hi },
        ],
      });
    }
    default:
      break;
  }
  const pos = c.i;
  const it = !given && !!cx.lastObject && thatOne(c, cx.lastObject);
  const the = c.w() === 'the';
  let b =
    given ??
    (it ? cx.lastObject : undefined) ??
    operand(c, cx, { dir: rel.kind === 'level' ? (rel.op.startsWith('>') ? 'up' : 'down') : rel.dir });
  if (b?.k === 'num' && !c.tok(-1)?.unit && (refs || (the && isPriceLike(a)))) b = referred(cx, b.v) ?? b;
  if (
    b?.k === 'num' &&
    !Number.isNaN(b.v) &&
    c.tok(-1)?.unit === 'pct' &&
    /^(above|below|over|under|from)$/.test(c.w())
  ) {
    // "5% above the moving average": a margin, which needs arithmetic
    cx.issue({
      kind: 'cannot',
      text: c.text(pos, c.i + 1),
      question: `Comparisons with a margin ('${c.text(pos, c.i + 1)} ...') need arithmetic, which is not in the strategy language. Can the rule compare the two directly (e.g. 'the close is above the 200-day moving average')?`,
    });
    c.i++;
    operand(c, cx);
    return done({ op: '>', a, b: { k: 'num', v: Number.NaN } });
  }
  if (rel.kind === 'level') {
    if (!b) {
      if (pair) return done({ op: rel.op, a, b: pair });
      // "20-week ema on weekly bars: close above = long": the level named before
      if (cx.lastObject && !sameOpnd(cx.lastObject, a) && clauseEnds(c))
        return done({ op: rel.op, a, b: cx.lastObject });
      // "10 week sma over 40 week sma = in, under = out": the other series of the last comparison
      const e = cx.lastEventOf(a, sameOpnd);
      if (!e || e.b.k === 'num') return fail();
      return done({ op: rel.op, a, b: sameOpnd(e.a, a) ? e.b : e.a });
    }
    return done({ op: rel.op, a, b });
  }
  // an event
  let other = b ?? pair;
  let op: Cond['op'] | undefined =
    rel.dir === 'up' ? 'crossover' : rel.dir === 'down' ? 'crossunder' : undefined;
  if (!other) {
    // "sell when it crosses back (below)": the same two series as the event it undoes
    const e = cx.lastEventOf(a, (x, y) => sameOpnd(x, y) || sameCall(x, y));
    if (!e) {
      // "dual ema 12 & 26, cross up buy": the two averages named together
      if (!cx.duo || !(sameOpnd(a, CLOSE) || sameOpnd(a, cx.duo[0]))) return fail();
      const [x, y] = cx.duo;
      return done(op ? { op, a: x, b: y } : flex({ op: 'cross', a: x, b: y }));
    }
    const first = sameOpnd(e.a, a) || sameCall(e.a, a);
    other = first ? e.b : e.a;
    if (!first) a = e.b;
    if (!op && FLEX.has(e)) return done(flex({ op: 'cross', a, b: other }));
    op ??= OPPOSITE[e.op as keyof typeof OPPOSITE];
    if (!first && op !== 'cross') op = op === 'crossover' ? 'crossunder' : 'crossover';
    return done({ op, a, b: other });
  }
  if (rel.touch) {
    // "touches the lower band" is at or below it; "reaches 70" on RSI is at or above it
    const lowSide = other.k === 'ind' && (other.output === 'lower' || other.fn === 'lowest');
    const highSide = other.k === 'ind' && (other.output === 'upper' || other.fn === 'highest');
    const lv = a.k === 'ind' ? levelsOf(a.fn) : undefined;
    if (lowSide || (lv && other.k === 'num' && other.v <= (lv[0] + lv[1]) / 2))
      return done({ op: '<=', a, b: other });
    if (highSide || (lv && other.k === 'num')) return done({ op: '>=', a, b: other });
    return done(flex({ op: 'cross', a, b: other }));
  }
  // "crosses its signal from below", "crosses the 50 sma upward"
  if (!op && c.eat('from below', 'upward', 'upwards', 'to the upside')) op = 'crossover';
  if (!op && c.eat('from above', 'downward', 'downwards', 'to the downside')) op = 'crossunder';
  if (op) return done({ op, a, b: other });
  if (rel.back) {
    const e = cx.lastEventOf(a, (x, y) => sameOpnd(x, y) || sameCall(x, y));
    if (e && (sameOpnd(e.b, other) || sameOpnd(e.a, other)))
      return done({ op: OPPOSITE[e.op as keyof typeof OPPOSITE], a, b: other });
  }
  return done(
    dir ? { op: dir === 'up' ? 'crossover' : 'crossunder', a, b: other } : flex({ op: 'cross', a, b: other }),
  );
}

/** Does the clause end at the cursor (end, punctuation, a conjunction, a link to an action)? */
function clauseEnds(c: Cursor): boolean {
  if (c.done || /^[,;.:)=]$/.test(c.w()) || c.w() === '->' || c.w() === '=>') return true;
  return !!(c.peekTable(AND_WORDS) || c.peekTable(ACTIONS) || c.peekTable(COPULA));
}

/** True when the words at the cursor start a new statement rather than another condition. */
export function startsStatement(c: Cursor): boolean {
  if (c.at('then')) return true;
  const m = c.peekTable(ACTIONS);
  if (!m) return false;
  // "close" starts an order only as "close the position" / "close when ...", not as "close is above"
  return !(m.value === 'close' && m.end === c.i + 1 && c.w() === 'close');
}

/** A condition: atoms joined by and/or ("and" binds tighter). Undefined when none is at the cursor. */
export function condition(c: Cursor, cx: Ctx, dir: Dir): Cond | undefined {
  const start = c.i;
  c.eat('either');
  const first = atom(c, cx, undefined, dir);
  if (!first) {
    c.i = start;
    return undefined;
  }
  const ors: Cond[][] = [[first.cond]];
  let prev = first;
  for (let guard = 0; guard < 64 && !c.done; guard++) {
    const at = c.i;
    // "10 ema > 20 ema > 50 ema": a chain of levels, each object the next subject
    const last = ors[ors.length - 1].at(-1);
    if (last && 'b' in last && last.b.k === 'ind' && (last.op === '>' || last.op === '<')) {
      const rel = relation(c);
      const next =
        rel?.kind === 'level' ? complete(c, cx, last.b, rel, undefined, undefined, dir) : undefined;
      if (next) {
        ors[ors.length - 1].push(next.cond);
        continue;
      }
      c.i = at;
    }
    const j = c.eatTable(AND_WORDS);
    if (!j) break;
    c.eat('when', 'if', 'also', 'the case that');
    if (startsStatement(c)) {
      c.i = at;
      break;
    }
    const next = atom(c, cx, prev, dir);
    if (!next) {
      c.i = at;
      break;
    }
    if (j === 'or') ors.push([next.cond]);
    else ors[ors.length - 1].push(next.cond);
    if (next.subject) prev = next;
  }
  const ands = ors.map((xs): Cond => (xs.length === 1 ? xs[0] : { op: 'and', args: xs }));
  return ands.length === 1 ? ands[0] : { op: 'or', args: ands };
}

export type { Dir } from './events';
export { atLevel, eventNoun, orient } from './events';
