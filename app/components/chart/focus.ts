// Centring the chart on a span of bars (a trade picked in the trade list). No ECharts here: the trade
// list imports this without pulling the chart into its bundle.

/** Dispatched on window with FocusDetail; the chart on the page zooms to show those bars. */
export const CHART_FOCUS_EVENT = 'backtalk:chart-focus';

export interface FocusDetail {
  /** First and last bar to show (a trade's entry and exit bars). */
  from: number;
  to: number;
}

/** Asks the chart on the page to show bars [from, to]. */
export function focusChart(from: number, to: number): void {
  window.dispatchEvent(new CustomEvent<FocusDetail>(CHART_FOCUS_EVENT, { detail: { from, to } }));
}

/** The fewest bars a focused view shows: a one-bar trade still shows what came before and after it. */
export const FOCUS_MIN_BARS = 60;

/**
 * The view (in bar-index units, as the x axis) that shows bars [from, to] of `n` with a margin of a
 * third of the span on each side (at least 5 bars), at least FOCUS_MIN_BARS wide, centred on the span,
 * and shifted (not cut) to stay within the data.
 */
export function focusWindow(n: number, from: number, to: number): { start: number; end: number } {
  const lo = -0.5;
  const hi = n - 0.5;
  const a = Math.max(0, Math.min(from, to));
  const b = Math.min(n - 1, Math.max(from, to));
  const span = b - a + 1;
  const width = Math.min(hi - lo, Math.max(FOCUS_MIN_BARS, span + 2 * Math.max(5, Math.ceil(span / 3))));
  const mid = (a + b) / 2;
  let start = mid - width / 2;
  let end = mid + width / 2;
  if (start < lo) {
    end += lo - start;
    start = lo;
  }
  if (end > hi) {
    start -= end - hi;
    end = hi;
  }
  return { start: Math.max(lo, start), end };
}
