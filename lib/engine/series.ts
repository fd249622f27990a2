// Vectorized series operations used by the compiled language. Numeric series are Float64Array with NaN
// for `na`; boolean series are Uint8Array of 0/1. NaN propagates through arithmetic; every comparison
// with NaN is false (`!=` included); division and `%` by zero give NaN, never Infinity. Each operand
// may be a constant, but not both (the compiler folds constant expressions itself).
import { highest, lowest } from './indicators/window';

export type Operand = Float64Array | number;
export type BoolOperand = Uint8Array | boolean;

function lengthOf(name: string, a: Operand | BoolOperand, b: Operand | BoolOperand): number {
  const la = typeof a === 'object' ? a.length : -1;
  const lb = typeof b === 'object' ? b.length : -1;
  if (la < 0 && lb < 0) {
    throw new TypeError(
      `${name}: both operands are constants; at least one must be a series (fold constants first)`,
    );
  }
  if (la >= 0 && lb >= 0 && la !== lb) {
    throw new RangeError(`${name}: series lengths differ (${la} vs ${lb}); both must have one value per bar`);
  }
  return la >= 0 ? la : lb;
}

// ---- arithmetic -------------------------------------------------------------------------------------

export function add(a: Operand, b: Operand): Float64Array {
  const out = new Float64Array(lengthOf('add', a, b));
  if (typeof a === 'number') {
    const y = b as Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = a + y[i];
  } else if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] + b;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  return out;
}

export function sub(a: Operand, b: Operand): Float64Array {
  const out = new Float64Array(lengthOf('sub', a, b));
  if (typeof a === 'number') {
    const y = b as Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = a - y[i];
  } else if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] - b;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  return out;
}

export function mul(a: Operand, b: Operand): Float64Array {
  const out = new Float64Array(lengthOf('mul', a, b));
  if (typeof a === 'number') {
    const y = b as Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = a * y[i];
  } else if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] * b;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
  return out;
}

/** a / b; NaN where b is 0 (not ±Infinity). */
export function div(a: Operand, b: Operand): Float64Array {
  const out = new Float64Array(lengthOf('div', a, b));
  if (typeof a === 'number') {
    const y = b as Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = y[i] === 0 ? Number.NaN : a / y[i];
  } else if (typeof b === 'number') {
    if (b === 0) out.fill(Number.NaN);
    else for (let i = 0; i < out.length; i++) out[i] = a[i] / b;
  } else for (let i = 0; i < out.length; i++) out[i] = b[i] === 0 ? Number.NaN : a[i] / b[i];
  return out;
}

/** Pine/JS remainder: takes the sign of the dividend (-7 % 3 = -1); NaN where b is 0. */
export function mod(a: Operand, b: Operand): Float64Array {
  const out = new Float64Array(lengthOf('mod', a, b));
  if (typeof a === 'number') {
    const y = b as Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = a % y[i];
  } else if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] % b;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] % b[i];
  return out;
}

export function neg(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = -a[i];
  return out;
}

// ---- comparisons (false whenever a side is NaN) -----------------------------------------------------

export function lt(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return gt(b, a);
  const out = new Uint8Array(lengthOf('lt', a, b));
  if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] < b ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] < b[i] ? 1 : 0;
  return out;
}

export function le(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return ge(b, a);
  const out = new Uint8Array(lengthOf('le', a, b));
  if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] <= b ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] <= b[i] ? 1 : 0;
  return out;
}

export function gt(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return lt(b, a);
  const out = new Uint8Array(lengthOf('gt', a, b));
  if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] > b ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] > b[i] ? 1 : 0;
  return out;
}

export function ge(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return le(b, a);
  const out = new Uint8Array(lengthOf('ge', a, b));
  if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] >= b ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] >= b[i] ? 1 : 0;
  return out;
}

export function eq(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return eq(b, a);
  const out = new Uint8Array(lengthOf('eq', a, b));
  if (typeof b === 'number') for (let i = 0; i < out.length; i++) out[i] = a[i] === b ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = a[i] === b[i] ? 1 : 0;
  return out;
}

