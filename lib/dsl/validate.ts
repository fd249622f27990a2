// Range rules for constants, shared by the checker (inputs at their defaults) and the compiler (inputs
// at the run's parameters): each returns a message, or undefined when the value is fine.
import type { FunctionSpec } from '../engine/indicators/spec';
import type { RiskName } from './ast';
import type { SettingKey, SizeKind } from './checked';

const pct = (v: number) => `${Number((v * 100).toPrecision(6))}%`;

/** A constant argument of a registry function against its kind and bounds. */
export function argProblem(spec: FunctionSpec, i: number, v: number): string | undefined {
  const a = spec.args[i];
  const lo = a.min ?? Number.NEGATIVE_INFINITY;
  const hi = a.max ?? Number.POSITIVE_INFINITY;
  const whole = a.kind === 'period';
  if (Number.isFinite(v) && (!whole || Number.isInteger(v)) && v >= lo && v <= hi) return undefined;
  const what = whole ? 'a whole number' : 'a number';
  const range = Number.isFinite(lo) && Number.isFinite(hi) ? ` from ${lo} to ${hi}` : '';
  return `'${a.name}' of ${spec.name} must be ${what}${range}, got ${v}`;
}

/** `x[n]`: n bars ago; only the past can be read. */
export function indexProblem(v: number): string | undefined {
  if (Number.isInteger(v) && v >= 0) return undefined;
  if (v < 0) return `history index ${v} would read a future bar`;
  return `history index must be a whole number of bars, got ${v}`;
}

/** An order's size: a fraction of equity (or of the position, for exits), units or cash. */
export function sizeProblem(kind: SizeKind, v: number): string | undefined {
  if (kind === 'percent') {
    if (v > 0 && v <= 1) return undefined;
    return `a size must be more than 0% and at most 100%, got ${pct(v)}`;
  }
  if (v > 0 && Number.isFinite(v)) return undefined;
  return `${kind}= must be a positive number, got ${v}`;
}

/** Risk rules are fractions of the entry (or best) price. */
export function riskProblem(rule: RiskName, v: number): string | undefined {
  const max = rule === 'take_profit' ? 9.99 : 0.999;
  if (v > 0 && v <= max) return undefined;
  const upto = rule === 'take_profit' ? 'at most 999%' : 'below 100%';
  return `${rule} must be more than 0% and ${upto}, got ${Number.isNaN(v) ? 'na' : pct(v)}`;
}

export const SETTING_KEYS: readonly SettingKey[] = ['capital', 'fee', 'slippage', 'size', 'fill', 'units'];
export const FILL_VALUES = ['open', 'close'] as const;
export const UNITS_VALUES = ['fractional', 'whole'] as const;

/** Numeric settings of strategy(...); fill and units are strings, checked by the checker. */
export function settingProblem(key: SettingKey, v: number): string | undefined {
  switch (key) {
    case 'capital':
      return v > 0 && Number.isFinite(v) ? undefined : `capital must be a positive amount, got ${v}`;
    case 'fee':
    case 'slippage':
      return v >= 0 && v <= 0.1 ? undefined : `${key} must be from 0% to 10%, got ${pct(v)}`;
    case 'size':
      return sizeProblem('percent', v);
    default:
      return undefined;
  }
}
