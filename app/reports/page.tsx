// /reports: every strategy that is scheduled or has run, with its latest run and figures.
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatRelative, formatStat, formatTime } from '../../lib/report';
import type { PortfolioRunOverview } from '../../lib/store';
import { getStore } from '../../server/services';
import AutoRefresh from './_components/AutoRefresh';
import { Figure, SignalBadge, StatusPill } from './_components/bits';
import PortfolioRuns from './_components/PortfolioRuns';
import StrategyPicker from './_components/StrategyPicker';
import { asProblem, type OverviewItem, overview, type Problem } from './_lib/data';
import styles from './reports.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reports · Backtalk' };

function Schedules({ item, now }: { item: OverviewItem; now: number }) {
  if (item.schedules.length === 0) return <span className="muted">Not scheduled</span>;
  const shown = item.schedules.slice(0, 2);
  return (
    <div className={styles.schedules}>
      {shown.map((s) => (
        <div key={s.id}>
          <div className={s.enabled ? undefined : styles.paused}>{s.label}</div>
          <div className={styles.sub}>
            {s.enabled && s.nextRuns.length ? (
              <>
                next {formatTime(s.nextRuns[0], { timeZone: s.timezone })} (
                {formatRelative(s.nextRuns[0], now)})
              </>
            ) : s.pausedReason ? (
              <span title={s.pausedReason} data-testid={`schedule-paused-${s.id}`}>
                {s.pausedReason.split('\n')[0]}
              </span>
            ) : (
              'paused'
            )}
          </div>
        </div>
      ))}
      {item.schedules.length > shown.length && (
        <div className={styles.sub}>+{item.schedules.length - shown.length} more</div>
      )}
    </div>
  );
}

function Row({ item, now }: { item: OverviewItem; now: number }) {
  const href = `/reports/${item.strategyId}`;
  return (
    <tr data-testid={`report-${item.strategyId}`}>
      <td>
        <Link href={href} className={styles.name}>
          {item.name}
        </Link>
        <div className={styles.sub}>
          v{item.headVersion} · {item.runCount} run{item.runCount === 1 ? '' : 's'}
          {item.failedCount > 0 && <span className={styles.bad}> · {item.failedCount} failed</span>}
        </div>
        {item.signal === 'enter' || item.signal === 'exit' ? (
          <div style={{ marginTop: 6 }}>
            <SignalBadge signal={item.signal} />
          </div>
        ) : null}
      </td>
      <td>
        <Schedules item={item} now={now} />
      </td>
      <td>
        {item.latestStatus ? (
          <>
            <StatusPill status={item.latestStatus} />
            <div className={styles.sub} title={formatTime(item.latestStartedAt)}>
              {formatRelative(item.latestStartedAt, now)} · {item.latestTrigger}
            </div>
            {item.latestError && item.latestStatus !== 'ok' && (
              <div
                className={`${styles.error} ${item.latestStatus === 'skipped' ? styles.error_skipped : ''}`}
                title={item.latestError}
              >
                {item.latestError.split('\n')[0]}
              </div>
            )}
          </>
        ) : (
          <span className="muted">No runs yet</span>
        )}
      </td>
      <td className={styles.right}>
        <Figure text={formatStat('Return [%]', item.returnPct)} change={item.returnPctChange} suffix=" pp" />
      </td>
      <td className={styles.right}>
        <Figure text={formatStat('Sharpe Ratio', item.sharpe)} change={item.sharpeChange} />
      </td>
      <td className={styles.right}>
        <Figure
          text={formatStat('Max. Drawdown [%]', item.maxDrawdownPct)}
          change={item.maxDrawdownPctChange}
          suffix=" pp"
        />
      </td>
      <td className={styles.right}>
        <Link href={href} className="btn btn-sm">
          Open
        </Link>
      </td>
    </tr>
  );
}

function Empty({ unscheduled }: { unscheduled: { id: string; name: string }[] }) {
  return (
    <div className={styles.empty} data-testid="reports-empty">
      <h2>No scheduled strategies yet</h2>
      <p className="muted">
        A report shows what reruns of a strategy have done over time: each run loads fresh data, runs the
        saved version and records its figures, trades and the signal on the latest bar.
      </p>
      <ol className={styles.steps}>
        <li>
          Save a strategy on the <Link href="/strategies">Strategies</Link> page.
        </li>
        <li>
          Pick it below and add a schedule, e.g. <code>daily at 18:00</code>,{' '}
          <code>weekdays at 16:30 New York</code> or a cron expression.
        </li>
        <li>Its runs, figures and changes from run to run appear here; “Run now” runs it at once.</li>
      </ol>
      {unscheduled.length > 0 ? (
        <StrategyPicker strategies={unscheduled} />
      ) : (
        <Link href="/strategies" className="btn btn-primary">
          Create a strategy
        </Link>
      )}
      {unscheduled.length > 0 && (
        <>
          <p className="muted">
            Or in a terminal, in the app's folder (by id, as names need not be unique), for{' '}
            {unscheduled[0].name}:
          </p>
          <code className={`${styles.cli} mono`} data-testid="reports-cli">
            npx backtalk schedule add {unscheduled[0].id} "weekdays at 16:30 New York"
          </code>
        </>
      )}
    </div>
  );
}

export default async function ReportsPage() {
  let data: Awaited<ReturnType<typeof overview>> = { items: [], unscheduled: [] };
  let problem: Problem | null = null;
  try {
    data = await overview();
  } catch (e) {
    problem = asProblem(e);
  }
  let portfolios: PortfolioRunOverview[] = [];
  if (!problem)
    try {
      portfolios = await (await getStore()).portfolioRuns.overview();
    } catch (e) {
      problem = asProblem(e);
    }
  const now = Date.now();
  const active = data.items.some((i) => i.enabledCount > 0);
  return (
    <main className={styles.page}>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>Reports</h1>
          <p className="muted">What the scheduled reruns of your strategies have done over time.</p>
        </div>
        <div className={styles.actions}>
          {active && <AutoRefresh seconds={10} />}
          {data.items.length > 0 && data.unscheduled.length > 0 && (
            <StrategyPicker strategies={data.unscheduled} compact />
          )}
        </div>
      </div>
      {problem && (
        <div className={styles.problem} role="alert">
          <strong>Could not load the reports:</strong> {problem.message}
          {problem.hint && <div className="muted">{problem.hint}</div>}
        </div>
      )}
      {!problem && data.items.length === 0 ? (
        <Empty unscheduled={data.unscheduled} />
      ) : (
        data.items.length > 0 && (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="reports-table">
              <thead>
                <tr>
                  <th>Strategy</th>
                  <th>Schedule</th>
                  <th>Latest run</th>
                  <th className={styles.right}>Return</th>
                  <th className={styles.right}>Sharpe</th>
                  <th className={styles.right}>Max. drawdown</th>
                  <th>
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <Row key={item.strategyId} item={item} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {data.items.length > 0 && (
        <p className={styles.note}>
          Figures are from each strategy’s latest successful run; ▲/▼ is the change from the successful run
          before it (pp = percentage points).
        </p>
      )}
      <PortfolioRuns items={portfolios} now={now} />
    </main>
  );
}