/** a != b, false when either side is NaN (unlike JS, where NaN !== x is true). */
export function ne(a: Operand, b: Operand): Uint8Array {
  if (typeof a === 'number') return ne(b, a);
  const out = new Uint8Array(lengthOf('ne', a, b));
  if (typeof b === 'number') {
    if (!Number.isNaN(b))
      for (let i = 0; i < out.length; i++) out[i] = a[i] !== b && !Number.isNaN(a[i]) ? 1 : 0;
  } else {
    for (let i = 0; i < out.length; i++) {
      const x = a[i];
      const y = b[i];
      out[i] = x !== y && !Number.isNaN(x) && !Number.isNaN(y) ? 1 : 0;
    }
  }
  return out;
}

// ---- logic --------------------------------------------------------------------------------------------

export function and(a: BoolOperand, b: BoolOperand): Uint8Array {
  const len = lengthOf('and', a, b);
  if (typeof a === 'boolean') return and(b, a);
  if (typeof b === 'boolean') return b ? a.slice() : new Uint8Array(len);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = a[i] & b[i];
  return out;
}

export function or(a: BoolOperand, b: BoolOperand): Uint8Array {
  const len = lengthOf('or', a, b);
  if (typeof a === 'boolean') return or(b, a);
  if (typeof b === 'boolean') return b ? new Uint8Array(len).fill(1) : a.slice();
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = a[i] | b[i];
  return out;
}

export function not(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] ^ 1;
  return out;
}

/** cond ? a : b per bar (a, b series or constants). */
export function iff(cond: Uint8Array, a: Operand, b: Operand): Float64Array {
  const len = cond.length;
  if (typeof a === 'object') lengthOf('iff', cond, a);
  if (typeof b === 'object') lengthOf('iff', cond, b);
  const out = new Float64Array(len);
  if (typeof a === 'number') {
    if (typeof b === 'number') for (let i = 0; i < len; i++) out[i] = cond[i] ? a : b;
    else for (let i = 0; i < len; i++) out[i] = cond[i] ? a : b[i];
  } else if (typeof b === 'number') for (let i = 0; i < len; i++) out[i] = cond[i] ? a[i] : b;
  else for (let i = 0; i < len; i++) out[i] = cond[i] ? a[i] : b[i];
  return out;
}

/** cond ? a : b per bar for boolean branches. */
export function iffBool(cond: Uint8Array, a: BoolOperand, b: BoolOperand): Uint8Array {
  const len = cond.length;
  if (typeof a === 'object') lengthOf('iffBool', cond, a);
  if (typeof b === 'object') lengthOf('iffBool', cond, b);
  const out = new Uint8Array(len);
  const ca = typeof a === 'boolean' ? (a ? 1 : 0) : -1;
  const cb = typeof b === 'boolean' ? (b ? 1 : 0) : -1;
  const xa = typeof a === 'boolean' ? out : a;
  const xb = typeof b === 'boolean' ? out : b;
  for (let i = 0; i < len; i++) out[i] = cond[i] ? (ca >= 0 ? ca : xa[i]) : cb >= 0 ? cb : xb[i];
  return out;
}

// ---- history ------------------------------------------------------------------------------------------

function checkLag(name: string, k: number): void {
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError(
      `${name}: the history offset must be a non-negative integer (got ${k}); future bars cannot be read`,
    );
  }
}

/** x[k]: the value k bars ago, NaN for the first k bars. */
export function shift(src: Float64Array, k: number): Float64Array {
  checkLag('shift', k);
  const len = src.length;
  const out = new Float64Array(len);
  const head = Math.min(k, len);
  out.fill(Number.NaN, 0, head);
  for (let i = head; i < len; i++) out[i] = src[i - k];
  return out;
}

