// Paper updates over /ws: subscribe, hear a published step as a validated, bounded frame, unsubscribe.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PaperEvent, PaperRun } from '../lib/store';
import { decodeFrame, encodeFrame, MAX_STEP_EVENTS, type ServerMessage } from '../lib/transport';
import { latestPrices, onPaperUpdate, publishPaper } from './paper';
import { listenWorkspace, syntheticLoad } from './testkit';

let server: Server;
let url = '';

beforeAll(async () => {
  [server, url] = await listenWorkspace({
    load: syntheticLoad(),
    cacheKind: () => 'memory',
    paper: { subscribe: onPaperUpdate, prices: latestPrices },
  });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client() {
  const ws = new WebSocket(url);
  const got: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  ws.on('message', (d) => {
    const m = decodeFrame(d as Buffer) as ServerMessage;
    const w = waiters.shift();
    if (w) w(m);
    else got.push(m);
  });
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const m = got.shift();
      if (m) return resolve(m);
      const t = setTimeout(() => reject(new Error('no frame within 5 s')), 5000);
      waiters.push((x) => {
        clearTimeout(t);
        resolve(x);
      });
    });
  const opened = new Promise<void>((r) => ws.on('open', () => r()));
  return { ws, next, opened, got };
}

const run = {
  id: 'paperrun0001',
  name: 'Demo',
  market: 'replay:synthetic:1:100:1d',
  timeframe: '1d',
  status: 'running',
  lastBarTime: 86_400_000,
  source: 'secret program text',
} as unknown as PaperRun;
const account = { time: 86_400_000, capital: 10_000, cash: 9_000, equity: 10_050, position: 10, price: 105 };
const events = (n: number): PaperEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    runId: run.id,
    seq: i + 1,
    kind: 'fill' as const,
    time: 86_400_000,
    body: { price: 100 + i },
    createdAt: 0,
  }));

describe('paper over the socket', () => {
  it('sends each step to subscribers only, bounded, without the program', async () => {
    const c = client();
    await c.opened;
    expect((await c.next()).type).toBe('ready');
    c.ws.send(encodeFrame({ type: 'paper', seq: 1, subscribe: true }));
    expect(await c.next()).toMatchObject({ type: 'paper-subscribed', seq: 1, subscribed: true });
    publishPaper(run, events(MAX_STEP_EVENTS + 5), account);
    const step = await c.next();
    expect(step).toEqual({
      type: 'paper-step',
      run: {
        id: run.id,
        name: 'Demo',
        market: run.market,
        timeframe: '1d',
        status: 'running',
        lastBarTime: 86_400_000,
      },
      account,
      events: events(MAX_STEP_EVENTS + 5)
        .slice(5)
        .map(({ seq, kind, time, body }) => ({ seq, kind, time, body })),
      dropped: 5,
      prices: [{ market: run.market, price: 105, time: 86_400_000 }],
    });
    c.ws.send(encodeFrame({ type: 'paper', seq: 2, subscribe: false }));
    expect(await c.next()).toMatchObject({
      type: 'paper-subscribed',
      subscribed: false,
      prices: [{ market: run.market, price: 105 }],
    });
    publishPaper(run, events(1), account);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.got).toEqual([]);
    c.ws.close();
  });

  it('refuses a malformed subscription with what is wrong', async () => {
    const c = client();
    await c.opened;
    await c.next();
    c.ws.send(encodeFrame({ type: 'paper', seq: 3, subscribe: 'yes' }));
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', code: 'bad-message', seq: 3 });
    expect((err as { message: string }).message).toMatch(/subscribe/);
    c.ws.close();
  });
});
