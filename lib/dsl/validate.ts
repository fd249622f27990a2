// Range rules for constants, shared by the checker (inputs at their defaults) and the compiler (inputs
// at the run's parameters): each returns a message, or undefined when the value is fine.
import type { FunctionSpec } from '../engine';
import { DEFAULT_SETTINGS, MAX_PYRAMIDING } from '../engine';
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
  if (kind === 'risk') {
    if (v > 0 && v <= 1) return undefined;
    return `risk(...) is the share of equity a stopped entry loses: more than 0% and at most 100%, got ${pct(v)}`;
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

/** cancel_after=N and exit(after=N): a whole number of bars from 1. */
export function barsProblem(what: string, v: number): string | undefined {
  if (Number.isInteger(v) && v >= 1) return undefined;
  return `${what} is a whole number of bars from 1, got ${v}`;
}

export const SETTING_KEYS: readonly SettingKey[] = [
  'capital',
  'fee',
  'commission',
  'slippage',
  'size',
  'fill',
  'units',
  'pyramiding',
];
export const FILL_VALUES = ['open', 'close'] as const;
export const UNITS_VALUES = ['fractional', 'whole'] as const;

export interface SettingDoc {
  readonly values: string;
  readonly default: string;
  readonly meaning: string;
}

/** What each strategy(...) setting takes and means, for the generated reference (reference.ts). */
export const SETTING_DOCS: Readonly<Record<SettingKey, SettingDoc>> = {
  capital: { values: 'a positive amount', default: `${DEFAULT_SETTINGS.capital}`, meaning: 'starting cash' },
  fee: {
    values: '0% to 10%',
    default: pct(DEFAULT_SETTINGS.fee),
    meaning: 'commission on every fill, entry and exit, as a share of the traded value',
  },
  commission: {
    values: 'an amount of 0 or more',
    default: '0',
    meaning: 'a fixed commission in cash on every fill, beside fee: once per entry and once per entry closed',
  },
  slippage: {
    values: '0% to 10%',
    default: pct(DEFAULT_SETTINGS.slippage),
    meaning: 'market and stop fills move this share of the price against the trader',
  },
  size: { values: 'above 0% to 100%', default: '100%', meaning: 'the size of orders that give none' },
  fill: {
    values: FILL_VALUES.map((v) => `"${v}"`).join(' or '),
    default: `"${DEFAULT_SETTINGS.fill}"`,
    meaning: '"open": a signal on bar t fills at bar t+1\'s open; "close": at bar t\'s close',
  },
  units: {
    values: UNITS_VALUES.map((v) => `"${v}"`).join(' or '),
    default: `"${DEFAULT_SETTINGS.units}"`,
    meaning: '"whole" rounds every quantity down to whole units',
  },
  pyramiding: {
    values: `a whole number from 1 to ${MAX_PYRAMIDING}`,
    default: '1',
    meaning:
      "how many entries one direction may hold (Pine's meaning): a buy while that many long entries are open (a short while short) is ignored; each entry keeps its own stop, target and trailing stop, measured from its own price",
  },
};

/** Numeric settings of strategy(...); fill and units are strings, checked by the checker. */
export function settingProblem(key: SettingKey, v: number): string | undefined {
  switch (key) {
    case 'capital':
      return v > 0 && Number.isFinite(v) ? undefined : `capital must be a positive amount, got ${v}`;
    case 'commission':
      return v >= 0 && Number.isFinite(v)
        ? undefined
        : `commission is a cash amount per fill, 0 or more, got ${v}`;
    case 'fee':
    case 'slippage':
      return v >= 0 && v <= 0.1 ? undefined : `${key} must be from 0% to 10%, got ${pct(v)}`;
    case 'size':
      return sizeProblem('percent', v);
    case 'pyramiding':
      return Number.isInteger(v) && v >= 1 && v <= MAX_PYRAMIDING
        ? undefined
        : `pyramiding is how many entries one direction may hold: a whole number from 1 (one at a time, the default) to ${MAX_PYRAMIDING}, got ${v}`;
    default:
      return undefined;
  }
}
