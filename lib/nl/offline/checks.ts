// Checks of a whole reading: "stop and reverse" turns exits into reversals, a rule that can never be
// true or a side the request ruled out ("long only" with a short rule) is asked about, and every
// indicator or number named outside the rules must be used by some rule.
import type { StrategySpec } from '../../schema';
import { numbersOf } from './account';
import { specIR } from './build';
import type { Parsed } from './clauses';
import type { FinalRule } from './fresh';
import type { Cond, Issue, Opnd, RuleIR } from './ir';
import { CLOSE, sameOpnd } from './ir';
import { isMovingAverage, levelsOf, titleOf } from './lexicon';
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

/** An example rule on an indicator: its oversold level for an oscillator, the close crossing it for a price level. */
function exampleOf(o: Opnd & { k: 'ind' }): string {
  const lv = levelsOf(o.fn);
  if (lv) return condText({ op: 'crossunder', a: o, b: { k: 'num', v: lv[0] } }).replace(/^/, 'buy when ');
  if (isMovingAverage(o.fn) || o.fn === 'bb' || o.fn === 'highest')
    return `buy when ${condText({ op: 'crossover', a: CLOSE, b: o })}`;
  return `buy when ${condText({ op: 'crossover', a: o, b: { k: 'num', v: 0 } })}`;
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
    return {
      kind: 'missing',
      text: m.text,
      // "leave it out" takes the words out of the request (answer.ts)
      ask: { kind: 'unknown-word', phrases: [m.text], choices: [] },
      question:
        m.o.k === 'ind'
          ? `You mention "${m.text}", but no rule uses that ${titleOf(m.o.fn)}. Should a rule use it, e.g. '${exampleOf(m.o)}', or should it be left out?`
          : `You mention "${m.text}", but no rule uses that number. What is it for, e.g. a level ('buy when RSI(14) drops below ${m.o.k === 'num' ? m.o.v : 30}')?`,
    };
  }
  return undefined;
}
