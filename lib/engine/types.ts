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

/** How much an order trades. `percent` is a fraction (1 = 100%). */
export type OrderSize =
  | { readonly kind: 'percent'; readonly value: number }
  | { readonly kind: 'units'; readonly value: number }
  | { readonly kind: 'cash'; readonly value: number };

export type OrderKind = 'buy' | 'sell' | 'short' | 'cover' | 'exit';

/**
 * One order statement of a strategy: on every bar where `when[t]` is 1 the order is placed.
 * Rules are applied in array order within a bar (program order).
 */
export interface OrderRule {
  readonly kind: OrderKind;
  readonly size: OrderSize;
  readonly when: Uint8Array;
}

export interface Settings {
  /** Starting cash. */
  readonly capital: number;
  /** Commission as a fraction of traded value, charged on every fill. */
  readonly fee: number;
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
