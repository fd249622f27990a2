// Errors of the persistence layer. `message` says what is wrong, `hint` how to fix it, `cause` keeps
// the underlying DuckDB or I/O error.

export type StoreErrorCode =
  | 'db-in-use'
  | 'already-open'
  | 'open-failed'
  | 'closed'
  | 'migration-failed'
  | 'query-failed'
  | 'not-found'
  | 'bad-input'
  | 'too-large'
  /** A write that lost a race (another process holds the thing being written). */
  | 'conflict';

export interface StoreErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * Marks a StoreError whichever copy of this module made it: Next bundles route handlers into their own
 * module graph, while the store they share (server/services.ts) may have been opened by the server's, so
 * a plain `instanceof` would miss it and a caller's bad input would answer 500 instead of 400.
 */
const BRAND = Symbol.for('backtalk.StoreError');

export class StoreError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  readonly [BRAND] = true;
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly hint?: string;

  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

export function badInput(message: string, hint?: string): StoreError {
  return new StoreError('bad-input', message, hint === undefined ? {} : { hint });
}

export function notFound(what: string, id: string): StoreError {
  return new StoreError('not-found', `${what} '${id}' not found`, {
    hint: `check the id; list the ${what}s to see which exist`,
  });
}
