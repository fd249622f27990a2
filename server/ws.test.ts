// The /ws endpoint end to end over a real socket: a real `ws` server and the workspace client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DataError, synthetic } from '../lib/data';
import { type SocketFactory, WorkspaceClient, type WorkspaceResult } from '../lib/transport/client';
import { decodeFrame, encodeFrame } from '../lib/transport/codec';
import type { ServerMessage } from '../lib/transport/protocol';
import { attachWorkspaceSocket } from './ws';

const PROGRAM = `fast = input(10, min=2, max=50)
slow = input(30, min=5, max=200)
f = sma(close, fast)
s = sma(close, slow)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer();
  attachWorkspaceSocket(server, {
    load: async (req) => {
      if (req.source === 'yahoo:NOPE')
        throw new DataError('not-available', "unknown symbol 'NOPE'", { hint: 'check the ticker' });
      const seed = Number(req.source.split(':')[1] ?? 1);
      const bars = synthetic({ seed, bars: 2000 });
      return { bars, source: req.source, symbol: 'SYNTH', timeframe: '1d', issues: [] };
    },
    cacheKind: () => 'memory',
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const factory: SocketFactory = (u) => new WebSocket(u) as never;

/** A client whose events are collected, with a helper to wait for the next one of a kind. */
function connect() {
  const events: { kind: string; value: unknown }[] = [];
  const waiters: { kind: string; resolve: (v: unknown) => void }[] = [];
  const push = (kind: string) => (value: unknown) => {
    const i = waiters.findIndex((w) => w.kind === kind);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(value);
    else events.push({ kind, value });
  };
  const client = new WorkspaceClient(
    url,
    {
      onBars: push('bars'),
      onResult: push('result'),
      onDiagnostics: push('diagnostics'),
      onError: push('error'),
      onReady: push('ready'),
    },
    factory,
  );
  const next = <T>(kind: string, ms = 5000): Promise<T> => {
    const i = events.findIndex((e) => e.kind === kind);
    if (i >= 0) return Promise.resolve(events.splice(i, 1)[0].value as T);
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${kind} within ${ms} ms`)), ms);
      waiters.push({
        kind,
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as T);
        },
      });
    });
  };
  return { client, next, events };
}

describe('workspace socket', () => {
  it('sends bars once, then results; a parameter change resends only the changed series', async () => {
    const { client, next } = connect();
    await next('ready');
    client.open(PROGRAM, { source: 'synthetic:3' });
    const bars = await next<{ close: Float64Array }>('bars');
    expect(bars.close).toBeInstanceOf(Float64Array);
    expect(bars.close.length).toBe(2000);
    const first = await next<WorkspaceResult>('result');
    expect(Object.keys(first.series).sort()).toEqual(['f', 's']);
    expect(first.equity.length).toBe(2000);
    expect(first.params).toEqual({ fast: 10, slow: 30 });

    const seq = client.setParams({ fast: 12 });
    const second = await next<WorkspaceResult>('result');
    expect(second.seq).toBe(seq);
    expect(second.params).toEqual({ fast: 12, slow: 30 });
    // 's' did not change: the client kept its copy, the server did not resend it.
    expect(second.series.s.values).toBe(first.series.s.values);
    expect(second.series.f.values).not.toBe(first.series.f.values);
    // In program order still, though only 'f' travelled (the chart's legend and colours follow it).
    expect(Object.keys(second.series)).toEqual(['f', 's']);
    expect(second.stats['# Trades']).not.toBeUndefined();
    client.close();
  });

  it('coalesces a burst of parameter moves and never answers with a stale state', async () => {
    const { client, next, events } = connect();
    await next('ready');
    client.open(PROGRAM, { source: 'synthetic:4' });
    await next('result');
    let last = 0;
    for (let fast = 2; fast <= 40; fast++) last = client.setParams({ fast });
    const final = await next<WorkspaceResult>('result');
    // Wait a moment for any straggler, then check nothing older than the newest request got through.
    await new Promise((r) => setTimeout(r, 300));
    const results = [
      final,
      ...events.filter((e) => e.kind === 'result').map((e) => e.value as WorkspaceResult),
    ];
    expect(results.at(-1)!.seq).toBe(last);
    expect(results.at(-1)!.params.fast).toBe(40);
    expect(results.length).toBeLessThan(39 / 2);
    expect(final.timing.coalesced).toBeGreaterThan(1);
    client.close();
  });

  it('reports program errors as diagnostics and data errors as errors, keeping the session alive', async () => {
    const { client, next } = connect();
    await next('ready');
    client.open(PROGRAM, { source: 'synthetic:5' });
    await next('result');
    client.setSource(`${PROGRAM}x = smaa(close, 3)\n`);
    const d = await next<{ diagnostics: { code: string; span: { line: number; col: number } }[] }>(
      'diagnostics',
    );
    expect(d.diagnostics.find((x) => x.code === 'unknown-function')?.span).toMatchObject({ line: 9, col: 5 });
    client.setData({ source: 'yahoo:NOPE' });
    const err = await next<{ code: string; message: string; hint?: string }>('error');
    expect(err).toMatchObject({ code: 'not-available', hint: 'check the ticker' });
    client.setSource(PROGRAM);
    client.setData({ source: 'synthetic:6' });
    await next('bars');
    expect((await next<WorkspaceResult>('result')).equity.length).toBe(2000);
    client.close();
  });
});

describe('workspace socket: hostile frames', () => {
  function raw(headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const messages: ServerMessage[] = [];
      ws.on('message', (d) => messages.push(decodeFrame(d as Buffer) as ServerMessage));
      ws.on('open', () => resolve({ ws, messages }));
      ws.on('error', reject);
    });
  }
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('answers malformed frames and unknown types with an error and stays up', async () => {
    const { ws, messages } = await raw();
    ws.send(Buffer.from([0xc1, 0x00]));
    ws.send('{"type":"open"}');
    ws.send(encodeFrame({ type: 'launch', seq: 3 }));
    ws.send(encodeFrame({ type: 'params', seq: 4, params: { fast: 'ten' } }));
    ws.send(encodeFrame({ type: 'ping', seq: 5 }));
    await settle();
    const codes = messages.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code);
    expect(codes).toEqual(['bad-frame', 'bad-frame', 'unknown-type', 'bad-message']);
    expect(messages.some((m) => m.type === 'pong')).toBe(true);
    ws.close();
  });

  it('closes on an oversized frame with code 1009', async () => {
    const { ws } = await raw();
    const code = await new Promise<number>((r) => {
      ws.on('close', (c) => r(c));
      ws.send(encodeFrame({ type: 'source', seq: 1, source: 'x'.repeat(400 * 1024) }));
    });
    expect(code).toBe(1009);
  });

  it('refuses a cross-site origin', async () => {
    await expect(raw({ origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const ok = await raw({ origin: `http://${new URL(url).host}` });
    ok.ws.close();
  });
});
