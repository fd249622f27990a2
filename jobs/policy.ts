// What the scheduler does after a failed run: retry a bounded number of times, wait longer after each
// failure in a row (exponential, capped) before the schedule runs again, and pause the schedule after
// N failures in a row. A program that cannot compile fails the same way every time: never retried.
import { checkSource, formatDiagnostics, hasErrors } from '../lib/dsl';

export interface RetryOptions {
  /** Attempts per tick including the first (default 3). */
  attempts?: number;
  /** Wait after the first failure in a row (default 30 s); doubles with each further one. */
  baseMs?: number;
  /** Longest wait (default 1 hour). */
  capMs?: number;
}

export interface Policy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  /** Failures in a row that pause the schedule. */
  readonly pauseAfter: number;
}

export const DEFAULT_PAUSE_AFTER = 5;

function whole(what: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`scheduler: ${what} must be a whole number from ${min} to ${max}, got ${String(v)}`);
  return v;
}

/** The policy from options, with BACKTALK_SCHEDULE_PAUSE_AFTER as the default pause threshold. */
export function policyFrom(
  retry: RetryOptions = {},
  pauseAfter?: number,
  env: Record<string, string | undefined> = process.env,
): Policy {
  const fromEnv = env.BACKTALK_SCHEDULE_PAUSE_AFTER?.trim();
  const pause =
    pauseAfter ??
    (fromEnv ? whole('BACKTALK_SCHEDULE_PAUSE_AFTER', Number(fromEnv), 1, 1000) : DEFAULT_PAUSE_AFTER);
  return {
    attempts: whole('retry.attempts', retry.attempts ?? 3, 1, 100),
    baseMs: whole('retry.baseMs', retry.baseMs ?? 30_000, 1, 86_400_000),
    capMs: whole('retry.capMs', retry.capMs ?? 3_600_000, 1, 7 * 86_400_000),
    pauseAfter: whole('pauseAfter', pause, 1, 1000),
  };
}

/** How long to wait after the `failures`-th failure in a row: base × 2^(failures−1), at most cap. */
export function backoffMs(p: Policy, failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(p.capMs, p.baseMs * 2 ** Math.min(failures - 1, 40));
}

/** Why a saved program cannot compile (its diagnostics), or null when it compiles. */
export function compileProblem(source: string, name = 'strategy'): string | null {
  const { checked, diagnostics } = checkSource(source);
  if (checked.ok && !hasErrors(diagnostics)) return null;
  return formatDiagnostics(source, diagnostics, name);
}
