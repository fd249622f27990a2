// Number and time formatting for the chart, and calendar-aligned x-axis ticks. Times are epoch ms and
// shown in UTC: bars carry no exchange time zone, and UTC keeps labels identical on every machine.
import { lowerBound } from '../../../lib/engine';

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** Decimals that suit a price level: 2 for stocks, 5 for FX majors, 4 significant digits below that. */
export function priceDecimals(typical: number): number {
  const a = Math.abs(typical);
  if (!Number.isFinite(a) || a >= 50) return 2;
  if (a >= 5) return 3;
  if (a >= 0.5) return 5;
  if (a === 0) return 2;
  return Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(a))));
}

export function fmtFixed(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 1234567 → '1.23M'; keeps three significant digits, plain below 1000. */
export function fmtCompact(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (a >= size) return `${trim3(v / size)}${suffix}`;
  }
  return trim3(v);
}

function trim3(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-4) return v.toExponential(2);
  const d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 2 - Math.floor(Math.log10(a));
  return Number(v.toFixed(d)).toString();
}

/**
 * An axis label: compact (K/M/B) with just enough decimals to tell ticks `step` apart, so a narrow range
 * of large values reads 11.62K, 11.64K rather than 11.6K three times. `magnitude` (the axis' largest
 * absolute value) puts every label of an axis in one unit: 12K, 10K, 8K rather than 12K, 10K, 8000.
 */
export function fmtTick(v: number, step: number, magnitude = 0): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.max(Math.abs(v), Math.abs(step), Number.isFinite(magnitude) ? Math.abs(magnitude) : 0);
  const [div, suffix] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e4 ? [1e3, 'K'] : [1, ''];
  const s = Math.abs(step) / div;
  const decimals =
    s > 0 && Number.isFinite(s) ? Math.min(8, Math.max(0, Math.ceil(-Math.log10(s) - 1e-9))) : 2;
  const out = (v / div).toFixed(decimals);
  // Zero is 0 in any unit (not 0K), and never -0.
  if (Number(out) === 0) return suffix ? '0' : (0).toFixed(decimals);
  return `${out}${suffix}`;
}

export function fmtPct(fraction: number, decimals = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  const s = (fraction * 100).toFixed(decimals);
  return `${fraction > 0 ? '+' : ''}${s}%`;
}

/** Median spacing of the first bars: tells daily data (dates only) from intraday (times too). */
export function barSpacing(time: Float64Array): number {
  const n = Math.min(time.length - 1, 64);
  if (n < 1) return DAY;
  const d: number[] = [];
  for (let i = 0; i < n; i++) d.push(time[i + 1] - time[i]);
  d.sort((a, b) => a - b);
  return d[n >> 1] > 0 ? d[n >> 1] : DAY;
}

