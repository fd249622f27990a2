// Fixtures for the simulation tests (not part of the public surface): bars from rows, rules from bar lists.
import type { Bars, OrderKind, OrderRule, OrderSize, Settings } from './types';
import { DEFAULT_SETTINGS } from './types';

const DAY = 86_400_000;

/** Bars from [open, high, low, close] rows, one per day from 2020-01-01. */
export function bars(rows: number[][]): Bars {
  const n = rows.length;
  const b = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(1000),
  };
  rows.forEach(([o, h, l, c], i) => {
    b.time[i] = Date.UTC(2020, 0, 1) + i * DAY;
    b.open[i] = o;
    b.high[i] = h;
    b.low[i] = l;
    b.close[i] = c;
  });
  return b;
}

/** Bars whose open, high, low and close are all the given price. */
export const flat = (prices: number[]) => bars(prices.map((p) => [p, p, p, p]));
export const pct = (v: number): OrderSize => ({ kind: 'percent', value: v });

/** An order rule over n bars that signals on the bars listed in `at`. */
export function rule(kind: OrderKind, n: number, at: number[], size: OrderSize = pct(1)): OrderRule {
  const when = new Uint8Array(n);
  for (const t of at) when[t] = 1;
  return { kind, size, when };
}

export const settings = (s: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...s });
