// Reports of scheduled reruns, the part safe for the browser: chart options shared by browser and server,
// the formatting of figures and dates, a run's chart data and trades, CSV/JSON exports, and the row types.
// The queries, the loading of a run's report and the HTML report (ECharts' server renderer) are in
// server.ts.
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
export type { EquityLine, PreviousRun, RunReportData } from './load';
export type { OverviewRow, RunRow } from './queries';
export type { Marker, Points, ReportTrade, RunChartData } from './series';
export {
  decimate,
  drawdownPct,
  indexAtOrBefore,
  MAX_MARKED_TRADES,
  MAX_TRADES,
  parseTrades,
  runChartData,
  tradeMarkers,
} from './series';
