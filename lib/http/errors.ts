// The error a route throws for its caller: what is wrong (message), how to fix it (hint), and whose fault
// it was (status). Kept apart from index.ts so body.ts can use it without an import cycle.

/** An error meant for the caller: `message` says what is wrong, `hint` how to fix it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
