import { describe, expect, it } from 'vitest';
import { DARK } from '../chart/theme';
import { bandsOption, heatCells, heatmapOption } from './options';

describe('heatCells', () => {
  it('puts each run in its cell; with a third input, a cell holds the best run over it', () => {
    // Runs in ranked order (as a sweep sends them): a ∈ {1, 2}, b ∈ {10, 20}, c ∈ {0, 1}.
    const a = Float64Array.from([1, 1, 2, 2, 1, 1, 2, 2]);
    const b = Float64Array.from([10, 20, 10, 20, 10, 20, 10, 20]);
    const c = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const stat = Float64Array.from([5, 1, 3, Number.NaN, 6, 0, 2, 4]);
    const h = heatCells({ a, b, c }, stat, 'a', 'b');
    expect(h.xs).toEqual([1, 2]);
    expect(h.ys).toEqual([10, 20]);
    const byCell = Object.fromEntries(h.cells.map(([x, y, v, r]) => [`${h.xs[x]}/${h.ys[y]}`, [v, r]]));
    // a=1,b=10: runs 0 (5) and 4 (6) → run 4. a=2,b=20: runs 3 (NaN) and 7 (4) → run 7.
    expect(byCell).toEqual({ '1/10': [6, 4], '1/20': [1, 1], '2/10': [3, 2], '2/20': [4, 7] });
  });

  it('one input: a single row', () => {
    const h = heatCells({ a: Float64Array.from([3, 1, 2]) }, Float64Array.from([1, 2, 3]), 'a', 'a');
    expect(h.ys).toEqual([0]);
    expect(h.cells.map((c) => [h.xs[c[0]], c[2]])).toEqual([
      [3, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('options', () => {
  it('heatmap colours span the finite values; undefined cells are blank', () => {
    const h = {
      xs: [1, 2],
      ys: [5],
      cells: [
        [0, 0, -1, 0],
        [1, 0, Number.NaN, 1],
      ] as [number, number, number, number][],
    };
    const o = heatmapOption(h, { x: 'a', y: 'b', stat: 'Sharpe Ratio' }, DARK);
    expect(o.visualMap.min).toBe(-1);
    expect(o.visualMap.max).toBe(0); // one finite value: a span of 1 so the scale is drawable
    expect(o.series[0].data).toEqual([
      [0, 0, -1],
      [1, 0, '-'],
    ]);
  });

  it("bands: the filled gap is 95th minus 5th; the actual line is placed on the bands' points", () => {
    const c = (index: number[], values: number[]) => ({
      index: Int32Array.from(index),
      values: Float64Array.from(values),
    });
    const o = bandsOption(
      { p5: c([1, 2], [90, 80]), p50: c([1, 2], [100, 100]), p95: c([1, 2], [110, 130]) },
      c([1, 2], [101, 99]),
      String,
      DARK,
    );
    expect(o.series[0].data).toEqual([90, 80]);
    expect(o.series[1].data).toEqual([20, 50]);
    expect(o.series[3].data).toEqual([101, 99]);
  });
});
