// A new strategy from a reading: rules completed (crossover strategies get their opposite exit, "exit"
// becomes sell/cover/exit by the sides traded, undirected crosses take their action's direction,
// sizes applied), checked for an entry and a way out, and assembled into a spec.
import type { Action, Market, Size, StrategySpec } from '../../schema';
import { Assembler } from './build';
import type { Parsed } from './clauses';
import { orient } from './condition';
import type { Cond, Issue, RuleIR } from './ir';
import { levelsOf, plainTitleOf } from './lexicon';
import { condText, opposite } from './phrase';
import { placeOrders } from './place';
import { portfolioOf } from './portfolio';
import type { Reading } from './read';

export interface FinalRule {
  readonly action: Action;
  readonly when: RuleIR['when'];
  readonly size?: Size;
  readonly from?: RuleIR['from'];
}

const dirOf = (a: Action) =>
  a === 'buy' || a === 'cover' ? 'up' : a === 'sell' || a === 'short' ? 'down' : undefined;

/** Completes the parsed rules: implied crossover pair, sides, directions, sizes. */
export function finalRules(p: Parsed, extra: readonly RuleIR[] = []): FinalRule[] {
  const rules: RuleIR[] = [...extra, ...p.rules];
  const entry = (r: RuleIR) => r.action === 'buy' || r.action === 'short';
  if (p.implied) {
    const from = p.implied.from;
    if (!rules.some(entry)) rules.unshift({ action: p.implied.side, when: p.implied.entry, from });
    if (!rules.some((r) => !entry(r))) rules.push({ action: 'close', when: p.implied.exit, from });
  }
  const long = rules.some((r) => r.action === 'buy');
  const short = rules.some((r) => r.action === 'short');
  return rules.map((r) => {
    let action: Action =
      r.action === 'close' ? (long && short ? 'exit' : short ? 'cover' : 'sell') : r.action;
    if (action === 'sell' && !long && short) action = 'cover';
    const size =
      action === 'exit'
        ? undefined
        : (r.size ?? ((action === 'buy' || action === 'short') && p.entrySize ? p.entrySize : undefined));
    return { action, when: orient(r.when, dirOf(action)), ...(size && { size }), from: r.from };
  });
}

/** The clarify rule: an entry, and a way out of every side entered (a signal or a stop). */
export function checkRules(
  rules: readonly FinalRule[],
  risk: Readonly<Record<string, unknown>>,
): Issue | undefined {
  const has = (a: Action) => rules.some((r) => r.action === a);
  const stop = Object.values(risk).some((v) => v !== undefined);
  if (!has('buy') && !has('short')) {
    const exit = rules.find((r) => r.action !== 'buy' && r.action !== 'short');
    const side = exit?.action === 'cover' ? 'short' : 'buy';
    const example = exit ? exampleFrom(exit.when, side === 'short') : undefined;
    return {
      kind: 'no-entry',
      text: 'entry rule',
      question: `When should the strategy ${side}? Give an entry rule (e.g. '${side} when ${example ?? 'the 10-day EMA crosses above the 30-day EMA'}').`,
      ask: { kind: 'entry', phrases: [], choices: example ? [`${side} when ${example}`] : [], action: side },
    };
  }
  const way = (side: 'buy' | 'short', out: 'sell' | 'cover') => {
    if (!has(side) || has(out) || has('exit') || has(side === 'buy' ? 'short' : 'buy') || stop)
      return undefined;
    const example = exampleFrom(rules.find((r) => r.action === side)!.when, out === 'sell');
    const fallback = `the 10-day EMA crosses ${side === 'buy' ? 'below' : 'above'} the 30-day EMA`;
    return {
      kind: 'no-exit' as const,
      text: 'exit rule',
      question: `When should the strategy ${out}? Give an exit rule (e.g. '${out} when ${example ?? fallback}') or a stop loss.`,
      ask: {
        kind: 'exit' as const,
        phrases: [],
        choices: example ? [`${out} when ${example}`] : [],
        action: out,
      },
    };
  };
  return way('buy', 'sell') ?? way('short', 'cover');
}

