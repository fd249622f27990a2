// Why a run could not complete in a worker, with what to do about it.

export type ComputeErrorCode =
  | 'timeout'
  | 'crashed'
  | 'out-of-memory'
  | 'unavailable'
  | 'failed'
  | 'cancelled';

/** A task the pool could not complete; `hint` says what to do about it. */
export class ComputeError extends Error {
  override readonly name = 'ComputeError';
  constructor(
    readonly code: ComputeErrorCode,
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** By name, not instanceof: Next gives API routes their own copy of this module (see global.ts). */
export function isComputeError(e: unknown): e is ComputeError {
  return e instanceof Error && e.name === 'ComputeError' && typeof (e as ComputeError).code === 'string';
}
