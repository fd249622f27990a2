'use client';
// A portfolio run: the headline figures, the equity stacked by market, the exposure, each market's share,
// the correlation of the markets' returns and every statistic of the account.
import { formatStat, HEADLINE_STATS, statTone } from '../../../lib/engine';
import styles from '../portfolios.module.css';
import type { RunResult } from '../shared';
import PortfolioChart from './PortfolioChart';

const MARKET_COLS = ['# Trades', 'Win Rate [%]', 'P&L', 'Contribution [%]', 'Exposure Time [%]'] as const;

const tone = (name: string, v: unknown) => {
  const t = statTone(name, v);
  return t ? t : undefined;
};

/** A correlation's cell colour: blue for together, red for opposite, stronger with the size. */
function corrBackground(v: number | null): string | undefined {
  if (v === null) return undefined;
  const a = Math.min(1, Math.abs(v)) * 0.45;
  return v >= 0 ? `rgba(76, 141, 255, ${a})` : `rgba(239, 83, 80, ${a})`;
}

export default function Results({ run, version }: { run: RunResult; version: number }) {
  const names = run.markets.map((m) => m.symbol);
  const money = (v: number | string | null) =>
    typeof v === 'number' ? formatStat('P&L [$]', v).replace('$', '') : formatStat('x', v);
  return (
    <section aria-labelledby="results-h" data-testid="portfolio-results" data-version={version}>
      <h2 id="results-h" className={styles.title} style={{ fontSize: 16, margin: '8px 0 12px' }}>
        Results of version {version} · {run.title} · {run.markets.length} markets, {run.bars} bars, in{' '}
        {run.currency}
      </h2>
      <dl className={styles.headline} data-testid="headline">
        {['Equity Final [$]', ...HEADLINE_STATS].map((n) => (
          <div key={n} className={styles.figure} data-stat={n}>
            <dt>
              {n === 'Buy & Hold Return [%]'
                ? 'Equal-weight hold [%]'
                : n.replace('[$]', `[${run.currency}]`)}
            </dt>
            <dd className={`num ${tone(n, run.stats[n]) ?? ''}`}>
              {n === 'Equity Final [$]' ? money(run.stats[n]) : formatStat(n, run.stats[n])}
            </dd>
          </div>
        ))}
      </dl>
      {(run.rates.length > 0 || run.insufficientFunds > 0) && (
        <ul className={styles.notes} data-testid="run-notes">
          {run.rates.map((r) => (
            <li key={r}>{r}</li>
          ))}
          {run.insufficientFunds > 0 && (
            <li>
              {run.insufficientFunds} entries were smaller than their weight, or skipped, for lack of cash.
            </li>
          )}
        </ul>
      )}

      <div className={styles.chartBox}>
        <h3>Equity by market ({run.currency}), cash at the bottom</h3>
        <PortfolioChart
          run={run}
          kind="stacked"
          height={320}
          testId="stacked-chart"
          label={`Equity over time stacked by market: cash and ${names.join(', ')}. Final equity ${money(run.stats['Equity Final [$]'])} ${run.currency}.`}
        />
      </div>
      <div className={styles.chartBox}>
        <h3>Exposure: invested share of the equity</h3>
        <PortfolioChart
          run={run}
          kind="exposure"
          height={140}
          testId="exposure-chart"
          label={`Exposure over time, from 0 to 100 percent; ${formatStat('Exposure Time [%]', run.stats['Exposure Time [%]'])} of the time invested.`}
        />
      </div>

      <div className={styles.two}>
        {/* Focusable, so a narrow screen can scroll it by keyboard (axe: scrollable-region-focusable). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard */}
        <section className={styles.tableWrap} tabIndex={0} aria-label="Each market's figures">
          <table className={styles.table} data-testid="market-stats">
            <caption>Each market</caption>
            <thead>
              <tr>
                <th scope="col">Market</th>
                {MARKET_COLS.map((c) => (
                  <th key={c} scope="col" className={styles.right}>
                    {c === 'P&L' ? `P&L [${run.currency}]` : c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {run.perMarket.map((m, k) => (
                <tr key={names[k]} data-market={names[k]}>
                  <th scope="row">{names[k]}</th>
                  {MARKET_COLS.map((c) => (
                    <td
                      key={c}
                      className={`${styles.right} num ${tone(c === 'P&L' ? 'Return [%]' : c, m[c]) ?? ''}`}
                    >
                      {c === 'P&L' ? money(m[c]) : formatStat(c, m[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard */}
        <section className={styles.tableWrap} tabIndex={0} aria-label="Correlation of the markets">
          <table className={styles.table} data-testid="correlation">
            <caption>Correlation of the markets' daily returns</caption>
            <thead>
              <tr>
                <td />
                {names.map((n) => (
                  <th key={n} scope="col" className={styles.right}>
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {run.correlation.map((row, i) => (
                <tr key={names[i]}>
                  <th scope="row">{names[i]}</th>
                  {row.map((v, j) => (
                    <td
                      key={names[j]}
                      className={styles.corr}
                      style={{ background: i === j ? undefined : corrBackground(v) }}
                    >
                      {v === null ? '—' : v.toFixed(2).replace('-', '−')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <details className={styles.panel}>
        <summary>All statistics of the account</summary>
        <table className={styles.table} data-testid="portfolio-stats" style={{ marginTop: 8 }}>
          <tbody>
            {Object.entries(run.stats).map(([n, v]) => (
              <tr key={n} data-stat={n}>
                <th scope="row">{n.replace('Buy & Hold', 'Equal-weight hold')}</th>
                <td className={`${styles.right} num ${tone(n, v) ?? ''}`}>{formatStat(n, v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
