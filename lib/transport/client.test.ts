// The client's side of previews, against a scripted socket: what it sends, what it shows, what it keeps.
import { describe, expect, it } from 'vitest';
import { type SocketFactory, WorkspaceClient, type WorkspaceResult } from './client';
import { decodeFrame, encodeFrame } from './codec';
import { isM4, m4 } from './preview';
import type { ClientMessage, ServerMessage, WirePreviewTrades, WireTrades } from './protocol';

const N = 4096;
const col = (k: number) => Float64Array.from({ length: N }, (_, i) => Math.sin(i / 50 + k) * 10 + 100);

class FakeSocket {
  binaryType = '';
  readyState = 1;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: ClientMessage[] = [];
  send(data: Uint8Array): void {
    this.sent.push(decodeFrame(data) as ClientMessage);
  }
  close(): void {}
  deliver(msg: ServerMessage): void {
    this.onmessage?.({ data: encodeFrame(msg).slice().buffer });
  }
}

const trades = {
  count: 0,
  closed: 0,
  entryBar: new Int32Array(0),
  exitBar: new Int32Array(0),
  entryTime: new Float64Array(0),
  exitTime: new Float64Array(0),
  entryPrice: new Float64Array(0),
  exitPrice: new Float64Array(0),
  quantity: new Float64Array(0),
  side: new Int8Array(0),
  fees: new Float64Array(0),
  pnl: new Float64Array(0),
  returnPct: new Float64Array(0),
  open: new Uint8Array(0),
  exitReason: new Uint8Array(0),
} satisfies WireTrades;

// Two trades for the previews: long 10→40 closed, short 50→ open at the last bar.
const previewTrades: WirePreviewTrades = {
  count: 2,
  closed: 1,
  entryBar: Int32Array.of(10, 50),
  exitBar: Int32Array.of(40, N - 1),
  entryPrice: Float64Array.of(100, 105),
  exitPrice: Float64Array.of(104, 101),
  quantity: Float64Array.of(2, 3),
  side: Int8Array.of(1, -1),
  pnl: Float64Array.of(7.5, 11.2),
  returnPct: Float64Array.of(0.037, 0.036),
  open: Uint8Array.of(0, 1),
  exitReason: Uint8Array.of(0, 0),
};
const wholeTrades = (time: Float64Array): WireTrades => ({
  ...previewTrades,
  entryTime: Float64Array.of(time[10], time[50]),
  exitTime: Float64Array.of(time[40], time[N - 1]),
  fees: Float64Array.of(0.5, 0.4),
  mae: Float64Array.of(-0.01, -0.02),
  mfe: Float64Array.of(0.05, 0.04),
});

function body(seq: number, fast: number) {
  return {
    seq,
    dataKey: 'k',
    title: 't',
    inputs: [],
    params: { fast },
    settings: {},
    stats: { fast },
    trades,
    order: ['f', 's'],
    warmup: 0,
    warnings: [],
  };
}
const win = { from: 0, to: N - 1, bucket: 64 };
const cut = (v: Float64Array) => m4(v, win.from, win.to, win.bucket);

