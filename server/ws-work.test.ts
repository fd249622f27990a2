// Bounded work on the /ws socket (issue 9): a program past the work budget is refused before it runs,
// a heavy run on one socket does not hold up another socket's slider, and every failure (a crashed
// worker, a frame too large to encode) is answered with an error, never silence.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRsi } from '../lib/dsl/testkit';
import type { ServerMessage, WorkspaceResult } from '../lib/transport';
import { PooledCompute, type SessionCompute } from './compute';
import { connectWorkspace, listenWorkspace, syntheticLoad } from './testkit';
import type { SocketOptions } from './ws';

const PROGRAM = `fast = input(10, min=2, max=50)
f = sma(close, fast)
s = sma(close, 30)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

// 'synthetic:SEED:BARS'; generated once per source (as the server's data caches would hand them out).
const load = syntheticLoad(true);

const servers: Server[] = [];
const pools: PooledCompute[] = [];

async function listen(opts: Partial<SocketOptions> = {}): Promise<string> {
  const [s, url] = await listenWorkspace({ load, cacheKind: () => 'memory', ...opts });
  servers.push(s);
  return url;
}

async function pool(opts: ConstructorParameters<typeof PooledCompute>[0]): Promise<PooledCompute> {
  const p = new PooledCompute(opts);
  pools.push(p);
  await p.ready();
  return p;
}

afterAll(async () => {
  for (const s of servers) s.closeAllConnections?.();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  await Promise.all(pools.map((p) => p.close()));
});

/** A client whose events are queued by kind, and `next(kind)` to wait for one. */
const connect = (url: string) => connectWorkspace(url, 60_000);

type Diagnostics = Extract<ServerMessage, { type: 'diagnostics' }>;
type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/** The compute, with a note of when the heavy session's run starts and ends on the server. */
function watched(inner: SessionCompute, isHeavy: (source: string) => boolean) {
  let started!: () => void;
  const state = { started: new Promise<void>((r) => (started = r)), finished: false };
  const compute: SessionCompute = {
    budget: inner.budget,
    runProgram: inner.runProgram,
    full: (...a) => inner.full(...a),
    drop: (s) => inner.drop(s),
    close: () => inner.close(),
    run: async (req) => {
      if (!isHeavy(req.source)) return inner.run(req);
      const out = inner.run(req);
      started();
      try {
        return await out;
      } finally {
        state.finished = true;
      }
    },
  };
  return { compute, state };
}

describe('bounded work on the workspace socket', { timeout: 120_000 }, () => {
  // 12 rsi over 500k bars: allowed, and far longer than a light session's run.
  const HEAVY = manyRsi(12);
  let url: string;
  let heavyRun: ReturnType<typeof watched>['state'];
  beforeAll(async () => {
    const w = watched(await pool({ workers: 2 }), (src) => src === HEAVY);
    heavyRun = w.state;
    url = await listen({ compute: w.compute });
  });

  it('refuses 400 rsi lines on 1M bars before running them, naming the budget and the way under it', async () => {
    const { client, next, events } = connect(url);
    await next('ready');
    const seq = client.open(manyRsi(), { source: 'synthetic:1:1000000' });
    await next('bars');
    const d = await next<Diagnostics>('diagnostics');
    expect(d.seq).toBe(seq);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]).toMatchObject({
      code: 'too-much-work',
      severity: 'error',
      message:
        'this program would compute 406 series (400 indicator calls) over 1,000,000 bars (406 M bar-calls, ' +
        'about 3.02 GB); the budget is 50 M bar-calls, about 381 MB (BACKTALK_MAX_WORK)',
      hint:
        'use fewer bars (a date range or a larger timeframe: at most 123,152 bars for this program), ' +
        'or fewer indicators (at most 50 series over these bars)',
    });
    // Nothing ran: no result followed; the same program on fewer bars runs.
    client.setData({ source: 'synthetic:1:5000' });
    await next('bars');
    const r = await next<WorkspaceResult>('result');
    expect(Object.keys(r.series)).toHaveLength(400);
    expect(events.filter((e) => e.kind === 'result' || e.kind === 'error')).toEqual([]);
    client.close();
  });

  it("answers another socket's slider while a heavy run computes, and the event loop keeps turning", async () => {
    const heavy = connect(url);
    const light = connect(url);
    await Promise.all([heavy.next('ready'), light.next('ready')]);
    light.client.open(PROGRAM, { source: 'synthetic:2:5000' });
    await light.next('result');
    heavy.client.open(HEAVY, { source: 'synthetic:3:500000' });
    await heavyRun.started; // the server has handed the heavy run over
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const seq = light.client.setParams({ fast: 12 });
    const moved = await light.next<WorkspaceResult>('result');
    const heavyDoneAtLight = heavyRun.finished;
    const turnsAtLight = turns;
    expect(moved.seq).toBe(seq);
    expect(moved.params.fast).toBe(12);
    const done = await heavy.next<WorkspaceResult>('result');
    counting = false;
    expect(Object.keys(done.series)).toHaveLength(12);
    // The slider was answered while the heavy run was still computing, and the loop went on turning
    // (run on the event loop, the heavy run would have held both until it returned).
    expect(heavyDoneAtLight).toBe(false);
    expect(turnsAtLight).toBeGreaterThan(0);
    heavy.client.close();
    light.client.close();
  });
});

// Replacing a worker means starting one (loading the code): slow on a busy machine, so more time.
describe('failures on the workspace socket are answered', { timeout: 120_000 }, () => {
  it('answers a run whose worker crashed with an error frame, and the next request with a result', async () => {
    const faulty = new URL('./compute/fixtures/faulty-worker.mjs', import.meta.url);
    const url = await listen({ compute: await pool({ workers: 1, script: faulty }) });
    const { client, next } = connect(url);
    await next('ready');
    const seq = client.open(`${PROGRAM}# crash\n`, { source: 'synthetic:4' });
    await next('bars');
    const err = await next<ErrorMessage>('error');
    expect(err).toMatchObject({ seq, code: 'crashed' });
    expect(err.message).toContain('injected fault');
    expect(err.hint).toBeTruthy();
    client.setSource(PROGRAM);
    const r = await next<WorkspaceResult>('result');
    expect(r.equity).toHaveLength(2000);
    client.close();
  });

  it('answers a result too large to encode with an error frame naming the limit', async () => {
    // 10,000 bars: the bars (480 kB) fit under a 600 kB limit; a result with 12 series (~1 MB) does not.
    const url = await listen({ compute: await pool({ workers: 1 }), maxFrameBytes: 600_000 });
    const { client, next } = connect(url);
    await next('ready');
    const wide = ['c = close', ...Array.from({ length: 11 }, (_, i) => `m${i} = sma(close, ${i + 2})`)];
    const seq = client.open(`${wide.join('\n')}\nif close > m0:\n    buy(market)\n`, {
      source: 'synthetic:5:10000',
    });
    await next('bars');
    const err = await next<ErrorMessage>('error');
    expect(err).toMatchObject({ seq, code: 'too-large' });
    expect(err.message).toMatch(
      /^the result could not be sent: a frame of at least .* exceeds the limit of 586 kB$/,
    );
    expect(err.hint).toBe('use fewer bars (a date range) or fewer series');
    // The session goes on: a smaller answer is sent.
    client.setSource(PROGRAM);
    expect((await next<WorkspaceResult>('result')).equity).toHaveLength(10_000);
    client.close();
  });
});
