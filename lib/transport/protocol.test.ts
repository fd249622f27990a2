import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './codec';
import { m4 } from './preview';
import {
  PREVIEW_TRADES_OMIT,
  parseClientMessage,
  type ServerMessage,
  type WirePreviewTrades,
  type WireTrades,
} from './protocol';

function walk(n: number, seed: number): Float64Array {
  let s = seed;
  let x = 100;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    x += s / 2147483647 - 0.5;
    out[i] = i < 30 ? Number.NaN : x;
  }
  return out;
}

const trades: WireTrades = {
  count: 1,
  closed: 1,
  entryBar: Int32Array.of(3),
  exitBar: Int32Array.of(9),
  entryTime: Float64Array.of(1),
  exitTime: Float64Array.of(2),
  entryPrice: Float64Array.of(10),
  exitPrice: Float64Array.of(11),
  quantity: Float64Array.of(1),
  side: Int8Array.of(1),
  fees: Float64Array.of(0.1),
  pnl: Float64Array.of(0.9),
  returnPct: Float64Array.of(0.09),
  open: Uint8Array.of(0),
  exitReason: Uint8Array.of(0),
};

const { entryTime: _et, exitTime: _xt, fees: _f, ...previewTrades } = trades;
const chartTrades: WirePreviewTrades = previewTrades;

const body = {
  seq: 12,
  dataKey: 'synthetic:1|||',
  title: 'SMA',
  inputs: [{ name: 'fast', default: 10, min: 2, max: 50, integer: true }],
  params: { fast: 11 },
  settings: { capital: 10_000 },
  stats: { '# Trades': 1, Start: '2020-01-01', 'Win Rate [%]': null },
  trades,
  kept: ['s'],
  order: ['f', 's'],
  warmup: 30,
  warnings: [],
};

describe('protocol: previews over the codec', () => {
  it('round-trips a preview with decimated series, equity and drawdown as aligned typed arrays', () => {
    const f = walk(20_000, 3);
    const eq = walk(20_000, 4);
    const win = { from: 4096, to: 12_287, bucket: 16 };
    const msg: ServerMessage = {
      type: 'preview',
      ...body,
      trades: chartTrades,
      window: win,
      equity: m4(eq, win.from, win.to, win.bucket),
      drawdown: m4(eq.subarray(win.from, win.to + 1), win.from, win.to, win.bucket, win.from, 20_000),
      series: {
        f: { pane: 'price', kind: 'number', fn: 'sma', values: m4(f, win.from, win.to, win.bucket) },
      },
      timing: { computeMs: 1.5, previewMs: 0.2, coalesced: 3 },
    };
    for (let pad = 0; pad < 8; pad++) {
      // Shift everything after `title` by `pad` bytes: the arrays must stay aligned and zero-copy.
      const frame = encodeFrame({ ...msg, title: 'x'.repeat(pad) });
      const back = decodeFrame(frame) as Extract<ServerMessage, { type: 'preview' }>;
      expect(back).toEqual({ ...msg, title: 'x'.repeat(pad) });
      const s = back.series.f.values;
      expect(s.index).toBeInstanceOf(Int32Array);
      expect(s.values).toBeInstanceOf(Float64Array);
      expect(s.values.buffer).toBe(back.equity.values.buffer); // views on the one received buffer
      expect(s.values.byteOffset % 8).toBe(0);
      expect(s.index.byteOffset % 4).toBe(0);
      expect(back.drawdown.length).toBe(20_000);
      for (const k of PREVIEW_TRADES_OMIT) expect(back.trades).not.toHaveProperty(k);
      expect(back.trades.entryBar).toEqual(Int32Array.of(3));
    }
  });

  it('round-trips the full message that completes a preview, and timing with its kind', () => {
    const msg: ServerMessage = {
      type: 'full',
      seq: 12,
      dataKey: 'k',
      equity: walk(5000, 9),
      trades: { ...trades, mae: Float64Array.of(-0.01), mfe: Float64Array.of(0.12) },
      series: { f: { pane: 'price', kind: 'number', values: walk(5000, 10) } },
      kept: ['s'],
      order: ['f', 's'],
    };
    expect(decodeFrame(encodeFrame(msg))).toEqual(msg);
    const timing: ServerMessage = { type: 'timing', seq: 12, of: 'full', encodeMs: 0.5, bytes: 80_123 };
    expect(decodeFrame(encodeFrame(timing))).toEqual(timing);
  });
});

describe('protocol: a parameter change with a view', () => {
  const parse = (v: unknown) => parseClientMessage(decodeFrame(encodeFrame(v)));

  it('accepts the visible bars and plot width, and no view at all', () => {
    const ok = parse({
      type: 'params',
      seq: 3,
      params: { fast: 12 },
      view: { from: 0, to: 99_999, width: 640 },
    });
    expect(ok).toEqual({
      ok: true,
      message: { type: 'params', seq: 3, params: { fast: 12 }, view: { from: 0, to: 99_999, width: 640 } },
    });
    expect(parse({ type: 'params', seq: 4, params: { fast: 12 } })).toMatchObject({ ok: true });
  });

  it('says what is wrong with a bad view', () => {
    const bad = (view: unknown) => parse({ type: 'params', seq: 1, params: {}, view });
    expect(bad({ from: 10, to: 5, width: 100 })).toEqual({
      ok: false,
      error: 'the last visible bar (to) must not come before the first (from) at view',
    });
    expect(bad({ from: 0, to: 5, width: 0 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/width/),
    });
    expect(bad({ from: 0, to: 5, width: 1e6 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/width/),
    });
    expect(bad({ from: -1, to: 5, width: 10 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/from/),
    });
    expect(bad({ from: 0.5, to: 5, width: 10 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/from/),
    });
    expect(bad({ from: 0, width: 10 })).toMatchObject({ ok: false, error: expect.stringMatching(/to/) });
    expect(bad('all')).toMatchObject({ ok: false, error: expect.stringMatching(/view/) });
  });
});
