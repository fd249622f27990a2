'use client';
// The reports' interactive charts. The server passes plain data (points, markers); the option is built
// here with the same builders the HTML report renders to SVG, in the palette of the current theme.
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import type { Points, RunChartData } from '../../../lib/report';
import {
  compareEquityOption,
  DARK_PALETTE,
  LIGHT_PALETTE,
  METRICS,
  metricHistoryOption,
  runChartOption,
} from '../../../lib/report';
import { useTheme } from '../../components/theme';

export type ChartSpec =
  | { kind: 'run'; data: RunChartData }
  | { kind: 'metric'; metric: keyof typeof METRICS; points: Points }
  | {
      kind: 'compare';
      latest: { label: string; points: Points };
      previous: { label: string; points: Points } | null;
    };

export default function ReportChart({
  spec,
  height,
  testId,
  label,
}: {
  spec: ChartSpec;
  height: number;
  testId?: string;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme = useTheme();
  const palette = theme === 'light' ? LIGHT_PALETTE : DARK_PALETTE;

  // A page refresh hands over equal data as new objects; only a real change should redraw (and reset zoom).
  const key = JSON.stringify(spec);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `spec` (compared by value)
  const option = useMemo(() => {
    const p = { ...palette, background: 'transparent' };
    if (spec.kind === 'run') return runChartOption(spec.data, p);
    if (spec.kind === 'metric') return metricHistoryOption(spec.points, METRICS[spec.metric], p);
    return compareEquityOption(spec.latest, spec.previous, p);
  }, [key, palette]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return (
    <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
  );
}
