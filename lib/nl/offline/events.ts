// Named events and levels: "golden cross", "a bullish MACD crossover", "the 12/26 EMA cross", "the
// opposite signal", "sell at the upper band"; and undirected crosses, whose direction comes from the
// action they trigger (orient).
import type { Ctx } from './context';
import { ARTICLES, type Cursor } from './cursor';
import { COPULA } from './grammar';
import { CLOSE, type Cond, type Opnd, sameOpnd } from './ir';
import { levelsOf } from './lexicon';
import { operand, pairOperands } from './operand';
import { declare, PhraseTable } from './phrases';
import { ACTIONS } from './words';

/** Direction an undirected cross takes from its action ("buy when MACD crosses the signal line"). */
export type Dir = 'up' | 'down' | undefined;

const sma = (n: number): Opnd => ({ k: 'ind', fn: 'sma', src: CLOSE, params: [n], offset: 0 });
export const OPPOSITE = {
  crossover: 'crossunder',
  crossunder: 'crossover',
  cross: 'cross',
  '>': 'crossunder',
  '>=': 'crossunder',
  '<': 'crossover',
  '<=': 'crossover',
} as const;

/** Conditions whose direction comes from the action (undirected crosses); see orient(). */
export const FLEX = new WeakSet<object>();

/** Gives undirected crosses the direction of their action. */
export function orient(c: Cond, dir: Dir): Cond {
  if (c.op === 'and' || c.op === 'or') return { op: c.op, args: c.args.map((x) => orient(x, dir)) };
  if (!FLEX.has(c) || !('b' in c)) return c;
  return { op: dir === 'up' ? 'crossover' : dir === 'down' ? 'crossunder' : 'cross', a: c.a, b: c.b };
}

export function flex(c: Cond): Cond {
  FLEX.add(c);
  return c;
}

/** The oscillator that "oversold"/"overbought" refers to: the subject if it has levels, else RSI(14). */
export function stateCond(subject: Opnd | undefined, over: boolean, leave: boolean): Cond {
  const osc: Opnd =
    subject?.k === 'ind' && levelsOf(subject.fn)
      ? subject
      : { k: 'ind', fn: 'rsi', src: CLOSE, params: [14], offset: 0 };
  const lv = levelsOf(osc.k === 'ind' ? osc.fn : 'rsi')!;
  const b: Opnd = { k: 'num', v: over ? lv[1] : lv[0] };
  if (leave) return { op: over ? 'crossunder' : 'crossover', a: osc, b };
  return { op: over ? '>' : '<', a: osc, b };
}

const PREPS = new PhraseTable<true>(
  ['above', 'over', 'below', 'under', 'up', 'down', 'through', 'back', 'again', 'beneath', 'past'].map(
    (w) => [w, true] as const,
  ),
);

function peekOperand(c: Cursor, cx: Ctx): boolean {
  const at = c.i;
  const subject = cx.lastSubject;
  const issues = cx.issues.length;
  const o = operand(c, cx);
  c.i = at;
  cx.lastSubject = subject;
  cx.issues.length = issues;
  return !!o;
}

/** The crosses with a name of their own: the 50-day average against the 200-day one. */
const NAMED_CROSSES = declare<'up' | 'down'>('named crosses', [
  {
    phrases: 'golden cross|golden crossover|golden-cross',
    yields: 'up',
    meaning: 'the 50-day moving average crosses above the 200-day one (after two averages: their cross up)',
  },
  {
    phrases: 'death cross|death crossover|death-cross',
    yields: 'down',
    meaning: 'the 50-day moving average crosses below the 200-day one (after two averages: their cross down)',
  },
]);

/** A cross named as a thing: "the 12/26 EMA crossover", "a bullish MACD cross". */
const CROSS_NOUNS = declare<'up' | 'down' | undefined>('crosses as nouns', [
  {
    phrases: 'cross|crossing|crossover',
    yields: undefined,
    meaning:
      'the cross of the two series named before it (its direction from the action or a word like bullish)',
  },
  { phrases: 'cross over', yields: 'up', meaning: 'the cross upwards' },
  { phrases: 'crossunder|cross under', yields: 'down', meaning: 'the cross downwards' },
]);

/** After a breakout level: the close breaking through it. */
const BREAKS = declare<'up' | 'down'>('breakouts', [
  {
    phrases: 'breakout|break out|breakouts|break',
    yields: 'up',
    meaning: 'the close crossing above the level',
  },
  {
    phrases: 'breakdown|break down|breakdowns',
    yields: 'down',
    meaning: 'the close crossing below the level',
  },
]);

