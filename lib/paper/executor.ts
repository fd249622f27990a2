// The seam between a strategy's decisions and a market. The paper account is one implementation: it
// fills as the backtest does. A broker adapter (ccxt createOrder, Alpaca) would be another, added
// behind an explicit opt-in; nothing in the runner knows which one it talks to.
import type { Fill } from './fills';
import type { Account, Signal, Step } from './session';

export interface Execution {
  /** The fills the market reported for this step, in order. */
  readonly fills: readonly Fill[];
  readonly account: Account;
}

export interface Executor {
  /** 'paper' simulates; anything else sends real orders and must be opted into explicitly. */
  readonly kind: 'paper' | 'live';
  /** Acts on one step: the orders placed at its last close, and what filled on its bars. */
  execute(step: Step): Promise<Execution>;
}

/** The simulated account: the step's fills are the simulator's, so it needs no state of its own. */
export const paperExecutor: Executor = {
  kind: 'paper',
  execute: async (step) => ({ fills: step.fills, account: step.account }),
};

/** A one-line account of a signal, for alerts and the dashboard: "buy (limit 101.25)". */
export function describeSignal(s: Signal): string {
  if (s.order === 'market') return `${s.kind} at the next open`;
  const at = s.price === undefined ? '' : ` ${s.price.toPrecision(6).replace(/\.?0+$/, '')}`;
  return `${s.kind} (${s.order}${at})`;
}
