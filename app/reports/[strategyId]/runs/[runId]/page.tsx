// /reports/[strategyId]/runs/[runId]: one run from its stored result: equity and drawdown with the trade
// markers, the figures against the previous successful run, every statistic, the trades and the program.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PATH_ID } from '../../../../../lib/http';
import type { RunReportData } from '../../../../../lib/report';
import {
  formatDuration,
  formatNumber,
  formatStat,
  formatTime,
  parseTrades,
  runChartData,
} from '../../../../../lib/report';
import { loadRunReport } from '../../../../../lib/report/server';
import { getStore } from '../../../../../server/services';
import { ChangeText, SignalBadge, StatusPill } from '../../../_components/bits';
import ReportChart from '../../../_components/ReportChart';
import TradesTable from '../../../_components/TradesTable';
import { asProblem } from '../../../_lib/data';
import styles from '../../../reports.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Run · Backtalk' };

function diff(a: number | null, b: number | null | undefined): number | null {
  return a === null || b === null || b === undefined ? null : a - b;
}

function Figures({ data }: { data: RunReportData }) {
  const { run, previous: p } = data;
  const cards = [
    {
      label: 'Return',
      value: formatStat('Return [%]', run.returnPct),
      change: diff(run.returnPct, p?.returnPct),
      suffix: ' pp',
    },
    {
      label: 'Sharpe ratio',
      value: formatStat('Sharpe Ratio', run.sharpe),
      change: diff(run.sharpe, p?.sharpe),
      suffix: '',
    },
    {
      label: 'Max. drawdown',
      value: formatStat('Max. Drawdown [%]', run.maxDrawdownPct),
      change: diff(run.maxDrawdownPct, p?.maxDrawdownPct),
      suffix: ' pp',
    },
    {
      label: 'Trades',
      value: formatStat('# Trades', run.tradeCount),
      change: diff(run.tradeCount, p?.tradeCount),
      suffix: '',
    },
    {
      label: 'Final equity',
      value: formatStat('Equity Final [$]', run.equityFinal),
      change: diff(run.equityFinal, p?.equityFinal),
      suffix: '',
    },
  ];
  return (
    <div className={styles.cards} data-testid="run-figures">
      {cards.map((c) => (
        <div key={c.label} className={styles.card}>
          <div className={styles.cardLabel}>{c.label}</div>
          <div className={styles.cardValue}>{c.value}</div>
          <ChangeText
            value={c.change}
            suffix={`${c.suffix} vs previous`}
            digits={c.label === 'Trades' ? 0 : 2}
            better={c.label === 'Trades' ? 'none' : 'higher'}
          />
        </div>
      ))}
    </div>
  );
}

