// `npm run bench`: our kernels against plain loops and npm peers, the full backtest against a
// hand-fused loop, the same backtest in .bt, a parameter sweep, and peak memory. See README.md.
import { loadavg } from 'node:os';
import { runProgram } from '../lib/dsl';
import type { Bars } from '../lib/engine';
import { computeStats, FUNCTIONS, STAT_NAMES, simulate, sma } from '../lib/engine';
import {
  BT_SOURCE,
  btSweep,
  CAPITAL,
  compileBt,
  crossRules,
  engineBacktest,
  engineSweep,
  FAST,
  FEE,
  SETTINGS,
  SLOW,
  SWEEP_RUNS,
} from './backtest';
import { fusedCrossoverStats } from './fused-stats';
import {
  type BenchConfig,
  compare,
  fmtMs,
  fmtRatio,
  hasGc,
  machineLine,
  maxRelDiff,
  mb,
  readConfig,
  SECTIONS,
  seededBars,
  selectClock,
  table,
  tailDiff,
} from './harness';
import { KERNELS, type Kernel, output, sliceBars } from './kernels';
import { orders } from './orders';
import { parallel } from './parallel';
import { type Cols, PEER_CASES, PEERS, type Peer, type PeerCase, toCols } from './peers';
import { portfolios } from './portfolio';
import { fusedCrossover } from './reference';

const TOLERANCE = 1e-6;
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const say = (s = '') => process.stdout.write(`${s}\n`);
let failures = 0;

/** Fails the run (exit code 1) when two computations that must agree do not. */
function verify(what: string, ok: boolean, detail: string): void {
  if (ok) return;
  failures++;
  say(`**VERIFY FAILED**: ${what}: ${detail}`);
}

// ---- 5 (measured first: peak RSS is process-wide and only grows) -----------------------------------

function measureMemory(bars: Bars): string {
  const g = (globalThis as { gc?: () => void }).gc;
  g?.();
  const before = process.memoryUsage();
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const run = engineBacktest(bars); // every intermediate array stays referenced until `after`
  const after = process.memoryUsage();
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  const keys = ['rss', 'heapUsed', 'external', 'arrayBuffers'] as const;
  const rows = keys.map((k) => [k, mb(before[k]), mb(after[k]), mb(after[k] - before[k])]);
  rows.push(['peak RSS (process)', mb(peakBefore), mb(peakAfter), mb(peakAfter - peakBefore)]);
  const kept = [run.fast, run.slow, run.sim.equity, ...run.rules.map((r) => r.when)];
  const bytes = kept.reduce((s, a) => s + a.byteLength, 0);
  return [
    table(['MB', 'before', 'after', 'delta'], rows),
    '',
    `Before: ${bars.close.length.toLocaleString('en-US')} bars loaded (6 columns = ${mb(6 * 8 * bars.close.length)} MB), after a GC.`,
    `After: the backtest's results still referenced (2 SMAs, 2 masks, equity = ${mb(bytes)} MB), no GC.`,
    'The peak RSS row is the process high-water mark (getrusage maxRSS), measured before anything else ran.',
  ].join('\n');
}

// ---- 1 ---------------------------------------------------------------------------------------------

const colsCache = new Map<number, Cols>();
function colsFor(bars: Bars): Cols {
  let c = colsCache.get(bars.close.length);
  if (!c) {
    c = toCols(bars);
    colsCache.set(bars.close.length, c);
  }
  return c;
}

interface PeerRun {
  readonly peer: Peer;
  readonly pc: PeerCase;
  /** The bars it is timed on: all of them, or the first `use` when a call on all would blow the budget. */
  readonly bars: Bars;
  readonly cols: Cols;
}

