// /reports/[strategyId]: a strategy's schedules, its runs, its figures over time, and the latest equity
// against the previous run's.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PATH_ID } from '../../../lib/http';
import { formatNumber, formatRelative, formatStat, formatTime } from '../../../lib/report';
import AutoRefresh from '../_components/AutoRefresh';
import { ChangeText, SignalBadge, StatusPill } from '../_components/bits';
import ReportChart from '../_components/ReportChart';
import RunsTable from '../_components/RunsTable';
import SchedulePanel from '../_components/SchedulePanel';
import { asProblem, type StrategyReport, strategyReport } from '../_lib/data';
import styles from '../reports.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Report · Backtalk' };

function Cards({ report, now }: { report: StrategyReport; now: number }) {
  const s = report.summary;
  return (
    <div className={styles.cards} data-testid="report-cards">
      <div className={styles.card}>
        <div className={styles.cardLabel}>Latest run</div>
        <div className={styles.cardValue} style={{ fontSize: 15, marginTop: 4 }}>
          <StatusPill status={s?.latestStatus ?? null} />{' '}
          <span
            className="muted"
            style={{ fontSize: 12, fontWeight: 400 }}
            title={formatTime(s?.latestStartedAt)}
          >
            {s?.latestStartedAt ? formatRelative(s.latestStartedAt, now) : ''}
          </span>
        </div>
        {s?.latestError && s.latestStatus !== 'ok' && (
          <div
            className={`${styles.error} ${s.latestStatus === 'skipped' ? styles.error_skipped : ''}`}
            title={s.latestError}
          >
            {s.latestError.split('\n')[0]}
          </div>
        )}
      </div>
      <div className={styles.card}>
        <div className={styles.cardLabel}>Return</div>
        <div className={styles.cardValue}>{formatStat('Return [%]', s?.returnPct)}</div>
        <ChangeText value={s?.returnPctChange} suffix=" pp vs previous" />
      </div>
      <div className={styles.card}>
        <div className={styles.cardLabel}>Sharpe ratio</div>
        <div className={styles.cardValue}>{formatStat('Sharpe Ratio', s?.sharpe)}</div>
        <ChangeText value={s?.sharpeChange} suffix=" vs previous" />
      </div>
      <div className={styles.card}>
        <div className={styles.cardLabel}>Max. drawdown</div>
        <div className={styles.cardValue}>{formatStat('Max. Drawdown [%]', s?.maxDrawdownPct)}</div>
        <ChangeText value={s?.maxDrawdownPctChange} suffix=" pp vs previous" />
      </div>
      <div className={styles.card}>
        <div className={styles.cardLabel}>Runs</div>
        <div className={styles.cardValue}>{formatNumber(s?.runCount ?? 0, 0)}</div>
        <span className={`${styles.change} ${s?.failedCount ? styles.bad : styles.neutral}`}>
          {s?.failedCount ? `${s.failedCount} failed` : 'none failed'}
        </span>
      </div>
    </div>
  );
}

function Charts({ report }: { report: StrategyReport }) {
  const { history, latest, previous } = report;
  const metrics = [
    { key: 'returnPct', title: 'Return %' },
    { key: 'sharpe', title: 'Sharpe ratio' },
    { key: 'maxDrawdownPct', title: 'Max. drawdown %' },
  ] as const;
  return (
    <>
      <section className={styles.panel} data-testid="history-charts">
        <div className={styles.panelHead}>
          <h2>Figures over time</h2>
          <span className="muted">
            {history.returnPct.length} successful run{history.returnPct.length === 1 ? '' : 's'}
          </span>
        </div>
        <div className={styles.metrics}>
          {metrics.map((m) => (
            <div key={m.key} className={styles.metric}>
              <h3>{m.title}</h3>
              {history[m.key].length > 0 ? (
                <ReportChart
                  spec={{ kind: 'metric', metric: m.key, points: history[m.key] }}
                  height={150}
                  label={`${m.title} of each successful run over time`}
                  testId={`history-chart-${m.key}`}
                />
              ) : (
                <div className={styles.chartEmpty} style={{ height: 150 }}>
                  {history.returnPct.length === 0 ? 'No successful runs yet' : 'No values yet'}
                </div>
              )}
            </div>
          ))}
        </div>
      </section>
      <section className={`${styles.panel} ${styles.section}`}>
        <div className={styles.panelHead}>
          <h2>Latest equity against the previous run</h2>
          {latest && (
            <Link
              href={`/reports/${report.strategy.id}/runs/${latest.runId}`}
              className="btn btn-sm btn-ghost"
            >
              Open latest run →
            </Link>
          )}
        </div>
        {latest ? (
          <div style={{ padding: '8px 6px 0' }}>
            <ReportChart
              spec={{ kind: 'compare', latest, previous }}
              height={280}
              label="Equity of the latest successful run and of the one before it"
              testId="compare-chart"
            />
          </div>
        ) : (
          <div className={styles.chartEmpty} style={{ height: 200 }}>
            The equity curves appear after the first successful run.
          </div>
        )}
      </section>
    </>
  );
}

