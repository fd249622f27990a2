'use client';
// The trade list, sortable by every column. Rows are drawn a page at a time: a long backtest can have
// tens of thousands of trades.
import { type KeyboardEvent, memo, useMemo, useState } from 'react';
import { excursionCash } from '../../../lib/engine';
import type { WireTrades } from '../../../lib/transport';
import {
  exitReasonOf,
  formatMoney,
  formatPrice,
  formatQuantity,
  formatReturn,
  formatTime,
  hasTimeOfDay,
  type SortDir,
  sortTrades,
  type TradeColumn,
  tradesCsv,
} from '../../../lib/ui';
import { focusChart } from '../chart/focus';
import styles from './results.module.css';

// About three screens of the list's scroll box: every row is re-laid out whenever a slider move brings
// new trades, so the first page stays small; "Show more" adds pages.
const PAGE = 50;

const COLUMNS: { key: TradeColumn; label: string; numeric?: boolean }[] = [
  { key: 'index', label: '#', numeric: true },
  { key: 'side', label: 'Side' },
  { key: 'entryTime', label: 'Entry time' },
  { key: 'exitTime', label: 'Exit time' },
  { key: 'quantity', label: 'Qty', numeric: true },
  { key: 'entryPrice', label: 'Entry', numeric: true },
  { key: 'exitPrice', label: 'Exit', numeric: true },
  { key: 'pnl', label: 'P&L', numeric: true },
  { key: 'returnPct', label: 'Return', numeric: true },
  { key: 'mae', label: 'MAE', numeric: true },
  { key: 'mfe', label: 'MFE', numeric: true },
  { key: 'exitReason', label: 'Exit reason' },
];

// Memoized: re-rendering 200 rows for every socket message or redraw of the workspace costs frames.
export default memo(function TradesTable({ trades }: { trades: WireTrades }) {
  const [sort, setSort] = useState<{ col: TradeColumn; dir: SortDir }>({ col: 'index', dir: 'asc' });
  const [shown, setShown] = useState(PAGE);
  const [picked, setPicked] = useState<number | null>(null);
  const order = useMemo(() => sortTrades(trades, sort.col, sort.dir), [trades, sort]);
  const withTime = useMemo(
    () => hasTimeOfDay(trades.entryTime, trades.count) || hasTimeOfDay(trades.exitTime, trades.count),
    [trades],
  );
  const open = trades.count - trades.closed;

  if (trades.count === 0) {
    return (
      <div className={styles.empty} data-testid="no-trades">
        No trades in this range. The entry conditions never fired on these bars — try other parameters, a
        longer range or different data.
      </div>
    );
  }

  const toggle = (col: TradeColumn) =>
    setSort((s) =>
      s.col === col
        ? { col, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { col, dir: col === 'pnl' || col === 'returnPct' ? 'desc' : 'asc' },
    );
  const rows = Math.min(shown, trades.count);
  // A picked trade: the chart zooms to it (and scrolls into view); keyboard focus stays on the row.
  const pick = (i: number) => {
    setPicked(i);
    focusChart(trades.entryBar[i], trades.exitBar[i]);
    document.querySelector('[data-testid="chart"]')?.scrollIntoView({ block: 'start' });
  };
  const onRowKey = (e: KeyboardEvent, i: number) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    pick(i);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([tradesCsv(trades)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'trades.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <div>
      <div className={styles.tableScroll}>
        <table className={styles.trades} data-testid="trades">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? styles.numCol : undefined}
                  aria-sort={sort.col === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" onClick={() => toggle(c.key)} data-testid={`sort-${c.key}`}>
                    {c.label}
                    <span className={styles.sortMark} aria-hidden="true">
                      {sort.col === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, k) => {
              const i = order[k];
              const isOpen = trades.open[i] === 1;
              const pnl = trades.pnl[i];
              const tone = pnl > 0 ? 'pos' : pnl < 0 ? 'neg' : '';
              return (
                <tr
                  key={i}
                  data-testid="trade-row"
                  data-trade={i}
                  data-bars={`${trades.entryBar[i]}-${trades.exitBar[i]}`}
                  data-open={isOpen || undefined}
                  aria-selected={picked === i}
                  className={styles.tradeRow}
                  tabIndex={0}
                  title="Show this trade on the chart (Enter)"
                  onClick={() => pick(i)}
                  onKeyDown={(e) => onRowKey(e, i)}
                >
                  <td className={`${styles.numCol} muted`}>{i + 1}</td>
                  <td>
                    <span className={trades.side[i] > 0 ? styles.long : styles.short}>
                      {trades.side[i] > 0 ? 'Long' : 'Short'}
                    </span>
                  </td>
                  <td className="num">{formatTime(trades.entryTime[i], withTime)}</td>
                  <td className="num">
                    {isOpen ? <span className="badge">open</span> : formatTime(trades.exitTime[i], withTime)}
                  </td>
                  <td className={`${styles.numCol} num`}>{formatQuantity(trades.quantity[i])}</td>
                  <td className={`${styles.numCol} num`}>{formatPrice(trades.entryPrice[i])}</td>
                  <td className={`${styles.numCol} num`}>
                    {formatPrice(trades.exitPrice[i])}
                    {isOpen && <span className={styles.mark}> (last)</span>}
                  </td>
                  <td className={`${styles.numCol} num ${tone}`}>{formatMoney(pnl)}</td>
                  <td className={`${styles.numCol} num ${tone}`}>{formatReturn(trades.returnPct[i])}</td>
                  <Excursion trades={trades} i={i} of={trades.mae} />
                  <Excursion trades={trades} i={i} of={trades.mfe} />
                  <td className="muted">{exitReasonOf(trades, i)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className={styles.tableFoot}>
        <span className="muted">
          {trades.closed.toLocaleString('en-US')} closed
          {open > 0 && `, ${open} open (marked to the last close)`}
          {' · '}pick a trade to see it on the chart
        </span>
        <button type="button" className="btn btn-sm" onClick={download} data-testid="trades-csv">
          Export CSV
        </button>
        {rows < trades.count && (
          <button type="button" className="btn btn-sm" onClick={() => setShown((s) => s + PAGE * 4)}>
            Show more ({(trades.count - rows).toLocaleString('en-US')} left)
          </button>
        )}
      </div>
    </div>
  );
});

/** An excursion cell: the share of the entry price, and the cash it was worth (MAE ≤ 0, MFE ≥ 0). */
function Excursion({ trades, i, of }: { trades: WireTrades; i: number; of: Float64Array | undefined }) {
  const v = of?.[i];
  if (v === undefined) return <td className={`${styles.numCol} num muted`}>—</td>;
  return (
    <td className={`${styles.numCol} num ${v > 0 ? 'pos' : v < 0 ? 'neg' : ''}`}>
      {formatReturn(v)}
      <span className={styles.mark}> {formatMoney(excursionCash(trades, i, v))}</span>
    </td>
  );
}
