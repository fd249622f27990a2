// Parameter sweeps: every combination of a grid, each run simulated and scored, ranked by one statistic.
// A SeriesCache shared by all runs means each distinct indicator series is computed once per sweep.
import { simulateInto } from './simulate';
import type { NumericStatName, Stats } from './stats';
import { computeStats } from './stats';
import type { Bars, OrderRule, Settings } from './types';

/** Computed series keyed by a structural description such as `sma(close,10)`. */
export type SeriesCache = Map<string, unknown>;

/** Returns the cached value for `key`, computing and storing it on first use. */
export function memo<T>(cache: SeriesCache | undefined, key: string, make: () => T): T {
  if (!cache) return make();
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  const v = make();
  cache.set(key, v);
  return v;
}

export type Params = Record<string, number>;
export type ParamGrid = Record<string, readonly number[]>;

/** Inclusive arithmetic range; the step count is bounded so a typo cannot allocate millions. */
export function gridRange(from: number, to: number, step: number, maxValues = 10_000): number[] {
  if (![from, to, step].every(Number.isFinite)) throw new RangeError('range bounds and step must be numbers');
  if (step <= 0) throw new RangeError(`step must be positive, got ${step}`);
  if (to < from) throw new RangeError(`range ${from}:${to} is empty: the end is below the start`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > maxValues)
    throw new RangeError(`range ${from}:${to}:${step} has ${count} values (limit ${maxValues})`);
  const out: number[] = [];
  // Rounded to the step's decimals so 0.1 steps do not accumulate float noise.
  const decimals = Math.min(12, (String(step).split('.')[1] ?? '').length);
  for (let i = 0; i < count; i++) out.push(Number((from + i * step).toFixed(decimals)));
  return out;
}

/** Every combination of the grid (last key varies fastest) that passes the constraint. */
export function combinations(grid: ParamGrid, constraint?: (p: Params) => boolean): Params[] {
  const keys = Object.keys(grid);
  const out: Params[] = [];
  const cur: Params = {};
  const walk = (d: number): void => {
    if (d === keys.length) {
      if (!constraint || constraint(cur)) out.push({ ...cur });
      return;
    }
    for (const v of grid[keys[d]]) {
      cur[keys[d]] = v;
      walk(d + 1);
    }
  };
  walk(0);
  return out;
}

export interface StrategyRun {
  readonly rules: readonly OrderRule[];
  readonly settings: Settings;
  readonly warmupBars?: number;
}

export interface SweepOptions {
  readonly bars: Bars;
  readonly grid: ParamGrid;
  readonly constraint?: (p: Params) => boolean;
  /** Builds the strategy for one combination; use `memo(cache, key, …)` for indicator series. */
  readonly strategy: (params: Params, cache: SeriesCache) => StrategyRun;
  /** Statistic to rank by, higher first (default 'Sharpe Ratio'); NaN ranks last. */
  readonly rank?: NumericStatName;
  /** Keep only the best N (default: all). */
  readonly top?: number;
  /** Upper bound on combinations (default 100,000). */
  readonly maxRuns?: number;
  /**
   * Called after each run with its equity, a buffer reused by the next run (copy what you keep): the
   * robustness lab collects every trial's returns through it.
   */
  readonly onRun?: (index: number, params: Params, equity: Float64Array, stats: Stats) => void;
}

export interface SweepRun {
  readonly params: Params;
  readonly stats: Stats;
}

export interface SweepResult {
  readonly runs: SweepRun[];
  /** Combinations evaluated. */
  readonly total: number;
  readonly rank: NumericStatName;
}

/** The combinations a sweep runs, refused beyond `maxRuns` (default 100,000). */
export function sweepCombinations(
  grid: ParamGrid,
  constraint?: (p: Params) => boolean,
  maxRuns = 100_000,
): Params[] {
  const combos = combinations(grid, constraint);
  if (combos.length > maxRuns) {
    throw new RangeError(
      `the grid has ${combos.length} combinations; the limit is ${maxRuns}: narrow the ranges`,
    );
  }
  return combos;
}

export function sweep(opts: SweepOptions): SweepResult {
  const rank = opts.rank ?? 'Sharpe Ratio';
  const combos = sweepCombinations(opts.grid, opts.constraint, opts.maxRuns);
  const cache: SeriesCache = new Map();
  const runs: SweepRun[] = [];
  // Runs are only scored, so every run simulates into one equity buffer and leaves its trades in the
  // simulator's scratch log: no per-run series or trade arrays.
  const equity = new Float64Array(opts.bars.close.length);
  for (const params of combos) {
    const stats = scoreRun(opts.bars, opts.strategy(params, cache), equity);
    opts.onRun?.(runs.length, params, equity, stats);
    runs.push({ params, stats });
  }
  return { runs: rankRuns(runs, rank, opts.top), total: combos.length, rank };
}

/** One run of a sweep: simulated into `equity` (reused) and scored; parallel sweeps run the same step. */
export function scoreRun(bars: Bars, s: StrategyRun, equity: Float64Array): Stats {
  const sim = simulateInto(bars, s.rules, s.settings, equity);
  return computeStats(bars, sim, { warmupBars: s.warmupBars });
}

/**
 * Sorts runs (in combination order) by `rank`, higher first, NaN last; ties keep combination order
 * (Array#sort is stable), so a sweep merged from chunks ranks exactly as one run in a single thread.
 */
export function rankRuns(runs: SweepRun[], rank: NumericStatName, top?: number): SweepRun[] {
  const score = (r: SweepRun) => {
    const v = r.stats[rank];
    return !Number.isNaN(v) ? v : Number.NEGATIVE_INFINITY;
  };
  runs.sort((a, b) => {
    const x = score(a);
    const y = score(b);
    return x === y ? 0 : x < y ? 1 : -1;
  });
  return top ? runs.slice(0, top) : runs;
}

function bytesOf(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + bytesOf(x), 0);
  return 64;
}

/**
 * A SeriesCache bounded by the bytes of the arrays it holds, evicting the least recently used entry.
 * Interactive sessions use it: dragging a slider over a hundred values must not keep a hundred series.
 */
export class LruSeriesCache extends Map<string, unknown> {
  private bytes = 0;

  constructor(readonly maxBytes: number) {
    super();
  }

  override get(key: string): unknown {
    const v = super.get(key);
    if (v !== undefined) {
      super.delete(key);
      super.set(key, v);
    }
    return v;
  }

  override set(key: string, value: unknown): this {
    if (super.has(key)) this.delete(key);
    super.set(key, value);
    this.bytes += bytesOf(value);
    for (const [k] of this) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.delete(k);
    }
    return this;
  }

  override delete(key: string): boolean {
    const v = super.get(key);
    if (v === undefined) return false;
    this.bytes -= bytesOf(v);
    return super.delete(key);
  }

  override clear(): void {
    this.bytes = 0;
    super.clear();
  }

  /** Bytes currently held. */
  get byteSize(): number {
    return this.bytes;
  }
}
