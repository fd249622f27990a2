// Helpers that build registry entries: argument specs and a compute wrapper that validates the
// arguments against the spec (count, kinds, bounds, lengths) before any kernel runs.
import type { BarField, Bars } from '../types';
import type { ArgSpec, FunctionCategory, FunctionSpec, KernelArg, KernelResult } from './spec';

export const PERIOD_MAX = 5000;

/** Categories whose values are on a scale of their own unless an entry says otherwise. */
const OWN_SCALE: ReadonlySet<FunctionCategory> = new Set(['oscillator', 'trend', 'event']);

export function period(name: string, doc: string, fallback?: number): ArgSpec {
  const base = { name, kind: 'period', min: 1, max: PERIOD_MAX, doc } as const;
  return fallback === undefined ? base : { ...base, default: fallback };
}

export function series(name: string, doc: string): ArgSpec {
  return { name, kind: 'series', doc };
}

export function number(name: string, doc: string, min: number, max: number): ArgSpec {
  return { name, kind: 'number', min, max, doc };
}

export const SRC = series('src', 'source series, e.g. close');

/** Validated arguments: `s(i)` is a series argument (constants broadcast), `n(i)` a constant one. */
export interface Args {
  s(i: number): Float64Array;
  n(i: number): number;
}

export interface Definition {
  readonly name: string;
  /** Default: the name ('kama'). */
  readonly title?: string;
  /** Default: the name in capitals ('KAMA'). */
  readonly short?: string;
  readonly category: FunctionCategory;
  readonly summary: string;
  readonly reference: string;
  readonly args: readonly ArgSpec[];
  readonly fields?: readonly BarField[];
  readonly outputs?: readonly string[];
  readonly returns?: 'number' | 'boolean';
  readonly elementwise?: boolean;
  /** Default: false for oscillators, trend and events, true otherwise. */
  readonly overlay?: boolean;
  readonly warmup: (consts: readonly number[]) => number;
  readonly run: (a: Args, bars: Bars) => KernelResult;
}

function checkArgs(d: Definition, raw: readonly KernelArg[], len: number): KernelArg[] {
  if (raw.length !== d.args.length) {
    throw new TypeError(`${d.name}() takes ${d.args.length} argument(s), got ${raw.length}`);
  }
  return d.args.map((spec, i) => {
    const v = raw[i];
    if (spec.kind === 'series') {
      if (typeof v === 'number') return new Float64Array(len).fill(v);
      if (v.length !== len) {
        throw new RangeError(
          `${d.name}(): series argument '${spec.name}' has ${v.length} values but the bars have ${len}`,
        );
      }
      return v;
    }
    const lo = spec.min ?? Number.NEGATIVE_INFINITY;
    const hi = spec.max ?? Number.POSITIVE_INFINITY;
    const intOk = spec.kind !== 'period' || Number.isInteger(v);
    if (typeof v !== 'number' || !Number.isFinite(v) || !intOk || v < lo || v > hi) {
      const what = spec.kind === 'period' ? 'an integer' : 'a number';
      const got = typeof v === 'number' ? String(v) : 'a series';
      throw new RangeError(`${d.name}(): '${spec.name}' must be ${what} from ${lo} to ${hi} (got ${got})`);
    }
    return v;
  });
}

export function define(d: Definition): FunctionSpec {
  return {
    name: d.name,
    title: d.title ?? d.name,
    short: d.short ?? d.name.toUpperCase(),
    category: d.category,
    summary: d.summary,
    reference: d.reference,
    args: d.args,
    fields: d.fields ?? [],
    outputs: d.outputs ?? [d.name],
    returns: d.returns ?? 'number',
    elementwise: d.elementwise ?? false,
    overlay: d.overlay ?? !OWN_SCALE.has(d.category),
    warmup: d.warmup,
    compute(raw, bars) {
      const vals = checkArgs(d, raw, bars.close.length);
      const args: Args = {
        s: (i) => vals[i] as Float64Array,
        n: (i) => vals[i] as number,
      };
      return d.run(args, bars);
    },
  };
}
