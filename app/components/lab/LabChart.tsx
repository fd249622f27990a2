'use client';
// One lab chart: draws an ECharts option (options.ts) and reports clicks on its data (heatmap cells).
import { useEffect, useRef } from 'react';
import { echarts } from './echarts';

export default function LabChart({
  option,
  height,
  label,
  testId,
  onItem,
  data,
}: {
  option: object;
  height: number;
  /** What the chart shows, for screen readers (the tables next to it hold the numbers). */
  label: string;
  testId?: string;
  onItem?: (dataIndex: number) => void;
  /** Extra data-* attributes (where the cells are, for tests). */
  data?: Record<string, string>;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const onItemRef = useRef(onItem);
  onItemRef.current = onItem;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      if (typeof e.dataIndex === 'number') onItemRef.current?.(e.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option as Record<string, unknown>, { notMerge: true });
  }, [option]);

  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div
      ref={el}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height }}
      {...attrs}
    />
  );
}
