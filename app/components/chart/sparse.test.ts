// A preview must draw what the full data draws at the same zoom. Checked twice: the decimation functions
// on M4 points against the same functions on the full series (for the slices the chart really uses), and
// the chart controller fed a preview against one fed the full result (what it hands ECharts).
import { describe, expect, it } from 'vitest';
import type { WireBars, WorkspaceResult } from '../../../lib/transport';
import { m4, previewWindow } from '../../../lib/transport';
import { drawdownPct } from '../../../lib/ui';
import { ChartController, PX_PER_CANDLE } from './controller';
import { boolRuns, clipSlice, decimateExtreme, decimateMinMax, sliceFor } from './decimate';
import { emptyTrades, FakeChart } from './fake-chart';
import { boolRunsM4, decimateExtremeM4, decimateMinMaxM4 } from './sparse';

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** An indicator-like series: NaN warm-up, plateaus, spikes, NaN gaps; values on a coarse grid (ties). */
function series(n: number, seed: number, signed = false): Float64Array {
  const r = rng(seed);
  const v = new Float64Array(n);
  const warmup = Math.floor(r() * 400);
  let x = signed ? 0 : 100;
  for (let i = 0; i < n; i++) {
    const u = r();
    if (i < warmup || u < 0.01) v[i] = Number.NaN;
    else if (u < 0.015) {
      const end = Math.min(n, i + Math.floor(r() * 3000));
      for (; i < end; i++) v[i] = Number.NaN;
      i--;
    } else if (u < 0.2) v[i] = x;
    else if (u < 0.22) v[i] = -x;
    else {
      x = Math.round((x + r() - 0.5) * 4) / 4;
      v[i] = x;
    }
  }
  return v;
}

function bools(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const v = new Uint8Array(n);
  let on = false;
  for (let i = 0; i < n; i++) {
    if (r() < 0.002) on = !on;
    v[i] = on || r() < 0.0005 ? 1 : 0; // long states and one-bar events
  }
  return v;
}

/** A view as the chart has it ([start, end] in bar units, plot width) and what it tells the server. */
function randomView(n: number, r: () => number) {
  const width = 300 + Math.floor(r() * 1500);
  const span = r() < 0.3 ? n : Math.max(20, Math.floor(n * r() ** 3));
  const start = Math.floor(r() * (n - span + 1)) - 0.5;
  const end = start + span;
  const req = { from: Math.max(0, Math.ceil(start)), to: Math.min(n - 1, Math.floor(end)), width };
  return { start, end, width, req };
}

