// Shared plumbing of the kernels: runs of defined values, NaN fills, period checks.
// Every kernel is computed independently on each maximal run of bars where all its inputs are
// defined; this one rule gives the NaN convention described in README.md (leading NaNs skipped,
// a window touching a NaN is NaN, recursive kernels re-seed after a gap).

/** Rolling sums are re-summed exactly at least this often (in bars) so that long series do not drift. */
export const RESUM_MIN = 1024;

/** Length of a block after which a rolling sum over `n` values is recomputed from scratch. */
export function resumBlock(n: number): number {
  return Math.max(n * 4, RESUM_MIN);
}

/** True for a usable period: a finite integer >= 1. Kernels return all-NaN for anything else. */
export function isPeriod(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

/** A new array of `len` NaNs. */
export function nans(len: number): Float64Array {
  return new Float64Array(len).fill(Number.NaN);
}

/** Flat [start, end) pairs of the maximal runs where `a` is not NaN. */
export function runs(a: Float64Array): number[] {
  const r: number[] = [];
  const len = a.length;
  let i = 0;
  while (i < len) {
    while (i < len && Number.isNaN(a[i])) i++;
    if (i >= len) break;
    const s = i;
    while (i < len && !Number.isNaN(a[i])) i++;
    r.push(s, i);
  }
  return r;
}

/** Flat [start, end) pairs of the maximal runs where every array is defined (over the shortest length). */
export function runsAll(arrays: readonly Float64Array[]): number[] {
  if (arrays.length === 1) return runs(arrays[0]);
  let len = arrays[0].length;
  for (const a of arrays) if (a.length < len) len = a.length;
  const k = arrays.length;
  const r: number[] = [];
  let start = -1;
  for (let i = 0; i < len; i++) {
    let ok = true;
    for (let j = 0; j < k; j++) {
      const v = arrays[j][i];
      if (Number.isNaN(v)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      r.push(start, i);
      start = -1;
    }
  }
  if (start >= 0) r.push(start, len);
  return r;
}

/** Writes NaN everywhere outside the runs `r` (the gaps between them and after the last). */
export function fillGaps(out: Float64Array, r: readonly number[]): void {
  let prev = 0;
  for (let k = 0; k < r.length; k += 2) {
    if (r[k] > prev) out.fill(Number.NaN, prev, r[k]);
    prev = r[k + 1];
  }
  if (prev < out.length) out.fill(Number.NaN, prev, out.length);
}

/** Exact (freshly summed) sum of src[from..to). */
export function windowSum(src: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += src[i];
  return s;
}

/** Typical price (h + l + c) / 3 as a new array. */
export function hlc3(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const len = close.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = (high[i] + low[i] + close[i]) / 3;
  return out;
}

/** Index of the first bar where every input is defined, or the shortest length. */
export function firstAll(inputs: readonly Float64Array[]): number {
  let len = inputs[0].length;
  for (const a of inputs) if (a.length < len) len = a.length;
  for (let i = 0; i < len; i++) {
    let ok = true;
    for (const a of inputs) if (Number.isNaN(a[i])) ok = false;
    if (ok) return i;
  }
  return len;
}

/**
 * Computes a kernel run by run. `run(s, e)` fills outs[*][s..e) as if bars s..e-1 were the whole
 * series and returns false if it met a NaN (it may stop early then). Data without interior NaNs,
 * the common case, takes one optimistic call after the leading NaNs and no separate scan.
 */
export function byRuns(
  outs: readonly Float64Array[],
  inputs: readonly Float64Array[],
  run: (s: number, e: number) => boolean,
): void {
  const len = outs[0].length;
  const s0 = firstAll(inputs);
  for (const o of outs) o.fill(Number.NaN, 0, s0);
  if (s0 >= len || run(s0, len)) return;
  const r = inputs.length === 1 ? runs(inputs[0]) : runsAll(inputs);
  for (const o of outs) fillGaps(o, r);
  for (let k = 0; k < r.length; k += 2) run(r[k], r[k + 1]);
}

/** Fills out[s..first) with NaN and returns first = s + warm, or -1 when the run is too short. */
export function warmStart(out: Float64Array, s: number, e: number, warm: number): number {
  const first = s + warm;
  if (first >= e) {
    out.fill(Number.NaN, s, e);
    return -1;
  }
  out.fill(Number.NaN, s, first);
  return first;
}
