'use client';
// A sweep's results: the heatmap of a chosen statistic over two of the swept inputs (a cell click loads
// its parameters into the sliders), a sortable table of the runs (each row loads its parameters too, by
// keyboard as well), and the overfitting odds of the sweep with their one-line reading.
import { useMemo, useState } from 'react';
import { SWEEP_COLUMNS, type WireInput } from '../../../lib/transport';
import { formatStat } from '../../../lib/ui';
import { paletteFor } from '../chart/theme';
import LabChart from './LabChart';
import styles from './lab.module.css';
import { HEATMAP_GRID, heatCells, heatmapOption } from './options';
import type { OddsResult, SweepResult } from './useLab';

const TABLE_ROWS = 100;

export default function SweepView({
  result,
  odds,
  oddsPending,
  inputs,
  theme,
  onLoad,
}: {
  result: SweepResult;
  odds: OddsResult | null;
  oddsPending: boolean;
  inputs: readonly WireInput[];
  theme: 'dark' | 'light';
  onLoad: (params: Record<string, number>) => void;
}) {
  const names = result.names;
  const title = (n: string) => inputs.find((i) => i.name === n)?.title ?? n;
  const [x, setX] = useState(names[0]);
  const [y, setY] = useState(names[1] ?? names[0]);
  const [stat, setStat] = useState<string>(result.rank);
  const [sort, setSort] = useState<{ col: string; desc: boolean }>({ col: result.rank, desc: true });
  const xs = names.includes(x) ? x : names[0];
  const ys = names.includes(y) ? y : (names[1] ?? names[0]);
  const paramsOf = (r: number) => Object.fromEntries(names.map((n) => [n, result.params[n][r]]));

  const heat = useMemo(() => heatCells(result.params, result.stats[stat], xs, ys), [result, stat, xs, ys]);
  const xLabel = title(xs);
  const yLabel = ys === xs ? '' : title(ys);
  const option = useMemo(
    () => heatmapOption(heat, { x: xLabel, y: yLabel, stat }, paletteFor(theme)),
    [heat, xLabel, yLabel, stat, theme],
  );
  const order = useMemo(() => {
    const col = names.includes(sort.col) ? result.params[sort.col] : result.stats[sort.col];
    const idx = Array.from({ length: col.length }, (_, i) => i);
    const key = (i: number) => (Number.isNaN(col[i]) ? Number.NEGATIVE_INFINITY : col[i]);
    return idx.sort((a, b) => (sort.desc ? key(b) - key(a) : key(a) - key(b)) || a - b);
  }, [result, sort, names]);
  const columns = [...names, ...SWEEP_COLUMNS];
  const toggle = (col: string) =>
    setSort((s) => (s.col === col ? { col, desc: !s.desc } : { col, desc: true }));

  return (
    <div className={styles.results} data-testid="sweep-results">
      <div className={styles.controls}>
        <label>
          Colour by{' '}
          <select
            className="select"
            value={stat}
            onChange={(e) => setStat(e.target.value)}
            data-testid="heat-stat"
          >
            {SWEEP_COLUMNS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {names.length > 1 && (
          <>
            <InputSelect
              label="Across"
              value={xs}
              names={names}
              title={title}
              onChange={setX}
              testId="heat-x"
            />
            <InputSelect label="Up" value={ys} names={names} title={title} onChange={setY} testId="heat-y" />
          </>
        )}
      </div>
      <LabChart
        option={option}
        height={Math.min(420, 150 + 22 * heat.ys.length)}
        label={`Heatmap of ${stat} over ${title(xs)}${ys !== xs ? ` and ${title(ys)}` : ''}; the table below lists every run`}
        testId="sweep-heatmap"
        data={{
          xs: heat.xs.join(','),
          ys: heat.ys.join(','),
          grid: [HEATMAP_GRID.left, HEATMAP_GRID.top, HEATMAP_GRID.right, HEATMAP_GRID.bottom].join(','),
        }}
        onItem={(i) => {
          const cell = heat.cells[i];
          if (cell) onLoad(paramsOf(cell[3]));
        }}
      />
      <p className="muted">
        {result.total.toLocaleString('en-US')} runs in {(result.computeMs / 1000).toFixed(2)} s. Click a cell,
        or a row below, to load its parameters into the sliders.
      </p>
      <Odds odds={odds} pending={oddsPending} />
      <div className={styles.tableScroll}>
        <table className={styles.table} data-testid="sweep-table">
          <caption className="visually-hidden">Sweep runs, sortable by each column</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c}
                  aria-sort={sort.col === c ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  className={styles.numCol}
                >
                  <button type="button" onClick={() => toggle(c)} data-testid={`sweep-sort-${c}`}>
                    {names.includes(c) ? title(c) : c}
                    <span aria-hidden="true">{sort.col === c ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              ))}
              <th>
                <span className="visually-hidden">Load</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {order.slice(0, TABLE_ROWS).map((r) => (
              <tr key={r} data-testid="sweep-row">
                {names.map((n) => (
                  <td key={n} className="num">
                    {result.params[n][r]}
                  </td>
                ))}
                {SWEEP_COLUMNS.map((s) => (
                  <td key={s} className="num">
                    {formatStat(s, result.stats[s][r])}
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    onClick={() => onLoad(paramsOf(r))}
                    aria-label={`Load ${names.map((n) => `${title(n)} ${result.params[n][r]}`).join(', ')}`}
                  >
                    Load
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {order.length > TABLE_ROWS && (
        <p className="muted">
          The first {TABLE_ROWS} of {order.length.toLocaleString('en-US')} runs in this order.
        </p>
      )}
    </div>
  );
}

function InputSelect(p: {
  label: string;
  value: string;
  names: string[];
  title: (n: string) => string;
  onChange: (v: string) => void;
  testId: string;
}) {
  return (
    <label>
      {p.label}{' '}
      <select
        className="select"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        data-testid={p.testId}
      >
        {p.names.map((n) => (
          <option key={n} value={n}>
            {p.title(n)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Odds({ odds, pending }: { odds: OddsResult | null; pending: boolean }) {
  if (pending && !odds)
    return (
      <div className={styles.odds} data-testid="sweep-odds" data-state="pending">
        Working out the overfitting odds…
      </div>
    );
  if (!odds) return null;
  const o = odds.odds;
  if (!o)
    return (
      <div className={styles.odds} data-testid="sweep-odds" data-state="none">
        Overfitting odds not available: {odds.problem}
      </div>
    );
  const tone = o.verdict === 'holds up' ? styles.good : o.verdict === 'doubtful' ? styles.warn : styles.bad;
  return (
    <div className={`${styles.odds} ${tone}`} data-testid="sweep-odds" data-verdict={o.verdict}>
      <strong data-testid="odds-reading">{o.reading[0].toUpperCase() + o.reading.slice(1)}.</strong>
      <dl className={styles.oddsList}>
        <div>
          <dt>Deflated Sharpe ratio</dt>
          <dd className="num" data-testid="odds-dsr">
            {Number.isFinite(o.dsr) ? o.dsr.toFixed(3) : '—'}
          </dd>
          <dd className={styles.oddsNote}>
            chance the best Sharpe ratio beats what {o.trials} noise trials would reach
          </dd>
        </div>
        <div>
          <dt>Probability of backtest overfitting</dt>
          <dd className="num" data-testid="odds-pbo">
            {o.pbo === null ? '—' : `${(o.pbo * 100).toFixed(1)} %`}
          </dd>
          <dd className={styles.oddsNote}>
            {o.pbo === null
              ? 'too few bars or runs to cross-validate'
              : `share of ${o.splits} splits where the in-sample best ranks below the out-of-sample median`}
          </dd>
        </div>
      </dl>
    </div>
  );
}