describe('decimation of a preview', () => {
  it('equals the decimation of the full series on the slices the chart draws', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed * 104729);
      const n = 20_000 + Math.floor(r() * 200_000);
      const line = series(n, seed);
      const hist = series(n, seed + 1000, true);
      const flags = bools(n, seed + 2000);
      const { start, end, width, req } = randomView(n, r);
      const win = previewWindow(n, req);
      if (!win) continue;
      // The chart's own slice for that view, cut to the window, and its buckets (controller.computeView).
      const s = clipSlice(sliceFor(n, start, end, width, PX_PER_CANDLE), win, n, { start, end });
      expect(s.from).toBeLessThanOrEqual(Math.max(0, start));
      expect(s.to).toBeGreaterThanOrEqual(Math.min(n - 1, end));
      const lineBucket = Math.max(1, s.bucket / 2);
      const ml = m4(line, win.from, win.to, win.bucket);
      const mh = m4(hist, win.from, win.to, win.bucket);
      const mf = m4(flags, win.from, win.to, win.bucket);
      expect(decimateMinMaxM4(ml, s.from, s.to, lineBucket)).toEqual(
        decimateMinMax(line, s.from, s.to, lineBucket),
      );
      expect(decimateExtremeM4(mh, s.from, s.to, s.bucket)).toEqual(
        decimateExtreme(hist, s.from, s.to, s.bucket),
      );
      expect(boolRunsM4(mf, s.from, s.to, s.bucket, 2, 3)).toEqual(
        boolRuns(flags, s.from, s.to, s.bucket, 2, 3),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('leaves a gap where the view left the window, and matches inside it', () => {
    const n = 50_000;
    const line = series(n, 5);
    const m = m4(line, 20_480, 29_695, 32);
    const got = decimateMinMaxM4(m, 10_240, 40_959, 64);
    const want = decimateMinMax(line, 10_240, 40_959, 64);
    // Rows are [x, y]; buckets outside the window have no points: one NaN row at their centre.
    const inside = (rows: Float64Array) =>
      Array.from({ length: rows.length / 2 }, (_, k) => [rows[2 * k], rows[2 * k + 1]]).filter(
        ([x]) => x >= 20_480 && x <= 29_695,
      );
    expect(inside(got)).toEqual(inside(want));
    expect(got[1]).toBeNaN();
    expect(got[0]).toBe(10_240 + 31.5);
  });
});

describe('the chart with a preview', () => {
  const n = 200_000;
  const close = series(n, 77).map((x) => (Number.isNaN(x) ? 100 : Math.abs(x) + 10));
  const bars: WireBars = {
    time: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 60_000),
    open: close,
    high: close.map((x) => x + 1),
    low: close.map((x) => x - 1),
    close,
    volume: new Float64Array(n).fill(5),
  };
  const fast = series(n, 78);
  const macd = series(n, 79, true);
  const flag = bools(n, 80);
  const equity = series(n, 81).map((x) => (Number.isNaN(x) ? Number.NaN : 10_000 + x * 10));
  const base = {
    seq: 7,
    dataKey: 'k',
    title: 't',
    inputs: [],
    params: {},
    settings: {},
    stats: {},
    trades: emptyTrades(),
    warmup: 0,
    warnings: [],
    timing: { computeMs: 1, coalesced: 1 },
    receivedAt: 0,
  };
  const fullResult: WorkspaceResult = {
    ...base,
    equity,
    series: {
      fast: { pane: 'price', kind: 'number', values: fast },
      hist: { pane: 'separate', kind: 'number', fn: 'macd', output: 'hist', values: macd },
      flag: { pane: 'price', kind: 'bool', values: flag },
    },
  };
  // Zoomed in on 30,000 bars in the middle: the view sent with the slider move.
  const zoom = { startValue: 80_000 - 0.5, endValue: 110_000 - 0.5 };
  const req = { from: 80_000, to: 109_999, width: 1000 };
  /** The preview of `r` the server sends for a view (server/compute/runner.ts). */
  function previewOf(r: WorkspaceResult, view: typeof req): WorkspaceResult {
    const win = previewWindow(n, view)!;
    const cut = (v: unknown) => m4(v as Float64Array | Uint8Array, win.from, win.to, win.bucket);
    const series = Object.fromEntries(
      Object.entries(r.series).map(([k, x]) => [k, { ...x, values: cut(x.values) }]),
    );
    const dd = m4(drawdownPct(r.equity as Float64Array), win.from, win.to, win.bucket);
    return { ...r, equity: cut(r.equity), series, preview: { window: win, drawdown: dd } };
  }
  const previewResult = previewOf(fullResult, req);

  function zoomed(result: WorkspaceResult) {
    const chart = new FakeChart();
    const c = new ChartController(chart, null);
    const views: unknown[] = [];
    c.setOnView((v) => views.push(v));
    c.update(bars, null, 'dark');
    chart.handlers.get('datazoom')?.(zoom);
    c.update(bars, result, 'dark');
    return { chart, c, views };
  }

  it('hands ECharts the same data over the view for a preview as for the full result', () => {
    const full = zoomed(fullResult).chart.data();
    const { chart, views, c } = zoomed(previewResult);
    const fromPreview = chart.data();
    expect(views.at(-1)).toEqual(req);
    // The full result's slice reaches half a view past each edge (room to pan); the preview's only a
    // few pixels. What lies within one candle bucket of the view (the points of the segments that
    // cross its edges) must be the same.
    const { bucket } = c.getView();
    const lo = zoom.startValue - bucket;
    const hi = zoom.endValue + bucket;
    const near = (rows: Float64Array | undefined, width: number) => {
      const out: number[][] = [];
      for (let r = 0; rows && r < rows.length; r += width)
        if (rows[r] >= lo && rows[r] <= hi) out.push(Array.from(rows.subarray(r, r + width)));
      return out;
    };
    const ids = ['line:fast', 'hist:+:hist', 'hist:-:hist', 'equity', 'drawdown'];
    for (const id of ids) {
      const rows = fromPreview.get(id);
      expect(rows, id).toBeDefined();
      expect(rows?.[0], id).toBeLessThan(zoom.startValue); // covers the view
      expect(near(rows, 2), id).toEqual(near(full.get(id), 2));
      expect(near(rows, 2).length, id).toBeGreaterThan(100);
    }
    // Signal runs are [edge, row] points ending in [edge, NaN]: the same runs within the view.
    const runs = (rows: Float64Array | undefined) =>
      near(rows, 2).filter(([x]) => x > lo + bucket && x < hi - bucket);
    expect(runs(fromPreview.get('sig:flag'))).toEqual(runs(full.get('sig:flag')));
    expect(runs(fromPreview.get('sig:flag')).length).toBeGreaterThan(4);
  });

  it('takes the full data that completes it without redrawing, then zooms on the full data', () => {
    const { chart, c } = zoomed(previewResult);
    const before = chart.calls.length;
    // Protocol 3: the full data brings the run's trades whole, as an object of its own.
    const trades = { ...previewResult.trades, fees: new Float64Array(previewResult.trades.count) };
    const done: WorkspaceResult = { ...fullResult, trades, completes: previewResult };
    c.update(bars, done, 'dark');
    expect(chart.calls.length).toBe(before);
    // Zoomed in further than the preview's resolution: drawn from the full series.
    chart.handlers.get('datazoom')?.({ startValue: 95_000 - 0.5, endValue: 95_300 - 0.5 });
    const after = chart.data().get('line:fast');
    const ref = zoomed(fullResult);
    ref.chart.handlers.get('datazoom')?.({ startValue: 95_000 - 0.5, endValue: 95_300 - 0.5 });
    expect(after).toEqual(ref.chart.data().get('line:fast'));
    expect(after?.length).toBeGreaterThan(0);
  });

  // A page reload drew a chart from scratch; it must show what the chart a slider move went through shows.
  it('ends, after a preview, its completion and a new result, with what a chart built from that result has', () => {
    const again: WorkspaceResult = { ...fullResult, seq: 9, equity: equity.slice() }; // an edit: new arrays
    const whole = { from: 0, to: n - 1, width: 1000 };
    for (const view of [whole, req]) {
      const z = view === req ? zoom : null;
      const stepped = new FakeChart();
      const c = new ChartController(stepped, null);
      c.update(bars, fullResult, 'dark');
      if (z) stepped.handlers.get('datazoom')?.(z);
      const p = previewOf({ ...fullResult, seq: 8 }, view);
      c.update(bars, p, 'dark');
      c.update(bars, { ...fullResult, seq: 8, completes: p }, 'dark');
      c.update(bars, again, 'dark');
      const fresh = new FakeChart();
      new ChartController(fresh, null).update(bars, again, 'dark');
      if (z) fresh.handlers.get('datazoom')?.(z);
      const a = stepped.data();
      const b = fresh.data();
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      // Over the whole range, every row; zoomed in, the rows within the view (the stepped chart keeps the
      // slice the preview cut to its window, so that the full data keeps the preview's drawing).
      const lo = z ? z.startValue : Number.NEGATIVE_INFINITY;
      const hi = z ? z.endValue : Number.POSITIVE_INFINITY;
      for (const [id, rows] of a) {
        const w = id === 'candles' ? 5 : id.startsWith('trade:') ? 3 : 2;
        const inView = (x: Float64Array | undefined) => {
          const out: number[] = [];
          for (let r = 0; x && r < x.length; r += w)
            if (x[r] >= lo && x[r] <= hi) out.push(...x.subarray(r, r + w));
          return out;
        };
        expect(inView(rows), id).toEqual(inView(b.get(id)));
      }
      expect(a.get('candles')!.length).toBeGreaterThan(5 * 400);
    }
  });

  it('redraws on completion when the preview was not drawn exactly (zoomed in meanwhile)', () => {
    const { chart, c } = zoomed(previewResult);
    chart.handlers.get('datazoom')?.({ startValue: 95_000 - 0.5, endValue: 95_300 - 0.5 });
    const before = chart.calls.length;
    c.update(bars, { ...fullResult, completes: previewResult }, 'dark');
    expect(chart.calls.length).toBe(before + 1);
    const ids = (chart.calls.at(-1)?.option.series ?? []).filter((s) => s.data).map((s) => s.id);
    expect(ids).toContain('line:fast');
    expect(ids).not.toContain('candles');
  });
});
