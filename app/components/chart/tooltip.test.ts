import { describe, expect, it } from 'vitest';
import type { WireBars, WireTrades, WorkspaceResult } from '../../../lib/transport';
import { indexTrades } from './markers';
import { planPanes } from './panes';
import { DARK } from './theme';
import { escapeHtml, hoverRange, tooltipHtml } from './tooltip';

describe('hoverRange', () => {
  it('is the nearest bar at bucket 1, clamped to the data', () => {
    expect(hoverRange(3.4, 10, 1)).toEqual({ from: 3, to: 3 });
    expect(hoverRange(-3, 10, 1)).toEqual({ from: 0, to: 0 });
    expect(hoverRange(42, 10, 1)).toEqual({ from: 9, to: 9 });
  });

  it('is the whole bucket around an aggregated candle', () => {
    // Bucket 4 candles sit at x = 1.5, 5.5, 9.5 and span half a bar either side of their bars.
    expect(hoverRange(5.5, 100, 4)).toEqual({ from: 4, to: 7 });
    expect(hoverRange(3.4, 100, 4)).toEqual({ from: 0, to: 3 });
    expect(hoverRange(3.6, 100, 4)).toEqual({ from: 4, to: 7 });
    expect(hoverRange(9.5, 10, 4)).toEqual({ from: 8, to: 9 });
  });
});

describe('tooltipHtml', () => {
  const n = 6;
  const bars: WireBars = {
    time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1 + i)),
    open: Float64Array.of(10, 11, 12, 13, 14, 15),
    high: Float64Array.of(11, 12, 13, 14, 15, 16),
    low: Float64Array.of(9, 10, 11, 12, 13, 14),
    close: Float64Array.of(11, 12, 11, 14, 15, 16),
    volume: Float64Array.of(100, 200, 300, 400, 500, 600),
  };
  const trades: WireTrades = {
    count: 1,
    closed: 1,
    entryBar: Int32Array.of(1),
    exitBar: Int32Array.of(3),
    entryTime: Float64Array.of(bars.time[1]),
    exitTime: Float64Array.of(bars.time[3]),
    entryPrice: Float64Array.of(11),
    exitPrice: Float64Array.of(13),
    quantity: Float64Array.of(5),
    side: Int8Array.of(-1),
    fees: Float64Array.of(0),
    pnl: Float64Array.of(-10),
    returnPct: Float64Array.of(-0.1818),
    open: Uint8Array.of(0),
    exitReason: Uint8Array.of(1),
  };
  const result = {
    seq: 1,
    equity: Float64Array.of(100, 100, 95, 90, 90, 90),
    trades,
    series: { '<x>': { pane: 'price', kind: 'number', values: Float64Array.of(1, 2, 3, 4, 5, 6) } },
  } as unknown as WorkspaceResult;
  const ctx = {
    bars,
    intraday: false,
    priceDecimals: 2,
    result,
    drawdown: Float64Array.of(0, 0, -5, -10, -10, -10),
    panes: planPanes(result),
    colors: new Map([['<x>', '#123456']]),
    trades: indexTrades(trades),
    bucket: 1,
    palette: DARK,
  };

  it('shows the bar, the series, equity and the trade exiting there', () => {
    const html = tooltipHtml(ctx, 3);
    expect(html).toContain('Thu 2024-01-04');
    expect(html).toContain('14.00 (+7.69%)'); // close 14 vs open 13
    expect(html).toContain('&#60;x&#62;'); // names are escaped
    expect(html).toContain('90.00'); // equity
    expect(html).toContain('-10.00%'); // drawdown
    expect(html).toContain('↓ Short');
    expect(html).toContain('-10.00 (-18.18%)');
    expect(html).toContain('stop loss');
  });

  it('aggregates OHLCV over a bucket and lists its bars', () => {
    const html = tooltipHtml({ ...ctx, bucket: 4 }, 1.5);
    expect(html).toContain('(4 bars)');
    expect(html).toContain('>10.00<'); // first open
    expect(html).toContain('>14.00<'); // max high
    expect(html).toContain('>9.00<'); // min low
    expect(html).toContain('1K'); // 100 + 200 + 300 + 400
  });

  it('has no trade section where no trade enters or exits', () => {
    expect(tooltipHtml(ctx, 5)).not.toContain('Short');
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
