// A run as one self-contained HTML file: the chart rendered to inline SVG on the server, the figures,
// the trades, the program source and the data range. No scripts and no external assets, so it can be
// mailed, archived or printed and still reads the same. Every piece of user text is escaped.
import { LIGHT_PALETTE, runChartOption } from './charts';
import {
  formatChange,
  formatDate,
  formatDuration,
  formatNumber,
  formatPct,
  formatStat,
  formatTime,
} from './format';
import { REPORT_CSS } from './html-style';
import type { PreviousRun } from './load';
import { parseTrades, type ReportTrade, runChartData } from './series';
import { renderSvg } from './svg';

export interface RunReportInput {
  strategy: { id: string; name: string };
  run: {
    id: string;
    version: number;
    trigger: string;
    status: string;
    error: string | null;
    attempt: number;
    startedAt: number;
    finishedAt: number | null;
    dataFrom: number | null;
    dataTo: number | null;
    bars: number | null;
    signal: string | null;
    stats: Record<string, number | string | null> | null;
    returnPct: number | null;
    sharpe: number | null;
    maxDrawdownPct: number | null;
    tradeCount: number | null;
    equityFinal: number | null;
    trades: unknown;
    equity: Float64Array | null;
    equityTime: Float64Array | null;
  };
  /** The saved version the run used. */
  version: {
    source: string;
    data: { source: string; symbol: string; timeframe: string } | null;
    params: Record<string, unknown> | null;
  } | null;
  /** The successful run before this one, for the change column. */
  previous?: PreviousRun | null;
  generatedAt: number;
  /** Trades listed in full; the rest are counted. Default 5000. */
  maxTradeRows?: number;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const CHART_WIDTH = 960;
const CHART_HEIGHT = 420;

function figureCell(label: string, value: string, change?: { text: string; tone: string }, testid?: string) {
  const delta = change
    ? `<span class="change ${change.tone}">${escapeHtml(change.text)}</span>`
    : '<span class="change neutral">&nbsp;</span>';
  return `<div class="figure"${testid ? ` data-testid="${testid}"` : ''}><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div>${delta}</div>`;
}

function figures(input: RunReportInput): string {
  const { run, previous } = input;
  const diff = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined ? null : a - b;
  const prev = previous ?? null;
  return `<div class="figures">
${figureCell('Return', formatStat('Return [%]', run.returnPct), prev ? formatChange(diff(run.returnPct, prev.returnPct), { suffix: ' pp' }) : undefined, 'figure-return')}
${figureCell('Sharpe ratio', formatStat('Sharpe Ratio', run.sharpe), prev ? formatChange(diff(run.sharpe, prev.sharpe)) : undefined, 'figure-sharpe')}
${figureCell('Max. drawdown', formatStat('Max. Drawdown [%]', run.maxDrawdownPct), prev ? formatChange(diff(run.maxDrawdownPct, prev.maxDrawdownPct), { suffix: ' pp' }) : undefined, 'figure-drawdown')}
${figureCell('Trades', formatStat('# Trades', run.tradeCount), prev ? formatChange(diff(run.tradeCount, prev.tradeCount), { digits: 0, better: 'none' }) : undefined, 'figure-trades')}
${figureCell('Final equity', formatStat('Equity Final [$]', run.equityFinal), prev ? formatChange(diff(run.equityFinal, prev.equityFinal)) : undefined, 'figure-equity')}
</div>`;
}

function statsTable(stats: RunReportInput['run']['stats']): string {
  if (!stats || Object.keys(stats).length === 0) return '<p class="muted">No statistics were stored.</p>';
  const rows = Object.entries(stats)
    .slice(0, 200)
    .map(([k, v]) => {
      return `<tr><th scope="row">${escapeHtml(k)}</th><td class="num">${escapeHtml(formatStat(k, v))}</td></tr>`;
    })
    .join('\n');
  return `<table class="stats"><tbody>${rows}</tbody></table>`;
}

function tradesTable(trades: readonly ReportTrade[], max: number): string {
  if (trades.length === 0) return '<p class="muted">No trades.</p>';
  const shown = trades.slice(0, max);
  const rows = shown
    .map((t, i) => {
      const pnlTone = t.pnl === null ? '' : t.pnl >= 0 ? 'good' : 'bad';
      return `<tr><td class="num">${i + 1}</td><td>${escapeHtml(t.side)}</td><td>${escapeHtml(formatTime(t.entryTime, { seconds: false }))}</td><td class="num">${escapeHtml(formatNumber(t.entryPrice, 4))}</td><td>${t.open ? 'open' : escapeHtml(formatTime(t.exitTime, { seconds: false }))}</td><td class="num">${escapeHtml(formatNumber(t.exitPrice, 4))}</td><td class="num">${escapeHtml(formatNumber(t.quantity, 4))}</td><td class="num ${pnlTone}">${escapeHtml(formatNumber(t.pnl))}</td><td class="num ${pnlTone}">${escapeHtml(formatPct(t.returnPct === null ? null : t.returnPct * 100))}</td><td>${escapeHtml(t.open ? 'open' : t.exitReason)}</td></tr>`;
    })
    .join('\n');
  const more =
    trades.length > shown.length
      ? `<p class="muted">Showing the first ${shown.length} of ${trades.length} trades.</p>`
      : '';
  return `<table class="trades"><thead><tr><th class="num">#</th><th>Side</th><th>Entry</th><th class="num">Entry price</th><th>Exit</th><th class="num">Exit price</th><th class="num">Quantity</th><th class="num">P&amp;L</th><th class="num">Return</th><th>Exit reason</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function chart(input: RunReportInput, trades: readonly ReportTrade[]): string {
  const { run } = input;
  const data = runChartData(run.equityTime, run.equity, trades, 1200);
  if (data.equity.length === 0)
    return '<p class="muted chart-missing">This run stored no equity curve, so there is no chart.</p>';
  const svg = renderSvg(
    runChartOption(data, LIGHT_PALETTE, { interactive: false }),
    CHART_WIDTH,
    CHART_HEIGHT,
  );
  const note =
    data.unmarked > 0
      ? `<p class="muted">Markers show the most recent ${trades.length - data.unmarked} of ${trades.length} trades.</p>`
      : '';
  return `<figure class="chart" data-testid="report-chart">${svg}<figcaption>Equity with trade entries (▲ long, ▼ short) and exits (○), and drawdown below. Times in UTC.</figcaption></figure>${note}`;
}

function dataRange(input: RunReportInput): string {
  const { run, version } = input;
  const d = version?.data;
  const rows: [string, string][] = [
    ['Source', d ? d.source : 'synthetic (default)'],
    ['Symbol', d ? d.symbol : '—'],
    ['Timeframe', d ? d.timeframe : '—'],
    ['From', formatTime(run.dataFrom)],
    ['To', formatTime(run.dataTo)],
    ['Bars', formatNumber(run.bars, 0)],
  ];
  const params = version?.params ? Object.entries(version.params).slice(0, 100) : [];
  if (params.length) rows.push(['Inputs', params.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')]);
  return `<table class="meta"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n')}</tbody></table>`;
}

/** The complete HTML document of one run. */
export function runReportHtml(input: RunReportInput): string {
  const { strategy, run, version, previous } = input;
  const { trades } = parseTrades(run.trades);
  const title = `${strategy.name} — run of ${formatDate(run.startedAt)}`;
  const signal =
    run.signal === 'enter' || run.signal === 'exit'
      ? `<span class="badge ${run.signal}" data-testid="report-signal">Signal: ${escapeHtml(run.signal)} on the latest bar</span>`
      : run.signal === 'hold'
        ? '<span class="badge hold">No signal on the latest bar</span>'
        : '';
  const status = `<span class="status ${escapeHtml(run.status)}">${escapeHtml(run.status)}</span>`;
  const error = run.error
    ? `<div class="error"><strong>Error</strong><pre>${escapeHtml(run.error)}</pre></div>`
    : '';
  const prevLine = previous
    ? `Changes are against the previous successful run, ${escapeHtml(formatTime(previous.startedAt))} (${escapeHtml(previous.id)}); pp = percentage points.`
    : 'This is the first successful run, so there is nothing to compare with.';
  const source = version
    ? `<pre class="source"><code>${escapeHtml(version.source)}</code></pre>`
    : '<p class="muted">The saved version of this run is no longer available.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Backtalk">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<p class="eyebrow">Backtalk run report</p>
<h1>${escapeHtml(strategy.name)}</h1>
<p class="sub">Version ${escapeHtml(run.version)} · ${escapeHtml(run.trigger)} run · started ${escapeHtml(formatTime(run.startedAt))} · took ${escapeHtml(formatDuration(run.startedAt, run.finishedAt))} · ${status} ${signal}</p>
</header>
${error}
<section>
<h2>Figures</h2>
${figures(input)}
<p class="muted small">${prevLine}</p>
</section>
<section>
<h2>Equity and drawdown</h2>
${chart(input, trades)}
</section>
<section class="two">
<div>
<h2>Data</h2>
${dataRange(input)}
</div>
<div>
<h2>Statistics</h2>
${statsTable(run.stats)}
</div>
</section>
<section>
<h2>Trades</h2>
${tradesTable(trades, input.maxTradeRows ?? 5000)}
</section>
<section>
<h2>Program (version ${escapeHtml(run.version)})</h2>
${source}
</section>
<footer>
Run ${escapeHtml(run.id)} · attempt ${escapeHtml(run.attempt)} · strategy ${escapeHtml(strategy.id)} · generated ${escapeHtml(formatTime(input.generatedAt))} by Backtalk. Past performance in a backtest does not predict future results.
</footer>
</main>
</body>
</html>
`;
}
