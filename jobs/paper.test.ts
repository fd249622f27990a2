// Paper runs end to end on replayed bars: the committed fills are one backtest's, one instance runs a
// run however many try, pause/stop end it, and a kill -9 mid-run loses and doubles nothing.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from '../lib/data/server';
import { randomBars } from '../lib/dsl/testkit';
import { type Fill, PaperSession } from '../lib/paper';
import type { PaperEvent } from '../lib/store';
import { openStore, type Store } from '../lib/store/server';
import { type TempStore, tempStore } from '../lib/store/test-utils';
import { type PaperDeps, runPaper } from './paper';
import { replay } from './paper-feeds';
import { startPaperManager } from './paper-manager';

const SEED = 11;
const SOURCE = `strategy("paper", fill="open", capital=10000, fee=0.1%)
f = ema(close, 4)
s = sma(close, 12)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
stop_loss(3%)
`;
const bars = randomBars(300, SEED);
const TRADE_FROM = bars.time[60];

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(async () => {
  await t.cleanup();
});

/** The fills a backtest of all the bars makes, trading from TRADE_FROM, as the events record them. */
function expectedFills(): Record<string, unknown>[] {
  const o = PaperSession.open({ source: SOURCE, tradeFrom: TRADE_FROM, timeframe: '1d' });
  if (!o.ok) throw new Error(o.report);
  return o.session.step(bars).fills.map((f: Fill) => ({ ...f }));
}

const fillsOf = (events: PaperEvent[]) =>
  events.filter((e) => e.kind === 'fill').map(({ body: { verb: _, ...f } }) => f);

async function allEvents(store: Store, id: string): Promise<PaperEvent[]> {
  const out: PaperEvent[] = [];
  for (;;) {
    const page = await store.paper.events(id, { afterSeq: out.at(-1)?.seq ?? 0, limit: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
  }
}

async function deps(store: Store, intervalMs = 0): Promise<PaperDeps> {
  return {
    store,
    locks: await createCache({ url: '', log: () => {} }),
    feed: (run, after, signal) => replay(bars, run, after, { intervalMs }, signal),
  };
}

const create = (store: Store) =>
  store.paper.create({
    name: 'EMA on paper',
    source: SOURCE,
    market: 'replay:test',
    timeframe: '1d',
    tradeFrom: TRADE_FROM,
  });

describe('paper runs', () => {
  it('commits the fills of one backtest, each once, and the account at the last bar', async () => {
    const run = await create(t.store);
    const out = await runPaper(run.id, await deps(t.store), new AbortController().signal);
    expect(out).toMatchObject({ ran: true, status: 'running', steps: 300 - 60 + 1 });
    const events = await allEvents(t.store, run.id);
    const expected = expectedFills();
    expect(expected.length).toBeGreaterThan(6);
    expect(fillsOf(events)).toEqual(expected);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Every market order placed at a close is followed by its fill at the next open.
    for (const s of events.filter((e) => e.kind === 'signal'))
      expect(events.some((e) => e.kind === 'fill' && e.time > s.time)).toBe(true);
    const after = await t.store.paper.get(run.id);
    expect(after).toMatchObject({ bars: 300, lastBarTime: bars.time[299] });
    expect(after?.account).toMatchObject({ time: bars.time[299], price: bars.close[299] });
  });

  it('runs a run once when two instances try, and pause and stop end it', async () => {
    const run = await create(t.store);
    const shared = await deps(t.store, 5);
    const a = startPaperManager(shared, { scanMs: 60_000 });
    const b = startPaperManager(shared, { scanMs: 60_000 });
    try {
      await a.scan();
      await b.scan();
      await expect
        .poll(async () => (await t.store.paper.get(run.id))?.bars ?? 0, { timeout: 20_000 })
        .toBeGreaterThan(70);
      expect([...a.active(), ...b.active()]).toEqual([run.id]);
      const owner = a.active().length === 1 ? a : b;
      await owner.pause(run.id);
      expect(owner.active()).toEqual([]);
      const paused = (await t.store.paper.get(run.id))?.bars ?? 0;
      await new Promise((r) => setTimeout(r, 100));
      expect((await t.store.paper.get(run.id))?.bars).toBe(paused);
      await owner.resume(run.id);
      await expect
        .poll(async () => (await t.store.paper.get(run.id))?.bars ?? 0, { timeout: 20_000 })
        .toBeGreaterThan(paused);
      expect((await owner.stop(run.id)).status).toBe('stopped');
      expect(owner.active()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
    const events = await allEvents(t.store, run.id);
    const fills = fillsOf(events);
    expect(fills).toEqual(expectedFills().slice(0, fills.length));
  });

  it('marks a run whose program has errors as failed, saying why', async () => {
    const run = await t.store.paper.create({
      name: 'broken',
      source: 'if crossover(close, sma(close, 5):\n    buy()\n',
      market: 'replay:test',
      timeframe: '1d',
      tradeFrom: TRADE_FROM,
    });
    const out = await runPaper(run.id, await deps(t.store), new AbortController().signal);
    expect(out).toMatchObject({ ran: true, status: 'failed' });
    expect((await t.store.paper.get(run.id))?.error).toMatch(/the program has errors/);
  });

  it('resumes after kill -9 from the last committed bar, with no fill lost or doubled', async () => {
    const run = await create(t.store);
    await t.store.close();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'fixtures/paper-child.ts'),
        t.path,
        run.id,
        '15',
        String(SEED),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    try {
      await expect.poll(() => (out.match(/step \d+/g) ?? []).length, { timeout: 60_000 }).toBeGreaterThan(40);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    t.store = await openStore({ path: t.path });
    const before = await t.store.paper.get(run.id);
    expect(before?.status).toBe('running');
    expect(before?.bars).toBeGreaterThanOrEqual(100);
    expect(before?.bars).toBeLessThan(300);
    const resumed = await runPaper(run.id, await deps(t.store), new AbortController().signal);
    expect(resumed).toMatchObject({ ran: true, status: 'running', steps: 300 - (before?.bars ?? 0) });
    const events = await allEvents(t.store, run.id);
    expect(fillsOf(events)).toEqual(expectedFills());
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  }, 120_000);
});
