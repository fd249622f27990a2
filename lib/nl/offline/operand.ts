// Operands of conditions: numbers, price fields ("the close", "yesterday's high"), and indicator
// phrases (indicator.ts); "its 200-day average" reads the last subject.
import type { Ctx } from './context';
import { ARTICLES, Cursor } from './cursor';
import { indicator } from './indicator';
import type { Opnd } from './ir';
import { isMovingAverage, takesSource } from './lexicon';
import { FIELD_NAMES } from './words';

export interface OperandOpts {
  readonly dir?: 'up' | 'down';
}

const AGO = /^(bars?|days?|periods?|candles?|sessions?)$/;

/** A number, a price field or an indicator at the cursor; undefined (cursor unchanged) otherwise. */
export function operand(c: Cursor, cx: Ctx, opts: OperandOpts = {}): Opnd | undefined {
  const start = c.i;
  const readOperand = (cc: Cursor) => {
    cx.depth++;
    try {
      return operand(cc, cx, {});
    } finally {
      cx.depth--;
    }
  };
  let possessive = false;
  let back = 0;
  for (let guard = 0; guard < 4; guard++) {
    if (c.eat('its', 'their')) possessive = true;
    else if (
      c.eat(
        "yesterday's",
        'yesterday',
        'previous',
        'prior',
        "last bar's",
        'prev',
        "the previous bar's",
        'the prior',
        'the previous',
      )
    )
      back = 1;
    else if (/^(the|a|an|any|every)$/.test(c.w())) c.i++;
    else break;
  }
  // zero line
  if (c.eat('zero line', 'zero-line', 'zero level', 'zero')) return { k: 'num', v: 0 };
  // "k crosses above d" once the stochastic was named
  const st = cx.lastByFn.get('stoch');
  if (st?.k === 'ind' && /^(k|d)$/.test(c.w()) && !c.tok()?.tight) {
    const output = c.w();
    c.i++;
    c.eat('line');
    return { ...st, output, offset: 0 };
  }
  const ind = indicator(c, cx, { dir: opts.dir, readOperand });
  if (ind) {
    if (ind.k !== 'ind') return ind;
    // "the prior 52-week high" is the breakout level itself (it already excludes the current bar)
    const level = (ind.fn === 'highest' || ind.fn === 'lowest') && ind.offset === 1;
    let o: Opnd = back && !level ? { ...ind, offset: ind.offset + back } : ind;
    // "its 20-day average": the source is what "it" is
    const subj = cx.lastSubject;
    if (
      possessive &&
      !ind.output &&
      subj &&
      subj.k !== 'num' &&
      // "its 50 day moving average" after "its 10 day moving average": both of the stock
      !(subj.k === 'ind' && isMovingAverage(subj.fn)) &&
      takesSource(ind.fn) &&
      ind.src?.k === 'field' &&
      ind.src.field === 'close' &&
      !ind.src.offset
    )
      o = { ...o, src: subj };
    if (o !== ind) cx.mention(o);
    return o;
  }
  const sign = c.eat('minus', 'negative') ? -1 : 1;
  const t = c.tok();
  if (t?.kind === 'num' && (t.unit === '' || t.unit === 'pct' || t.unit === 'usd')) {
    c.i++;
    c.eat('level', 'mark', 'line');
    return { k: 'num', v: sign * t.n };
  }
  if (sign < 0) {
    c.i = start;
    return undefined;
  }
  c.skip(ARTICLES);
  const f = c.eatTable(FIELD_NAMES);
  if (f) {
    // "the high of the last 20 days": a breakout level, like "the highest high of the last 20 days"
    if ((f === 'high' || f === 'low') && c.at('of the last') && c.num(3) !== undefined) {
      const n = c.num(3)!;
      c.i += 4;
      c.eat('days', 'day', 'bars', 'bar', 'periods', 'sessions', 'candles');
      const o: Opnd = {
        k: 'ind',
        fn: f === 'high' ? 'highest' : 'lowest',
        src: { k: 'field', field: f, offset: 0 },
        params: [n],
        offset: 1,
      };
      cx.mention(o);
      return o;
    }
    let offset = back;
    const n = c.num();
    if (
      n !== undefined &&
      Number.isInteger(n) &&
      n >= 1 &&
      n <= 5000 &&
      AGO.test(c.w(1)) &&
      c.w(2) === 'ago'
    ) {
      offset += n;
      c.i += 3;
    } else if (
      c.eat(
        'one bar ago',
        'a bar ago',
        'yesterday',
        'of the previous bar',
        'of the prior bar',
        'of yesterday',
      )
    )
      offset += 1;
    return { k: 'field', field: f, offset };
  }
  c.i = start;
  return undefined;
}

/**
 * Two indicators named together: "EMA 12/26", "the 50/200 SMA", "the 10 and 30 day EMAs", "8ema/34ema",
 * "13 ema / 48 ema", "ema20 vs 50".
 */
export function pairOperands(c: Cursor, cx: Ctx): [Opnd, Opnd] | undefined {
  const start = c.i;
  c.skip(ARTICLES);
  cx.pair = undefined;
  const a = operand(c, cx);
  const b = cx.pair;
  cx.pair = undefined;
  if (a?.k === 'ind' && b) return [a, b];
  cx.pairSep = undefined;
  if (a?.k === 'ind' && isMovingAverage(a.fn) && !a.output) {
    const at = c.i;
    const sep = c.eat('/', 'vs', 'versus', '&', 'x');
    if (sep) {
      cx.pairSep = sep;
      c.skip(ARTICLES);
      const o = operand(c, cx);
      if (o?.k === 'ind' && isMovingAverage(o.fn)) return [a, o];
      if (o?.k === 'num' && Number.isInteger(o.v) && o.v > 1 && o.v <= 5000 && !c.tok(-1)?.unit) {
        const same: Opnd = { ...a, params: [o.v] };
        cx.mention(same);
        return [a, same];
      }
    }
    c.i = at;
  }
  c.i = start;
  return undefined;
}

/** The indicator a bare number stands for: "the 50 is above the 200" after both averages were named. */
export function referred(cx: Ctx, v: number): Opnd | undefined {
  for (let k = cx.mentions.length - 1; k >= 0; k--) {
    const m = cx.mentions[k];
    if (m.k === 'ind' && !m.output && m.params.length === 1 && m.params[0] === v && !m.offset) return m;
  }
  return undefined;
}

export { Cursor };