export default async function StrategyReportPage(props: {
  params: Promise<{ strategyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { strategyId } = await props.params;
  const sp = await props.searchParams;
  if (!PATH_ID.test(strategyId)) notFound();
  const shown = sp.runs === '1000' ? 1000 : 50;
  let report: StrategyReport | null = null;
  let problem: { message: string; hint?: string } | null = null;
  try {
    report = await strategyReport(strategyId);
  } catch (e) {
    problem = asProblem(e);
  }
  if (!report && !problem) notFound();
  const now = Date.now();
  const name = report?.strategy.name ?? strategyId;
  const deleted = report?.strategy.deletedAt != null;
  const total = report?.runs[0]?.total ?? 0;
  const data = report?.strategy.head.data;
  return (
    <main className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href="/reports">Reports</Link>
        <span>/</span>
        <span>{name}</span>
      </nav>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>
            {name} <SignalBadge signal={report?.summary?.signal ?? null} />
          </h1>
          {report && (
            <p className="muted">
              Head version v{report.strategy.headVersion}
              {data ? ` · ${data.symbol} ${data.timeframe} from ${data.source}` : ' · default synthetic data'}
              {deleted && <strong className={styles.bad}> · deleted</strong>}
            </p>
          )}
        </div>
        <div className={styles.actions}>
          {report?.schedules.some((s) => s.enabled) && <AutoRefresh seconds={10} />}
          {!deleted && (
            <Link href={`/strategies/${strategyId}`} className="btn">
              Open in editor
            </Link>
          )}
        </div>
      </div>
      {problem && (
        <div className={styles.problem} role="alert">
          <strong>Could not load this report:</strong> {problem.message}
          {problem.hint && <div className="muted">{problem.hint}</div>}
        </div>
      )}
      {report && (
        <>
          <Cards report={report} now={now} />
          <div className={styles.grid2}>
            <section className={styles.panel} data-testid="schedule-panel">
              <div className={styles.panelHead}>
                <h2>Schedules</h2>
                <span className="muted">{report.schedules.length || 'none'}</span>
              </div>
              <SchedulePanel strategyId={strategyId} schedules={report.schedules} readOnly={deleted} />
            </section>
            <div>
              <Charts report={report} />
            </div>
          </div>
          <section className={styles.section}>
            <div className={styles.top} style={{ marginBottom: 10, alignItems: 'center' }}>
              <div>
                <h2 style={{ fontSize: 15 }}>Runs</h2>
                <p className="muted">
                  {total === 0
                    ? 'No runs yet.'
                    : `Showing the latest ${Math.min(shown, report.runs.length)} of ${total}. ▲/▼ is the change from the previous successful run.`}
                  {total > shown && shown < 1000 && (
                    <>
                      {' '}
                      <Link href={`/reports/${strategyId}?runs=1000`}>Show up to 1000</Link>
                    </>
                  )}
                </p>
              </div>
              <div className={styles.links}>
                <a
                  className="btn btn-sm"
                  href={`/api/reports/${strategyId}/runs.csv`}
                  data-testid="export-csv"
                  title="The runs table as CSV (up to the latest 1000 runs)"
                >
                  Export CSV
                </a>
                <a
                  className="btn btn-sm"
                  href={`/api/reports/${strategyId}/runs.json`}
                  data-testid="export-json"
                  title="The runs table as JSON (up to the latest 1000 runs)"
                >
                  Export JSON
                </a>
              </div>
            </div>
            {report.runs.length > 0 ? (
              <RunsTable strategyId={strategyId} runs={report.runs.slice(0, shown)} />
            ) : (
              <div className={styles.empty} data-testid="runs-empty">
                <p className="muted" style={{ margin: 0 }}>
                  No runs yet. Add a schedule and wait for its first tick, or press “Run now”.
                </p>
              </div>
            )}
          </section>
        </>
      )}
    </main>
  );
}
