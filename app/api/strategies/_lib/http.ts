// HTTP plumbing shared by the strategies routes: bounded JSON bodies, zod validation, and every failure
// answered as JSON `{ error, hint }` with a status that says whose fault it was.
import type { z } from 'zod';
import { ChatError } from '../../../../lib/chat/confirm';
import { StoreError } from '../../../../lib/store/errors';
import { MAX_BODY_BYTES } from './schemas';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorJson(status: number, error: string, hint?: string): Response {
  return json(hint ? { error, hint } : { error }, status);
}

const STORE_STATUS: Record<string, number> = {
  'not-found': 404,
  'bad-input': 400,
  'too-large': 413,
  'db-in-use': 503,
  'already-open': 503,
  'open-failed': 503,
  closed: 503,
  'migration-failed': 503,
};

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError || e instanceof ChatError) return errorJson(e.status, e.message, e.hint);
  if (e instanceof StoreError) {
    const status = STORE_STATUS[e.code] ?? 500;
    if (status >= 500) console.error('[backtalk] store error in an API route:', e);
    return errorJson(status, e.message, e.hint);
  }
  console.error('[backtalk] API route failed:', e);
  return errorJson(
    500,
    `internal error: ${(e as Error)?.message ?? String(e)}`,
    'see the server log for details',
  );
}

/** Wraps a route handler so that nothing it throws escapes as an HTML error page. */
export function route<A extends unknown[]>(
  fn: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Reads at most `max` bytes of the body (refusing more, whatever Content-Length claims). */
export async function readBody(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () =>
    new ApiError(
      413,
      `the request body is larger than ${max} bytes`,
      'send a smaller strategy or fewer parameters',
    );
  if (declared > max) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The first problem zod found, as 'field: message'. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Parses and validates a JSON body; `optional` treats an empty body as {}. */
export async function parseBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  hint: string,
  optional = false,
): Promise<z.infer<S>> {
  const text = await readBody(req);
  let value: unknown;
  if (text.trim() === '') {
    if (!optional) throw new ApiError(400, 'the request body is empty', hint);
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new ApiError(400, `the request body is not valid JSON (${(cause as Error).message})`, hint, {
        cause,
      });
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, `invalid request: ${describeIssue(r.error)}`, hint);
  return r.data;
}

/** Validates a route parameter (ids in the URL). */
export function parseParam<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new ApiError(
      400,
      `${what} '${String(value).slice(0, 80)}' ${r.error.issues[0]?.message ?? 'is invalid'}`,
      `check the ${what} in the URL`,
    );
  return r.data;
}
