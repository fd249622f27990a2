// The process's compute, reachable from code that Next bundles (API routes) and from the scheduler,
// without importing the pool: the server installs it at start (server/compute/index.ts), on globalThis
// because Next gives route handlers their own copy of every module. Without one (a CLI, a test, `npm
// run jobs` before it makes its own), programs run in this thread, still within the budget.
import type { ProgramRunner, WorkBudget } from '../../lib/dsl';
import { outcomeOf, runProgram, workBudgetFromEnv } from '../../lib/dsl';

export { ComputeError, isComputeError } from './errors';

export interface ProcessCompute {
  readonly budget: WorkBudget;
  readonly runProgram: ProgramRunner;
}

const KEY = Symbol.for('backtalk.compute');
const g = globalThis as typeof globalThis & { [KEY]?: ProcessCompute };

export function installCompute(c: ProcessCompute | undefined): void {
  g[KEY] = c;
}

export function getCompute(): ProcessCompute | undefined {
  return g[KEY];
}

/** Runs a program within the server's budget: on the installed pool, else in this thread. */
export function boundedRunner(env: NodeJS.ProcessEnv = process.env): ProgramRunner {
  const installed = getCompute();
  if (installed) return installed.runProgram;
  return async (source, bars, opts = {}) =>
    outcomeOf(runProgram(source, bars, { ...opts, budget: workBudgetFromEnv(env) }));
}