/** One untimed call on a slice estimates the full cost; a peer over budget is timed on fewer bars. */
function planPeer(cfg: BenchConfig, bars: Bars, peer: Peer, pc: PeerCase): PeerRun {
  const len = bars.close.length;
  const probeLen = Math.min(len, 20_000);
  const probe = colsFor(sliceBars(bars, probeLen));
  const t0 = performance.now();
  pc.run(probe);
  const est = ((performance.now() - t0) * len) / probeLen;
  let use = len;
  if (est > cfg.peerBudgetMs)
    use = Math.max(probeLen, Math.floor((len * cfg.peerBudgetMs) / est / 1000) * 1000);
  const sub = use < len ? sliceBars(bars, use) : bars;
  return { peer, pc, bars: sub, cols: colsFor(sub) };
}

/** The rows BENCH_KERNELS names (all when unset); an unknown name is an error that lists the known ones. */
function selectedKernels(cfg: BenchConfig): readonly Kernel[] {
  if (!cfg.kernels) return KERNELS;
  const known = new Set(KERNELS.map((k) => k.name));
  const bad = [...cfg.kernels].filter((n) => !known.has(n));
  if (bad.length)
    throw new RangeError(`BENCH_KERNELS: unknown kernel '${bad.join("', '")}'; use ${[...known].join(', ')}`);
  return KERNELS.filter((k) => cfg.kernels?.has(k.name));
}

function indicators(cfg: BenchConfig, bars: Bars): void {
  const len = bars.close.length;
  const covered = new Set(KERNELS.map((k) => k.name));
  const missing = FUNCTIONS.filter((f) => f.category !== 'event' && f.category !== 'math')
    .map((f) => f.name)
    .filter((n) => !covered.has(n));
  if (missing.length) say(`Note: registry kernels not benchmarked: ${missing.join(', ')}`);
  const kernels = selectedKernels(cfg);
  if (kernels.length < KERNELS.length) say(`Rows: ${kernels.map((k) => k.name).join(', ')} (BENCH_KERNELS).`);
  const head = ['kernel', 'ours ms', 'loop ms', '×'];
  for (const p of PEERS) head.push(`${p} ms`, '×');
  head.push('≤ 1.2× loop', '< every peer');
  const rows: string[][] = [];
  const notes: string[] = [];
  const scaled: string[] = [];
  let passLoop = 0;
  let passPeers = 0;
  let withPeers = 0;
  for (const k of kernels) {
    const peers = PEERS.flatMap((p) => {
      const pc = PEER_CASES[k.name]?.[p];
      return pc ? [planPeer(cfg, bars, p, pc)] : [];
    });
    const [ours, loop, ...theirs] = compare(
      [() => k.ours(bars), () => k.ref(bars), ...peers.map((r) => () => r.pc.run(r.cols))],
      cfg.warmup,
      cfg.reps,
    );
    const refDiff = tailDiff(output(k.ours(bars)), output(k.ref(bars)));
    if (refDiff > TOLERANCE)
      notes.push(`- ${k.name} / plain loop: last 100 values differ by ${refDiff.toExponential(1)}`);
    const row = [k.label, fmtMs(ours), fmtMs(loop), fmtRatio(loop / ours)];
    let fastest = true;
    for (const p of PEERS) {
      const j = peers.findIndex((r) => r.peer === p);
      if (j < 0) {
        row.push('—', '');
        continue;
      }
      const { pc, bars: sub, cols } = peers[j];
      const use = sub.close.length;
      const ms = (theirs[j] * len) / use;
      if (ms <= ours) fastest = false;
      row.push(`${fmtMs(ms)}${use < len ? '*' : ''}`, fmtRatio(ms / ours));
      if (use < len) scaled.push(`${k.name}/${p} on ${use.toLocaleString('en-US')}`);
      // Cross-check, untimed: the peer's result against ours on the same bars.
      const got = pc.read(pc.run(cols));
      const want = output(k.ours(sub), pc.output ?? 0);
      const diff = tailDiff(want, pc.scale ? Array.from(got, (x) => x * (pc.scale as number)) : got);
      const agrees = diff <= TOLERANCE;
      if (!agrees || pc.note) {
        const what = agrees
          ? 'agrees'
          : `last 100 values differ by up to ${diff.toExponential(1)} (relative)`;
        notes.push(`- ${k.name} / ${p}: ${what}${pc.note ? ` — ${pc.note}` : ''}`);
      }
    }
    for (const n of colsCache.keys()) if (n !== len) colsCache.delete(n);
    const okLoop = ours <= 1.2 * loop;
    passLoop += okLoop ? 1 : 0;
    // No peer has it: nothing to beat, so no verdict.
    if (peers.length) withPeers++;
    passPeers += peers.length && fastest ? 1 : 0;
    row.push(pass(okLoop), peers.length ? pass(fastest) : '—');
    rows.push(row);
    process.stderr.write(`  ${k.label}: ours ${fmtMs(ours)} ms, loop ${fmtMs(loop)} ms\n`);
  }
  say(table(head, rows));
  say();
  say(
    `Targets: ours ≤ 1.2× the plain loop: ${passLoop}/${kernels.length} PASS; faster than every peer: ${passPeers}/${withPeers} PASS (kernels some peer has).`,
  );
  say("× = that column's time / ours (above 1: ours is faster). — = the peer has no such indicator.");
  if (scaled.length) {
    say(
      `\\* timed on fewer bars and scaled linearly to ${len.toLocaleString('en-US')}: ${scaled.join('; ')}.`,
    );
  }
  say();
  say(
    `Cross-check of the last 100 values against ours (relative tolerance ${TOLERANCE}); pairs not listed agree:`,
  );
  say(notes.length ? notes.join('\n') : '- (all agree)');
}

