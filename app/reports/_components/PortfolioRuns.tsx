// /reports' portfolio section: each portfolio with its latest run (recorded by its page's Run) and figures.
import Link from 'next/link';
import { formatRelative, formatStat, formatTime } from '../../../lib/report';
import type { PortfolioRunOverview } from '../../../lib/store';
import styles from '../reports.module.css';
import { StatusPill } from './bits';

export default function PortfolioRuns({ items, now }: { items: PortfolioRunOverview[]; now: number }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="portfolio-runs-h" style={{ marginTop: 24 }}>
      <h2 id="portfolio-runs-h" style={{ fontSize: 15, margin: '0 0 10px' }}>
        Portfolios
      </h2>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="portfolio-reports">
          <thead>
            <tr>
              <th>Portfolio</th>
              <th>Latest run</th>
              <th className={styles.right}>Return</th>
              <th className={styles.right}>Sharpe</th>
              <th className={styles.right}>Max. drawdown</th>
              <th className={styles.right}>Trades</th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ portfolioId, name, headVersion, run }) => (
              <tr key={portfolioId} data-testid={`portfolio-report-${portfolioId}`}>
                <td>
                  <Link href={`/portfolios/${portfolioId}`} className={styles.name}>
                    {name}
                  </Link>
                  <div className={styles.sub}>
                    v{headVersion}
                    {run ? ` · ${run.markets} markets` : ''}
                  </div>
                </td>
                <td>
                  {run ? (
                    <>
                      <StatusPill status={run.status} />
                      <div className={styles.sub} title={formatTime(run.startedAt)}>
                        {formatRelative(run.startedAt, now)} · v{run.version} · {run.trigger}
                      </div>
                      {run.error && (
                        <div className={styles.error} title={run.error}>
                          {run.error.split('\n')[0]}
                        </div>
                      )}
                    </>
                  ) : (
                    <span className="muted">Not run yet</span>
                  )}
                </td>
                <td className={`${styles.right} num`}>{formatStat('Return [%]', run?.returnPct ?? null)}</td>
                <td className={`${styles.right} num`}>{formatStat('Sharpe Ratio', run?.sharpe ?? null)}</td>
                <td className={`${styles.right} num`}>
                  {formatStat('Max. Drawdown [%]', run?.maxDrawdownPct ?? null)}
                </td>
                <td className={`${styles.right} num`}>{formatStat('# Trades', run?.tradeCount ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
