// The trades of a stored run (at most MAX_ROWS listed; the HTML report and JSON have them all).

import type { ReportTrade } from '../../../lib/report';
import { formatNumber, formatPct, formatTime } from '../../../lib/report';
import styles from '../reports.module.css';

const MAX_ROWS = 500;

export default function TradesTable({ trades }: { trades: ReportTrade[] }) {
  if (trades.length === 0)
    return (
      <p className={styles.note} style={{ padding: '0 14px 12px' }}>
        No trades.
      </p>
    );
  const shown = trades.slice(0, MAX_ROWS);
  return (
    <div style={{ maxHeight: 520, overflow: 'auto' }}>
      <table className={`${styles.table} ${styles.compact}`} data-testid="run-trades">
        <thead>
          <tr>
            <th className={styles.right}>#</th>
            <th>Side</th>
            <th>Entry</th>
            <th>Exit</th>
            <th className={styles.right}>Entry price</th>
            <th className={styles.right}>Exit price</th>
            <th className={styles.right}>P&amp;L</th>
            <th className={styles.right}>Return</th>
            <th>Exit reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t, i) => {
            const tone = t.pnl === null ? undefined : t.pnl >= 0 ? 'pos' : 'neg';
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: trades have no id; their order is fixed
              <tr key={i}>
                <td className={`${styles.right} num muted`}>{i + 1}</td>
                <td className={t.side === 'long' ? 'pos' : 'neg'}>{t.side}</td>
                <td className="num" style={{ whiteSpace: 'nowrap' }}>
                  {formatTime(t.entryTime, { seconds: false, zone: false })}
                </td>
                <td className="num" style={{ whiteSpace: 'nowrap' }}>
                  {t.open ? (
                    <span className="badge">open</span>
                  ) : (
                    formatTime(t.exitTime, { seconds: false, zone: false })
                  )}
                </td>
                <td className={`${styles.right} num`}>{formatNumber(t.entryPrice, 4)}</td>
                <td className={`${styles.right} num`}>{formatNumber(t.exitPrice, 4)}</td>
                <td className={`${styles.right} num ${tone ?? ''}`}>{formatNumber(t.pnl)}</td>
                <td className={`${styles.right} num ${tone ?? ''}`}>
                  {formatPct(t.returnPct === null ? null : t.returnPct * 100)}
                </td>
                <td className="muted">{t.open ? 'open' : t.exitReason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {trades.length > shown.length && (
        <p className={styles.note} style={{ padding: '0 14px 12px' }}>
          Showing the first {shown.length} of {trades.length} trades; the HTML report lists up to 5,000.
        </p>
      )}
    </div>
  );
}
