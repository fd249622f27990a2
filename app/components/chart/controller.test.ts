// What the controller hands ECharts: a candle per bar whenever the visible bars fit the plot's pixel
// columns, bodies only where candles are wide enough, level lines, the buy-and-hold line, the zoom to a
// picked trade, and a height whose price pane is at least half of it.
import { describe, expect, it } from 'vitest';
import type { WireBars, WorkspaceResult } from '../../../lib/transport';
import { ChartController } from './controller';
import { emptyTrades, FakeChart } from './fake-chart';

const N = 2500;
const close = Float64Array.from({ length: N }, (_, i) => 100 + 10 * Math.sin(i / 40) + i / 100);
const bars: WireBars = {
  time: Float64Array.from({ length: N }, (_, i) => Date.UTC(2015, 0, 1) + i * 86_400_000),
  open: close.map((c, i) => (i % 2 ? c - 0.5 : c + 0.5)),
  high: close.map((c) => c + 1),
  low: close.map((c) => c - 1),
  close,
  volume: new Float64Array(N).fill(1000),
};
const rsiLike = close.map((c) => 50 + (c - 100) * 3);

const result: WorkspaceResult = {
  seq: 1,
  dataKey: 'k',
  title: 't',
  inputs: [],
  params: {},
  settings: { capital: 10_000 },
  stats: {},
  trades: emptyTrades(),
  warmup: 0,
  warnings: [],
  timing: { computeMs: 1, coalesced: 1 },
  receivedAt: 0,
  equity: new Float64Array(N).fill(10_000),
  series: { r: { pane: 'separate', kind: 'number', fn: 'rsi', values: rsiLike } },
  levels: { r: [30, 70] },
};

/** Candle rows [x, o, c, l, h] whose x lies in the view [from, to]. */
function candlesIn(rows: Float64Array | undefined, from: number, to: number): number[] {
  const xs: number[] = [];
  for (let r = 0; rows && r < rows.length; r += 5) if (rows[r] >= from && rows[r] <= to) xs.push(rows[r]);
  return xs;
}

function chartOf(plot = 1000) {
  const chart = new FakeChart(plot, 800);
  const c = new ChartController(chart, null);
  c.update(bars, result, 'dark');
  const zoom = (startValue: number, endValue: number) =>
    chart.handlers.get('datazoom')?.({ startValue, endValue });
  return { chart, c, zoom };
}

describe('level of detail', () => {
  it('draws every bar as its own candle when the visible bars fit the pixel columns', () => {
    const { chart, zoom } = chartOf(1000);
    zoom(1499.5, 2499.5); // 1,000 bars in 1,000 px
    const xs = candlesIn(chart.data().get('candles'), 1500, 2499);
    expect(xs).toEqual(Array.from({ length: 1000 }, (_, i) => 1500 + i));
    const rows = chart.data().get('candles')!;
    const k = 5 * (xs[0] - rows[0]);
    expect(Array.from(rows.subarray(k, k + 5))).toEqual([
      1500,
      bars.open[1500],
      close[1500],
      bars.low[1500],
      bars.high[1500],
    ]);
  });

  it('aggregates only beyond that: 2,500 bars in 1,000 px are buckets of 4, in 2,500 px single bars', () => {
    const narrow = chartOf(1000);
    expect(narrow.c.getView().bucket).toBe(4);
    expect(candlesIn(narrow.chart.data().get('candles'), 0, N - 1)).toHaveLength(N / 4);
    narrow.zoom(1498.5, 2499.5); // 1,001 bars: one more than the columns
    expect(narrow.c.getView().bucket).toBe(2);
    const wide = chartOf(2500);
    expect(wide.c.getView().bucket).toBe(1);
    expect(candlesIn(wide.chart.data().get('candles'), 0, N - 1)).toHaveLength(N);
  });

  it('draws bodies from 3 px a candle, batched wicks below', () => {
    const { chart, zoom } = chartOf(1000);
    expect(chart.prop('candles', 'largeThreshold')).toBe(1); // 0.4 px a bar
    zoom(2199.5, 2499.5); // 300 bars: 3.3 px each
    expect(chart.prop('candles', 'largeThreshold')).toBe(Number.MAX_SAFE_INTEGER);
    zoom(1499.5, 2499.5);
    expect(chart.prop('candles', 'largeThreshold')).toBe(1);
  });
});

