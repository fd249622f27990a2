// Rolling-window kernels: highest, lowest (monotonic deque, O(length) whatever the period) and change.
import { byRuns, isPeriod, nans, warmStart } from './util';

function extremeRun(
  src: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
  dq: Int32Array,
  isMax: boolean,
): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  const mask = dq.length - 1;
  let head = 0;
  let tail = 0;
  // Drop every older value that can no longer be the extreme (ties: the newer one is kept). Two
  // copies of the loop keep the comparison monomorphic.
  if (isMax) {
    for (let i = s; i < e; i++) {
      const x = src[i];
      if (Number.isNaN(x)) return false;
      while (tail > head && src[dq[(tail - 1) & mask]] <= x) tail--;
      dq[tail++ & mask] = i;
      if (dq[head & mask] <= i - n) head++;
      if (i >= first) out[i] = src[dq[head & mask]];
    }
  } else {
    for (let i = s; i < e; i++) {
      const x = src[i];
      if (Number.isNaN(x)) return false;
      while (tail > head && src[dq[(tail - 1) & mask]] >= x) tail--;
      dq[tail++ & mask] = i;
      if (dq[head & mask] <= i - n) head++;
      if (i >= first) out[i] = src[dq[head & mask]];
    }
  }
  return true;
}

/** Rolling max or min of the last n values, via a monotonic deque of indices in a power-of-two ring. */
function extreme(src: Float64Array, n: number, isMax: boolean): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  if (n === 1) {
    out.set(src);
    return out;
  }
  // The deque never holds more than n indices (n + 1 transiently).
  let cap = 2;
  while (cap < n + 1 && cap < len + 1) cap *= 2;
  const dq = new Int32Array(cap);
  byRuns([out], [src], (s, e) => extremeRun(src, out, s, e, n, dq, isMax));
  return out;
}

// TA-Lib MAX: highest value of the last n bars including the current one, first value at index n-1.
export function highest(src: Float64Array, n: number): Float64Array {
  return extreme(src, n, true);
}

// TA-Lib MIN: lowest value of the last n bars including the current one, first value at index n-1.
export function lowest(src: Float64Array, n: number): Float64Array {
  return extreme(src, n, false);
}

function changeRun(src: Float64Array, out: Float64Array, s: number, e: number, n: number): boolean {
  const first = Math.min(s + n, e);
  out.fill(Number.NaN, s, first);
  for (let i = s; i < first; i++) if (Number.isNaN(src[i])) return false;
  for (let i = first; i < e; i++) {
    const x = src[i];
    if (Number.isNaN(x)) return false;
    out[i] = x - src[i - n];
  }
  return true;
}

// Pine ta.change / TA-Lib MOM: src - src[n], first value at index n (NaN if any bar in between is NaN).
export function change(src: Float64Array, n = 1): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  byRuns([out], [src], (s, e) => changeRun(src, out, s, e, n));
  return out;
}
