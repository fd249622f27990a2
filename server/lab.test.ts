// The lab over the real /ws socket: a sweep's runs equal single backtests of each combination, its odds
// equal sweepOverfitting's, a walk-forward and a Monte Carlo equal the lab library called directly; a
// running sweep stops on cancel (on a worker pool); a grid past the cap and an unknown input are refused
// with errors that say what to change.
import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { synthetic } from '../lib/data';
import { checkSource, compile, isEvalFailure, runProgram } from '../lib/dsl';
import { gridRange, type Params, type SeriesCache } from '../lib/engine';
import { blockBootstrap, equityReturns, sweepOverfitting, walkForward, walkForwardWindows } from '../lib/lab';
import { type LabServerMessage, type ServerMessage, WorkspaceClient, windowSizes } from '../lib/transport';
import { InlineCompute, PooledCompute } from './compute';
import { listenWorkspace, syntheticLoad, wsFactory } from './testkit';

const PROGRAM = `fast = input(10, min=2, max=100)
slow = input(40, min=10, max=300)
f = sma(close, fast)
s = sma(close, slow)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

const servers: Server[] = [];
const pools: PooledCompute[] = [];
afterAll(async () => {
  for (const s of servers) s.close();
  for (const p of pools) await p.close();
});

async function open(compute: InlineCompute | PooledCompute, source: string) {
  const [s, url] = await listenWorkspace({ load: syntheticLoad(true), cacheKind: () => 'memory', compute });
  servers.push(s);
  const lab: LabServerMessage[] = [];
  const errors: ServerMessage[] = [];
  let resolveResult: () => void;
  const ran = new Promise<void>((r) => {
    resolveResult = r;
  });
  const client = new WorkspaceClient(
    url,
    {
      onLab: (m) => lab.push(m),
      onResult: () => resolveResult(),
      onError: (m) => errors.push(m),
    },
    wsFactory,
  );
  client.open(PROGRAM, { source }, {});
  await ran;
  const until = async <T extends LabServerMessage['type']>(type: T, seq: number, ms = 20_000) => {
    const t0 = Date.now();
    for (;;) {
      const m = lab.find((x) => x.type === type && x.seq === seq);
      if (m) return m as Extract<LabServerMessage, { type: T }>;
      const err = lab.find((x) => x.type === 'lab-error' && x.seq === seq);
      if (err) throw new Error(`lab-error: ${JSON.stringify(err)}`);
      if (Date.now() - t0 > ms) throw new Error(`no ${type} for ${seq} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { client, lab, errors, until };
}

const checked = checkSource(PROGRAM).checked;
if (!checked.ok) throw new Error('the test program does not compile');
const compiled = compile(checked);
const strategyOn = (bars: ReturnType<typeof synthetic>) => (p: Params, cache: SeriesCache) => {
  const ev = compiled.evaluate(bars, { fast: 10, slow: 40, ...p }, cache);
  if (isEvalFailure(ev)) throw new Error('eval failed');
  return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
};

