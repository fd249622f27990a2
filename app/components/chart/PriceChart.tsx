'use client';
// The strategy workspace's chart: candles + volume, indicator overlays and panes, trade markers, equity
// and drawdown, with linked zoom and crosshair. Rendering is delegated to ChartController, which keeps
// one ECharts instance for the component's life and pushes only what changed.
import { useLayoutEffect, useRef, useState } from 'react';
import type { WireBars, WorkspaceResult } from '../../../lib/transport';
import { CHART_RENDERED_EVENT, ChartController, type ChartView, type RenderedInfo } from './controller';
import { echarts } from './echarts';
import { CHART_FOCUS_EVENT, type FocusDetail } from './focus';
import { DARK, LIGHT } from './theme';

export interface PriceChartProps {
  /** The data set (epoch-ms time + OHLCV Float64Arrays). */
  bars: WireBars | null;
  /** The latest run: equity, trades, series (pane 'price' | 'separate', fn, output, kind). */
  result: WorkspaceResult | null;
  theme: 'dark' | 'light';
  /**
   * Least height in px: the chart grows to what its panes need (the price pane half of it or more, the
   * others their preferred size). By default the chart fills its container.
   */
  height?: number;
  /** Called after each redraw completes (ECharts 'finished'), with the time since props changed. */
  onRendered?: (info: RenderedInfo) => void;
  /** Called with the visible bars and the plot's width whenever they change (zoom, pan, resize, data). */
  onView?: (view: ChartView) => void;
}

export default function PriceChart(props: PriceChartProps) {
  const { bars, result, theme, height, onRendered, onView } = props;
  const el = useRef<HTMLDivElement>(null);
  const ctl = useRef<ChartController | null>(null);
  // The controller outlives renders: it calls the latest callback through this ref.
  const rendered = useRef(onRendered);
  rendered.current = onRendered;
  const viewed = useRef(onView);
  viewed.current = onView;
  const least = useRef(height);
  least.current = height;
  const changedAt = useRef(0);
  const last = useRef<{ bars: unknown; result: unknown; theme: string } | null>(null);
  const hasBars = bars !== null;
  const [planned, setPlanned] = useState(0);
  const grows = height !== undefined;

  // Render phase: note when the drawn props changed, so onRendered can report the whole redraw.
  const l = last.current;
  if (!l || l.bars !== bars || l.result !== result || l.theme !== theme) {
    changedAt.current = performance.now();
    last.current = { bars, result, theme };
  }

  // One ECharts instance while there is data to draw; disposed on unmount or when bars go away.
  useLayoutEffect(() => {
    const node = el.current;
    if (!hasBars || !node) return;
    const chart = echarts.init(node, null, { renderer: 'canvas' });
    const c = new ChartController(chart, node, (info) => {
      rendered.current?.(info);
      window.dispatchEvent(new CustomEvent<RenderedInfo>(CHART_RENDERED_EVENT, { detail: info }));
    });
    c.setOnView((v) => viewed.current?.(v));
    // A growing chart is drawn at its planned height at once (its box follows on the next render).
    if (grows) c.setOnHeight(setPlanned, least.current ?? 0);
    ctl.current = c;
    // A trade picked in the trade list (focusChart): show its bars.
    const onFocus = (e: Event) => {
      const d = (e as CustomEvent<FocusDetail>).detail;
      if (d) c.focus(d.from, d.to);
    };
    window.addEventListener(CHART_FOCUS_EVENT, onFocus);
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => c.resize());
    });
    ro.observe(node);
    return () => {
      window.removeEventListener(CHART_FOCUS_EVENT, onFocus);
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      ctl.current = null;
    };
  }, [hasBars, grows]);

  // A layout effect, not a passive one: React runs passive effects of a socket-driven render after the
  // browser has painted, which would push the chart's redraw one frame later than the DOM around it.
  useLayoutEffect(() => {
    ctl.current?.update(bars, result, theme, changedAt.current);
  }, [bars, result, theme]);

  const palette = theme === 'dark' ? DARK : LIGHT;
  const box = {
    width: '100%',
    height: grows ? Math.max(height, planned) : '100%',
    minHeight: height ? undefined : 360,
    background: `var(--chart-bg, ${palette.bg})`,
  };
  if (!hasBars) {
    return (
      <div
        style={{
          ...box,
          display: 'grid',
          placeItems: 'center',
          color: `var(--chart-muted, ${palette.muted})`,
        }}
        role="img"
        aria-label="Price chart: no data yet"
      >
        No data yet
      </div>
    );
  }
  return <div ref={el} style={box} role="img" aria-label="Price chart" />;
}
