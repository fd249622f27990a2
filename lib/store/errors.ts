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

export class StoreError extends Error {
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