/** Before a cross: its direction ("a bullish MACD crossover"); after it ("the signal cross up"). */
const MOODS = declare<'up' | 'down'>('directions of a cross', [
  {
    phrases: 'bullish|positive|upward|up|upwards|to the upside',
    yields: 'up',
    meaning: 'the cross upwards (before the cross, or right after it)',
  },
  {
    phrases: 'bearish|negative|downward|down|downwards|to the downside',
    yields: 'down',
    meaning: 'the cross downwards',
  },
]);

/** After a named cross: words that add nothing ("a golden cross occurs"). */
const HAPPENS = declare<true>('words after a named cross', [
  {
    phrases:
      'occurs|happens|forms|appears|takes place|is triggered|triggers|prints|is confirmed|shows up|signal|' +
      'strategy|system|setup',
    yields: true,
    meaning: 'no meaning of their own after a named cross',
  },
]);

/** The opposite of the last event: "exit on the opposite crossover", "sell on the reverse signal". */
const OPPOSITES = declare<true>('the opposite event', [
  {
    phrases:
      'opposite|reverse|reversal|inverse|opposite of that|reverse of that|other way|cross back|cross back down|' +
      'cross back up|crossback|opposite cross|reverse cross',
    yields: true,
    meaning: 'the opposite of the last cross or level said (a cross up becomes a cross down)',
  },
]);

/** "sell at the upper band", "buy at oversold": the price reaching a level. */
const AT = declare<true>('reaching a level', [
  {
    phrases: 'at|near|on a touch of|on touching|at a touch of',
    yields: true,
    meaning: 'the price reaching the level (upper levels from below, lower ones from above)',
  },
]);

export const EVENT_TABLES = [NAMED_CROSSES, CROSS_NOUNS, BREAKS, MOODS, HAPPENS, OPPOSITES, AT] as const;

/** "golden cross", "a bullish MACD crossover", "the 12/26 EMA cross", "stochastic crossover". */
export function eventNoun(c: Cursor, cx: Ctx, dir: Dir): Cond | undefined {
  const start = c.i;
  c.skip(ARTICLES);
  const named = c.eatTable(NAMED_CROSSES);
  if (named) {
    c.eatTable(HAPPENS);
    return { op: named === 'up' ? 'crossover' : 'crossunder', a: sma(50), b: sma(200) };
  }
  const d: Dir = c.eatTable(MOODS) ?? dir;
  // "a cross of the 10 sma above the 40 sma"
  const of = c.peekTable(CROSS_NOUNS);
  if (of && c.toks[of.end]?.w === 'of') {
    c.i = of.end + 1;
    const x = operand(c, cx);
    const up = c.eat('above', 'over', 'up through');
    const down = !up && c.eat('below', 'under', 'down through');
    if (!up && !down) c.eat('with', 'and', 'through');
    const y = x?.k === 'ind' || x?.k === 'field' ? operand(c, cx) : undefined;
    if (x && y && x.k !== 'num' && y.k !== 'num') {
      const cond: Cond = { op: down ? 'crossunder' : 'crossover', a: x, b: y };
      cx.events.push(cond);
      cx.lastSubject = x;
      return up || down ? cond : flex(cond);
    }
    c.i = start;
    return undefined;
  }
  const pair = pairOperands(c, cx);
  let a: Opnd | undefined;
  let b: Opnd | undefined;
  if (pair) [a, b] = pair;
  else {
    const at = c.i;
    const o = operand(c, cx);
    if (o?.k !== 'ind') c.i = at;
    if (o?.k === 'ind' && (o.fn === 'macd' || o.fn === 'stoch')) {
      const [x, y] = o.fn === 'macd' ? ['macd', 'signal'] : ['k', 'd'];
      a = { ...o, output: x };
      b = { ...o, output: y };
      // "%k/%d cross", "macd/signal crossover": both lines named
      const at2 = c.i;
      const both = c.eat('/', 'and', '&', 'vs', 'x') && c.eat('%d', 'd', 'signal line', 'signal', '%d line');
      if (!both || !c.peekTable(CROSS_NOUNS)) c.i = at2;
    } else if (o?.k === 'ind' && (o.fn === 'highest' || o.fn === 'lowest') && c.peekTable(BREAKS)) {
      // "buy the 20-day high breakout", "the 10-day low breakdown"
      const up = c.eatTable(BREAKS) === 'up';
      c.eatTable(HAPPENS);
      const cond: Cond = { op: up ? 'crossover' : 'crossunder', a: CLOSE, b: o };
      cx.events.push(cond);
      cx.lastSubject = CLOSE;
      return cond;
    } else if (o?.k === 'ind') [a, b] = [CLOSE, o];
  }
  c.eat('line', 'signal line');
  // "buy the crossover up" after "Fast 7 EMA, slow 25 EMA": the two averages named before
  if (!a && cx.duo && /^(cross|crossover|crossunder|crossing)$/.test(c.w())) [a, b] = cx.duo;
  // "sma20 x sma50": the x is the cross; "50ema/200ema golden cross": the kind of cross names its direction
  const kind = a && b ? (c.peekTable(NAMED_CROSSES) ?? c.peekTable(CROSS_NOUNS)) : undefined;
  if (kind) c.i = kind.end;
  const word = !!kind || (!!a && !!b && cx.pairSep === 'x' && !!pair);
  // "buy the signal cross up": a direction after the noun, then nothing but the action
  const at = c.i;
  let after: Dir = word ? c.eatTable(MOODS) : undefined;
  if (after && !(c.done || c.peekTable(ACTIONS) || c.peekTable(COPULA))) {
    c.i = at;
    after = undefined;
  }
  // a noun only: "the 50-day MA cross above ..." and "crossing the signal line" are verbs
  const verb = !after && !!word && (!!c.peekTable(PREPS) || (!c.done && peekOperand(c, cx)));
  if (!word || !a || !b || verb) {
    c.i = start;
    return undefined;
  }
  c.eatTable(HAPPENS);
  c.eatTable(HAPPENS);
  // "the 20 day ma cross on the close": the price is what crosses the line
  if (a && a.k === 'field')
    c.eat('on the close', 'of the close', 'on close', 'by the close', 'of price', 'by price');
  const named2: Dir = kind ? (kind.value as Dir) : undefined;
  const dd: Dir = after ?? named2 ?? d;
  const cond: Cond = { op: dd === 'down' ? 'crossunder' : 'crossover', a, b };
  cx.events.push(cond);
  cx.lastSubject = a;
  return dd ? cond : flex({ op: 'crossover', a, b });
}