/** '2024-03-12 14:30' for intraday bars, 'Tue 2024-03-12' for daily and slower. */
export function fmtTime(ms: number, intraday: boolean): string {
  if (!Number.isFinite(ms)) return '–';
  const t = new Date(ms);
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (intraday) return `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  return `${WEEKDAYS[t.getUTCDay()]} ${date}`;
}

interface Unit {
  /** Approximate length, to pick a unit that gives about the wanted number of ticks. */
  approx: number;
  /** Boundaries of this unit in [t0, t1], ascending. */
  bounds(t0: number, t1: number): number[];
}

const fixed = (step: number, offset = 0): Unit => ({
  approx: step,
  bounds(t0, t1) {
    const out: number[] = [];
    for (let b = Math.ceil((t0 - offset) / step) * step + offset; b <= t1; b += step) out.push(b);
    return out;
  },
});

const months = (step: number): Unit => ({
  approx: step * 30.44 * DAY,
  bounds(t0, t1) {
    const s = new Date(t0);
    let y = s.getUTCFullYear();
    let m = Math.ceil(s.getUTCMonth() / step) * step;
    const out: number[] = [];
    for (;;) {
      const b = Date.UTC(y, m, 1);
      if (b > t1) return out;
      if (b >= t0) out.push(b);
      m += step;
      if (m >= 12) {
        y += Math.floor(m / 12);
        m %= 12;
      }
    }
  },
});

const years = (step: number): Unit => ({
  approx: step * 365.25 * DAY,
  bounds(t0, t1) {
    const out: number[] = [];
    for (let y = Math.ceil(new Date(t0).getUTCFullYear() / step) * step; ; y += step) {
      const b = Date.UTC(y, 0, 1);
      if (b > t1) return out;
      if (b >= t0) out.push(b);
    }
  },
});

const M = 60_000;
const H = 60 * M;
const DAY_UNIT = fixed(DAY);
const MONTH_UNIT = months(1);
const YEAR_UNIT = years(1);
// 1970-01-05 was a Monday: weeks start on Mondays.
const UNITS: Unit[] = [
  ...[1, 5, 15, 30].map((m) => fixed(m * M)),
  ...[1, 2, 3, 6, 12].map((h) => fixed(h * H)),
  DAY_UNIT,
  fixed(7 * DAY, 4 * DAY),
  MONTH_UNIT,
  months(3),
  months(6),
  ...[1, 2, 5, 10, 25, 50, 100].map(years),
];

export interface TimeTicks {
  /** Bar indices carrying a tick, ascending. */
  values: number[];
  /** The label of each, in the same order. */
  labels: string[];
}

/**
 * Calendar-aligned ticks for bars [i0, i1]: the first bar at or after each boundary of the coarsest
 * calendar unit that still gives about `maxTicks` ticks. A tick whose bar starts a new year is labelled
 * with the year, a new month with the month, a new day with the day, otherwise with the time (the
 * TradingView convention). Ticks closer than `minGap` bars are thinned, keeping the higher-ranked.
 */
export function timeTicks(time: Float64Array, i0: number, i1: number, maxTicks: number): TimeTicks {
  const n = time.length;
  i0 = Math.max(0, Math.ceil(i0));
  i1 = Math.min(n - 1, Math.floor(i1));
  if (n === 0 || i1 <= i0 || maxTicks < 1) return { values: [], labels: [] };
  const t0 = time[i0];
  const t1 = time[i1];
  const span = t1 - t0;
  const k = UNITS.findIndex((u) => span / u.approx <= maxTicks);
  const unit = UNITS[k < 0 ? UNITS.length - 1 : k];
  // Coarser calendar boundaries are candidates too: a week-spaced axis still marks where a month starts.
  const coarser = [DAY_UNIT, MONTH_UNIT, YEAR_UNIT].filter((u) => u.approx > unit.approx);
  const bounds = [...unit.bounds(t0, t1), ...coarser.flatMap((u) => u.bounds(t0, t1))].sort((a, b) => a - b);
  const candidates: { i: number; rank: number; label: string }[] = [];
  let last = -1;
  for (const b of bounds) {
    const i = lowerBound(time, b, i0, i1 + 1);
    if (i > i1 || i === last) continue;
    last = i;
    candidates.push({ i, ...labelAt(time, i) });
  }
  const minGap = ((i1 - i0) / maxTicks) * 0.6;
  const order = candidates.map((_, k) => k).sort((a, b) => candidates[b].rank - candidates[a].rank || a - b);
  const kept: number[] = [];
  for (const k of order) {
    const i = candidates[k].i;
    if (kept.every((j) => Math.abs(candidates[j].i - i) >= minGap)) kept.push(k);
  }
  kept.sort((a, b) => a - b);
  return { values: kept.map((k) => candidates[k].i), labels: kept.map((k) => candidates[k].label) };
}

/** Labels bar i by the largest calendar unit that changes at it (the first bar counts from just before it). */
function labelAt(time: Float64Array, i: number): { rank: number; label: string } {
  const t = new Date(time[i]);
  const p = new Date(i > 0 ? time[i - 1] : time[i] - 1);
  if (p.getUTCFullYear() !== t.getUTCFullYear()) return { rank: 4, label: `${t.getUTCFullYear()}` };
  if (p.getUTCMonth() !== t.getUTCMonth()) return { rank: 3, label: MONTHS[t.getUTCMonth()] };
  if (p.getUTCDate() !== t.getUTCDate()) return { rank: 2, label: `${t.getUTCDate()}` };
  return { rank: 1, label: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}` };
}
