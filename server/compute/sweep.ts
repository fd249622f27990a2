// A .bt sweep split over the compute pool's worker threads: the bars go once into a SharedArrayBuffer
// (every worker views them in place), the combinations go out in chunks (more chunks than workers, so a
// slow worker does not hold the end back), and the answers are merged in combination order and ranked
// by rankRuns, exactly as the single-thread sweep (lib/engine/sweep.ts) ranks them.
import {
  type Bars,
  type NumericStatName,
  type ParamGrid,
  type Params,
  rankRuns,
  type SweepResult,
  type SweepRun,
  sweepCombinations,
} from '../../lib/engine';
import { ComputeError, isComputeError } from './errors';
import type { SweepChunkOutcome, SweepChunkTask } from './protocol';

/** What runs the chunks: the pooled compute (or anything that answers a chunk task). */
export interface ChunkRunner {
  /** Chunks run at once (the pool's workers). */
  readonly workers: number;
  runSweepChunk(task: SweepChunkTask): Promise<SweepChunkOutcome>;
  /** The task's bars reference (shared buffer for a pool, the bars themselves inline). */
  dataRef(bars: Bars): SweepChunkTask['data'];
}

export interface ParallelSweepOptions {
  readonly constraint?: (p: Params) => boolean;
  /** Inputs held at one value (merged under each combination, as `backtalk sweep --param`). */
  readonly fixed?: Params;
  readonly rank?: NumericStatName;
  readonly top?: number;
  readonly maxRuns?: number;
  /** Chunks per worker (default 4): more balances uneven chunks, fewer saves messages. */
  readonly chunksPerWorker?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Retried once when the worker running it died (crash, heap limit): a fault of the worker, not the program. */
const RETRIED = new Set(['crashed', 'out-of-memory']);

/** Splits `n` combinations into about `chunks` contiguous ranges [from, to). */
export function chunkRanges(n: number, chunks: number): [number, number][] {
  const k = Math.max(1, Math.min(n, chunks));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const from = Math.floor((i * n) / k);
    const to = Math.floor(((i + 1) * n) / k);
    if (to > from) out.push([from, to]);
  }
  return out;
}

function cancelled(): ComputeError {
  return new ComputeError('cancelled', 'the sweep was cancelled', 'run it again to get its results');
}

export async function parallelSweep(
  compute: ChunkRunner,
  source: string,
  bars: Bars,
  grid: ParamGrid,
  opts: ParallelSweepOptions = {},
): Promise<SweepResult> {
  const rank = opts.rank ?? 'Sharpe Ratio';
  const combos = sweepCombinations(grid, opts.constraint, opts.maxRuns);
  const ranges = chunkRanges(combos.length, compute.workers * (opts.chunksPerWorker ?? 4));
  const data = compute.dataRef(bars);
  const runs: SweepRun[] = new Array(combos.length);
  const signal = opts.signal;
  let next = 0;
  let done = 0;
  let failed: unknown;

  const runChunk = async ([from, to]: [number, number]): Promise<void> => {
    const task: SweepChunkTask = {
      kind: 'sweep-chunk',
      source,
      data,
      start: from,
      combos: combos.slice(from, to),
      fixed: opts.fixed,
    };
    let out: SweepChunkOutcome;
    try {
      out = await compute.runSweepChunk(task);
    } catch (e) {
      if (!(isComputeError(e) && RETRIED.has(e.code)) || signal?.aborted) throw e;
      out = await compute.runSweepChunk(task); // the pool has replaced the worker that died
    }
    if (out.stats.length !== to - from) {
      throw new ComputeError('failed', `a sweep chunk answered ${out.stats.length} runs of ${to - from}`);
    }
    for (let i = from; i < to; i++) runs[i] = { params: combos[i], stats: out.stats[i - from] };
  };

  // One lane per worker takes the next chunk when its last is done, so a cancel stops at once (nothing
  // waits in the pool's queue) and progress counts chunks as they finish.
  const lane = async (): Promise<void> => {
    while (next < ranges.length && failed === undefined) {
      if (signal?.aborted) throw cancelled();
      const r = ranges[next++];
      await runChunk(r);
      done++;
      opts.onProgress?.(done, ranges.length);
    }
  };
  const lanes = Array.from({ length: Math.min(compute.workers, ranges.length) }, () =>
    lane().catch((e) => {
      failed ??= e;
    }),
  );
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([Promise.all(lanes), aborted]);
  if (signal?.aborted) throw cancelled();
  if (failed !== undefined) throw failed;
  return { runs: rankRuns(runs, rank, opts.top), total: combos.length, rank };
}
