import { describe, expect, it } from 'vitest';
import { calendarReturns } from './periods';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('calendarReturns', () => {
  // 10,000 to start; Nov 2023 ends at 11,000, Dec at 9,900, Jan 2024 at 10,890; no bar in February;
  // March ends at 10,890 again.
  const time = Float64Array.of(
    day(2023, 11, 20),
    day(2023, 11, 30),
    day(2023, 12, 1),
    day(2023, 12, 29),
    day(2024, 1, 2),
    day(2024, 1, 31),
    day(2024, 3, 1),
    day(2024, 3, 28),
  );
  const equity = Float64Array.of(10_500, 11_000, 10_000, 9_900, 10_200, 10_890, 11_000, 10_890);
  const years = calendarReturns(time, equity, 10_000);

  it('compounds each month from the last equity of the month before (the starting cash first)', () => {
    expect(years.map((y) => y.year)).toEqual([2023, 2024]);
    const [y23, y24] = years;
    expect(y23.months[10]).toBeCloseTo(0.1, 12); // 11,000 / 10,000
    expect(y23.months[11]).toBeCloseTo(-0.1, 12); // 9,900 / 11,000
    expect(y24.months[0]).toBeCloseTo(0.1, 12); // 10,890 / 9,900
    expect(y24.months[1]).toBeNaN(); // no bars
    expect(y24.months[2]).toBeCloseTo(0, 12); // 10,890 / 10,890
    expect(y23.months.slice(0, 10).every(Number.isNaN)).toBe(true);
  });

  it('gives each year its return over the year before, equal to its months compounded', () => {
    const [y23, y24] = years;
    expect(y23.total).toBeCloseTo(-0.01, 12); // 9,900 / 10,000
    expect(y24.total).toBeCloseTo(0.1, 12); // 10,890 / 9,900
    for (const y of years) {
      const compounded = y.months.reduce((a, r) => (Number.isNaN(r) ? a : a * (1 + r)), 1) - 1;
      expect(compounded).toBeCloseTo(y.total, 12);
    }
  });

  it('has no rows without bars', () => {
    expect(calendarReturns(new Float64Array(0), new Float64Array(0), 1)).toEqual([]);
  });
});
