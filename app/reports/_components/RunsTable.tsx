// A strategy's runs, newest first: when, which version, why, how it went, its figures with the change
// from the previous successful run under each, and the signal on the latest bar.
import Link from 'next/link';
import type { RunRow } from '../../../lib/report';
import { formatDuration, formatNumber, formatStat, formatTime } from '../../../lib/report';
import styles from '../reports.module.css';
import { Figure, StatusPill } from './bits';

function Signal({ signal }: { signal: RunRow['signal'] }) {
  if (!signal) return <span className="muted">—</span>;
  return <span className={styles[`signalCell_${signal}`] ?? 'muted'}>{signal}</span>;
}

export default function RunsTable({ strategyId, runs }: { strategyId: string; runs: RunRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={`${styles.table} ${styles.compact}`} data-testid="runs-table">
        <thead>
          <tr>
            <th>Started (UTC)</th>
            <th>Version</th>
            <th>Trigger</th>
            <th>Status</th>
            <th className={styles.right}>Bars</th>
            <th className={styles.right}>Return</th>
            <th className={styles.right}>Sharpe</th>
            <th className={styles.right}>Max. DD</th>
            <th className={styles.right}>Trades</th>
            <th>Signal</th>
            <th>
              <span className="visually-hidden">Report</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid={`run-${r.id}`} data-status={r.status}>
              <td className="num" style={{ whiteSpace: 'nowrap' }}>
                <Link
                  href={`/reports/${strategyId}/runs/${r.id}`}
                  title="Open this run's chart, figures and trades"
                >
                  {formatTime(r.startedAt, { zone: false })}
                </Link>
                <div className={styles.sub}>took {formatDuration(r.startedAt, r.finishedAt)}</div>
              </td>
              <td className="num">v{r.version}</td>
              <td>
                {r.trigger}
                {r.attempt > 1 && <div className={styles.sub}>attempt {r.attempt}</div>}
              </td>
              <td>
                <StatusPill status={r.status} />
                {r.error && r.status !== 'ok' && r.status !== 'running' && (
                  <div
                    className={`${styles.error} ${r.status === 'skipped' ? styles.error_skipped : ''}`}
                    title={r.error}
                    data-testid={`run-error-${r.id}`}
                  >
                    {r.error}
                  </div>
                )}
              </td>
              <td className={`${styles.right} num`}>{formatNumber(r.bars, 0)}</td>
              <td className={styles.right}>
                <Figure
                  text={formatStat('Return [%]', r.returnPct)}
                  change={r.returnPctChange}
                  suffix=" pp"
                />
              </td>
              <td className={styles.right}>
                <Figure text={formatStat('Sharpe Ratio', r.sharpe)} change={r.sharpeChange} />
              </td>
              <td className={styles.right}>
                <Figure
                  text={formatStat('Max. Drawdown [%]', r.maxDrawdownPct)}
                  change={r.maxDrawdownPctChange}
                  suffix=" pp"
                />
              </td>
              <td className={styles.right}>
                <Figure
                  text={formatStat('# Trades', r.tradeCount)}
                  change={r.tradeCountChange}
                  digits={0}
                  better="none"
                />
              </td>
              <td>
                <Signal signal={r.signal} />
              </td>
              <td className={styles.right}>
                {r.status === 'ok' || r.status === 'failed' ? (
                  <a
                    href={`/api/runs/${r.id}/report.html`}
                    className="btn btn-sm btn-ghost"
                    title="Download this run as a self-contained HTML report"
                    data-testid={`run-report-${r.id}`}
                  >
                    HTML
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
