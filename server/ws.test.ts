// The /ws endpoint end to end over a real socket: a real `ws` server and the workspace client.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DataError } from '../lib/data';
import type { ServerMessage, WireM4 } from '../lib/transport';
import { decodeFrame, encodeFrame, isM4, m4, previewWindow, type WorkspaceResult } from '../lib/transport';
import { drawdownPct } from '../lib/ui';
import { type PooledCompute, processCompute } from './compute';
import { connectWorkspace, listenWorkspace, syntheticLoad } from './testkit';
import type { SocketOptions } from './ws';

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
// A second server that waits long before sending a preview's full series, so that a test can send a
// newer request inside that pause without racing the timer.
let slowServer: Server;
let slowUrl: string;

/** 'synthetic:SEED' (2,000 bars) or 'synthetic:SEED:BARS'; 'yahoo:NOPE' fails as an unknown symbol. */
const synth = syntheticLoad();
const load: SocketOptions['load'] = async (req) => {
  if (req.source === 'yahoo:NOPE')
    throw new DataError('not-available', "unknown symbol 'NOPE'", { hint: 'check the ticker' });
  return synth(req);
};

const listen = (settleMs?: number) => listenWorkspace({ load, cacheKind: () => 'memory', settleMs });

beforeAll(async () => {
  [server, url] = await listen();
  [slowServer, slowUrl] = await listen(2000);
  // The sockets run backtests on the process's worker pool: wait until its workers are up.
  await (processCompute() as PooledCompute).ready();
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise<void>((r) => slowServer.close(() => r()));
});

/** A client whose events are collected, with a helper to wait for the next one of a kind. */
const connect = (at = url) => connectWorkspace(at);

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

describe('workspace socket: previews while a slider is dragged', () => {
  const BARS = 50_000;
  const VIEW = { from: 10_000, to: 29_999, width: 400 };
  const ALL = { from: 0, to: BARS - 1, width: 400 };
  const values = (v: unknown) => v as Float64Array;

  it('answers a move that carries the view with a decimated preview, then the full series', async () => {
    const { client, next } = connect();
    await next('ready');
    client.open(PROGRAM, { source: `synthetic:8:${BARS}` });
    await next('bars');
    const first = await next<WorkspaceResult>('result');
    client.setView(ALL);
    const seq = client.setParams({ fast: 12 });
    const preview = await next<WorkspaceResult>('preview');
    expect(preview.seq).toBe(seq);
    expect(preview.params).toEqual({ fast: 12, slow: 30 });
    const win = previewWindow(BARS, ALL)!;
    expect(preview.preview?.window).toEqual(win);
    // The changed series and the equity travel decimated; 's' did not change and is the full copy.
    expect(isM4(preview.series.f.values)).toBe(true);
    expect(isM4(preview.equity)).toBe(true);
    expect(preview.series.s.values).toBe(first.series.s.values);
    const full = await next<WorkspaceResult>('completion');
    expect(full.seq).toBe(seq);
    expect(full.completes).toBe(preview);
    expect(full.stats).toEqual(preview.stats);
    // Independently: a fresh session computing fast=12 without a view gets the same full series, and the
    // preview is exactly the M4 of those series (and of the drawdown) over the window.
    const other = connect();
    await other.next('ready');
    other.client.open(PROGRAM, { source: `synthetic:8:${BARS}` }, { fast: 12 });
    const ref = await other.next<WorkspaceResult>('result');
    expect(values(full.series.f.values)).toEqual(ref.series.f.values);
    expect(values(full.equity)).toEqual(ref.equity);
    const cut = (v: Float64Array) => m4(v, win.from, win.to, win.bucket);
    expect(preview.series.f.values).toEqual(cut(values(ref.series.f.values)));
    expect(preview.equity).toEqual(cut(values(ref.equity)));
    expect(preview.preview?.drawdown).toEqual(cut(drawdownPct(values(ref.equity))));
    // Far smaller: the preview's frame against the full one.
    const sizes = [await next<{ of: string; bytes: number }>('timing')];
    sizes.push(await next<{ of: string; bytes: number }>('timing'));
    sizes.push(await next<{ of: string; bytes: number }>('timing'));
    const bytes = Object.fromEntries(sizes.map((t) => [t.of, t.bytes]));
    expect(bytes.preview * 4).toBeLessThan(bytes.full);
    other.client.close();
    client.close();
  });

  it('sends previews during a burst and one full update, for the newest move, at the end', async () => {
    const { client, next, events } = connect();
    await next('ready');
    client.open(PROGRAM, { source: `synthetic:9:${BARS}` });
    await next('result');
    await next('timing');
    client.setView(VIEW);
    let last = 0;
    for (let fast = 2; fast <= 40; fast++) last = client.setParams({ fast });
    const done = await next<WorkspaceResult>('completion');
    expect(done.seq).toBe(last);
    expect(done.params.fast).toBe(40);
    // Let anything else in flight arrive, then count what the server sent.
    await new Promise((r) => setTimeout(r, 500));
    const timings = events
      .filter((e) => e.kind === 'timing')
      .map((e) => e.value as { of: string; seq: number });
    const fulls = timings.filter((t) => t.of === 'full');
    expect(fulls).toEqual([expect.objectContaining({ seq: last })]);
    const previews = timings.filter((t) => t.of === 'preview');
    expect(previews.length).toBeGreaterThan(0);
    expect(previews.length).toBeLessThan(39 / 2); // coalesced
    expect(timings.filter((t) => t.of === 'result')).toEqual([]);
    expect(events.filter((e) => e.kind === 'completion')).toEqual([]);
    client.close();
  });

  it('drops a pending full update when a newer move arrives, and never sends a stale one', async () => {
    const { client, next, events } = connect(slowUrl);
    await next('ready');
    client.open(PROGRAM, { source: `synthetic:10:${BARS}` });
    await next('result');
    await next('timing');
    client.setView(VIEW);
    const a = client.setParams({ fast: 15 });
    expect((await next<WorkspaceResult>('preview')).seq).toBe(a);
    const b = client.setParams({ fast: 16 });
    expect((await next<WorkspaceResult>('preview')).seq).toBe(b);
    const done = await next<WorkspaceResult>('completion', 10_000);
    expect(done.seq).toBe(b);
    const fulls = events
      .filter((e) => e.kind === 'timing' && (e.value as { of: string }).of === 'full')
      .map((e) => (e.value as { seq: number }).seq);
    expect(fulls).toEqual([b]);
    // A source edit is answered in full at once (no view), and keeps what the full update delivered.
    client.setSource(`${PROGRAM}\n`);
    const r = await next<WorkspaceResult>('result');
    expect(isM4(r.series.f.values as WireM4)).toBe(false);
    expect(r.series.f.values).toEqual(done.series.f.values);
    client.close();
  });

  it('answers in full when a preview would not be much smaller', async () => {
    const { client, next } = connect();
    await next('ready');
    client.open(PROGRAM, { source: 'synthetic:11' }); // 2,000 bars
    await next('result');
    client.setView({ from: 0, to: 1999, width: 800 });
    const seq = client.setParams({ fast: 14 });
    const r = await next<WorkspaceResult>('result');
    expect(r.seq).toBe(seq);
    expect(r.preview).toBeUndefined();
    expect(values(r.series.f.values)).toHaveLength(2000);
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
