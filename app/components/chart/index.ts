// Public surface of the chart module.
export { CHART_RENDERED_EVENT, ChartController, type ChartLike, type RenderedInfo } from './controller';
export { aggregateCandles, boolRuns, decimateExtreme, decimateMinMax, sliceFor } from './decimate';
export { drawdownPct, maxDrawdown } from './drawdown';
export { barSpacing, fmtCompact, fmtTick, fmtTime, priceDecimals, timeTicks } from './format';
export {
  buildMarkers,
  indexTrades,
  type MarkerKind,
  type Markers,
  tradePaths,
  tradesBetween,
} from './markers';
export { default as PriceChart, type PriceChartProps } from './PriceChart';
export {
  groupSeparate,
  layoutPanes,
  type Pane,
  type PaneKind,
  type PaneSeries,
  planKey,
  planPanes,
} from './panes';
export { DARK, LIGHT, type Palette, paletteFor } from './theme';
export { hoverRange, tooltipHtml } from './tooltip';