// ---- 2 and 3 ---------------------------------------------------------------------------------------

function backtests(cfg: BenchConfig, bars: Bars): void {
  const len = bars.close.length;
  const eng = engineBacktest(bars);
  const fused = fusedCrossover(bars, FAST, SLOW, CAPITAL, FEE);
  const d = maxRelDiff(eng.sim.equity, fused.equity);
  verify('engine vs hand-fused equity', d <= 1e-9, `max relative difference ${d.toExponential(2)}`);
  const fusedStats = fusedCrossoverStats(bars, FAST, SLOW, CAPITAL, FEE, SLOW - 1);
  const unlike = STAT_NAMES.filter((k) => !Object.is(fusedStats.stats[k], eng.stats[k]));
  verify('engine vs hand-fused statistics', unlike.length === 0, `differ: ${unlike.join(', ')}`);
  const bt = runProgram(BT_SOURCE, bars);
  if (!bt.ok) throw new Error(`the .bt program failed:\n${bt.report}`);
  const dBt = maxRelDiff(eng.sim.equity, bt.sim.equity);
  verify('.bt vs engine equity', dBt <= 1e-12, `max relative difference ${dBt.toExponential(2)}`);
  say(
    `Verified before timing: equities agree to ${d.toExponential(1)} (fused) and ${dBt.toExponential(1)} (.bt) ` +
      `relative; ${eng.stats['# Trades']} closed trades (fused: ${fused.trades}), final equity ${eng.stats['Equity Final [$]'].toPrecision(4)}; ` +
      `the fused loop with statistics gives every figure of computeStats bit for bit.`,
  );

  const c = bars.close;
  const parts: [string, () => unknown][] = [
    ['sma(close, 10) + sma(close, 50)', () => [sma(c, FAST), sma(c, SLOW)]],
    ['crossover + crossunder', () => crossRules(eng.fast, eng.slow)],
    ['simulate', () => simulate(bars, eng.rules, SETTINGS)],
    ['computeStats', () => computeStats(bars, eng.sim, { warmupBars: SLOW - 1 })],
  ];
  const [tFused, tFusedStats, tEngine, tBt, tCompile, ...tParts] = compare(
    [
      () => fusedCrossover(bars, FAST, SLOW, CAPITAL, FEE),
      () => fusedCrossoverStats(bars, FAST, SLOW, CAPITAL, FEE, SLOW - 1),
      () => engineBacktest(bars),
      () => runProgram(BT_SOURCE, bars),
      () => compileBt(),
      ...parts.map((p) => p[1]),
    ],
    cfg.warmup,
    cfg.reps,
  );
  // The same two without forced GCs: a full GC between calls can discard simulate's optimized code
  // (README, "Forced GCs"), so this shows the cost once the JIT has settled.
  const [tFusedNoGc, tFusedStatsNoGc, tEngineNoGc] = compare(
    [
      () => fusedCrossover(bars, FAST, SLOW, CAPITAL, FEE),
      () => fusedCrossoverStats(bars, FAST, SLOW, CAPITAL, FEE, SLOW - 1),
      () => engineBacktest(bars),
    ],
    cfg.warmup,
    cfg.reps,
    false,
  );
  const perM = (ms: number) => fmtMs((ms * 1e6) / len);
  const okRatio = tEngine <= 2 * tFused;
  const okPerM = (tEngine * 1e6) / len <= 10;
  const rows = [
    ['hand-fused loop (equity only)', fmtMs(tFused), perM(tFused), '1.00×', '', ''],
    [
      'hand-fused loop, every statistic',
      fmtMs(tFusedStats),
      perM(tFusedStats),
      fmtRatio(tFusedStats / tFused),
      '',
      '',
    ],
    [
      'engine API, all of it',
      fmtMs(tEngine),
      perM(tEngine),
      fmtRatio(tEngine / tFused),
      '≤ 2× fused; ≤ 10 ms per 1M',
      `${pass(okRatio)}; ${pass(okPerM)}`,
    ],
    [
      '  the same, × the fused loop with every statistic',
      '',
      '',
      fmtRatio(tEngine / tFusedStats),
      '≤ 2× (like for like)',
      pass(tEngine <= 2 * tFusedStats),
    ],
    ...parts.map(([name], i) => [
      `  of which ${name}`,
      fmtMs(tParts[i]),
      perM(tParts[i]),
      fmtRatio(tParts[i] / tFused),
      '',
      '',
    ]),
    [
      '.bt via runProgram',
      fmtMs(tBt),
      perM(tBt),
      fmtRatio(tBt / tFused),
      '≤ 1.2× engine API',
      `${pass(tBt <= 1.2 * tEngine)} (${fmtRatio(tBt / tEngine)})`,
    ],
    ['  of which parse + check + compile', fmtMs(tCompile), '', '', '', ''],
    ['no forced GC: hand-fused loop', fmtMs(tFusedNoGc), perM(tFusedNoGc), '', '', ''],
    [
      'no forced GC: hand-fused loop, every statistic',
      fmtMs(tFusedStatsNoGc),
      perM(tFusedStatsNoGc),
      fmtRatio(tFusedStatsNoGc / tFusedNoGc),
      '',
      '',
    ],
    [
      'no forced GC: engine API, all of it',
      fmtMs(tEngineNoGc),
      perM(tEngineNoGc),
      fmtRatio(tEngineNoGc / tFusedNoGc),
      `(for comparison; ${fmtRatio(tEngineNoGc / tFusedStatsNoGc)} with statistics)`,
      '',
    ],
  ];
  say();
  say(
    table(
      ['SMA(10)/SMA(50) crossover, fee 0.1%', 'ms', 'ms per 1M bars', '× fused', 'target', 'result'],
      rows,
    ),
  );
  say();
  say('The parts are timed on their own (inputs precomputed), so they need not add up to the whole.');
}

