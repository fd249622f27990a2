'use client';
// A walk-forward's results (the stitched out-of-sample equity, its efficiency, each window's chosen
// parameters) and a Monte Carlo's (percentile bands around the run's equity, a 5th/50th/95th table).
import { useMemo } from 'react';
import type { WireInput } from '../../../lib/transport';
import { formatStat } from '../../../lib/ui';
import { paletteFor } from '../chart/theme';
import LabChart from './LabChart';
import styles from './lab.module.css';
import { bandsOption, equityOption } from './options';
import type { MonteCarloResult, WalkForwardResult } from './useLab';

const day = (t: number | undefined) => (t === undefined ? '' : new Date(t).toISOString().slice(0, 10));
const num = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

export function WalkForwardView({
  result,
  time,
  inputs,
  theme,
}: {
  result: WalkForwardResult;
  time: Float64Array | null;
  inputs: readonly WireInput[];
  theme: 'dark' | 'light';
}) {
  const title = (n: string) => inputs.find((i) => i.name === n)?.title ?? n;
  const option = useMemo(
    () => equityOption(result.equity, (i) => (time ? day(time[i]) : String(i)), paletteFor(theme)),
    [result, time, theme],
  );
  const rank = result.rank;
  return (
    <div className={styles.results} data-testid="wf-results">
      <dl className={styles.summary}>
        <div>
          <dt>Walk-forward efficiency</dt>
          <dd className="num" data-testid="wf-efficiency">
            {num(result.efficiency)}
          </dd>
        </div>
        {Object.entries(result.stats).map(([k, v]) => (
          <div key={k}>
            <dt>Out of sample {k}</dt>
            <dd className="num">{formatStat(k, v)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Efficiency: mean out-of-sample ÷ mean in-sample annual return; near 1 or above, the optimised
        parameters kept working on data they were not tuned on; near 0 or below, they did not.
      </p>
      <LabChart
        option={option}
        height={260}
        label={`Out-of-sample equity stitched across ${result.windows.length} windows`}
        testId="wf-chart"
      />
      <div className={styles.tableScroll}>
        <table className={styles.table} data-testid="wf-table">
          <caption className="visually-hidden">Each window's chosen parameters and results</caption>
          <thead>
            <tr>
              <th>#</th>
              <th>In sample</th>
              <th>Out of sample</th>
              {result.names.map((n) => (
                <th key={n} className={styles.numCol}>
                  {title(n)}
                </th>
              ))}
              <th className={styles.numCol}>IS {rank}</th>
              <th className={styles.numCol}>OOS {rank}</th>
              <th className={styles.numCol}>OOS Return</th>
              <th className={styles.numCol}>Efficiency</th>
            </tr>
          </thead>
          <tbody>
            {result.windows.map((w, i) => (
              <tr key={w.oosFrom} data-testid="wf-row">
                <td className="num">{i + 1}</td>
                <td className="num">
                  {day(time?.[w.isFrom])} → {day(time?.[w.isTo - 1])}
                </td>
                <td className="num">
                  {day(time?.[w.oosFrom])} → {day(time?.[w.oosTo - 1])}
                </td>
                {result.names.map((n) => (
                  <td key={n} className="num" data-testid={`wf-param-${n}`}>
                    {w.params[n]}
                  </td>
                ))}
                <td className="num">{formatStat(rank, w.inSample)}</td>
                <td className="num">{formatStat(rank, w.outOfSample)}</td>
                <td className="num">{formatStat('Return [%]', w.oosReturn)}</td>
                <td className="num">{num(w.efficiency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function MonteCarloView({
  result,
  time,
  theme,
}: {
  result: MonteCarloResult;
  time: Float64Array | null;
  theme: 'dark' | 'light';
}) {
  const option = useMemo(() => {
    const label = (i: number) => (result.axis === 'trade' ? `trade ${i}` : time ? day(time[i]) : String(i));
    return bandsOption(result.bands, result.actual, label, paletteFor(theme));
  }, [result, theme, time]);
  return (
    <div className={styles.results} data-testid="mc-results">
      <p className="muted">{result.note}.</p>
      <LabChart
        option={option}
        height={260}
        label={`Equity of the run with the 5th to 95th percentile band of ${result.runs} Monte Carlo paths, by ${result.axis === 'trade' ? 'trade' : 'bar'}`}
        testId="mc-chart"
      />
      <table className={styles.table} data-testid="mc-table">
        <caption className="visually-hidden">Percentiles over the Monte Carlo paths</caption>
        <thead>
          <tr>
            <th />
            <th className={styles.numCol}>5th</th>
            <th className={styles.numCol}>50th</th>
            <th className={styles.numCol}>95th</th>
            <th className={styles.numCol}>This run</th>
          </tr>
        </thead>
        <tbody>
          {result.table.map((r) => (
            <tr key={r.label} data-testid="mc-row">
              <th scope="row">{r.label}</th>
              <td className="num">{formatStat(r.label, r.p5)}</td>
              <td className="num">{formatStat(r.label, r.p50)}</td>
              <td className="num">{formatStat(r.label, r.p95)}</td>
              <td className="num">{r.actual === null ? '—' : formatStat(r.label, r.actual)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
