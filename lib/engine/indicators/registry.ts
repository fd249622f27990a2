// The built-in function registry: one FunctionSpec per function of the strategy language (dsl.md,
// "Built-in functions"). The checker, the schema, the model's prompt and the docs all read it from here.
import { AVERAGES } from './registry-averages';
import { OTHERS } from './registry-others';
import { TREND } from './registry-trend';
import type { FunctionSpec } from './spec';

export const FUNCTIONS: readonly FunctionSpec[] = [...AVERAGES, ...OTHERS, ...TREND];

const BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTIONS.map((f) => [f.name, f]));

/** The registry entry of a built-in function, or undefined for an unknown name. */
export function getFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name);
}
