// Understanding values of the offline parser: a validated strategy (compiled and described), or one
// question built from the most fundamental issue found. A question carries what it asks as data (`ask`),
// quotes the request's own words, and never shows the validator's wording.
import {
  type Condition,
  compile,
  describe,
  type Operand,
  type StrategySpec,
  validateSpec,
} from '../../schema';
import type { Ask, Understanding } from '../types';
import { ISSUE_RANK, type Issue } from './ir';
import { exact, locateAll, quoteExactly, type Span } from './quote';

export function question(q: string, unclear: string[], ask?: Ask): Understanding {
  return { ok: false, question: q, unclear, source: 'offline', ...(ask && { ask }) };
}

/** "a", "a and b", "a, b and c". */
const and = (xs: readonly string[]) =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
const quoted = (xs: readonly string[]) => and(xs.map((x) => `"${x}"`));

/** "Over how many bars ...": every phrase that lacks a length, in the order written, asked at once. */
function lengthsQuestion(phrases: readonly string[], unclear: string[]): Understanding {
  const eg = and(['20', '50', '200', '10', '30'].slice(0, Math.min(5, phrases.length)));
  // The same words twice ("the ema crosses above the ema") are told apart by their order.
  const nth = ['first', 'second', 'third', 'fourth', 'fifth'];
  const seen = new Map<string, number>();
  const named = phrases.map((p) => {
    const k = seen.get(p.toLowerCase()) ?? 0;
    seen.set(p.toLowerCase(), k + 1);
    const twice = phrases.filter((x) => x.toLowerCase() === p.toLowerCase()).length > 1;
    return twice ? `the ${nth[k] ?? `${k + 1}th`} "${p}"` : `"${p}"`;
  });
  return question(
    phrases.length > 1
      ? `How many bars should ${and(named)} be computed over? Give the lengths in that order, e.g. "${eg}".`
      : `Over how many bars should ${quoted(phrases)} be computed? Give a length, e.g. "20" (for 'the 20-day moving average').`,
    unclear,
    { kind: 'lengths', phrases, choices: [] },
  );
}

/** A length written next to a phrase: "20 ema", "the 50-day ma", "ema 20", "ma(50)". */
function hasLength(request: string, s: Span): boolean {
  const before = request.slice(Math.max(0, s.start - 24), s.start);
  const after = request.slice(s.end, s.end + 12);
  return (
    /\d\s*-?\s*(days?|bars?|periods?|weeks?|hours?|candles?)?[\s-]*(the\s+)?$/i.test(before) ||
    /^\s*\(?\s*\d/.test(after)
  );
}

/** Each place in the request where one of the phrases stands without a length, in order ("the ema ... the ema"). */
export function lengthsIn(request: string, phrases: readonly string[]): Span[] {
  const spans = [...new Set(phrases)]
    .flatMap((p) => locateAll(request, p))
    .filter((s) => !hasLength(request, s))
    .sort((a, b) => a.start - b.start);
  return spans.filter((s, i) => i === 0 || s.start !== spans[i - 1].start);
}

/** One question for a list of issues: the first of the lowest rank; vague phrases are asked together. */
export function ask(issues: readonly Issue[]): Understanding {
  const sorted = [...issues].sort((a, b) => ISSUE_RANK[a.kind] - ISSUE_RANK[b.kind]);
  const first = sorted[0];
  const unclear = [...new Set(sorted.map((i) => i.text))];
  if (first.ask?.kind === 'lengths') {
    const issues = sorted.filter((i) => i.ask?.kind === 'lengths' && i.kind === first.kind);
    return lengthsQuestion([...new Set(issues.flatMap((i) => i.ask?.phrases ?? []))], unclear);
  }
  const vague = sorted.filter((i) => i.kind === 'vague' && i.question.startsWith('"'));
  if (first.kind === 'vague' && vague.length > 1) {
    const texts = vague.map((i) => `"${i.text}"`);
    return question(
      `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)} are too vague to test: what should be measured, and at what level? Say them as rules, e.g. 'buy when RSI(14) drops below 30, sell when it rises above 70'.`,
      unclear,
    );
  }
  const a = first.ask;
  if (a?.kind === 'band')
    return question(
      `Which Bollinger band do you mean by "${a.phrases[0]}": the upper, the middle or the lower one?`,
      unclear,
      a,
    );
  // An offered rule can be taken with a plain "yes".
  if ((a?.kind === 'exit' || a?.kind === 'entry') && a.choices.length)
    return question(`${first.question} Say "yes" to use that one.`, unclear, a);
  return question(first.question, unclear, a);
}

const isConstant = (o: Operand) => 'value' in o || 'input' in o;

/** The first comparison of two numbers in a condition ("5 < 3" is always true or always false). */
function constantCompare(c: Condition): Extract<Condition, { a: Operand; b: Operand }> | undefined {
  if (c.op === 'and' || c.op === 'or') {
    for (const x of c.args) {
      const f = constantCompare(x);
      if (f) return f;
    }
    return undefined;
  }
  if (c.op === 'not' || c.op === 'htf') return constantCompare(c.arg);
  if ('b' in c && isConstant(c.a) && isConstant(c.b)) return c;
  return undefined;
}

const OP_TEXT: Readonly<Record<string, string>> = { crossover: 'crosses above', crossunder: 'crosses below' };

/** Why a spec the parser built does not validate, asked in the request's terms (no paths, no checker wording). */
function invalidQuestion(spec: StrategySpec): Understanding {
  const inputs = new Map(spec.inputs.map((i) => [i.name, i.value]));
  const num = (o: Operand) => ('value' in o ? o.value : 'input' in o ? inputs.get(o.input) : undefined);
  for (const r of spec.rules) {
    const c = constantCompare(r.when);
    if (!c) continue;
    const text = `${num(c.a)} ${OP_TEXT[c.op] ?? c.op} ${num(c.b)}`;
    return question(
      `The ${r.action} rule compares two numbers ("${text}"), so it would always be true or always false. What should be compared with ${num(c.b)}: the price, or an indicator such as RSI(14)?`,
      [text],
    );
  }
  return question(
    "I could not put those rules together into a strategy. Could you say them again, one rule per sentence, e.g. 'buy when RSI(14) drops below 30, sell when it rises above 70'?",
    ['the rules'],
  );
}

/** An ok Understanding for a spec; a question if the spec does not validate (a parser bug, asked plainly). */
export function accept(spec: StrategySpec, changes?: string[]): Understanding {
  const v = validateSpec(spec);
  if (!v.ok) return invalidQuestion(spec);
  const d = describe(v.spec);
  return {
    ok: true,
    spec: v.spec,
    program: compile(v.spec),
    summary: d.summary,
    market: d.market,
    settings: d.settings,
    assumptions: d.assumptions,
    ...(changes && { changes }),
    source: 'offline',
  };
}

/** A question in the request's own words: the quotes and the asked-about phrases as the user typed them. */
export function inWordsOf(answer: Understanding, request: string): Understanding {
  if (answer.ok) return answer;
  let u = answer;
  if (u.ask?.kind === 'lengths') {
    const places = lengthsIn(request, u.ask.phrases).map((s) => s.text);
    if (places.length >= u.ask.phrases.length) u = lengthsQuestion(places, u.unclear) as typeof u;
  }
  return {
    ...u,
    question: quoteExactly(u.question, request),
    unclear: u.unclear.map((x) => exact(request, x)),
    ...(u.ask && { ask: { ...u.ask, phrases: u.ask.phrases.map((p) => exact(request, p)) } }),
  };
}
