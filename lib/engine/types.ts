// Core data shapes of the engine. Everything is struct-of-arrays over typed arrays.

/** OHLCV bars as columns; `time` is epoch milliseconds (UTC). All columns have the same length. */
export interface Bars {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export type BarField = 'open' | 'high' | 'low' | 'close' | 'volume';

/**
 * How much an order trades. `percent` is a fraction (1 = 100%). `risk` (entries only) is the fraction
 * of equity that hitting the entry's stop loses: the entry needs a stop (a stop loss or trailing stop).
 */
export type OrderSize =
  | { readonly kind: 'percent'; readonly value: number }
  | { readonly kind: 'units'; readonly value: number }
  | { readonly kind: 'cash'; readonly value: number }
  | { readonly kind: 'risk'; readonly value: number };

export type OrderKind = 'buy' | 'sell' | 'short' | 'cover' | 'exit';

/**
 * The position as conditions read it on bar t (a Float64Array indexed by the POS_ constants), after
 * bar t's fills as known at its close: see lib/engine/README.md, "Position state".
 */
export type PositionState = Float64Array;
/** Signed units held (negative when short), 0 when flat. */
export const POS_SIZE = 0;
/** Average fill price of the open entries, weighted by their units; NaN when flat. */
export const POS_AVG_PRICE = 1;
/** Bars since the position was opened (0 on its entry bar); NaN when flat. */
export const POS_BARS_SINCE_ENTRY = 2;
/** side × (close / average price − 1), a fraction (0.05 = up 5%); 0 when flat. */
export const POS_OPEN_PROFIT = 3;
export const POSITION_SLOTS = 4;

/**
 * A condition's part that reads the position: evaluated bar by bar as the simulation walks. It must be
 * pure (the simulator may ask it more than once for a bar) and must not call the simulator.
 */
export type PositionCondition = (t: number, state: PositionState) => boolean;
/**
 * A condition on the position as data, which the simulator evaluates itself (no call per bar): the
 * comparisons `state[slots[j]] OP values[j]` (OP = POSITION_OPS[ops[j]]) and, when given, `mask[t] === 1`,
 * all of them (`join` 'and') or any ('or'). A comparison with na is false, `!=` included.
 */
export interface PositionTest {
  readonly join: 'and' | 'or';
  readonly mask: Uint8Array | null;
  readonly slots: Int32Array;
  readonly ops: Int32Array;
  readonly values: Float64Array;
}
export const POSITION_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;

/** Whether a PositionTest holds at bar t for this state. */
export function passes(p: PositionTest, t: number, state: PositionState): boolean {
  const and = p.join === 'and';
  const m = p.mask;
  if (m !== null && (m[t] === 1) !== and) return !and;
  const { slots, ops, values } = p;
  for (let j = 0; j < slots.length; j++) {
    const x = state[slots[j]];
    const c = values[j];
    const o = ops[j];
    const hit =
      o === 0
        ? x < c
        : o === 1
          ? x <= c
          : o === 2
            ? x > c
            : o === 3
              ? x >= c
              : o === 4
                ? x === c
                : !Number.isNaN(x) && !Number.isNaN(c) && x !== c;
    if (hit !== and) return !and;
  }
  return and;
}

/** A price per bar: a series, or a function of the bar and the position state. */
export type PriceFn = (t: number, state: PositionState) => number;
export type Price = Float64Array | PriceFn;

/**
 * One order statement of a strategy: on every bar where `when[t]` is 1 (and `also`, when given, holds)
 * the order is placed. Rules are applied in array order within a bar (program order).
 */
export interface OrderRule {
  readonly kind: OrderKind;
  readonly size: OrderSize;
  readonly when: Uint8Array;
  /**
   * The part of the condition that reads the position, checked on bars where `when` is 1 with the
   * position state of that bar's close (before the fills it triggers).
   */
  readonly also?: PositionCondition | PositionTest;
  /** Entries only: a resting limit order at this price (its value on the signal bar). */
  readonly limit?: Price;
  /** Entries only: a resting stop order at this price (its value on the signal bar). */
  readonly stop?: Price;
  /** A resting order left unfilled this many bars after its signal bar is cancelled. */
  readonly cancelAfter?: number;
  /**
   * Entries only: the stop and target of each entry this rule opens, as prices evaluated when it fills
   * (series at the last closed bar; POS_AVG_PRICE is the entry's own fill price), fixed for the entry.
   */
  readonly stopLossAt?: Price;
  readonly takeProfitAt?: Price;
}

export interface Settings {
  /** Starting cash. */
  readonly capital: number;
  /** Commission as a fraction of traded value, charged on every fill. */
  readonly fee: number;
  /** Fixed commission in cash per fill (each entry, each entry closed), beside `fee`; default 0. */
  readonly commission?: number;
  /** Slippage as a fraction of price, always against the trader. */
  readonly slippage: number;
  /** 'open': a signal on bar t fills at bar t+1's open. 'close': it fills at bar t's close. */
  readonly fill: 'open' | 'close';
  /** 'whole' rounds quantities down to whole units. */
  readonly units: 'whole' | 'fractional';
  /**
   * How many entries one direction may hold at once (Pine's `pyramiding`); undefined means 1: a buy
   * while long (a short while short) is ignored.
   */
  readonly pyramiding?: number;
  /** Risk rules as fractions (0.05 = 5%) of each entry's own price; undefined when absent. */
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly trailingStop?: number;
  /** Each entry is closed this many bars after its entry bar, at that bar's fill moment (exit(after=N)). */
  readonly exitAfter?: number;
}

/** Most entries one direction may hold (Settings.pyramiding): each open entry's stops are checked every bar. */
export const MAX_PYRAMIDING = 1000;

export const DEFAULT_SETTINGS: Settings = {
  capital: 10_000,
  fee: 0,
  slippage: 0,
  fill: 'open',
  units: 'fractional',
};

/** Bars [from, to) as views of the same arrays (no copy). */
export function barsView(bars: Bars, from: number, to: number): Bars {
  return {
    time: bars.time.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
  };
}