// ---- 4 ---------------------------------------------------------------------------------------------

function sweeps(cfg: BenchConfig, bars: Bars): void {
  const len = bars.close.length;
  const a = engineSweep(bars);
  const b = btSweep(bars);
  verify(
    'sweep size',
    a.total === SWEEP_RUNS && b.total === SWEEP_RUNS,
    `${a.total} and ${b.total} runs, expected ${SWEEP_RUNS}`,
  );
  const same = a.runs.every((r, i) => r.stats['Equity Final [$]'] === b.runs[i].stats['Equity Final [$]']);
  verify('engine vs .bt sweep', same, 'the ranked runs differ');
  const best = a.runs[0];
  const reps = Math.max(3, cfg.reps - 2);
  const [tA, tB] = compare([() => engineSweep(bars), () => btSweep(bars)], cfg.warmup, reps);
  const ns = (ms: number) => (ms * 1e6) / (len * SWEEP_RUNS);
  const rows = [
    ['engine API: sweep + memo', fmtMs(tA), ns(tA).toFixed(2), `${pass(ns(tA) <= 15)} (≤ 15 ns)`],
    ['.bt: compile once, evaluate per run', fmtMs(tB), ns(tB).toFixed(2), `${fmtRatio(tB / tA)} engine`],
    ['vectorbt, published dual-SMA sweep', '', '≈ 120', 'for scale'],
  ];
  say(table(['sweep', 'total ms', 'ns per bar×run', 'result'], rows));
  say();
  say(
    `${SWEEP_RUNS} runs (fast 5..50 × slow 10..200 step 5, fast < slow) on ${len.toLocaleString('en-US')} bars, ` +
      `each simulated and scored with every statistic; best by Sharpe: fast ${best.params.fast}, slow ${best.params.slow}, ` +
      `Sharpe ${best.stats['Sharpe Ratio'].toFixed(2)}.`,
  );
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cfg = readConfig();
  selectClock(cfg.clock);
  const t0 = performance.now();
  const [bars, source] = await seededBars(1, cfg.bars, '1m');
  const [daily, dailySource] = await seededBars(2, cfg.sweepBars, '1d');
  const memory = cfg.only.has('memory') ? measureMemory(bars) : '';
  say('# Backtalk benchmark');
  say();
  say(machineLine());
  say(
    `Bars: ${cfg.bars.toLocaleString('en-US')} from ${source}; sweep: ${cfg.sweepBars.toLocaleString('en-US')} from ${dailySource}. ` +
      `${cfg.clock === 'cpu' ? 'Process CPU' : 'Wall'} time, median of ${cfg.reps} runs (${2 * cfg.reps} for calls under 50 ms, 3 for calls over 1 s) ` +
      `after ${cfg.warmup} warm-ups, interleaved, GC before each.` +
      (cfg.quick ? ' QUICK mode.' : '') +
      (cfg.only.size < SECTIONS.length ? ` Sections: ${[...cfg.only].join(', ')} (BENCH_ONLY).` : ''),
  );
  if (!hasGc())
    say('Warning: global.gc is unavailable (run with node --expose-gc): timings include GC debt.');
  if (cfg.only.has('indicators')) {
    say();
    say('## 1. Indicators');
    say();
    indicators(cfg, bars);
    colsCache.clear();
  }
  if (cfg.only.has('backtest')) {
    say();
    say('## 2–3. Full backtest: engine API, hand-fused loop, .bt');
    say();
    backtests(cfg, bars);
  }
  if (cfg.only.has('sweep')) {
    say();
    say('## 4. Sweep');
    say();
    sweeps(cfg, daily);
  }
  if (cfg.only.has('parallel')) {
    say();
    say('## 8. Sweep on worker threads (shared bars)');
    say();
    say(await parallel(cfg, daily, verify));
  }
  if (cfg.only.has('orders')) {
    say();
    say('## 6. Orders at prices and position state (.bt)');
    say();
    say(orders(cfg, bars, verify));
  }
  if (cfg.only.has('portfolio')) {
    say();
    say('## 7. Portfolios and watchlists');
    say();
    say(portfolios(cfg, verify));
  }
  if (cfg.only.has('memory')) {
    say();
    say(`## 5. Memory of the ${cfg.bars.toLocaleString('en-US')}-bar backtest (engine API)`);
    say();
    say(memory);
  }
  say();
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  say(
    `Total benchmark time ${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${load}.`,
  );
  if (failures) {
    say(`${failures} verification(s) failed: the timings above compare unlike computations.`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