describe('lines of the result', () => {
  it('draws the levels the program compares the RSI with as flat lines on its pane', () => {
    const { chart } = chartOf();
    for (const [k, level] of [30, 70].entries()) {
      const rows = chart.data().get(`level:ind:fn:rsi:${k}`);
      expect(rows).toBeDefined();
      const ys = new Set<number>();
      for (let r = 1; r < rows!.length; r += 2) ys.add(rows![r]);
      expect([...ys]).toEqual([level]);
      expect(rows![0]).toBeLessThanOrEqual(-0.5);
      expect(rows![rows!.length - 2]).toBeGreaterThanOrEqual(N - 0.5);
    }
  });

  it('draws buy and hold with the same starting cash from the first close', () => {
    const { chart, zoom } = chartOf(3000); // every bar, as one line point
    zoom(-0.5, 99.5);
    const rows = chart.data().get('buyhold')!;
    for (let r = 0; r < rows.length; r += 2) {
      const i = rows[r];
      expect(rows[r + 1]).toBeCloseTo((10_000 * close[i]) / close[0], 9);
    }
    expect(rows[0]).toBe(0);
    expect(rows[1]).toBeCloseTo(10_000, 9);
  });
});

describe('focus and height', () => {
  it('zooms to a trade picked in the list, with a margin around it', () => {
    const { chart, c } = chartOf();
    c.focus(1200, 1260);
    expect(chart.actions.at(-1)).toMatchObject({ type: 'dataZoom' });
    const v = c.getView();
    expect(v.start).toBeLessThan(1200 - 5);
    expect(v.end).toBeGreaterThan(1260 + 5);
    expect(v.end - v.start).toBeLessThan(200);
  });

  it('asks for a height at which the price pane is at least half the chart', () => {
    const chart = new FakeChart(1000, 800);
    const c = new ChartController(chart, null);
    const heights: number[] = [];
    c.setOnHeight((h) => heights.push(h));
    c.update(bars, result, 'dark');
    const h = heights.at(-1)!;
    expect(h).toBeGreaterThan(600);
    const panes = 5; // price, volume, rsi, equity, drawdown
    // Laid out at that height, the price pane's rectangle is at least half of it.
    const laid = new FakeChart(1000, h);
    const c2 = new ChartController(laid, null);
    c2.update(bars, result, 'dark');
    const grids = (laid.calls[0].option as unknown as { grid: { height: number }[] }).grid;
    expect(grids).toHaveLength(panes);
    expect(grids[0].height).toBeGreaterThanOrEqual(h / 2);
  });

  it('draws a growing chart at its planned height in the very redraw it reports', () => {
    // The container (400 px least) follows the planned height only after the update; the reported
    // redraw must already be at that height (a page reload drew the result at the bars-only height).
    const chart = new FakeChart(1000, 400);
    const drawn: { seq: number | null; height: number }[] = [];
    const c = new ChartController(chart, null, (info) =>
      drawn.push({ seq: info.seq, height: chart.getHeight() }),
    );
    const planned: number[] = [];
    c.setOnHeight((h) => planned.push(h), 400);
    c.update(bars, null, 'dark'); // bars first: price and volume
    c.update(bars, result, 'dark'); // then the result: rsi, equity and drawdown panes too
    expect(planned).toHaveLength(2);
    expect(planned[1]).toBeGreaterThan(planned[0]);
    expect(drawn).toEqual([
      { seq: null, height: Math.max(400, planned[0]) },
      { seq: 1, height: planned[1] },
    ]);
    const grids = (chart.calls.at(-1)!.option as unknown as { grid: { top: number; height: number }[] }).grid;
    const last = grids.at(-1)!;
    expect(last.top + last.height).toBeGreaterThan(planned[0]); // laid out for the new height
  });
});
