'use client';
// The run's charts with ECharts, in the palette of the current theme (as the reports' charts): the
// account's equity stacked by market (cash at the bottom), and the exposure (invested ÷ equity) over time.
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../../lib/report';
import { useTheme } from '../../components/theme';
import type { RunResult } from '../shared';

// Distinct hues readable on both the light and the dark panel.
const SERIES = ['#4c8dff', '#26a69a', '#f0a23b', '#b07cf5', '#ef5350', '#29b6d8', '#9ccc65', '#ec6fb1'];

export type ChartKind = 'stacked' | 'exposure';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function option(run: RunResult, kind: ChartKind, light: boolean): echarts.EChartsCoreOption {
  const p = light ? LIGHT_PALETTE : DARK_PALETTE;
  const x = run.time.map(day);
  const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const base = {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: p.text },
    grid: { left: 64, right: 16, top: kind === 'stacked' ? 36 : 12, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: p.tooltip,
      borderColor: p.axis,
      textStyle: { color: p.text },
      valueFormatter: (v: unknown) =>
        typeof v === 'number' ? (kind === 'stacked' ? money(v) : `${(v * 100).toFixed(1)}%`) : String(v),
    },
    xAxis: {
      type: 'category',
      data: x,
      boundaryGap: false,
      axisLine: { lineStyle: { color: p.axis } },
      axisLabel: { color: p.muted },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: kind === 'exposure' ? 1 : undefined,
      splitLine: { lineStyle: { color: p.grid } },
      axisLabel: {
        color: p.muted,
        formatter: (v: number) => (kind === 'stacked' ? money(v) : `${Math.round(v * 100)}%`),
      },
    },
  };
  if (kind === 'exposure')
    return {
      ...base,
      series: [
        {
          name: 'Exposure',
          type: 'line',
          data: run.exposure,
          showSymbol: false,
          lineStyle: { width: 1.2, color: p.equity },
          areaStyle: { color: p.equity, opacity: 0.15 },
        },
      ],
    };
  const area = (name: string, data: number[], color: string) => ({
    name,
    type: 'line',
    stack: 'equity',
    data,
    showSymbol: false,
    lineStyle: { width: 0.8, color },
    itemStyle: { color },
    areaStyle: { color, opacity: 0.55 },
  });
  return {
    ...base,
    legend: { top: 4, textStyle: { color: p.muted }, type: 'scroll' },
    series: [
      area('Cash', run.cash, p.previous),
      ...run.markets.map((m, k) => area(m.symbol, run.value[k], SERIES[k % SERIES.length])),
    ],
  };
}

export default function PortfolioChart({
  run,
  kind,
  height,
  label,
  testId,
}: {
  run: RunResult;
  kind: ChartKind;
  height: number;
  label: string;
  testId: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const light = useTheme() === 'light';
  const opt = useMemo(() => option(run, kind, light), [run, kind, light]);

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
    chart.current?.setOption(opt, { notMerge: true });
  }, [opt]);

  return (
    <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
  );
}