function setup() {
  let socket: FakeSocket | undefined;
  const shown: WorkspaceResult[] = [];
  const factory: SocketFactory = () => {
    socket = new FakeSocket();
    return socket;
  };
  const client = new WorkspaceClient('ws://x/ws', { onResult: (r) => shown.push(r) }, factory);
  const ws = socket!;
  ws.onopen?.({});
  const bars = { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
  client.open('src', { source: 'synthetic:1' });
  ws.deliver({
    type: 'bars',
    seq: 1,
    dataKey: 'k',
    source: 's',
    symbol: 'S',
    timeframe: '1d',
    bars,
    issues: [],
  });
  const f1 = col(10);
  const s1 = col(11);
  ws.deliver({
    type: 'result',
    ...body(1, 10),
    kept: [],
    equity: col(12),
    series: {
      f: { pane: 'price', kind: 'number', values: f1 },
      s: { pane: 'price', kind: 'number', values: s1 },
    },
    timing: { computeMs: 1, coalesced: 1 },
  });
  return { client, ws, shown, s1, time: bars.time };
}

function preview(seq: number, fast: number, f: Float64Array, eq: Float64Array): ServerMessage {
  return {
    type: 'preview',
    ...body(seq, fast),
    trades: previewTrades,
    kept: ['s'],
    window: win,
    equity: cut(eq),
    drawdown: cut(eq),
    series: { f: { pane: 'price', kind: 'number', values: cut(f) } },
    timing: { computeMs: 1, previewMs: 0.1, coalesced: 1 },
  };
}

describe('WorkspaceClient with previews', () => {
  it('sends the view with parameter changes once it has one', () => {
    const { client, ws } = setup();
    client.setParams({ fast: 11 });
    expect(ws.sent.at(-1)).toEqual({ type: 'params', seq: 2, params: { fast: 11 } });
    client.setView({ from: 100, to: 3000, width: 700 });
    client.setParams({ fast: 12 });
    expect(ws.sent.at(-1)).toEqual({
      type: 'params',
      seq: 3,
      params: { fast: 12 },
      view: { from: 100, to: 3000, width: 700 },
    });
    client.setSource('other');
    expect(ws.sent.at(-1)).toEqual({ type: 'source', seq: 4, source: 'other' });
  });

  it('shows a preview with kept series at full resolution, then its full data as a completion', () => {
    const { client, ws, shown, s1, time } = setup();
    client.setView({ from: 0, to: N - 1, width: 64 });
    const seq = client.setParams({ fast: 11 });
    const f2 = col(20);
    const eq2 = col(21);
    ws.deliver(preview(seq, 11, f2, eq2));
    const p = shown.at(-1)!;
    expect(p.seq).toBe(seq);
    expect(p.preview?.window).toEqual(win);
    expect(isM4(p.series.f.values)).toBe(true);
    expect(isM4(p.equity)).toBe(true);
    expect(p.series.s.values).toEqual(s1);
    expect(Object.keys(p.series)).toEqual(['f', 's']);
    // The preview's trades: times read from the bars, fees unknown until the full data.
    expect(p.trades.entryBar).toEqual(previewTrades.entryBar);
    expect(p.trades.entryTime).toEqual(Float64Array.of(time[10], time[50]));
    expect(p.trades.exitTime).toEqual(Float64Array.of(time[40], time[N - 1]));
    expect(Array.from(p.trades.fees)).toEqual([Number.NaN, Number.NaN]);
    expect(p.trades.mae).toBeUndefined();

    const whole = wholeTrades(time);
    ws.deliver({
      type: 'full',
      seq,
      dataKey: 'k',
      equity: eq2,
      trades: whole,
      series: { f: { pane: 'price', kind: 'number', values: f2 } },
      kept: ['s'],
      order: ['f', 's'],
    });
    const full = shown.at(-1)!;
    expect(shown).toHaveLength(3);
    expect(full.completes).toBe(p);
    expect(full.preview).toBeUndefined();
    expect(full.series.f.values).toEqual(f2);
    expect(full.equity).toEqual(eq2);
    expect(full.stats).toBe(p.stats); // the same run: statistics came with the preview
    expect(full.trades).toEqual(whole); // the trades whole, with what only the tables show
    expect(full.trades.entryTime).toEqual(p.trades.entryTime);
  });

  it('drops stale previews, and keeps a stale full series for the results that list it as kept', () => {
    const { client, ws, shown } = setup();
    client.setView({ from: 0, to: N - 1, width: 64 });
    const a = client.setParams({ fast: 11 });
    const b = client.setParams({ fast: 12 });
    ws.deliver(preview(a, 11, col(30), col(31)));
    expect(shown).toHaveLength(1); // only the first result
    // The full data of `a` is overtaken too, but the server now counts on the client having its series.
    const fa = col(32);
    ws.deliver({
      type: 'full',
      seq: a,
      dataKey: 'k',
      equity: col(33),
      trades,
      series: { f: { pane: 'price', kind: 'number', values: fa } },
      kept: ['s'],
      order: ['f', 's'],
    });
    expect(shown).toHaveLength(1);
    // b's run left 'f' as in a's: the server says kept.
    ws.deliver({
      ...(preview(b, 12, col(34), col(35)) as Extract<ServerMessage, { type: 'preview' }>),
      kept: ['f', 's'],
      series: {},
    });
    const p = shown.at(-1)!;
    expect(p.seq).toBe(b);
    expect(p.series.f.values).toEqual(fa);
    // A full message for a run that is not the preview on screen is merged, not shown.
    ws.deliver({
      type: 'full',
      seq: a,
      dataKey: 'k',
      equity: col(36),
      trades,
      series: {},
      kept: ['f', 's'],
      order: ['f', 's'],
    });
    expect(shown.at(-1)).toBe(p);
  });
});
