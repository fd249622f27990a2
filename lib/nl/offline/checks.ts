// Checks of a whole reading: "stop and reverse" turns exits into reversals, a rule that can never be
// true or a side the request ruled out ("long only" with a short rule) is asked about, and every
// indicator or number named outside the rules must be used by some rule.
import type { StrategySpec } from '../../schema';
import { numbersOf } from './account';
import { specIR } from './build';
import type { Parsed } from './clauses';
import type { FinalRule } from './fresh';
import type { Cond, Issue, Opnd, RuleIR } from './ir';
import { sameOpnd } from './ir';
import { isMovingAverage, titleOf } from './lexicon';
import { condText } from './phrase';

/** "stop and reverse", "always in": the down-event shorts (and the up-event buys) instead of only exiting. */
export function applyReverse(p: Parsed): void {
  if (!p.reverse) return;
  const has = (a: RuleIR['action']) => p.rules.some((r) => r.action === a);
  if (!p.rules.length && p.implied) {
    const { side, entry, exit, from } = p.implied;
    p.rules.push(
      { action: side, when: entry, from },
      { action: side === 'buy' ? 'short' : 'buy', when: exit, from },
    );
    p.implied = undefined;
    return;
  }
  if (has('buy') && !has('short'))
    for (const r of p.rules) if (r.action === 'close' || r.action === 'sell') r.action = 'short';
  if (has('short') && !has('buy'))
    for (const r of p.rules) if (r.action === 'close' || r.action === 'cover') r.action = 'buy';
}

/** Level bounds a condition puts on one series on the bar it is true (crosses included). */
function bounds(c: Cond, out: { a: Opnd; lo?: number; hi?: number }[]): void {
  if (c.op === 'and') {
    for (const x of c.args) bounds(x, out);
    return;
  }
  if (!('b' in c) || c.b.k !== 'num' || Number.isNaN(c.b.v)) return;
  const above = c.op === '>' || c.op === '>=' || c.op === 'crossover';
  const below = c.op === '<' || c.op === '<=' || c.op === 'crossunder';
  if (!above && !below) return;
  let e = out.find((x) => sameOpnd(x.a, c.a));
  if (!e) out.push((e = { a: c.a }));
  if (above) e.lo = Math.max(e.lo ?? Number.NEGATIVE_INFINITY, c.b.v);
  else e.hi = Math.min(e.hi ?? Number.POSITIVE_INFINITY, c.b.v);
}

/** A rule that can never hold, or a side the request excluded; undefined when there is none. */
export function contradiction(p: Parsed, rules: readonly FinalRule[]): Issue | undefined {
  const text = (r: FinalRule) =>
    (r.from ?? [])
      .map((t) => t.raw)
      .filter(Boolean)
      .join(' ');
  if (p.only) {
    const said = p.only.from.map((t) => t.raw).join(' ');
    const wrong = rules.find((r) => (p.only!.side === 'long' ? r.action === 'short' : r.action === 'buy'));
    if (wrong)
      return {
        kind: 'cannot',
        text: said,
        question: `You said "${said}", but a rule ${wrong.action === 'short' ? 'shorts' : 'buys'} ("${text(wrong)}"). Should the strategy ${p.only.side === 'long' ? 'only buy and sell, or short as well' : 'only short and cover, or buy as well'}?`,
      };
  }
  for (const r of rules) {
    const b: { a: Opnd; lo?: number; hi?: number }[] = [];
    bounds(r.when, b);
    const never = b.find((x) => x.lo !== undefined && x.hi !== undefined && x.lo >= x.hi);
    if (never)
      return {
        kind: 'cannot',
        text: text(r) || condText(r.when),
        question: `The ${r.action} rule can never be true: ${condText(r.when)} cannot both hold on the same bar. Which did you mean?`,
      };
  }
  return undefined;
}

/** Does the spec use the indicator `o` (same function and parameters; any output of a tuple)? */
function uses(spec: StrategySpec, o: Opnd & { k: 'ind' }, loose = false, kind = false): boolean {
  for (const x of specIR(spec).values()) {
    if (x.k !== 'ind') continue;
    if (kind && isMovingAverage(x.fn) && isMovingAverage(o.fn)) return true;
    if (x.fn !== o.fn) continue;
    if (loose) return true;
    if (x.params.length === o.params.length && x.params.every((v, k) => v === o.params[k])) return true;
  }
  return false;
}

/** The first indicator or number named outside the rules that no rule uses: a question, never dropped. */
export function unusedMention(p: Parsed, spec: StrategySpec): Issue | undefined {
  const nums = numbersOf(spec);
  for (const m of p.mentions) {
    // "Dual MA" (a generic name without its numbers) stands for any moving average; "that ema" only for an EMA
    const generic = !!m.vague && m.o.k === 'ind' && m.o.fn === 'sma' && !/\b(sma|simple)\b/i.test(m.text);
    const used =
      m.o.k === 'ind'
        ? uses(spec, m.o, m.loose || m.vague, generic)
        : m.o.k === 'num'
          ? nums.has(m.o.v)
          : true;
    if (used) continue;
    const what = m.o.k === 'ind' ? titleOf(m.o.fn) : String(m.o.k === 'num' ? m.o.v : '');
    return {
      kind: 'missing',
      text: m.text,
      question: `You mention "${m.text}", but no rule uses ${m.o.k === 'ind' ? `that ${what}` : 'that number'}. What should the strategy do with it? Say it as a rule, e.g. 'buy when ... crosses above ...', or leave it out.`,
    };
  }
  return undefined;
}
