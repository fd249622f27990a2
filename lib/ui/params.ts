// Slider bounds for a program's input(): the declared min/max/step where given, otherwise a range around
// the default that keeps integer inputs on whole numbers.

export interface InputLike {
  readonly name: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly integer: boolean;
}

export interface SliderSpec {
  min: number;
  max: number;
  step: number;
  /** Decimals worth showing for values on this step. */
  decimals: number;
}

/** 1, 2 or 5 times a power of ten, at least `x`. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

export function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  for (let d = 0; d <= 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 8;
}

export function sliderSpec(input: InputLike): SliderSpec {
  const d = input.default;
  const scale = Math.max(Math.abs(d), 1);
  let min = input.min ?? (d > 0 ? (input.integer ? 1 : 0) : d - 2 * scale);
  let max = input.max ?? (d > 0 ? Math.max(d * 4, min + 1) : d + 2 * scale);
  if (input.min === undefined && min > d) min = d;
  if (input.max === undefined && max < d) max = d;
  if (!(max > min)) max = min + (input.integer ? 1 : 1e-6);
  let step = input.step ?? (input.integer ? 1 : niceStep((max - min) / 200));
  if (input.integer) step = Math.max(1, Math.round(step));
  return { min, max, step, decimals: input.integer ? 0 : Math.max(decimalsOf(step), decimalsOf(d)) };
}

/** A typed or slid value made valid: finite, within bounds, whole for integer inputs. */
export function clampParam(value: number, input: InputLike): number {
  if (!Number.isFinite(value)) return input.default;
  let v = input.integer ? Math.round(value) : value;
  if (input.min !== undefined) v = Math.max(input.min, v);
  if (input.max !== undefined) v = Math.min(input.max, v);
  return v;
}

export function formatParam(value: number, spec: SliderSpec): string {
  return Number.isFinite(value) ? value.toFixed(spec.decimals) : '';
}

/** Parameter values for saving: only inputs the program declares, numbers only. */
export function knownParams(
  params: Readonly<Record<string, unknown>>,
  inputs: readonly InputLike[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of inputs) {
    const v = params[i.name];
    if (typeof v === 'number' && Number.isFinite(v)) out[i.name] = v;
  }
  return out;
}