/** "the opposite signal", "the reverse crossover", "a reversal": the opposite of the last event. */
export function reverse(c: Cursor, cx: Ctx): Cond | undefined {
  const start = c.i;
  c.skip(ARTICLES);
  if (!c.eatTable(OPPOSITES)) return undefined;
  c.eat('signal', 'crossover', 'cross', 'crossing', 'condition', 'event', 'of the entry', 'of that');
  const e = cx.lastEventOf(undefined, sameOpnd);
  if (!e) {
    c.i = start;
    return undefined;
  }
  if (FLEX.has(e)) return flex({ op: 'cross', a: e.a, b: e.b });
  const op = OPPOSITE[e.op as keyof typeof OPPOSITE];
  if (op !== 'cross') return { op, a: e.a, b: e.b };
  c.i = start;
  return undefined;
}

/**
 * "sell at the upper band", "buy at the lower band", "cover at the middle band", "sell at overbought":
 * the price reaching a level. Upper levels are reached from below, lower ones from above; others by side.
 */
export function atLevel(
  c: Cursor,
  cx: Ctx,
  side: 'buy' | 'sell' | 'short' | 'cover' | 'close',
): Cond | undefined {
  const start = c.i;
  if (!c.eatTable(AT)) return undefined;
  c.skip(ARTICLES);
  const over = c.eat('overbought', 'oversold');
  if (over) {
    const s = cx.lastSubject;
    return stateCond(s, over === 'overbought', false);
  }
  const b = operand(c, cx, {});
  if (!b || (b.k === 'num' && Number.isNaN(b.v))) {
    c.i = start;
    return undefined;
  }
  const a = b.k === 'num' ? (cx.lastSubject ?? CLOSE) : CLOSE;
  const upper = b.k === 'ind' && (b.output === 'upper' || b.fn === 'highest');
  const lower = b.k === 'ind' && (b.output === 'lower' || b.fn === 'lowest');
  const fromBelow = upper || (!lower && (side === 'sell' || side === 'short'));
  const cond: Cond = { op: fromBelow ? '>=' : '<=', a, b };
  cx.events.push(cond);
  return cond;
}
