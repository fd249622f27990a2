'use client';
// Monthly and yearly returns as a heatmap table: each cell says its return in words (+1.2%) and is
// tinted green or red by its size, so the colour is never the only cue. Computed from the full equity
// curve; while a preview (decimated equity) is shown, the last full table stays.
import { memo, useMemo, useRef } from 'react';
import { calendarReturns, type YearReturns } from '../../../lib/engine';
import type { WorkspaceResult } from '../../../lib/transport';
import { formatReturn } from '../../../lib/ui';
import styles from './results.module.css';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** A return this large (either way) gets the strongest tint; the tint stays light enough for the text. */
const FULL_TINT = 0.1;
const MAX_ALPHA = 0.45;

function tint(r: number): string | undefined {
  if (!Number.isFinite(r) || r === 0) return undefined;
  const a = (Math.min(1, Math.abs(r) / FULL_TINT) * MAX_ALPHA).toFixed(3);
  return r > 0 ? `rgba(38, 166, 154, ${a})` : `rgba(239, 83, 80, ${a})`;
}

function Cell({ r, label }: { r: number; label: string }) {
  if (Number.isNaN(r)) {
    return (
      <td className={`${styles.heatCell} muted`} title={`${label}: no bars`}>
        —
      </td>
    );
  }
  return (
    <td
      className={`${styles.heatCell} num`}
      style={{ background: tint(r) }}
      title={`${label}: ${formatReturn(r)}`}
    >
      {formatReturn(r)}
    </td>
  );
}

export default memo(function MonthlyReturns({
  time,
  result,
}: {
  time: Float64Array;
  result: WorkspaceResult;
}) {
  const last = useRef<YearReturns[]>([]);
  const years = useMemo(() => {
    const eq = result.equity;
    const capital = Number(result.settings.capital);
    if (!(eq instanceof Float64Array) || eq.length !== time.length) return last.current;
    last.current = calendarReturns(time, eq, capital > 0 ? capital : eq[0]);
    return last.current;
  }, [time, result]);
  if (years.length === 0) return null;
  return (
    // Focusable, so its scrolling can be done by keyboard (axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard
    <section className={styles.tableScroll} tabIndex={0} aria-label="Monthly and yearly returns">
      <table className={styles.heat} data-testid="monthly-returns">
        <caption className={styles.heatCaption}>
          Return of each month and year (UTC), compounded from the equity curve; green gains, red losses
        </caption>
        <thead>
          <tr>
            <th scope="col" className={styles.heatTh}>
              Year
            </th>
            {MONTHS.map((m, k) => (
              <th key={m} scope="col" className={`${styles.heatTh} ${styles.numCol}`}>
                <abbr title={MONTH_NAMES[k]}>{m}</abbr>
              </th>
            ))}
            <th scope="col" className={`${styles.heatTh} ${styles.numCol}`}>
              Year
            </th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year}>
              <th scope="row" className={styles.heatTh}>
                {y.year}
              </th>
              {y.months.map((r, k) => (
                <Cell key={MONTHS[k]} r={r} label={`${MONTH_NAMES[k]} ${y.year}`} />
              ))}
              <Cell r={y.total} label={`${y.year}`} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});
