'use client';
// A run's equity since its deploy time, small, with ECharts in the current theme's palette.
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../lib/report';
import { useTheme } from '../components/theme';

export interface EquitySeries {
  time: number[];
  equity: number[];
}

export default function MiniChart({ series, label }: { series: EquitySeries; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const light = useTheme() === 'light';
  const opt = useMemo(() => {
    const p = light ? LIGHT_PALETTE : DARK_PALETTE;
    return {
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 4, right: 4, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: series.time },
      yAxis: { type: 'value', show: false, scale: true },
      series: [
        {
          type: 'line',
          data: series.equity,
          showSymbol: false,
          lineStyle: { width: 1.4, color: p.equity },
          areaStyle: { color: p.equity, opacity: 0.12 },
        },
      ],
    };
  }, [series, light]);

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
    <div
      ref={el}
      role="img"
      aria-label={label}
      className="mini-chart"
      style={{ width: '100%', height: 64 }}
    />
  );
}
