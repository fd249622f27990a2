// Section 8 of `npm run bench` (BENCH_ONLY=parallel): the sweep section's .bt grid split over worker
// threads that view the bars in one SharedArrayBuffer (server/compute parallelSweep), one worker against
// two, timed in interleaved rounds; the answer is checked against the single-thread sweep first.
import { availableParallelism, loadavg } from 'node:os';
import type { Bars } from '../lib/engine';
import { PooledCompute, parallelSweep } from '../server/compute';
import { BT_SOURCE, btSweep, fastBelowSlow, SWEEP_GRID, SWEEP_RUNS } from './backtest';
import { type BenchConfig, fmtMs, fmtRatio, median, table } from './harness';

export async function parallel(
  cfg: BenchConfig,
  bars: Bars,
  verify: (what: string, ok: boolean, detail: string) => void,
): Promise<string> {
  const pools = [new PooledCompute({ workers: 1 }), new PooledCompute({ workers: 2 })];
  try {
    await Promise.all(pools.map((p) => p.ready()));
    const run = (p: PooledCompute) =>
      parallelSweep(p, BT_SOURCE, bars, SWEEP_GRID, { constraint: fastBelowSlow });
    const want = btSweep(bars);
    for (const p of pools) {
      const got = await run(p);
      const same =
        got.total === SWEEP_RUNS &&
        got.runs.every(
          (r, i) =>
            r.params.fast === want.runs[i].params.fast &&
            r.params.slow === want.runs[i].params.slow &&
            Object.is(r.stats['Equity Final [$]'], want.runs[i].stats['Equity Final [$]']),
        );
      verify(`parallel sweep on ${p.workers} worker(s)`, same, 'differs from the single-thread sweep');
    }
    for (let i = 0; i < cfg.warmup; i++) for (const p of pools) await run(p);
    // Interleaved rounds, rotating which goes first, so load from other processes hits all alike.
    const fns = [() => run(pools[0]), () => run(pools[1]), async () => btSweep(bars)];
    const times: number[][] = fns.map(() => []);
    const reps = 2 * cfg.reps + 1;
    for (let r = 0; r < reps; r++) {
      for (let j = 0; j < fns.length; j++) {
        const k = (r + j) % fns.length;
        const t0 = performance.now();
        await fns[k]();
        times[k].push(performance.now() - t0);
      }
    }
    const [t1, t2, t0] = times.map(median);
    const ratio = t1 / t2;
    const ns = (ms: number) => ((ms * 1e6) / (bars.close.length * SWEEP_RUNS)).toFixed(2);
    const rows = [
      ['sweep() in this thread (section 4)', fmtMs(t0), ns(t0), fmtRatio(t1 / t0), ''],
      ['1 worker', fmtMs(t1), ns(t1), '1.00×', ''],
      [
        '2 workers',
        fmtMs(t2),
        ns(t2),
        fmtRatio(ratio),
        `${ratio >= 1.8 ? 'PASS' : 'FAIL'} (≥ 1.8× on 2 cores)`,
      ],
    ];
    const load = loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    return (
      `${table(['.bt sweep on worker threads', 'ms (wall, median)', 'ns per bar×run', 'speed vs 1 worker', 'target'], rows)}\n\n` +
      `${SWEEP_RUNS} runs on ${bars.close.length.toLocaleString('en-US')} bars in 4 chunks per worker; ${reps} interleaved ` +
      `rounds after ${cfg.warmup} warm-ups; results verified against the single-thread sweep. ` +
      `Load average ${load} on ${availableParallelism()} cores: other processes take CPU from the second worker.`
    );
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}
