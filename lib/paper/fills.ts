// A run's trades as the fills a broker would report, in the order they happened. A fill is known once
// the bar it happened on has closed, so the fills of a step are exactly those on bars after the last
// processed one: time, not an index into a growing history, is what identifies them.
import { EXIT_OPEN, EXIT_REASONS, type ExitReason, type Trades } from '../engine';

export interface Fill {
  /** Epoch ms of the bar the fill happened on (at its open, an intrabar price or its close). */
  readonly time: number;
  readonly action: 'entry' | 'exit';
  /** The side of the position the fill opens or closes: 1 long, -1 short. */
  readonly side: 1 | -1;
  /** Units, always positive. */
  readonly quantity: number;
  readonly price: number;
  /** Why an exit happened ('signal', 'stop loss', …); 'entry' for entries. */
  readonly reason: ExitReason | 'entry';
}

/** The fill's direction as an order: buying opens a long or closes a short. */
export const fillVerb = (f: Fill): 'buy' | 'sell' =>
  (f.action === 'entry') === (f.side === 1) ? 'buy' : 'sell';

/**
 * Every fill of a run: each trade's entry, and its exit when closed (an open trade's mark-to-market is
 * not a fill). Trade records are lots, and a partial exit splits a lot in two records later on, so
 * records of one side, action, bar, price and reason are one fill (their units summed): the fills of a
 * bar then stay the same whatever happens after it. Sorted by time, exits before entries on one bar
 * (the simulator closes before it opens), then by side, price and reason.
 */
export function fillsOf(trades: Trades): Fill[] {
  const byKey = new Map<string, Fill>();
  const add = (f: Fill) => {
    const key = `${f.time}|${f.action}|${f.side}|${f.price}|${f.reason}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, quantity: seen.quantity + f.quantity } : f);
  };
  for (let i = 0; i < trades.count; i++) {
    const side = trades.side[i] === -1 ? -1 : 1;
    const quantity = trades.quantity[i];
    add({
      time: trades.entryTime[i],
      action: 'entry',
      side,
      quantity,
      price: trades.entryPrice[i],
      reason: 'entry',
    });
    if (trades.open[i] === 1 || trades.exitReason[i] === EXIT_OPEN) continue;
    const reason = EXIT_REASONS[trades.exitReason[i]] ?? 'signal';
    add({ time: trades.exitTime[i], action: 'exit', side, quantity, price: trades.exitPrice[i], reason });
  }
  return [...byKey.values()].sort(compareFills);
}

function compareFills(a: Fill, b: Fill): number {
  return (
    a.time - b.time ||
    (a.action === b.action ? 0 : a.action === 'exit' ? -1 : 1) ||
    a.side - b.side ||
    a.price - b.price ||
    (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)
  );
}