/** mask[k]: the condition k bars ago, false for the first k bars. */
export function shiftBool(mask: Uint8Array, k: number): Uint8Array {
  checkLag('shiftBool', k);
  const out = new Uint8Array(mask.length);
  if (k < mask.length) out.set(mask.subarray(0, mask.length - k), k);
  return out;
}

// ---- events -------------------------------------------------------------------------------------------

/** a crosses above b: a[t] > b[t] and a[t-1] <= b[t-1], all four defined; false at t = 0. */
export function crossover(a: Operand, b: Operand): Uint8Array {
  const len = lengthOf('crossover', a, b);
  if (typeof a === 'number') return crossunder(b, a);
  return crossing(a, b, len, 1);
}

/**
 * One pass for both directions: dir 1 marks a[t] > b[t] after a[t-1] <= b[t-1]; dir -1 the mirror.
 * The previous bar's comparison is carried over, so each bar loads a and b once (NaN compares false).
 * The output starts zeroed and only crossing bars are written, which are rare.
 */
function crossing(a: Float64Array, b: Float64Array | number, len: number, dir: 1 | -1): Uint8Array {
  const out = new Uint8Array(len);
  if (len === 0) return out;
  const n = len | 0; // an int32 to V8, so that the loop index stays one
  if (typeof b === 'number') {
    let was = dir > 0 ? a[0] <= b : a[0] >= b;
    for (let t = 1; t < n; t++) {
      const x = a[t];
      if (dir > 0) {
        if (was && x > b) out[t] = 1;
        was = x <= b;
      } else {
        if (was && x < b) out[t] = 1;
        was = x >= b;
      }
    }
    return out;
  }
  if (dir > 0) {
    let was = a[0] <= b[0];
    for (let t = 1; t < n; t++) {
      const x = a[t];
      const y = b[t];
      if (was && x > y) out[t] = 1;
      was = x <= y;
    }
  } else {
    let was = a[0] >= b[0];
    for (let t = 1; t < n; t++) {
      const x = a[t];
      const y = b[t];
      if (was && x < y) out[t] = 1;
      was = x >= y;
    }
  }
  return out;
}

/** a crosses below b: a[t] < b[t] and a[t-1] >= b[t-1], all four defined; false at t = 0. */
export function crossunder(a: Operand, b: Operand): Uint8Array {
  const len = lengthOf('crossunder', a, b);
  if (typeof a === 'number') return crossover(b, a);
  return crossing(a, b, len, -1);
}

/** crossover or crossunder. */
export function cross(a: Operand, b: Operand): Uint8Array {
  const up = crossover(a, b);
  const down = crossunder(a, b);
  for (let t = 0; t < up.length; t++) up[t] |= down[t];
  return up;
}

/** Pine ta.rising: src[t] greater than each of src[t-1..t-n] (all defined); false for t < n. */
export function rising(src: Float64Array, n: number): Uint8Array {
  const hh = highest(src, n);
  const out = new Uint8Array(src.length);
  for (let t = 1; t < src.length; t++) out[t] = src[t] > hh[t - 1] ? 1 : 0;
  return out;
}

/** Pine ta.falling: src[t] less than each of src[t-1..t-n] (all defined); false for t < n. */
export function falling(src: Float64Array, n: number): Uint8Array {
  const ll = lowest(src, n);
  const out = new Uint8Array(src.length);
  for (let t = 1; t < src.length; t++) out[t] = src[t] < ll[t - 1] ? 1 : 0;
  return out;
}

// ---- utilities ----------------------------------------------------------------------------------------

/** A series of n copies of value. */
export function constant(n: number, value: number): Float64Array {
  return new Float64Array(n).fill(value);
}

/** Index of the first non-NaN value, or the length when there is none. */
export function firstDefined(src: Float64Array): number {
  for (let i = 0; i < src.length; i++) if (!Number.isNaN(src[i])) return i;
  return src.length;
}

/** A boolean series as numbers 0/1. */
export function toNumber(mask: Uint8Array): Float64Array {
  return Float64Array.from(mask);
}
