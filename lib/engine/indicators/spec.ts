// The shape of one entry of the built-in function registry. The registry (registry.ts) is the single
// source from which the language checker, the strategy schema, the model's prompt and the docs are built.
import type { BarField, Bars } from '../types';

/**
 * Kinds of positional arguments:
 * - 'series': a numeric series (a constant is broadcast to a series by the caller);
 * - 'period': a constant positive integer (a literal, an input, or arithmetic on those);
 * - 'number': a constant real number (e.g. the Bollinger multiplier).
 */
export type ArgKind = 'series' | 'period' | 'number';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  /** Inclusive bounds for 'period' and 'number' arguments. */
  readonly min?: number;
  readonly max?: number;
  /** When present, the argument may be omitted and takes this value. */
  readonly default?: number;
  readonly doc: string;
}

export type FunctionCategory =
  | 'moving average'
  | 'oscillator'
  | 'volatility'
  | 'trend'
  | 'volume'
  | 'window'
  | 'event'
  | 'math';

/** What a kernel receives: series arguments as Float64Array, constant arguments as numbers. */
export type KernelArg = Float64Array | number;

/** What a kernel returns: one numeric series, several (a tuple), or a boolean series (0/1). */
export type KernelResult = Float64Array | readonly Float64Array[] | Uint8Array;

export interface FunctionSpec {
  readonly name: string;
  readonly category: FunctionCategory;
  /**
   * How English text names it, the one table of names every view reads: questions, descriptions, docs
   * ('moving average (SMA)', "Wilder's moving average (RMA)", 'Williams %R').
   */
  readonly title: string;
  /** Its label in compact text ('SMA', 'RMA', 'Williams %R'). */
  readonly short: string;
  /** One line for docs and completion. */
  readonly summary: string;
  /** The reference convention the kernel follows, e.g. "TA-Lib RSI (Wilder smoothing)". */
  readonly reference: string;
  readonly args: readonly ArgSpec[];
  /** Bar fields read implicitly (e.g. atr reads high, low, close). Empty for source-first functions. */
  readonly fields: readonly BarField[];
  /** Output names: one for a plain series, several for a tuple (macd, bb, stoch, dmi, ichimoku, ...). */
  readonly outputs: readonly string[];
  /** 'boolean' for events (crossover, rising); 'number' otherwise. */
  readonly returns: 'number' | 'boolean';
  /** True when applying the function to constants yields a constant (math functions). */
  readonly elementwise: boolean;
  /**
   * May a chart draw it over the prices? False for values on a scale of their own (oscillators, adx,
   * events); true lets the chart decide by magnitude (averages, bands, supertrend's line, sar, ichimoku).
   */
  readonly overlay: boolean;
  /**
   * Leading bars that are `na` when every series input is defined from bar 0, given the constant
   * arguments in positional order (series positions hold NaN). For tuples: the largest over outputs.
   */
  readonly warmup: (consts: readonly number[]) => number;
  /** Computes the function; `args` follow `args` positionally (defaults already filled in). */
  readonly compute: (args: readonly KernelArg[], bars: Bars) => KernelResult;
}
