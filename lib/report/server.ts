// Server-only entry of the reports: the queries behind the reports pages (the store), loading one run's
// report, and the self-contained HTML report with its chart rendered to SVG by ECharts on the server.
export type { RunReportInput } from './html';
export { escapeHtml, runReportHtml } from './html';
export { latestEquities, loadRunReport, previousOkRun } from './load';
export { MAX_TABLE_ROWS, overviewQuery, reportOverview, runsTable, runsTableQuery } from './queries';
export { MAX_SVG_SIDE, renderSvg } from './svg';
