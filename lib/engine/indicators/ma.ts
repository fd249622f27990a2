// Moving averages. NaN handling and warm-up follow README.md (util.ts: byRuns): each run of defined
// values is computed on its own, so leading NaNs are skipped and a gap restarts the warm-up.
import { byRuns, isPeriod, nans, resumBlock, warmStart, windowSum } from './util';

function smaRun(src: Float64Array, out: Float64Array, s: number, e: number, n: number): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  const block = resumBlock(n);
  let i = first;
  while (i < e) {
    // Each block starts from an exact sum, so rounding never accumulates over more than `block` bars.
    let sum = windowSum(src, i - n + 1, i + 1);
    out[i] = sum / n;
    const stop = Math.min(e, i + block);
    // Four bars per iteration: V8 re-checks both arrays on every iteration, so unrolling cuts a loop
    // that is mostly checks by a fifth. Same additions in the same order.
    for (i = i + 1; i + 3 < stop; i += 4) {
      sum += src[i] - src[i - n];
      out[i] = sum / n;
      sum += src[i + 1] - src[i + 1 - n];
      out[i + 1] = sum / n;
      sum += src[i + 2] - src[i + 2 - n];
      out[i + 2] = sum / n;
      sum += src[i + 3] - src[i + 3 - n];
      out[i + 3] = sum / n;
    }
    for (; i < stop; i++) {
      sum += src[i] - src[i - n];
      out[i] = sum / n;
    }
    // A NaN anywhere in the block leaves `sum` NaN until the block's end.
    if (Number.isNaN(sum)) return false;
  }
  return true;
}

// TA-Lib SMA: plain rolling mean of the last n values, first value at index n-1.
export function sma(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  if (n === 1) out.set(src);
  else byRuns([out], [src], (s, e) => smaRun(src, out, s, e, n));
  return out;
}

function smoothRun(
  src: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
  alpha: number,
): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  let prev = windowSum(src, s, first + 1) / n;
  out[first] = prev;
  for (let i = first + 1; i < e; i++) {
    prev = (src[i] - prev) * alpha + prev;
    out[i] = prev;
  }
  // A NaN poisons `prev` for good, so checking the end is enough.
  return !Number.isNaN(prev);
}

/** Exponential smoothing seeded with the SMA of the first n values of each run. */
function smooth(src: Float64Array, n: number, alpha: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  if (n === 1) out.set(src);
  else byRuns([out], [src], (s, e) => smoothRun(src, out, s, e, n, alpha));
  return out;
}

// TA-Lib EMA: SMA of the first n values as seed (index n-1), then alpha = 2/(n+1).
export function ema(src: Float64Array, n: number): Float64Array {
  return smooth(src, n, 2 / (n + 1));
}

// Pine ta.rma (Wilder): SMA seed at index n-1, then alpha = 1/n.
export function rma(src: Float64Array, n: number): Float64Array {
  return smooth(src, n, 1 / n);
}

function wmaRun(src: Float64Array, out: Float64Array, s: number, e: number, n: number): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  const den = (n * (n + 1)) / 2;
  const block = resumBlock(n);
  let i = first;
  while (i < e) {
    // num = sum of (j+1)*x over the window, sum = plain window sum; both exact at block start.
    let num = 0;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const x = src[i - n + 1 + j];
      num += (j + 1) * x;
      sum += x;
    }
    out[i] = num / den;
    const stop = Math.min(e, i + block);
    for (i = i + 1; i < stop; i++) {
      const x = src[i];
      num += n * x - sum;
      sum += x - src[i - n];
      out[i] = num / den;
    }
    if (Number.isNaN(sum)) return false;
  }
  return true;
}

// TA-Lib WMA: linear weights 1..n (the newest weighs n) over n(n+1)/2, first value at index n-1.
export function wma(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  if (n === 1) out.set(src);
  else byRuns([out], [src], (s, e) => wmaRun(src, out, s, e, n));
  return out;
}

// Pine ta.hma: wma(2*wma(src, floor(n/2)) - wma(src, n), round(sqrt(n))); floor(n/2) is raised to 1 so
// that hma(src, 1) == src. First value at index n + round(sqrt(n)) - 2.
export function hma(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const half = wma(src, n >> 1 > 0 ? n >> 1 : 1);
  const full = wma(src, n);
  for (let i = 0; i < len; i++) half[i] = 2 * half[i] - full[i];
  return wma(half, Math.round(Math.sqrt(n)));
}

function vwmaRun(
  src: Float64Array,
  volume: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  const block = resumBlock(n);
  let i = first;
  while (i < e) {
    // `nz` counts non-zero volumes exactly, so an all-zero window is NaN even if `v` kept a rounding residue.
    let pv = 0;
    let v = 0;
    let nz = 0;
    for (let j = i - n + 1; j <= i; j++) {
      pv += src[j] * volume[j];
      v += volume[j];
      if (volume[j] !== 0) nz++;
    }
    out[i] = nz === 0 || v === 0 ? Number.NaN : pv / v;
    const stop = Math.min(e, i + block);
    for (i = i + 1; i < stop; i++) {
      const o = i - n;
      const vi = volume[i];
      const vo = volume[o];
      pv += src[i] * vi - src[o] * vo;
      v += vi - vo;
      if (vi !== 0) nz++;
      if (vo !== 0) nz--;
      out[i] = nz === 0 || v === 0 ? Number.NaN : pv / v;
    }
    if (Number.isNaN(pv + v)) return false;
  }
  return true;
}

// Pine ta.vwma: sum(src*volume, n) / sum(volume, n), first value at index n-1; NaN when every volume in
// the window is 0.
export function vwma(src: Float64Array, volume: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  byRuns([out], [src, volume], (s, e) => vwmaRun(src, volume, out, s, e, n));
  return out;
}
