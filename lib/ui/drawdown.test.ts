import { describe, expect, it } from 'vitest';
import { drawdownPct } from './drawdown';

describe('drawdownPct over a window', () => {
  const eq = Float64Array.from({ length: 400 }, (_, i) =>
    i < 20 || i % 37 === 0 ? Number.NaN : 1000 + 300 * Math.sin(i / 23) - i,
  );
  const full = drawdownPct(eq);

  it('equals the same bars of the whole curve (the peak runs from bar 0)', () => {
    for (const [from, to] of [
      [0, 399],
      [150, 260],
      [10, 25],
      [399, 399],
    ]) {
      expect(drawdownPct(eq, from, to)).toEqual(full.subarray(from, to + 1));
    }
    expect(drawdownPct(eq, 150, 100)).toHaveLength(0);
  });

  it('writes into a buffer it is given, and allocates when that is too short', () => {
    const buf = new Float64Array(500).fill(7);
    const out = drawdownPct(eq, 100, 299, buf);
    expect(out.buffer).toBe(buf.buffer);
    expect(out).toEqual(full.subarray(100, 300));
    const small = new Float64Array(10);
    const fresh = drawdownPct(eq, 100, 299, small);
    expect(fresh.buffer).not.toBe(small.buffer);
    expect(fresh).toEqual(full.subarray(100, 300));
  });
});