/**
 * An example rule built from the user's other rule: the opposite cross of the same two series, or for an
 * oscillator level the customary level on the `rising` side ("sell when RSI(14) rises above 70").
 */
function exampleFrom(c: Cond, rising: boolean): string | undefined {
  const atom = 'b' in c ? c : c.op === 'and' ? c.args.find((x) => 'b' in x && x.a.k === 'ind') : undefined;
  if (!atom || !('b' in atom)) return undefined;
  const lv = atom.a.k === 'ind' ? levelsOf(atom.a.fn) : undefined;
  if (lv && atom.b.k === 'num')
    return condText({
      op: rising ? 'crossover' : 'crossunder',
      a: atom.a,
      b: { k: 'num', v: rising ? lv[1] : lv[0] },
    });
  const inv = opposite(atom);
  return inv ? condText(inv) : undefined;
}

/** The market of a reading; synthetic data when no symbol was named. */
export function marketOf(r: Reading): Market {
  const m = r.market;
  const s = m.symbol;
  return {
    source: s ? s.source : 'synthetic',
    ...(s && { symbol: s.symbol }),
    ...(s?.source === 'ccxt' && m.exchange && { exchange: m.exchange }),
    ...(m.timeframe && { timeframe: m.timeframe }),
    ...(m.range && { range: m.range }),
  };
}

function nameOf(p: Parsed, rules: readonly FinalRule[], spec: Omit<StrategySpec, 'name'>): string {
  const label = p.labels.find((l) => /[a-z]/i.test(l));
  if (label) return (label.charAt(0).toUpperCase() + label.slice(1)).slice(0, 64);
  const e = p.implied?.entry;
  if (
    e &&
    'b' in e &&
    e.a.k === 'ind' &&
    e.a.fn === 'sma' &&
    e.a.params[0] === 50 &&
    e.b.k === 'ind' &&
    e.b.params[0] === 200 &&
    rules.length
  )
    return 'Golden cross';
  const fns = [...new Set(spec.indicators.map((i) => plainTitleOf(i.fn)))];
  const crossover = rules.some((r) => 'b' in r.when && r.when.op === 'crossover' && r.when.b.k === 'ind');
  const base = fns.length ? fns.slice(0, 3).join(' + ') : 'Price';
  return `${base} ${crossover ? 'crossover' : 'strategy'}`
    .replace(/^./, (ch) => ch.toUpperCase())
    .slice(0, 64);
}

/** The spec of rules that passed the checks. */
export function assemble(r: Reading, rules: readonly FinalRule[]): StrategySpec {
  const asm = new Assembler();
  asm.plan(rules.map((x) => x.when));
  const specRules = rules.map((x) => ({
    when: asm.condition(x.when, x.action),
    action: x.action,
    ...(x.size && { size: x.size }),
  }));
  // The strategy is named by the indicators of its rules, not by the ATR of a stop.
  const named = [...asm.indicators];
  const placed = placeOrders(r.orders, asm, specRules);
  const markets = r.market.markets;
  const rank = markets && r.portfolio.rankBy ? asm.operand(r.portfolio.rankBy) : undefined;
  const portfolio =
    markets && portfolioOf(markets, r.portfolio, rank && 'indicator' in rank ? rank.indicator : undefined);
  const body = {
    version: 1 as const,
    market: marketOf(r),
    settings: { ...r.costs.settings, ...placed.settings },
    inputs: asm.inputs,
    indicators: asm.indicators,
    rules: placed.rules,
    risk: { ...r.costs.risk, ...placed.risk },
    ...(portfolio && { portfolio }),
  };
  const { version, ...rest } = body;
  return { version, name: nameOf(r.parsed, rules, { ...body, indicators: named }), ...rest };
}
