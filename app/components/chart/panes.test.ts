import { describe, expect, it } from 'vitest';
import type { WireSeries } from '../../../lib/transport';
import { groupSeparate, layoutPanes, MIN_PRICE_SHARE, PANE_PX, planKey, planPanes } from './panes';

const num = (pane: 'price' | 'separate', fn?: string, output?: string): WireSeries => ({
  pane,
  kind: 'number',
  fn,
  output,
  values: new Float64Array(4),
});
const bool = (): WireSeries => ({ pane: 'separate', kind: 'bool', values: new Uint8Array(4) });

// Insertion order is program order, as the compiler emits series.
const SERIES: Record<string, WireSeries> = {
  fast: num('price', 'sma'),
  r: num('separate', 'rsi'),
  m: num('separate', 'macd', 'macd'),
  sig: num('separate', 'macd', 'signal'),
  hist: num('separate', 'macd', 'hist'),
  k: num('separate', 'stoch', 'k'),
  d: num('separate', 'stoch', 'd'),
  spread: num('separate'),
  up: bool(),
  r2: num('separate', 'rsi'),
  upper: num('price', 'bb', 'upper'),
};

describe('groupSeparate', () => {
  it('puts the outputs of one function in one group, in program order', () => {
    const groups = groupSeparate(SERIES);
    expect(groups.map((g) => [g.key, g.series.map((s) => s.name)])).toEqual([
      ['fn:rsi', ['r', 'r2']],
      ['fn:macd', ['m', 'sig', 'hist']],
      ['fn:stoch', ['k', 'd']],
      ['name:spread', ['spread']],
    ]);
  });

  it('draws a histogram output as bars and the rest as lines', () => {
    const macd = groupSeparate(SERIES).find((g) => g.key === 'fn:macd')!;
    expect(macd.series.map((s) => s.style)).toEqual(['line', 'line', 'histogram']);
  });

  it('gives two arithmetic series without a function a pane each', () => {
    const g = groupSeparate({ a: num('separate'), b: num('separate') });
    expect(g.map((x) => x.key)).toEqual(['name:a', 'name:b']);
  });
});

describe('planPanes', () => {
  it('orders panes price, volume, indicators, signals, equity, drawdown', () => {
    const panes = planPanes({ series: SERIES });
    expect(panes.map((p) => p.id)).toEqual([
      'price',
      'volume',
      'ind:fn:rsi',
      'ind:fn:macd',
      'ind:fn:stoch',
      'ind:name:spread',
      'signals',
      'equity',
      'drawdown',
    ]);
    expect(panes[0].series.map((s) => s.name)).toEqual(['fast', 'upper']);
    expect(panes.find((p) => p.id === 'signals')!.series.map((s) => s.name)).toEqual(['up']);
  });

  it('has heights that sum to 1, price at least half, the lower panes in their preferred ratios', () => {
    const panes = planPanes({ series: SERIES });
    const sum = panes.reduce((a, p) => a + p.height, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(panes[0].height).toBeGreaterThanOrEqual(MIN_PRICE_SHARE);
    const rsi = panes.find((p) => p.id === 'ind:fn:rsi')!;
    const eq = panes.find((p) => p.id === 'equity')!;
    const dd = panes.find((p) => p.id === 'drawdown')!;
    expect(rsi.height / dd.height).toBeCloseTo(PANE_PX.indicator / PANE_PX.drawdown, 12);
    expect(eq.height / dd.height).toBeCloseTo(PANE_PX.equity / PANE_PX.drawdown, 12);
  });

  it('gives price as many px as the other panes and the margins together, and at least PANE_PX.price', () => {
    // Price, volume, 4 indicator panes, signals (1 row), equity, drawdown: 9 panes.
    const overhead = (k: number) => 70 + 6 * (k - 1);
    const panes = planPanes({ series: SERIES }, { overheadPx: overhead });
    const others =
      PANE_PX.volume + 4 * PANE_PX.indicator + PANE_PX.signalsMin + PANE_PX.equity + PANE_PX.drawdown;
    expect(panes[0].px).toBe(others + overhead(9));
    const total = overhead(9) + panes.reduce((a, p) => a + p.px, 0);
    expect(panes[0].px / total).toBeGreaterThanOrEqual(0.5);
    const few = planPanes({ series: { f: num('price', 'sma') } }, { overheadPx: () => 10 });
    expect(few[0].px).toBe(Math.max(PANE_PX.price, PANE_PX.volume + PANE_PX.equity + PANE_PX.drawdown + 10));
  });

  it('without a result draws price and volume only; without volume, price only', () => {
    const panes = planPanes(null);
    expect(panes.map((p) => p.id)).toEqual(['price', 'volume']);
    expect(panes[0].height).toBeCloseTo(PANE_PX.price / (PANE_PX.price + PANE_PX.volume), 12);
    expect(planPanes(null, { volume: false }).map((p) => [p.id, p.height])).toEqual([['price', 1]]);
  });

  it('sizes the signals pane by its rows', () => {
    const many = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`b${i}`, bool()]));
    const one = planPanes({ series: { b: bool() } }, { volume: false, equity: false });
    const four = planPanes({ series: many }, { volume: false, equity: false });
    expect(one[1].px).toBe(PANE_PX.signalsMin);
    expect(four[1].px).toBe(PANE_PX.signalsRow * 4);
  });

  it('puts the levels compared with any series of an indicator pane on that pane, once each, ascending', () => {
    const panes = planPanes({ series: SERIES, levels: { r: [70, 30], r2: [30, 80], fast: [100], m: [0] } });
    const levels = Object.fromEntries(panes.map((p) => [p.id, p.levels]));
    expect(levels['ind:fn:rsi']).toEqual([30, 70, 80]);
    expect(levels['ind:fn:macd']).toEqual([0]);
    expect(levels.price).toEqual([]);
    expect(levels['ind:fn:stoch']).toEqual([]);
  });
});

describe('planKey', () => {
  it('changes with the layout and only with it', () => {
    const a = planKey(planPanes({ series: SERIES }));
    const same = planKey(
      planPanes({ series: { ...SERIES, fast: { ...SERIES.fast, values: new Float64Array(9) } } }),
    );
    const { r2: _drop, ...fewer } = SERIES;
    expect(same).toBe(a);
    expect(planKey(planPanes({ series: fewer }))).not.toBe(a);
    expect(planKey(planPanes({ series: SERIES }, { volume: false }))).not.toBe(a);
  });
});

describe('layoutPanes', () => {
  it('stacks panes with gaps and fills the plot exactly', () => {
    const panes = planPanes({ series: { f: num('price', 'sma') } });
    const rects = layoutPanes(panes, 800, { top: 10, bottom: 60, gap: 5 });
    const avail = 800 - 10 - 60 - 5 * 3;
    expect(rects[0].top).toBe(10);
    for (let i = 1; i < rects.length; i++)
      expect(rects[i].top).toBe(rects[i - 1].top + rects[i - 1].height + 5);
    const last = rects[rects.length - 1];
    expect(last.top + last.height).toBe(800 - 60);
    expect(rects.reduce((a, r) => a + r.height, 0)).toBe(avail);
    expect(rects[0].height).toBe(Math.round(panes[0].height * avail));
  });

  it('keeps a minimum height when the container is tiny', () => {
    const rects = layoutPanes(planPanes({ series: SERIES }), 200, {
      top: 0,
      bottom: 0,
      gap: 2,
      minHeight: 20,
    });
    for (const r of rects) expect(r.height).toBeGreaterThanOrEqual(20);
  });
});
