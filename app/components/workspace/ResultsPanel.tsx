'use client';
// The backtest: what went wrong (if anything), the headline figures, the chart, every statistic, the
// trades, and discreet timings. States say what is happening instead of showing an empty page.
import { type ReactNode, useDeferredValue } from 'react';
import MonthlyReturns from './MonthlyReturns';
import styles from './results.module.css';
import StatsTable, { Headline } from './StatsTable';
import TradesTable from './TradesTable';
import type { WorkspaceSocket } from './useWorkspaceSocket';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export default function ResultsPanel({
  ws,
  errors,
  chart,
  renderMs,
}: {
  ws: WorkspaceSocket;
  errors: number;
  chart: ReactNode;
  renderMs: number | null;
}) {
  const { result, problem, barsInfo } = ws;
  const stale = result !== null && (errors > 0 || problem !== null);
  // The full statistics and the trade list (mostly below the fold) follow in a background render: the
  // headline and the chart show a slider move first. While a slider is dragged they wait for the drag to
  // pause (ws.tables), so a move's redraw does not share the main thread with them.
  const lower = useDeferredValue(ws.tables) ?? ws.tables;
  return (
    <div
      className={styles.results}
      data-testid="results"
      // Which run the headline and chart show, and which the (deferred) tables show: equal once settled.
      data-seq={result?.seq}
      data-tables-seq={lower?.seq}
    >
      {ws.connection === 'closed' && (
        <div className={styles.bannerWarn} role="status" data-testid="banner-connection">
          Connection to the backtest server lost — reconnecting…
          {ws.closedReason ? <span className="muted"> ({ws.closedReason})</span> : null}
        </div>
      )}
      {problem && (
        <div className={styles.bannerError} role="alert" data-testid="data-error" data-code={problem.code}>
          <strong>{problem.message}</strong>
          {problem.hint && <div className={styles.bannerHint}>{problem.hint}</div>}
          {result && (
            <div className={styles.bannerHint}>The results below are from the last data that loaded.</div>
          )}
        </div>
      )}
      {errors > 0 && (
        <div className={styles.bannerWarn} role="status" data-testid="banner-stale">
          {result
            ? `Showing the last successful run — fix ${errors} error${errors === 1 ? '' : 's'} to update.`
            : `Fix ${errors} error${errors === 1 ? '' : 's'} to run the strategy.`}
        </div>
      )}
      {barsInfo && barsInfo.issues.length > 0 && (
        <details className={styles.bannerInfo} data-testid="data-issues">
          <summary>
            {barsInfo.issues.length} note{barsInfo.issues.length === 1 ? '' : 's'} about this data
          </summary>
          <ul>
            {barsInfo.issues.slice(0, 20).map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages can repeat; the list never reorders
              <li key={i}>{m}</li>
            ))}
          </ul>
        </details>
      )}

      <div className={stale ? styles.staleBlock : undefined}>
        {result && <Headline stats={result.stats} />}
        <div className={styles.chartBox} data-testid="chart">
          {ws.bars ? (
            chart
          ) : (
            <div className={styles.chartPlaceholder} data-testid="chart-waiting">
              {ws.connection === 'open'
                ? problem
                  ? 'No data loaded.'
                  : 'Loading data…'
                : 'Connecting to the backtest server…'}
            </div>
          )}
        </div>

        {lower ? (
          <>
            <section className={styles.block}>
              <div className={styles.sectionHead}>
                <h2>Statistics</h2>
              </div>
              <StatsTable stats={lower.stats} />
            </section>
            {ws.bars && (
              <section className={`${styles.block} ${styles.offscreenBlock}`}>
                <div className={styles.sectionHead}>
                  <h3>Monthly returns</h3>
                </div>
                <MonthlyReturns time={ws.bars.time} result={lower} />
              </section>
            )}
            <section className={`${styles.block} ${styles.offscreenBlock}`}>
              <div className={styles.sectionHead}>
                <h2>
                  Trades <span className="muted num">{lower.trades.count.toLocaleString('en-US')}</span>
                </h2>
              </div>
              <TradesTable trades={lower.trades} />
            </section>
          </>
        ) : (
          !problem &&
          errors === 0 && (
            <div className={styles.empty} data-testid="results-waiting">
              {ws.connection === 'open' ? 'Running the backtest…' : 'Waiting for the server…'}
            </div>
          )
        )}
      </div>

      {ws.timing && (
        <div className={styles.timing} data-testid="timing">
          compute {ws.timing.computeMs.toFixed(1)} ms
          {ws.timing.bytes !== undefined && <> · frame {formatBytes(ws.timing.bytes)}</>}
          {renderMs !== null && <> · redraw {renderMs.toFixed(0)} ms</>}
          {ws.timing.coalesced > 1 && <> · {ws.timing.coalesced} requests merged</>}
        </div>
      )}
    </div>
  );
}
