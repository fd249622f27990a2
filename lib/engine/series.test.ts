import { describe, expect, it } from 'vitest';
import { randomWalk, withGap } from './indicators/test-helpers';
import {
  add,
  and,
  constant,
  cross,
  crossover,
  crossunder,
  div,
  eq,
  falling,
  firstDefined,
  ge,
  gt,
  iff,
  iffBool,
  le,
  lt,
  mod,
  mul,
  ne,
  neg,
  not,
  or,
  rising,
  shift,
  shiftBool,
  sub,
  toNumber,
} from './series';

const N = Number.NaN;
const f = (...v: number[]) => Float64Array.from(v);
const b = (...v: number[]) => Uint8Array.from(v);
const arr = (x: ArrayLike<number>) => Array.from(x);

describe('arithmetic', () => {
  const x = f(1, -7, N, 4);
  const y = f(2, 3, 1, 0);
  it('series with series and with constants, NaN propagating', () => {
    expect(arr(add(x, y))).toEqual([3, -4, N, 4]);
    expect(arr(sub(x, 1))).toEqual([0, -8, N, 3]);
    expect(arr(sub(10, x))).toEqual([9, 17, N, 6]);
    expect(arr(mul(2, x))).toEqual([2, -14, N, 8]);
    expect(arr(neg(x))).toEqual([-1, 7, N, -4]);
  });
  it('division by zero is NaN, not Infinity', () => {
    expect(arr(div(x, y))).toEqual([0.5, -7 / 3, N, N]);
    expect(arr(div(x, 0))).toEqual([N, N, N, N]);
    expect(arr(div(1, y))).toEqual([0.5, 1 / 3, 1, N]);
  });
  it('mod takes the sign of the dividend (Pine, JS %) and is NaN for a zero divisor', () => {
    expect(arr(mod(x, 3))).toEqual([1, -1, N, 1]);
    expect(arr(mod(f(7, -7), f(-3, -3)))).toEqual([1, -1]);
    expect(arr(mod(x, y))).toEqual([1, -1, N, N]);
    expect(arr(mod(5, y))).toEqual([1, 2, 0, N]);
  });
  it('rejects two constants and series of different lengths with a clear error', () => {
    expect(() => add(1, 2)).toThrow(/at least one must be a series/);
    expect(() => add(f(1, 2), f(1))).toThrow(/lengths differ \(2 vs 1\)/);
  });
});

describe('comparisons (false whenever a side is NaN)', () => {
  const x = f(1, 2, 3, N);
  const y = f(2, 2, 2, 2);
  it('series against series', () => {
    expect(arr(lt(x, y))).toEqual([1, 0, 0, 0]);
    expect(arr(le(x, y))).toEqual([1, 1, 0, 0]);
    expect(arr(gt(x, y))).toEqual([0, 0, 1, 0]);
    expect(arr(ge(x, y))).toEqual([0, 1, 1, 0]);
    expect(arr(eq(x, y))).toEqual([0, 1, 0, 0]);
    expect(arr(ne(x, y))).toEqual([1, 0, 1, 0]);
  });
  it('constants on either side', () => {
    expect(arr(lt(2, x))).toEqual([0, 0, 1, 0]);
    expect(arr(le(x, 2))).toEqual([1, 1, 0, 0]);
    expect(arr(ge(2, x))).toEqual([1, 1, 0, 0]);
    expect(arr(ne(2, x))).toEqual([1, 0, 1, 0]);
    expect(arr(eq(x, N))).toEqual([0, 0, 0, 0]);
    expect(arr(ne(x, N))).toEqual([0, 0, 0, 0]);
  });
});

describe('logic and iff', () => {
  it('and / or / not, with boolean constants', () => {
    const p = b(1, 1, 0, 0);
    const q = b(1, 0, 1, 0);
    expect(arr(and(p, q))).toEqual([1, 0, 0, 0]);
    expect(arr(or(p, q))).toEqual([1, 1, 1, 0]);
    expect(arr(not(p))).toEqual([0, 0, 1, 1]);
    expect(arr(and(true, q))).toEqual([1, 0, 1, 0]);
    expect(arr(and(q, false))).toEqual([0, 0, 0, 0]);
    expect(arr(or(q, true))).toEqual([1, 1, 1, 1]);
    expect(arr(or(false, q))).toEqual([1, 0, 1, 0]);
  });
  it('iff picks per bar between series or constants', () => {
    const c = b(1, 0, 1, 0);
    expect(arr(iff(c, f(1, 2, 3, 4), f(5, 6, 7, 8)))).toEqual([1, 6, 3, 8]);
    expect(arr(iff(c, 0, f(5, N, 7, 8)))).toEqual([0, N, 0, 8]);
    expect(arr(iff(c, f(1, 2, N, 4), -1))).toEqual([1, -1, N, -1]);
    expect(arr(iff(c, 1, 2))).toEqual([1, 2, 1, 2]);
    expect(arr(iffBool(c, true, b(1, 1, 0, 0)))).toEqual([1, 1, 1, 0]);
    expect(() => iff(c, f(1, 2), 0)).toThrow(/lengths differ/);
  });
});

