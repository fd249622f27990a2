// Actions at the cursor: "buy", "go long", "close the position", "gets me out", roles such as "entry"
// and "trigger", and an action linked to the condition before it ("= buy", "is my sell", "-> flip short").
import { ARTICLES, type Cursor } from './cursor';
import { ACTION_TAIL, COPULA, ROLES } from './grammar';
import { list } from './list';
import { sizeAt } from './size';
import { ACTIONS, type Side, WHEN } from './words';

/** What a statement does: an order side, or the strategy's entry (long unless it only shorts). */
export type Said = Side | 'entry';

const OBJECTS = list(
  'it|them|the stock|the shares|shares|the position|position|positions|out|the market|in|' +
    'into it|into the market|long|the trade|trade|me',
);
const ENDS = new Set(['=', '->', '=>', ':', ',', ';', '.']);

/** The action at the cursor ("buy", "go long", "close the position", "entry"), consuming it. */
export function action(
  c: Cursor,
  opts: { roles?: boolean; linked?: boolean } = { roles: true },
): Said | undefined {
  const at = c.i;
  const m = c.peekTable(ACTIONS);
  // "buy-the-dip", "long-term": a word joined to the next one by a hyphen is a modifier, not an order
  // after a link ("-> close", "= exit") a lone word at the end is an order, whatever else it could be
  const last = !!opts.linked && (m?.end ?? 0) >= c.toks.length;
  if (m && !c.toks[m.end]?.joined && (last || plausible(c, m.end))) {
    c.i = m.end;
    const after = c.i;
    if (c.eat(...OBJECTS) && !(c.done || WHEN.match(c.toks, c.i) || c.num() !== undefined || c.tok()?.unit))
      c.i = after;
    return m.value;
  }
  if (c.w() === 'add' && !c.tok(1)?.joined) {
    // "add a lot", "add 5 shares", "add to the position": a buy; "add a 2% stop" is not
    c.i++;
    const s = sizeAt(c);
    if (s && s.scope !== 'exit') {
      c.i = at + 1;
      return 'buy';
    }
    if (c.eat('to the position', 'to it', 'more', 'to my position', 'to the long')) return 'buy';
    c.i = at;
  }
  if (!opts.roles) return undefined;
  const r = c.peekTable(ROLES);
  if (!r) return undefined;
  // "in" and "out" are roles only where a label ends ("In: ...", "out = ...")
  const w = c.w();
  if (
    (w === 'in' || w === 'out') &&
    r.end === c.i + 1 &&
    !(r.end >= c.toks.length || ENDS.has(c.toks[r.end].w) || WHEN.match(c.toks, r.end))
  )
    return undefined;
  c.i = r.end;
  return r.value;
}

/** Single words that are actions only in some places ("close is above" is a price, "long-term" an adjective). */
function plausible(c: Cursor, end: number): boolean {
  if (end !== c.i + 1) return true;
  const w = c.w();
  const next = c.w(1);
  if (w === 'close')
    return (
      !!WHEN.match(c.toks, c.i + 1) ||
      /^(the|it|out|all|everything|my|positions?|longs?|shorts?|trades?)$/.test(next)
    );
  if (/^(long|short)$/.test(w)) return !/^(term|only|position|side|or|and)$/.test(next);
  if (w === 'flat') return !/^(line|market|period)$/.test(next);
  return true;
}

/**
 * An action after a condition, with its link: "buy", ", then buy", "= buy signal", "is my sell",
 * "-> flip short", "gets me in". Undefined (cursor unchanged) when no action follows.
 */
export function linkedAction(c: Cursor): Said | undefined {
  const at = c.i;
  // "rsi > 60 or a 7% target gets me out": the stop was read elsewhere; its "or" stays behind
  if ((c.w() === 'or' || c.w() === 'and') && !c.done) {
    c.i++;
    c.skip(ARTICLES);
  }
  const direct = action(c, { roles: false });
  // "rsi < 30 sell when rsi > 70": an action followed by its own "when" opens the next rule
  if (direct && WHEN.match(c.toks, c.i)) {
    c.i = at;
    return undefined;
  }
  if (direct) return tail(c, direct);
  for (let k = 0; k < 2; k++) {
    if (!c.eatTable(COPULA)) break;
    c.skip(ARTICLES);
    const a = action(c, { roles: true, linked: true });
    if (a) return tail(c, a);
  }
  c.i = at;
  return undefined;
}

function tail(c: Cursor, a: Said): Said {
  c.eatTable(ACTION_TAIL);
  return a;
}

export const isEntry = (s: Said): boolean => s === 'buy' || s === 'short' || s === 'entry';
