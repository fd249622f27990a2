// Alerts from a paper run: every committed signal and fill reaches the channels that want it, each
// delivery's outcome is recorded, and a channel that hangs delays neither the runner nor the others.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from '../lib/data/server';
import { randomBars } from '../lib/dsl/testkit';
import { type TempStore, tempStore } from '../lib/store/test-utils';
import { startAlertDispatcher } from './alerts';
import { runPaper } from './paper';
import { replay } from './paper-feeds';

const SOURCE = `strategy("paper", fill="open", capital=10000)
f = ema(close, 4)
s = sma(close, 12)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;
const bars = randomBars(200, 5);

let t: TempStore;
const servers: Server[] = [];
beforeEach(async () => {
  t = await tempStore();
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await t.cleanup();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

describe('alert dispatcher', () => {
  it('delivers every event to the channels that want it, while a hanging channel delays nothing', async () => {
    const received: { seq: number; kind: string }[] = [];
    const good = await listen((req, res) => {
      let b = '';
      req.on('data', (d) => {
        b += d;
      });
      req.on('end', () => {
        const { event } = JSON.parse(b);
        received.push({ seq: event.seq, kind: event.kind });
        res.writeHead(200).end();
      });
    });
    const hanging = await listen(() => {}); // never answers
    await t.store.alerts.createChannel({
      name: 'good',
      kind: 'webhook',
      config: { url: good, secret: 's'.repeat(16) },
    });
    await t.store.alerts.createChannel({
      name: 'fills only, hangs',
      kind: 'webhook',
      config: { url: hanging, secret: 's'.repeat(16) },
      events: ['fill'],
    });
    await t.store.alerts.createChannel({
      name: 'off',
      kind: 'webhook',
      config: { url: good, secret: 's'.repeat(16) },
      enabled: false,
    });
    const dispatcher = await startAlertDispatcher(t.store, { deliver: { timeoutMs: 600_000, attempts: 1 } });
    const run = await t.store.paper.create({
      name: 'alerts',
      source: SOURCE,
      market: 'replay:x',
      timeframe: '1d',
      tradeFrom: bars.time[30],
    });
    const out = await runPaper(
      run.id,
      {
        store: t.store,
        locks: await createCache({ url: '', log: () => {} }),
        feed: (r, after, signal) => replay(bars, r, after, { intervalMs: 0 }, signal),
        notify: dispatcher.notify,
      },
      new AbortController().signal,
    );
    expect(out).toMatchObject({ ran: true, status: 'running' });
    const events = await t.store.paper.events(run.id, { limit: 1000 });
    const fills = events.filter((e) => e.kind === 'fill').length;
    expect(fills).toBeGreaterThan(4);
    // The good channel gets every event once while the hanging one still holds its first two.
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(events.length);
    expect(received.map((r) => r.seq).sort((a, b) => a - b)).toEqual(events.map((e) => e.seq));
    const pending = await t.store.alerts.deliveries({ status: 'pending', limit: 1000 });
    expect(pending.length).toBe(fills);
    // Shutting down ends the hung ones and records the waiting ones: nothing is left pending.
    await dispatcher.close();
    const all = await t.store.alerts.deliveries({ runId: run.id, limit: 1000 });
    expect(all.length).toBe(events.length + fills);
    expect(all.filter((d) => d.status === 'sent').length).toBe(events.length);
    const failed = all.filter((d) => d.status === 'failed');
    expect(failed.length).toBe(fills);
    expect(new Set(failed.map((d) => d.error))).toEqual(new Set(['not sent: the server is shutting down']));
  }, 120_000);

  it('marks deliveries a dead process left pending as failed, not sent twice', async () => {
    const c = await t.store.alerts.createChannel({
      name: 'w',
      kind: 'webhook',
      config: { url: 'http://127.0.0.1:9/', secret: 's'.repeat(16) },
    });
    const d = await t.store.alerts.startDelivery(c.id, 'r', 1);
    await startAlertDispatcher(t.store);
    expect((await t.store.alerts.deliveries())[0]).toMatchObject({
      id: d.id,
      status: 'failed',
      error: 'interrupted by a restart before it was sent; not retried',
    });
  });

  it('records a channel whose stored settings no longer parse as failed, saying why', async () => {
    const c = await t.store.alerts.createChannel({
      name: 'w',
      kind: 'webhook',
      config: { url: 'ftp://x', secret: 'short' },
    });
    const dispatcher = await startAlertDispatcher(t.store);
    const { outcome } = await dispatcher.test(c.id);
    expect(outcome).toMatchObject({ ok: false, attempts: 0 });
    expect(outcome.error).toMatch(/the channel's settings are invalid/);
  });
});
