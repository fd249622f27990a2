// Calendar returns of an equity curve: each month's and each year's (UTC), compounded from the curve
// itself: a period's return is the equity at its last bar over the equity at the last bar before it
// (the starting cash for the first), minus 1. Months of a year therefore compound to the year's return.

export interface YearReturns {
  year: number;
  /** Returns of January..December as fractions; NaN for a month without bars. */
  months: number[];
  /** The year's return (over the months it has bars in). */
  total: number;
}

/** Monthly and yearly returns of `equity` (one value per bar at `time`, epoch ms), from `start` cash. */
export function calendarReturns(time: Float64Array, equity: Float64Array, start: number): YearReturns[] {
  const out: YearReturns[] = [];
  const n = Math.min(time.length, equity.length);
  let base = start; // equity at the end of the previous month
  let yearBase = start;
  let row: YearReturns | null = null;
  for (let i = 0; i < n; i++) {
    const d = new Date(time[i]);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    // The last bar of its month: the next bar is in another month (or there is none).
    const next = i + 1 < n ? new Date(time[i + 1]) : null;
    if (next && next.getUTCFullYear() === y && next.getUTCMonth() === m) continue;
    if (!row || row.year !== y) {
      row = { year: y, months: new Array(12).fill(Number.NaN), total: Number.NaN };
      out.push(row);
    }
    const e = equity[i];
    row.months[m] = e / base - 1;
    base = e;
    if (!next || next.getUTCFullYear() !== y) {
      row.total = e / yearBase - 1;
      yearBase = e;
    }
  }
  return out;
}
