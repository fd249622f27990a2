// The robustness lab over the workspace socket: sweeps, walk-forward and Monte Carlo on the session's
// program, parameters and data. Requests are bounded here, before any work: a sweep has at most
// MAX_SWEEP_RUNS combinations, a walk-forward at most MAX_WF_WINDOWS windows, a Monte Carlo at most
// MAX_MC_RUNS paths. A lab reply carries the seq of the request it answers; a session runs one lab job at
// a time (a new request cancels the running one), and `cancel` stops it.
import { z } from 'zod';
import { type NumericStatName, STAT_NAMES } from '../engine';

export const MAX_SWEEP_RUNS = 2_500;
export const MAX_GRID_INPUTS = 4;
export const MAX_WF_WINDOWS = 24;
export const MAX_MC_RUNS = 5_000;
/** Most points a lab curve (walk-forward equity, Monte Carlo bands) is sent with. */
export const MAX_CURVE_POINTS = 2_000;

/** Statistics a sweep can rank and colour by (every numeric statistic). */
export const LAB_STATS = STAT_NAMES.filter((s) => s !== 'Start' && s !== 'End') as NumericStatName[];

/** Statistics each sweep run reports (the table's columns; the heatmap picks one). */
export const SWEEP_COLUMNS: NumericStatName[] = [
  'Sharpe Ratio',
  'Return [%]',
  'Return (Ann.) [%]',
  'Max. Drawdown [%]',
  'Sortino Ratio',
  'Calmar Ratio',
  '# Trades',
  'Win Rate [%]',
  'Profit Factor',
];

const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const inputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an input name (letters, digits, _)');
const finite = z.number().finite();

export const GridRange = z
  .object({ from: finite, to: finite, step: finite.positive('the step must be above 0') })
  .refine((r) => r.to >= r.from, 'the range ends (to) before it starts (from): swap them');
export type GridRange = z.infer<typeof GridRange>;

/** Values of an inclusive range (the engine's gridRange rule: a step that overshoots stops at or below to). */
export function rangeCount(r: GridRange): number {
  return Math.floor((r.to - r.from) / r.step + 1e-9) + 1;
}

/** Combinations of a grid, capped at `cap + 1` so a hostile range cannot overflow the count. */
export function gridSize(grid: Record<string, GridRange>, cap = MAX_SWEEP_RUNS): number {
  let n = 1;
  for (const r of Object.values(grid)) n = Math.min(cap + 1, n * rangeCount(r));
  return n;
}

const Grid = z
  .record(inputName, GridRange)
  .refine((g) => {
    const k = Object.keys(g).length;
    return k >= 1 && k <= MAX_GRID_INPUTS;
  }, `sweep 1 to ${MAX_GRID_INPUTS} inputs`)
  .refine(
    (g) => gridSize(g) <= MAX_SWEEP_RUNS,
    `the grid has more than ${MAX_SWEEP_RUNS} combinations: take larger steps or narrower ranges`,
  );

const Rank = z.enum(LAB_STATS as [NumericStatName, ...NumericStatName[]]);

export const LabRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sweep'), seq, grid: Grid, rank: Rank }),
  z.object({
    type: z.literal('walkforward'),
    seq,
    grid: Grid,
    rank: Rank,
    /** Share of each window that is in sample (the rest is tested out of sample). */
    fraction: z.number().min(0.5).max(0.95),
    windows: z.number().int().min(1).max(MAX_WF_WINDOWS),
    anchored: z.boolean(),
  }),
  z.object({
    type: z.literal('montecarlo'),
    seq,
    method: z.enum(['reshuffle', 'bootstrap']),
    runs: z.number().int().min(10).max(MAX_MC_RUNS),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  }),
  /** Stops the lab job started by request `job`. */
  z.object({ type: z.literal('cancel'), seq, job: seq }),
]);
export type LabRequest = z.infer<typeof LabRequest>;
export type LabJobRequest = Exclude<LabRequest, { type: 'cancel' }>;
export const LAB_TYPES = ['sweep', 'walkforward', 'montecarlo', 'cancel'] as const;

/** Walk-forward windows from a window count and the in-sample share: in-sample + count × out-of-sample = n. */
export function windowSizes(
  n: number,
  fraction: number,
  windows: number,
): { inSample: number; outOfSample: number } {
  const outOfSample = Math.floor(n / (windows + fraction / (1 - fraction)));
  // The in-sample window takes what the out-of-sample windows leave, so the last one ends at the last bar.
  return { inSample: n - windows * outOfSample, outOfSample };
}

/** A curve thinned to at most MAX_CURVE_POINTS points: their bar indices and values. */
export interface WireCurve {
  index: Int32Array;
  values: Float64Array;
}

export interface WireOdds {
  trials: number;
  /** Deflated and probabilistic Sharpe ratio of the best trial (probabilities). */
  dsr: number;
  psr: number;
  pbo: number | null;
  splits: number | null;
  verdict: 'likely overfit' | 'doubtful' | 'holds up';
  reading: string;
}

export interface WireWindow {
  isFrom: number;
  isTo: number;
  oosFrom: number;
  oosTo: number;
  params: Record<string, number>;
  inSample: number;
  outOfSample: number;
  oosReturn: number;
  efficiency: number | null;
}

export interface WirePercentileRow {
  label: string;
  p5: number;
  p50: number;
  p95: number;
  actual: number | null;
}

export type LabServerMessage =
  | { type: 'lab-progress'; seq: number; of: LabJobRequest['type']; done: number; total: number }
  | {
      type: 'sweep-result';
      seq: number;
      rank: NumericStatName;
      total: number;
      /** The swept inputs, and per run (best first by rank) their values, column by column. */
      names: string[];
      params: Record<string, Float64Array>;
      /** SWEEP_COLUMNS per run, in the same order (NaN where undefined). */
      stats: Record<string, Float64Array>;
      computeMs: number;
    }
  /** The overfitting odds of the sweep `seq` (computed after its result; null when they cannot be). */
  | { type: 'sweep-odds'; seq: number; odds: WireOdds | null; problem?: string }
  | {
      type: 'walkforward-result';
      seq: number;
      rank: NumericStatName;
      names: string[];
      efficiency: number | null;
      windows: WireWindow[];
      equity: WireCurve;
      stats: Record<string, number>;
      computeMs: number;
    }
  | {
      type: 'montecarlo-result';
      seq: number;
      method: 'reshuffle' | 'bootstrap';
      runs: number;
      /** The x axis: 'bar' (bands[i] at bar index) or 'trade' (after the i-th trade). */
      axis: 'bar' | 'trade';
      actual: WireCurve;
      bands: { p5: WireCurve; p50: WireCurve; p95: WireCurve };
      table: WirePercentileRow[];
      note: string;
      computeMs: number;
    }
  | { type: 'lab-cancelled'; seq: number }
  /** The lab job `seq` could not run: what is wrong and how to fix it. */
  | { type: 'lab-error'; seq: number; message: string; hint?: string };

/** Keeps at most MAX_CURVE_POINTS evenly spaced points of `values` from `from` on (the last one always). */
export function thinCurve(
  values: ArrayLike<number>,
  from = 0,
  offset = 0,
  max = MAX_CURVE_POINTS,
): WireCurve {
  const n = Math.max(0, values.length - from);
  const k = Math.min(n, max);
  const index = new Int32Array(k);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const i = k === 1 ? n - 1 : Math.round((j * (n - 1)) / (k - 1));
    index[j] = from + i + offset;
    out[j] = values[from + i];
  }
  return { index, values: out };
}
