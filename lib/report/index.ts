// Reports of scheduled reruns: the queries behind them, exports (CSV, JSON, a self-contained HTML
// report with a server-rendered chart) and the chart options shared by browser and server.
// Client components import ./charts, ./format and ./series directly (this index pulls in ECharts'
// server renderer and the store).
export type { ChartOptions, ChartPalette, MetricSpec } from './charts';
export {
  compareEquityOption,
  DARK_PALETTE,
  LIGHT_PALETTE,
  METRICS,
  metricHistoryOption,
  runChartOption,
} from './charts';
export type { RunJson, RunsJson } from './export';
export { csvField, RUNS_CSV_HEADER, runsCsv, runsJson, toCsv } from './export';
export type { Better, Change } from './format';
export {
  formatChange,
  formatDate,
  formatDuration,
  formatNumber,
  formatPct,
  formatRelative,
  formatStat,
  formatTime,
  isoTime,
  slug,
} from './format';
export type { RunReportInput } from './html';
export { escapeHtml, runReportHtml } from './html';
export type { EquityLine, PreviousRun, RunReportData } from './load';
export { latestEquities, loadRunReport, previousOkRun } from './load';
export type { OverviewRow, RunRow } from './queries';
export { MAX_TABLE_ROWS, overviewQuery, reportOverview, runsTable, runsTableQuery } from './queries';
export type { Marker, Points, ReportTrade, RunChartData } from './series';
export {
  decimate,
  drawdownPct,
  indexAtOrBefore,
  MAX_MARKED_TRADES,
  parseTrades,
  runChartData,
  tradeMarkers,
} from './series';
export { renderSvg } from './svg';