describe('lab over the socket', () => {
  it('sweeps: every run equals a single backtest of its parameters; odds equal sweepOverfitting', async () => {
    const { client, until } = await open(new InlineCompute(), 'synthetic:4:800');
    const grid = { fast: { from: 5, to: 15, step: 5 }, slow: { from: 30, to: 50, step: 10 } };
    const { seq } = client.lab({ type: 'sweep', grid, rank: 'Sharpe Ratio' });
    const r = await until('sweep-result', seq);
    expect(r.total).toBe(9);
    expect(r.names).toEqual(['fast', 'slow']);
    const bars = synthetic({ seed: 4, bars: 800 });
    const sharpe = r.stats['Sharpe Ratio'];
    for (let i = 0; i < 9; i++) {
      const params = { fast: r.params.fast[i], slow: r.params.slow[i] };
      const one = runProgram(PROGRAM, bars, { params });
      if (!one.ok) throw new Error('run failed');
      expect(sharpe[i]).toBe(one.stats['Sharpe Ratio']);
      expect(r.stats['Return [%]'][i]).toBe(one.stats['Return [%]']);
      if (i > 0) expect(sharpe[i - 1] >= sharpe[i] || Number.isNaN(sharpe[i])).toBe(true); // best first
    }
    const seen = new Set(Array.from({ length: 9 }, (_, i) => `${r.params.fast[i]}/${r.params.slow[i]}`));
    expect(seen.size).toBe(9);
    const odds = await until('sweep-odds', seq);
    const want = sweepOverfitting({
      bars,
      grid: { fast: [5, 10, 15], slow: [30, 40, 50] },
      rank: 'Sharpe Ratio',
      strategy: strategyOn(bars),
    });
    expect(odds.odds?.trials).toBe(9);
    expect(odds.odds?.dsr).toBe(want.deflated.dsr);
    expect(odds.odds?.pbo).toBe(want.pbo?.pbo ?? null);
    expect(odds.odds?.reading).toBe(want.reading);
    client.close();
  });

  it('walk-forward equals walkForward on windows cut from the share and count', async () => {
    const { client, until } = await open(new InlineCompute(), 'synthetic:5:1000');
    const grid = { fast: { from: 5, to: 20, step: 5 } };
    const { seq } = client.lab({
      type: 'walkforward',
      grid,
      rank: 'Return [%]',
      fraction: 0.75,
      windows: 3,
      anchored: true,
    });
    const r = await until('walkforward-result', seq);
    // 1000 bars, 3 windows, 3:1 in/out: out = floor(1000 / (3 + 3)) = 166, in = 1000 - 3 × 166 = 502.
    expect(windowSizes(1000, 0.75, 3)).toEqual({ inSample: 502, outOfSample: 166 });
    const bars = synthetic({ seed: 5, bars: 1000 });
    const windows = walkForwardWindows(1000, { inSample: 502, outOfSample: 166, anchored: true });
    const want = walkForward({
      bars,
      grid: { fast: gridRange(5, 20, 5) },
      rank: 'Return [%]',
      strategy: strategyOn(bars),
      windows,
    });
    expect(r.windows.map((w) => [w.isFrom, w.isTo, w.oosFrom, w.oosTo])).toEqual([
      [0, 502, 502, 668],
      [0, 668, 668, 834],
      [0, 834, 834, 1000],
    ]);
    expect(r.windows.map((w) => w.params.fast)).toEqual(want.windows.map((w) => w.params.fast));
    expect(r.efficiency).toBe(Number.isFinite(want.efficiency) ? want.efficiency : null);
    expect(r.stats['Return [%]']).toBe(want.stats['Return [%]']);
    // The stitched equity: its first point is the first out-of-sample bar, its last the last bar.
    expect(r.equity.index[0]).toBe(502);
    expect(r.equity.index[r.equity.index.length - 1]).toBe(999);
    expect(r.equity.values[r.equity.values.length - 1]).toBe(want.equity[999]);
    client.close();
  });

  it('Monte Carlo bootstrap equals blockBootstrap of the run; reshuffle ends where the trades end', async () => {
    const { client, until } = await open(new InlineCompute(), 'synthetic:6:900');
    const { seq } = client.lab({ type: 'montecarlo', method: 'bootstrap', runs: 200, seed: 7 });
    const r = await until('montecarlo-result', seq);
    const bars = synthetic({ seed: 6, bars: 900 });
    const run = runProgram(PROGRAM, bars, {});
    if (!run.ok) throw new Error('run failed');
    const capital = run.eval.settings.capital;
    const want = blockBootstrap(equityReturns(run.sim.equity, run.eval.warmup), {
      runs: 200,
      seed: 7,
      startEquity: capital,
    });
    expect(r.table[0]).toMatchObject({
      label: 'Return [%]',
      p5: want.returns.p5,
      p50: want.returns.p50,
      p95: want.returns.p95,
    });
    expect(r.bands.p50.values[r.bands.p50.values.length - 1]).toBe(want.bands.p50[want.bands.p50.length - 1]);
    const s = client.lab({ type: 'montecarlo', method: 'reshuffle', runs: 100, seed: 7 });
    const sh = await until('montecarlo-result', s.seq);
    const last = (c: { values: Float64Array }) => c.values[c.values.length - 1];
    // Every order of the same trades ends at the same equity: the bands close on the actual one.
    expect(last(sh.bands.p5)).toBeCloseTo(last(sh.actual), 6);
    expect(last(sh.bands.p95)).toBeCloseTo(last(sh.actual), 6);
    client.close();
  });

  it('refuses an unknown input and a grid past the cap, saying what to change', async () => {
    const { client, until, lab, errors } = await open(new InlineCompute(), 'synthetic:1:300');
    const { seq } = client.lab({
      type: 'sweep',
      grid: { fsat: { from: 1, to: 3, step: 1 } },
      rank: 'Sharpe Ratio',
    });
    await expect(until('sweep-result', seq, 3000)).rejects.toThrow(/no input 'fsat'/);
    const big = client.lab({
      type: 'sweep',
      grid: { fast: { from: 2, to: 100, step: 1 }, slow: { from: 10, to: 300, step: 1 } },
      rank: 'Sharpe Ratio',
    });
    await expect.poll(() => errors.length, { timeout: 3000 }).toBeGreaterThan(0);
    expect(String((errors[0] as { message: string }).message)).toMatch(/more than 2500 combinations/);
    expect(lab.some((m) => m.seq === big.seq)).toBe(false);
    client.close();
  });

  it('stops a running sweep on cancel (worker pool)', async () => {
    const p = new PooledCompute({ workers: 2 });
    pools.push(p);
    await p.ready();
    const { client, lab, until } = await open(p, 'synthetic:2:60000');
    const grid = { fast: { from: 2, to: 60, step: 1 }, slow: { from: 100, to: 300, step: 5 } };
    const { seq } = client.lab({ type: 'sweep', grid, rank: 'Sharpe Ratio' });
    await until('lab-progress', seq);
    client.lab({ type: 'cancel', job: seq });
    await until('lab-cancelled', seq);
    await new Promise((r) => setTimeout(r, 300));
    expect(lab.some((m) => m.seq === seq && (m.type === 'sweep-result' || m.type === 'sweep-odds'))).toBe(
      false,
    );
    // The session still works: a small sweep after it completes.
    const next = client.lab({
      type: 'sweep',
      grid: { fast: { from: 5, to: 10, step: 5 } },
      rank: 'Sharpe Ratio',
    });
    expect((await until('sweep-result', next.seq, 60_000)).total).toBe(2);
    client.close();
  }, 120_000);
});
