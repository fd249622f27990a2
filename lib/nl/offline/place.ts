// What the orders pass found (orders.ts), placed into a strategy: stops and targets in ATRs from the entry
// price, exits after N bars, sizing by risk on the entries, the fixed commission, resting entries.
import type { Condition, Price, Risk, Rule, StrategySettings } from '../../schema';
import type { Assembler } from './build';
import type { Parsed } from './clauses';
import { CLOSE, type Opnd, type RuleIR } from './ir';
import type { AtrPrice, OrderFacts } from './orders';

const atr = (n: number): Opnd => ({ k: 'ind', fn: 'atr', params: [n], offset: 0 });

/** The ways out the pass found, for the clarify rule (a stop or a timed exit is a way out). */
export function orderRisk(o: OrderFacts): Record<string, unknown> {
  return { stopLossAt: o.stop, takeProfitAt: o.target, exitAfter: o.exitAfter };
}

/** "buy stop at the 20-day high" with no other entry: it is placed on every bar the close is below it. */
export function entryRule(o: OrderFacts, p: Parsed): RuleIR[] {
  const e = o.entry;
  if (!e || !('of' in e.price) || p.rules.some((r) => r.action === 'buy' || r.action === 'short')) return [];
  return [{ action: 'buy', when: { op: '<', a: CLOSE, b: e.price.of } }];
}

export function placeOrders(
  o: OrderFacts,
  asm: Assembler,
  rules: Rule[],
): { rules: Rule[]; risk: Partial<Risk>; settings: Partial<StrategySettings> } {
  const at = (a: AtrPrice): Price => ({
    from: { position: 'avg_price' },
    add: { times: a.times, of: asm.operand(atr(a.n)) },
  });
  const risk: { -readonly [K in keyof Risk]?: Risk[K] } = {};
  if (o.stop) risk.stopLossAt = at(o.stop);
  if (o.target) risk.takeProfitAt = at(o.target);
  if (o.exitAfter !== undefined) risk.exitAfter = o.exitAfter;
  const e = o.entry;
  const order: Rule['order'] | undefined = e && {
    type: e.type,
    price: 'of' in e.price ? { from: asm.operand(e.price.of) } : e.price,
    ...(e.cancelAfter !== undefined && { cancelAfter: e.cancelAfter }),
  };
  const h = o.htf;
  const filter: Condition | undefined = h && {
    op: 'htf',
    timeframe: h.timeframe,
    arg: {
      op: h.op,
      a: { field: 'close' },
      b: asm.operand({ k: 'ind', fn: h.fn, src: CLOSE, params: [h.n], offset: 0 }),
    },
  };
  const placed = rules.map((r) => {
    if (r.action !== 'buy' && r.action !== 'short') return r;
    return {
      ...r,
      ...(filter && { when: { op: 'and' as const, args: [r.when, filter] } }),
      ...(o.risk !== undefined && !r.size && { size: { risk: o.risk } }),
      ...(order && { order }),
    };
  });
  return {
    rules: placed,
    risk,
    settings: o.commission !== undefined ? { commission: o.commission } : {},
  };
}
