// Element-wise math. NaN in gives NaN out; results that are not finite reals (log of 0 or less, exp
// overflow) are NaN, like division by zero in the language.

// Math.abs, element-wise.
export function abs(src: Float64Array): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = Math.abs(src[i]);
  return out;
}

// Math.min of two series, element-wise (NaN if either is NaN, like Pine math.min).
export function min(a: Float64Array, b: Float64Array): Float64Array {
  const len = a.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = Math.min(a[i], b[i]);
  return out;
}

// Math.max of two series, element-wise (NaN if either is NaN, like Pine math.max).
export function max(a: Float64Array, b: Float64Array): Float64Array {
  const len = a.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = Math.max(a[i], b[i]);
  return out;
}

// Math.sqrt, element-wise (NaN for negative values).
export function sqrt(src: Float64Array): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = Math.sqrt(src[i]);
  return out;
}

// Natural logarithm, element-wise; NaN for values <= 0 (instead of -Infinity for 0).
export function log(src: Float64Array): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const x = src[i];
    out[i] = x > 0 ? Math.log(x) : Number.NaN;
  }
  return out;
}

// e^x, element-wise; NaN when it overflows to Infinity.
export function exp(src: Float64Array): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const y = Math.exp(src[i]);
    out[i] = y === Number.POSITIVE_INFINITY ? Number.NaN : y;
  }
  return out;
}

// Pine math.round: nearest integer, halves away from zero (Math.round sends -2.5 to -2; this gives -3).
export function round(src: Float64Array): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const x = src[i];
    out[i] = x < 0 ? -Math.round(-x) : Math.round(x);
  }
  return out;
}