describe('history', () => {
  const x = f(1, 2, 3, 4);
  it('shift(k) reads k bars back, NaN before the start', () => {
    expect(arr(shift(x, 0))).toEqual([1, 2, 3, 4]);
    expect(arr(shift(x, 2))).toEqual([N, N, 1, 2]);
    expect(arr(shift(x, 9))).toEqual([N, N, N, N]);
    expect(() => shift(x, -1)).toThrow(/non-negative integer/);
    expect(() => shift(x, 1.5)).toThrow(/non-negative integer/);
  });
  it('shiftBool(k) is false before the start', () => {
    expect(arr(shiftBool(b(1, 0, 1, 1), 1))).toEqual([0, 1, 0, 1]);
    expect(arr(shiftBool(b(1, 1), 5))).toEqual([0, 0]);
  });
});

describe('events', () => {
  it('crossover / crossunder against a constant: 1,2,3,2,1 around 2', () => {
    const a = f(1, 2, 3, 2, 1);
    // t=1: 2 > 2 is false; t=2: 3 > 2 and 2 <= 2 -> up. t=3: 2 < 2 false; t=4: 1 < 2 and 2 >= 2 -> down.
    expect(arr(crossover(a, 2))).toEqual([0, 0, 1, 0, 0]);
    expect(arr(crossunder(a, 2))).toEqual([0, 0, 0, 0, 1]);
    expect(arr(cross(a, 2))).toEqual([0, 0, 1, 0, 1]);
    // The constant first mirrors the event: 2 crosses over a when a crosses under 2.
    expect(arr(crossover(2, a))).toEqual([0, 0, 0, 0, 1]);
  });
  it('touching and leaving counts once the line is strictly above', () => {
    const a = f(1, 2, 2, 3, 3);
    const c = f(2, 2, 2, 2, 2);
    expect(arr(crossover(a, c))).toEqual([0, 0, 0, 1, 0]);
    expect(arr(crossunder(c, a))).toEqual([0, 0, 0, 1, 0]);
  });
  it('needs all four values defined; false at bar 0', () => {
    expect(arr(crossover(f(1, N, 3, 1, 3), 2))).toEqual([0, 0, 0, 0, 1]);
    expect(arr(crossover(f(1, 3), f(N, 2)))).toEqual([0, 0]);
    expect(arr(crossover(f(3), f(1)))).toEqual([0]);
  });
  it('rising / falling compare with each of the previous n values (Pine)', () => {
    const x = f(1, 2, 3, 3, 4, 2, 1, 0);
    expect(arr(rising(x, 2))).toEqual([0, 0, 1, 0, 1, 0, 0, 0]);
    expect(arr(falling(x, 2))).toEqual([0, 0, 0, 0, 0, 1, 1, 1]); // 2 < min(4, 3), 1 < min(2, 4), 0 < 1
    expect(arr(rising(x, 1))).toEqual([0, 1, 1, 0, 1, 0, 0, 0]);
  });
  it('rising / falling match a naive check on a walk with NaNs', () => {
    const w = withGap(randomWalk(300, 81), 100, 104);
    for (const n of [1, 3, 10]) {
      const up = rising(w, n);
      const down = falling(w, n);
      for (let t = 0; t < w.length; t++) {
        let isUp = t >= n;
        let isDown = t >= n;
        for (let j = 1; j <= n && t - j >= 0; j++) {
          if (!(w[t] > w[t - j])) isUp = false;
          if (!(w[t] < w[t - j])) isDown = false;
        }
        expect([up[t], down[t]]).toEqual([isUp ? 1 : 0, isDown ? 1 : 0]);
      }
    }
  });
});

describe('utilities', () => {
  it('constant, firstDefined, toNumber', () => {
    expect(arr(constant(3, 1.5))).toEqual([1.5, 1.5, 1.5]);
    expect(firstDefined(f(N, N, 0, N))).toBe(2);
    expect(firstDefined(f(N))).toBe(1);
    expect(arr(toNumber(b(1, 0, 1)))).toEqual([1, 0, 1]);
  });
});
