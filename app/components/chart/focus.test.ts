import { describe, expect, it } from 'vitest';
import { FOCUS_MIN_BARS, focusWindow } from './focus';

describe('focusWindow', () => {
  it('centres a long trade with a third of its span on each side', () => {
    // Bars 100..159 (edges 99.5 and 159.5): 60 bars and 20 on each side, 79.5 to 179.5.
    expect(focusWindow(1000, 100, 159)).toEqual({ start: 79.5, end: 179.5 });
  });

  it('shows at least FOCUS_MIN_BARS around a short trade', () => {
    const w = focusWindow(1000, 500, 501);
    expect(w.end - w.start).toBe(FOCUS_MIN_BARS);
    expect((w.start + w.end) / 2).toBe(500.5);
  });

  it('shifts the window inside the data at either end, keeping the trade in view', () => {
    const first = focusWindow(1000, 0, 3);
    expect(first.start).toBe(-0.5);
    expect(first.end).toBe(-0.5 + FOCUS_MIN_BARS);
    const last = focusWindow(1000, 990, 999);
    expect(last.end).toBe(999.5);
    expect(last.start).toBeLessThanOrEqual(990);
  });

  it('shows everything when the data is shorter than the window', () => {
    expect(focusWindow(30, 10, 12)).toEqual({ start: -0.5, end: 29.5 });
  });
});
