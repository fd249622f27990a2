import {
  type Action,
  type Condition,
  diffSpecs,
  type Operand,
  type Rule,
  type StrategySpec,
} from '../../schema';
import type { Understanding } from '../types';
import { Assembler, specIR } from './build';
import { orient } from './condition';
import { Ctx } from './context';
import { checkRules, finalRules } from './fresh';
import type { Cond, Issue, Opnd, RuleIR } from './ir';
import { type Reading, read } from './read';
import { accept, ask } from './result';
import { applyEdits, applyMarket, prune, type Spec } from './revise-apply';
import { newEdits, otherEdits, REVISION_WORDS, removals } from './revise-ops';
import { fromReading } from './understand';

const MARKERS =
  /\b(instead|also|change|make|switch|replace|add|remove|drop|delete|without|too|rather|tighten|widen|increase|decrease|raise|keep|well)\b/i;

/** A spec operand as a parser operand (inputs by value). */
function opIR(o: Operand, ir: Map<string, Opnd>, inputs: Map<string, number>): Opnd | undefined {
  if ('field' in o) return { k: 'field', field: o.field, offset: o.offset ?? 0 };
  if ('value' in o) return { k: 'num', v: o.value };
  if ('input' in o) return inputs.has(o.input) ? { k: 'num', v: inputs.get(o.input)! } : undefined;
  const x = ir.get(o.indicator);
  return x?.k === 'ind' ? { ...x, offset: x.offset + (o.offset ?? 0) } : undefined;
}

/** Parser memory seeded with the pending strategy: "it" and "crosses back" can refer to its rules. */
function seeded(pending: StrategySpec): Ctx {
  const cx = new Ctx(pending.market.timeframe, REVISION_WORDS);
  const ir = specIR(pending);
  const inputs = new Map(pending.inputs.map((i) => [i.name, i.value]));
  for (const o of ir.values()) cx.mention(o);
  const visit = (c: Condition) => {
    if (c.op === 'and' || c.op === 'or') c.args.forEach(visit);
    else if (c.op === 'not' || c.op === 'htf') visit(c.arg);
    else if ('b' in c) {
      const a = opIR(c.a, ir, inputs);
      const b = opIR(c.b, ir, inputs);
      if (a && b) {
        cx.events.push({ op: c.op, a, b });
        if (a.k !== 'num') cx.lastSubject = a;
      }
    }
  };
  for (const r of pending.rules) visit(r.when);
  return cx;
}

const isWhole = (r: Reading) =>
  !r.issues.length &&
  (r.parsed.rules.length > 0 || !!r.parsed.implied) &&
  !checkRules(finalRules(r.parsed), r.costs.risk);

export function revise(text: string, pending: StrategySpec): Understanding {
  const plain = read(text);
  if (!MARKERS.test(text) && isWhole(plain)) return fromReading(plain, text);
  const e = newEdits();
  const r = read(text, {
    ctx: seeded(pending),
    beforeCosts: (t) => removals(t, e),
    beforeRules: (t) => otherEdits(t, e),
  });
  const nothing = !e.count && !r.parsed.rules.length && !r.parsed.implied && !r.parsed.entrySize;
  if (r.issues.length && !(nothing && r.issues.every((i) => i.kind === 'unknown'))) return ask(r.issues);
  // "remove ... the sell rule": an exit named without a condition is not a change the parser can make
  const bare = r.parsed.bareExits[0];
  if (bare) {
    const verb = bare.side === 'close' ? 'exit' : bare.side;
    return ask([
      {
        kind: 'no-exit',
        text: bare.text,
        question: `When should the strategy ${verb}? Give a condition, e.g. '${verb} when RSI(14) rises above 70'.`,
      },
    ]);
  }
  const spec = JSON.parse(JSON.stringify(pending)) as Spec;
  const issues: Issue[] = [];
  let touched = e.count > 0 && !r.issues.length;
  touched = applyMarket(spec, r) || touched;
  for (const [k, v] of Object.entries(r.costs.risk))
    if (v !== undefined) (spec.risk as Record<string, number>)[k] = v;
  for (const [k, v] of Object.entries(r.costs.settings))
    if (v !== undefined) (spec.settings as Record<string, unknown>)[k] = v;
  touched ||= Object.keys(r.costs.risk).length + Object.keys(r.costs.settings).length > 0;
  applyEdits(spec, e, issues);
  const size = e.entrySize ?? r.parsed.entrySize;
  if (size) {
    touched = true;
    for (const rule of spec.rules) if (rule.action === 'buy' || rule.action === 'short') rule.size = size;
  }
  if (r.parsed.rules.length || r.parsed.implied) {
    touched = true;
    applyRules(spec, r, /\b(also|add|too|as well|additionally|plus)\b/i.test(text));
  }
  if (issues.length) return ask(issues);
  if (!touched)
    return ask([
      {
        kind: 'unknown',
        text,
        question: `I couldn't tell how to change the strategy from "${text.length > 80 ? `${text.slice(0, 77)}...` : text}". You can change the stop loss, take profit, trailing stop, fee, slippage, size, market, timeframe, dates, indicator periods or kinds, or the rules, or describe a new strategy.`,
      },
    ]);
  prune(spec);
  const out = exitProblem(spec);
  if (out) return ask([out]);
  return accept(spec as StrategySpec, diffSpecs(pending, spec as StrategySpec));
}

