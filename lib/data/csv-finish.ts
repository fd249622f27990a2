// Turns the parsed rows into Bars: time order, duplicate timestamps, split/dividend adjustment.
import type { Bars } from '../engine';
import type { IssueLog, RowStore } from './csv-rows';
import { formatTime } from './scan';

/** Row indices in ascending time order (ties keep file order), or null when already ascending. */
function timeOrder(rows: RowStore, log: IssueLog): Uint32Array | null {
  const { n, time } = rows;
  let firstBack = -1;
  let descending = n > 1;
  for (let i = 1; i < n; i++) {
    const d = time[i]! - time[i - 1]!;
    if (d < 0 && firstBack < 0) firstBack = i;
    if (d >= 0) descending = false;
  }
  if (firstBack < 0) return null;
  const order = new Uint32Array(n);
  if (descending) {
    // Newest-first files are common (many download sites); reversing is exact and cheaper than sorting.
    for (let i = 0; i < n; i++) order[i] = n - 1 - i;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => time[a]! - time[b]! || a - b);
  }
  log.info(
    0,
    'sorted',
    descending
      ? 'rows were newest-first; reversed to ascending time'
      : `rows were not in time order (line ${rows.line[firstBack]} goes back in time); sorted ascending`,
    'nothing to do; sort the file by date to silence this',
  );
  return order;
}

function sameBar(rows: RowStore, i: number, j: number, withAdj: boolean): boolean {
  return (
    rows.open[i] === rows.open[j] &&
    rows.high[i] === rows.high[j] &&
    rows.low[i] === rows.low[j] &&
    rows.close[i] === rows.close[j] &&
    rows.volume[i] === rows.volume[j] &&
    (!withAdj || rows.adj[i] === rows.adj[j])
  );
}

/**
 * Builds ascending, duplicate-free bars. Exact duplicate rows are dropped (one info issue); a row
 * whose time repeats an earlier row's with different values is a bad row (the first one is kept).
 * With `adjust`, open/high/low/close are scaled by adjclose/close (Yahoo's convention; volume is left
 * as traded).
 */
export function finishRows(rows: RowStore, log: IssueLog, adjust: boolean): Bars {
  const n = rows.n;
  const order = timeOrder(rows, log);
  const withAdj = adjust && rows.adj.length > 0;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let m = 0;
  let prev = -1; // source index of the last kept row
  let dupes = 0;
  let firstDupeLine = 0;
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k]!;
    const t = rows.time[i]!;
    if (prev >= 0 && t === rows.time[prev]) {
      if (sameBar(rows, i, prev, withAdj)) {
        if (dupes++ === 0) firstDupeLine = rows.line[i]!;
      } else {
        log.badRow(
          rows.line[i]!,
          'conflicting-duplicate',
          `time ${formatTime(t)} also appears on line ${rows.line[prev]} with different values`,
          'keep one row per timestamp',
        );
      }
      continue;
    }
    prev = i;
    time[m] = t;
    let f = 1;
    if (withAdj) f = rows.adj[i]! / rows.close[i]!;
    open[m] = rows.open[i]! * f;
    high[m] = rows.high[i]! * f;
    low[m] = rows.low[i]! * f;
    // close × f rather than adjclose itself: scaling all four by the same f keeps low ≤ close ≤ high
    // exactly (rounding is monotonic), whereas adjclose can sit an ulp above high × f.
    close[m] = rows.close[i]! * f;
    volume[m] = rows.volume[i]!;
    m++;
  }
  if (dupes > 0) {
    log.info(
      0,
      'duplicates-dropped',
      `dropped ${dupes} exact duplicate row${dupes === 1 ? '' : 's'} (first on line ${firstDupeLine})`,
      'nothing to do; remove repeated rows from the file to silence this',
    );
  }
  if (m === n) return { time, open, high, low, close, volume };
  return {
    time: time.slice(0, m),
    open: open.slice(0, m),
    high: high.slice(0, m),
    low: low.slice(0, m),
    close: close.slice(0, m),
    volume: volume.slice(0, m),
  };
}
