// Indicators and levels named outside a rule: "macd 8/21/5.", "cci 30 period.", "Regime = 50 day moving
// avg vs 200 day moving avg.", "(bb 20, 2)", "stoch on defaults", "-150 is my line". They set what later
// rules mean ("the macd line", "the 50", "it"); a named one that no rule uses is asked about.
import type { Ctx } from './context';
import type { Cursor } from './cursor';
import { DEFAULTS, LEVEL_NAME, MENTION_SEP, MENTION_TAIL } from './grammar';
import type { Opnd } from './ir';
import { defaultParams, isMovingAverage, levelsOf } from './lexicon';
import { operand, pairOperands } from './operand';
import type { Tok } from './tokens';

export interface Mention {
  readonly o: Opnd;
  readonly toks: readonly Tok[];
  readonly text: string;
  /** Named in a label ("MACD strategy"): any use of the function counts. */
  readonly loose?: boolean;
  /** Named without the numbers it needs ("Dual MA"): any use of its kind counts. */
  readonly vague?: boolean;
}

const priceLike = (o: Opnd) =>
  o.k === 'ind' &&
  (isMovingAverage(o.fn) || /^(highest|lowest|vwap)$/.test(o.fn) || (o.fn === 'bb' && !!o.output));

/** One operand to name: an indicator or a number (a price field names nothing). */
function named(c: Cursor, cx: Ctx): Opnd[] | undefined {
  const at = c.i;
  const pair = pairOperands(c, cx);
  if (pair) return pair;
  const o = operand(c, cx);
  if (o && o.k !== 'field' && !(o.k === 'num' && Number.isNaN(o.v))) return [o];
  c.i = at;
  return undefined;
}

/**
 * Indicators (and numbers) named together at the cursor, recorded as mentions; undefined (cursor
 * unchanged) when none is. Their problems (a missing band, a missing period) are kept in cx.quiet.
 */
export function mentions(c: Cursor, cx: Ctx, lead = c.i): Mention[] | undefined {
  const start = c.i;
  const out: Mention[] = [];
  cx.declaring = true;
  // the words between two names ("vs", "with") go with the name after them
  let from = lead;
  try {
    for (let guard = 0; guard < 8 && !c.done; guard++) {
      const at = c.i;
      const quiet = cx.quiet.length;
      const ops = named(c, cx);
      // "+DI / 0 -DI": a number that cannot be the name's period is not taken with it (it stays unused)
      if (!ops || cx.quiet.slice(quiet).some((i) => i.invalid)) {
        cx.quiet.length = quiet;
        c.i = at;
        break;
      }
      c.eatTable(DEFAULTS);
      c.eatTable(MENTION_TAIL);
      // "-150 is my line": the level that "it" means afterwards
      if (ops.length === 1 && ops[0].k === 'num' && c.eatTable(LEVEL_NAME)) cx.lastObject = ops[0];
      // a name without numbers ("fade rsi extremes") is used by any rule on that indicator
      const toks = c.toks.slice(from, c.i);
      const loose = !toks.some((t) => t.kind === 'num');
      // "Dual MA": a name whose numbers are missing stands for any indicator of its kind
      const vague = cx.quiet.length > quiet;
      for (const o of ops)
        out.push({ o, toks, text: c.text(at, c.i), ...(loose && { loose }), ...(vague && { vague }) });
      const sep = c.i;
      if (!c.eatTable(MENTION_SEP) || c.done) {
        c.i = sep;
        break;
      }
      from = sep;
    }
  } finally {
    cx.declaring = false;
  }
  if (!out.length) {
    c.i = start;
    return undefined;
  }
  return out;
}

/**
 * Adds new mentions to those read before, one thing once ("the upper band ... bollinger(20, 2.5)"), and
 * sets what "it" means next: an oscillator is the subject ("cci 30 period. a drop below -150"), a price
 * level the object ("upper band breakout w/ bollinger(20, 2.5): buy when the close breaks above it").
 */
export function settle(before: readonly Mention[], added: readonly Mention[], cx: Ctx): Mention[] {
  // "SMAs: 20 and 60": lengths after a kind of average named without them
  const kind = before.at(-1);
  const lengths = added.every(
    (m) => m.o.k === 'num' && Number.isInteger(m.o.v) && m.o.v > 1 && m.o.v <= 5000,
  );
  if (kind?.vague && kind.o.k === 'ind' && isMovingAverage(kind.o.fn) && added.length && lengths) {
    const ma = kind.o;
    const made = added.map((m, k) => {
      const o: Opnd = { ...ma, params: [m.o.k === 'num' ? m.o.v : 0] };
      cx.mention(o);
      return { o, toks: k ? m.toks : [...kind.toks, ...m.toks], text: `${kind.text} ${m.text}` };
    });
    return settle(before.slice(0, -1), made, cx);
  }
  const all = [...before, ...added];
  merge(all, cx);
  const named = (ms: readonly Mention[]) =>
    ms
      .filter((m) => !m.vague)
      .map((m) => m.o)
      .filter((o) => o.k === 'ind' && isMovingAverage(o.fn));
  // two averages named together, or the only two named so far ("Fast 7 EMA, slow 25 EMA.")
  const mas = named(added).length === 2 ? named(added) : named(all);
  if (mas.length === 2) {
    const p0 = (o: Opnd) => (o.k === 'ind' ? o.params[0] : 0);
    cx.duo = p0(mas[0]) <= p0(mas[1]) ? [mas[0], mas[1]] : [mas[1], mas[0]];
  }
  const fresh = all.slice(before.length).length ? all.slice(Math.min(before.length, all.length - 1)) : [];
  const inds = (fresh.length ? fresh : all.slice(-1)).map((m) => m.o).filter((o) => o.k === 'ind');
  const osc = inds.filter((o) => o.k === 'ind' && (levelsOf(o.fn) || !priceLike(o)));
  const lvl = inds.filter(priceLike);
  if (osc.length) cx.lastSubject = osc[osc.length - 1];
  if (lvl.length) cx.lastObject = lvl[lvl.length - 1];
  return all;
}

/**
 * "the upper band ... bollinger(20, 2.5)": a band named without parameters and its indicator named with
 * them are one thing, the upper band of bb(20, 2.5).
 */
function merge(out: Mention[], cx: Ctx): void {
  for (let k = out.length - 1; k > 0; k--) {
    const o = out[k].o;
    if (o.k !== 'ind' || o.output) continue;
    const j = out.findIndex(
      (m, x) =>
        x < k &&
        m.o.k === 'ind' &&
        m.o.fn === o.fn &&
        !!m.o.output &&
        m.o.params.every((p, i) => p === defaultParams(o.fn)[i]),
    );
    if (j < 0) continue;
    const first = out[j].o as Opnd & { k: 'ind' };
    const both: Opnd = { ...first, params: o.params };
    out[j] = { o: both, toks: [...out[j].toks, ...out[k].toks], text: `${out[j].text} ${out[k].text}` };
    out.splice(k, 1);
    cx.mention(both);
  }
}