export default async function RunPage(props: { params: Promise<{ strategyId: string; runId: string }> }) {
  const { strategyId, runId } = await props.params;
  if (!PATH_ID.test(strategyId) || !PATH_ID.test(runId)) notFound();
  let data: RunReportData | null = null;
  let problem: { message: string; hint?: string } | null = null;
  try {
    data = await loadRunReport(await getStore(), runId);
  } catch (e) {
    problem = asProblem(e);
  }
  if (!problem && (!data || data.run.strategyId !== strategyId)) notFound();
  const run = data?.run;
  const { trades } = parseTrades(run?.trades ?? null);
  const openTrades = trades.filter((t) => t.open).length;
  const chart = run ? runChartData(run.equityTime, run.equity, trades, 3000) : null;
  const stats = run?.stats ? Object.entries(run.stats).slice(0, 200) : [];
  const dataRef = data?.version?.data;
  const params = data?.version?.params ? Object.entries(data.version.params).slice(0, 100) : [];
  return (
    <main className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href="/reports">Reports</Link>
        <span>/</span>
        <Link href={`/reports/${strategyId}`}>{data?.strategy.name ?? strategyId}</Link>
        <span>/</span>
        <span>Run {run ? formatTime(run.startedAt) : runId}</span>
      </nav>
      {problem && (
        <div className={styles.problem} role="alert">
          <strong>Could not load this run:</strong> {problem.message}
          {problem.hint && <div className="muted">{problem.hint}</div>}
        </div>
      )}
      {data && run && chart && (
        <>
          <div className={styles.top}>
            <div>
              <h1 className={styles.title}>
                {data.strategy.name} <StatusPill status={run.status} /> <SignalBadge signal={run.signal} />
              </h1>
              <p className="muted">
                v{run.version} · {run.trigger} run · started {formatTime(run.startedAt)} · took{' '}
                {formatDuration(run.startedAt, run.finishedAt)}
                {run.attempt > 1 ? ` · attempt ${run.attempt}` : ''}
                {data.previous ? (
                  <>
                    {' '}
                    · compared with{' '}
                    <Link href={`/reports/${strategyId}/runs/${data.previous.id}`}>
                      the run of {formatTime(data.previous.startedAt)}
                    </Link>
                  </>
                ) : (
                  ' · first successful run'
                )}
              </p>
            </div>
            <div className={styles.actions}>
              <a
                className="btn"
                href={`/api/runs/${run.id}/report.html?download=0`}
                target="_blank"
                rel="noreferrer"
                data-testid="view-html"
              >
                View report
              </a>
              <a
                className="btn btn-primary"
                href={`/api/runs/${run.id}/report.html`}
                data-testid="export-html"
              >
                Download HTML report
              </a>
            </div>
          </div>
          {run.error && (
            <div className={styles.problem} role="alert" data-testid="run-error">
              <strong>{run.status === 'skipped' ? 'Skipped' : 'Failed'}:</strong>
              <pre style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {run.error}
              </pre>
            </div>
          )}
          <Figures data={data} />
          <section className={styles.panel}>
            <div className={styles.panelHead}>
              <h2>Equity and drawdown</h2>
              <span className="muted">
                ▲ long entry · ▼ short entry · ○ exit
                {chart.unmarked > 0
                  ? ` · markers for the latest ${trades.length - chart.unmarked} trades`
                  : ''}
              </span>
            </div>
            {chart.equity.length > 0 ? (
              <div style={{ padding: '6px 6px 0' }}>
                <ReportChart
                  spec={{ kind: 'run', data: chart }}
                  height={460}
                  label="Equity with trade entries and exits, and drawdown"
                  testId="run-chart"
                />
              </div>
            ) : (
              <div className={styles.chartEmpty} style={{ height: 160 }} data-testid="run-chart">
                This run stored no equity curve.
              </div>
            )}
          </section>
          <div className={`${styles.grid2} ${styles.section}`}>
            <div>
              <section className={styles.panel}>
                <div className={styles.panelHead}>
                  <h2>Data</h2>
                </div>
                <table className={styles.kv}>
                  <tbody>
                    <tr>
                      <th>Source</th>
                      <td>{dataRef?.source ?? 'synthetic (default)'}</td>
                    </tr>
                    <tr>
                      <th>Symbol · timeframe</th>
                      <td>{dataRef ? `${dataRef.symbol} · ${dataRef.timeframe}` : '—'}</td>
                    </tr>
                    <tr>
                      <th>From</th>
                      <td>{formatTime(run.dataFrom)}</td>
                    </tr>
                    <tr>
                      <th>To</th>
                      <td>{formatTime(run.dataTo)}</td>
                    </tr>
                    <tr>
                      <th>Bars</th>
                      <td>{formatNumber(run.bars, 0)}</td>
                    </tr>
                    {params.map(([k, v]) => (
                      <tr key={k}>
                        <th>{k}</th>
                        <td className="mono">{JSON.stringify(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className={`${styles.panel} ${styles.section}`}>
                <div className={styles.panelHead}>
                  <h2>Statistics</h2>
                </div>
                {stats.length ? (
                  <table className={styles.kv} data-testid="run-stats">
                    <tbody>
                      {stats.map(([k, v]) => (
                        <tr key={k}>
                          <th>{k}</th>
                          <td>{formatStat(k, v)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className={styles.note} style={{ padding: '0 14px 12px' }}>
                    No statistics were stored for this run.
                  </p>
                )}
              </section>
            </div>
            <div>
              <section className={styles.panel}>
                <div className={styles.panelHead}>
                  <h2>Trades</h2>
                  <span className="muted">
                    {/* the figures count closed trades; a position still open at the end is listed too */}
                    {openTrades > 0
                      ? `${trades.length - openTrades} closed · ${openTrades} open`
                      : trades.length}
                  </span>
                </div>
                <TradesTable trades={trades} />
              </section>
              <section className={`${styles.panel} ${styles.section}`}>
                <div className={styles.panelHead}>
                  <h2>Program (v{run.version})</h2>
                </div>
                {data.version ? (
                  <pre className={`${styles.source} mono`} data-testid="run-source">
                    {data.version.source}
                  </pre>
                ) : (
                  <p className={styles.note} style={{ padding: '0 14px 12px' }}>
                    This version is no longer available.
                  </p>
                )}
              </section>
            </div>
          </div>
        </>
      )}
    </main>
  );
}