/** New rules of the revision: added ("also short when ..."), or replacing the rules of the same kind. */
function applyRules(spec: Spec, r: Reading, also: boolean): void {
  const irRules = finalRules({ ...r.parsed, entrySize: undefined }, []);
  const long = spec.rules.some((x) => x.action === 'buy') || irRules.some((x) => x.action === 'buy');
  const short = spec.rules.some((x) => x.action === 'short') || irRules.some((x) => x.action === 'short');
  const raw: RuleIR[] = [...r.parsed.rules];
  if (r.parsed.implied) {
    if (!raw.some((x) => x.action === 'buy' || x.action === 'short'))
      raw.unshift({ action: r.parsed.implied.side, when: r.parsed.implied.entry });
    if (!raw.some((x) => x.action !== 'buy' && x.action !== 'short'))
      raw.push({ action: 'close', when: r.parsed.implied.exit });
  }
  const rules = raw.map((x) => {
    const action: Action =
      x.action === 'close' ? (long && short ? 'exit' : short && !long ? 'cover' : 'sell') : x.action;
    const dir =
      action === 'buy' || action === 'cover'
        ? 'up'
        : action === 'sell' || action === 'short'
          ? 'down'
          : undefined;
    return { action, when: orient(x.when, dir) as Cond, size: x.size };
  });
  const asm = new Assembler(spec as StrategySpec);
  asm.plan(rules.map((x) => x.when));
  const built: Rule[] = rules.map((x) => ({
    when: asm.condition(x.when, x.action),
    action: x.action,
    ...(x.size && x.action !== 'exit' && { size: x.size }),
  }));
  spec.inputs = asm.inputs as Spec['inputs'];
  spec.indicators = asm.indicators as Spec['indicators'];
  const group = (a: Action): Action[] =>
    a === 'exit'
      ? ['sell', 'cover', 'exit']
      : a === 'sell'
        ? short
          ? ['sell']
          : ['sell', 'exit']
        : a === 'cover'
          ? long
            ? ['cover']
            : ['cover', 'exit']
          : [a];
  let list = [...spec.rules] as Rule[];
  if (!also) {
    for (const a of new Set(built.map((x) => x.action))) {
      const g = group(a);
      const at = list.findIndex((x) => g.includes(x.action));
      const mine = built.filter((x) => x.action === a);
      list = list.filter((x) => !g.includes(x.action));
      list.splice(at < 0 ? list.length : Math.min(at, list.length), 0, ...mine);
    }
  } else list.push(...built);
  spec.rules = list as Spec['rules'];
  for (const rule of spec.rules)
    if ((rule.action === 'buy' || rule.action === 'short') && !rule.size && r.parsed.entrySize)
      rule.size = r.parsed.entrySize;
}

function exitProblem(spec: Spec): Issue | undefined {
  const has = (a: Action) => spec.rules.some((r) => r.action === a);
  const stop = Object.values(spec.risk).some((v) => v !== undefined);
  if (!has('buy') && !has('short'))
    return {
      kind: 'no-entry',
      text: 'entry rule',
      question: 'After that change the strategy has no entry rule. When should it buy?',
    };
  if (
    (has('buy') && !(has('sell') || has('exit') || has('short') || stop)) ||
    (has('short') && !(has('cover') || has('exit') || has('buy') || stop))
  )
    return {
      kind: 'no-exit',
      text: 'exit rule',
      question:
        'After that change nothing would close a position. When should the strategy sell? Give an exit rule or keep a stop loss.',
    };
  return undefined;
}
