// Server-side rendering of an ECharts option to an SVG string (no DOM, no canvas): the chart of the
// self-contained HTML report. ECharts 6: init(null, null, { renderer: 'svg', ssr: true, width, height }).

import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts';

export const MAX_SVG_SIDE = 4000;

export function renderSvg(option: EChartsOption, width: number, height: number): string {
  if (!(width >= 50 && width <= MAX_SVG_SIDE && height >= 50 && height <= MAX_SVG_SIDE))
    throw new RangeError(
      `an SVG chart must be 50 to ${MAX_SVG_SIDE} px on each side, got ${width}×${height}`,
    );
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString({ useViewBox: true });
  } finally {
    chart.dispose();
  }
}
