import { describe, expect, it } from 'vitest';
import {
  compareEquityOption,
  DARK_PALETTE,
  LIGHT_PALETTE,
  METRICS,
  metricHistoryOption,
  runChartOption,
} from './charts';
import type { RunChartData } from './series';
import { renderSvg } from './svg';

// biome-ignore lint/suspicious/noExplicitAny: ECharts option unions are too wide to narrow in a test
type AnyOption = Record<string, any>;

const data: RunChartData = {
  equity: [
    [Date.UTC(2024, 0, 1), 10_000],
    [Date.UTC(2024, 0, 2), 10_200],
    [Date.UTC(2024, 0, 3), 9_900],
    [Date.UTC(2024, 0, 4), 10_500],
  ],
  drawdown: [
    [Date.UTC(2024, 0, 1), 0],
    [Date.UTC(2024, 0, 2), 0],
    [Date.UTC(2024, 0, 3), -2.94],
    [Date.UTC(2024, 0, 4), 0],
  ],
  markers: [
    { kind: 'entry-long', time: Date.UTC(2024, 0, 1), value: 10_000, trade: 0 },
    { kind: 'exit', time: Date.UTC(2024, 0, 3), value: 9_900, trade: 0 },
    { kind: 'entry-short', time: Date.UTC(2024, 0, 3), value: 9_900, trade: 1 },
  ],
  unmarked: 0,
};

describe('runChartOption', () => {
  it('draws equity and its markers on the top grid and drawdown on the bottom one', () => {
    const o = runChartOption(data, LIGHT_PALETTE) as AnyOption;
    expect(o.useUTC).toBe(true);
    expect(o.grid).toHaveLength(2);
    const byName = Object.fromEntries(o.series.map((s: AnyOption) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(['Equity', 'Long entry', 'Short entry', 'Exit', 'Drawdown']);
    expect(byName.Equity).toMatchObject({ type: 'line', data: data.equity });
    expect(byName.Drawdown).toMatchObject({
      type: 'line',
      xAxisIndex: 1,
      yAxisIndex: 1,
      data: data.drawdown,
    });
    // Each marker kind gets its own series with its points (time, equity, 1-based trade number).
    expect(byName['Long entry'].data).toEqual([[Date.UTC(2024, 0, 1), 10_000, 1]]);
    expect(byName['Short entry']).toMatchObject({ symbol: 'triangle', symbolRotate: 180 });
    expect(byName['Short entry'].data).toEqual([[Date.UTC(2024, 0, 3), 9_900, 2]]);
    expect(byName.Exit.data).toEqual([[Date.UTC(2024, 0, 3), 9_900, 1]]);
    expect(byName['Long entry'].itemStyle.color).toBe(LIGHT_PALETTE.long);
    expect(o.legend.data).toEqual(['Equity', 'Long entry', 'Short entry', 'Exit', 'Drawdown']);
  });

  it('leaves out marker series that have no markers', () => {
    const o = runChartOption({ ...data, markers: [] }, DARK_PALETTE) as AnyOption;
    expect(o.series.map((s: AnyOption) => s.name)).toEqual(['Equity', 'Drawdown']);
    expect(o.backgroundColor).toBe(DARK_PALETTE.background);
  });

  it('is static for the server: no zoom, tooltips or animation', () => {
    const live = runChartOption(data, LIGHT_PALETTE) as AnyOption;
    const still = runChartOption(data, LIGHT_PALETTE, { interactive: false }) as AnyOption;
    expect(live.dataZoom).toHaveLength(2);
    expect(live.tooltip).toBeDefined();
    expect(still.dataZoom).toBeUndefined();
    expect(still.tooltip).toBeUndefined();
    expect(still.animation).toBe(false);
  });
});

describe('metricHistoryOption and compareEquityOption', () => {
  it('plots one figure over time with its unit on the axis', () => {
    const points: [number, number][] = [
      [1, 5],
      [2, 7.5],
    ];
    const o = metricHistoryOption(points, METRICS.returnPct, LIGHT_PALETTE) as AnyOption;
    expect(o.series).toHaveLength(1);
    expect(o.series[0]).toMatchObject({ type: 'line', name: 'Return', data: points, showSymbol: true });
    expect(o.series[0].lineStyle.color).toBe(LIGHT_PALETTE.equity);
    expect(o.yAxis.axisLabel.formatter).toBe('{value}%');
    const dd = metricHistoryOption(points, METRICS.maxDrawdownPct, DARK_PALETTE) as AnyOption;
    expect(dd.series[0].lineStyle.color).toBe(DARK_PALETTE.drawdown);
  });

  it('draws the previous run dashed under the latest, or the latest alone', () => {
    const latest = { label: 'Latest', points: data.equity };
    const previous = { label: 'Previous', points: data.equity.slice(0, 2) };
    const both = compareEquityOption(latest, previous, LIGHT_PALETTE) as AnyOption;
    expect(both.series.map((s: AnyOption) => s.name)).toEqual(['Previous', 'Latest']);
    expect(both.series[0].lineStyle.type).toBe('dashed');
    const alone = compareEquityOption(latest, null, LIGHT_PALETTE) as AnyOption;
    expect(alone.series.map((s: AnyOption) => s.name)).toEqual(['Latest']);
  });
});

describe('renderSvg', () => {
  it('renders an option to an SVG document of the asked size on the server', () => {
    const svg = renderSvg(runChartOption(data, LIGHT_PALETTE, { interactive: false }), 640, 320);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('viewBox="0 0 640 320"');
    expect(svg).toContain('Drawdown'); // the legend text
    expect(svg).toContain(LIGHT_PALETTE.equity); // the equity line's colour
    expect(svg).not.toContain('<script');
    expect(svg.match(/<path/g)?.length).toBeGreaterThan(5);
  });

  it('refuses absurd sizes', () => {
    expect(() => renderSvg({}, 10, 300)).toThrow(RangeError);
    expect(() => renderSvg({}, 300, 100_000)).toThrow(/50 to 4000 px/);
  });
});
