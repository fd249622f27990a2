// The parallel sweep against the single-thread sweep of lib/engine: the same runs (params, order, every
// statistic bit for bit) from real worker threads, also when one worker dies mid-sweep; a cancel stops it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthetic } from '../../lib/data';
import {
  type Bars,
  gridRange,
  type NumericStatName,
  type ParamGrid,
  type Params,
  type SweepResult,
} from '../../lib/engine';
import { EXAMPLES } from '../../lib/examples';
import { type ComputeError, chunkRanges, InlineCompute, PooledCompute, parallelSweep } from '.';
import { expectSameSweep, singleSweep } from './sweep-test-utils';

const SOURCE = exampleSource('sma-cross');
// 10 × 10 = 100 combinations, 80 of them with fast < slow (30 + 9 + 8 + 8 + 7 + 7 + 6 + 5).
const GRID: ParamGrid = { fast: gridRange(3, 30, 3), slow: gridRange(10, 55, 5) };
const below = (p: Params) => p.fast < p.slow;
function exampleSource(id: string): string {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) throw new Error(`no example ${id}`);
  return ex.source;
}
const bars = synthetic({ seed: 11, bars: 1500 });

const single = (src: string, b: Bars, rank: NumericStatName, fixed: Params = {}): SweepResult =>
  singleSweep(src, b, GRID, below, rank, fixed);
const expectSame = expectSameSweep;

describe('chunkRanges', () => {
  it('covers 0..n in contiguous ranges, at most n of them', () => {
    expect(chunkRanges(10, 4)).toEqual([
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 10],
    ]);
    expect(chunkRanges(3, 8)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(chunkRanges(0, 4)).toEqual([]);
  });
});

describe('parallelSweep', { timeout: 180_000 }, () => {
  let pool: PooledCompute;
  beforeAll(async () => {
    pool = new PooledCompute({ workers: 2 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('equals the single-thread sweep on 80 combinations, ranked by Sharpe and by a stat full of ties', async () => {
    for (const rank of ['Sharpe Ratio', '# Trades'] as const) {
      const want = single(SOURCE, bars, rank);
      expect(want.total).toBe(80);
      const progress: [number, number][] = [];
      const got = await parallelSweep(pool, SOURCE, bars, GRID, {
        constraint: below,
        rank,
        onProgress: (d, t) => progress.push([d, t]),
      });
      expectSame(got, want);
      // 2 workers × 4 chunks each, reported once per chunk.
      expect(progress).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 8]));
    }
  });

  it('holds fixed inputs and keeps only the top runs, as the single-thread sweep does', async () => {
    const src = SOURCE.replace('slow = input', 'k = input(1, min=1, max=5)\nslow = input').replace(
      'sma(close, slow)',
      'sma(close, slow + k)',
    );
    const want = single(src, bars, 'Return [%]', { k: 2 });
    const got = await parallelSweep(pool, src, bars, GRID, {
      constraint: below,
      rank: 'Return [%]',
      fixed: { k: 2 },
      top: 5,
    });
    expectSame(got, { ...want, runs: want.runs.slice(0, 5) });
  });

  it('stops on a cancel with an error that says so', async () => {
    const ac = new AbortController();
    let chunks = 0;
    const e = await parallelSweep(pool, SOURCE, bars, GRID, {
      constraint: below,
      signal: ac.signal,
      onProgress: () => {
        chunks++;
        ac.abort();
      },
    }).catch((x: ComputeError) => x);
    expect(e).toMatchObject({ name: 'ComputeError', code: 'cancelled', message: 'the sweep was cancelled' });
    // Cancelled after the first chunk: the other lane finishes its chunk at most, none starts.
    expect(chunks).toBeLessThanOrEqual(2);
    const before = new AbortController();
    before.abort();
    await expect(parallelSweep(pool, SOURCE, bars, GRID, { signal: before.signal })).rejects.toThrow(
      'the sweep was cancelled',
    );
  });

  it('reports a program that does not evaluate rather than retrying it', async () => {
    await expect(
      parallelSweep(pool, SOURCE, bars, { fast: [5], slow: [-3] }, { rank: 'Sharpe Ratio' }),
    ).rejects.toMatchObject({ code: 'failed' });
  });
});

describe('parallelSweep when a worker dies mid-sweep', { timeout: 180_000 }, () => {
  let pool: PooledCompute;
  beforeAll(async () => {
    pool = new PooledCompute({
      workers: 2,
      script: new URL('./fixtures/faulty-worker.mjs', import.meta.url),
    });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('retries the chunk on a new worker and still equals the single-thread sweep', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'bt-sweep-')), 'died');
    const src = `${SOURCE}# die-once ${marker}\n`;
    const want = single(src, bars, 'Sharpe Ratio');
    const got = await parallelSweep(pool, src, bars, GRID, { constraint: below });
    // The fault fired (on a chunk after the first), and the result is whole regardless.
    expect(existsSync(marker)).toBe(true);
    expect(Number(readFileSync(marker, 'utf8'))).toBeGreaterThan(0);
    expectSame(got, want);
  });
});

describe('parallelSweep in this thread (InlineCompute)', () => {
  it('equals the single-thread sweep', async () => {
    const want = single(SOURCE, bars, 'Sharpe Ratio');
    expectSame(await parallelSweep(new InlineCompute(), SOURCE, bars, GRID, { constraint: below }), want);
  });
});
