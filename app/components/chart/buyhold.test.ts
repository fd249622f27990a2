import { describe, expect, it } from 'vitest';
import { buyAndHold } from './buyhold';

describe('buyAndHold', () => {
  it('invests the capital at the first close and marks it at every close', () => {
    // 10,000 at 50 buys 200 units: 200 × 55 = 11,000, 200 × 40 = 8,000.
    expect([...buyAndHold(Float64Array.from([50, 55, 40]), 10_000)]).toEqual([10_000, 11_000, 8_000]);
  });

  it('starts at the first usable close', () => {
    const out = buyAndHold(Float64Array.from([Number.NaN, 0, 20, 30]), 100);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    expect([out[2], out[3]]).toEqual([100, 150]);
  });
});
