// What every API route shares: JSON errors `{ error, hint }` with the right status, bounded body reading
// and validation (body.ts), bounded query parameters.
import { z } from 'zod';
import { ID_PATTERN, StoreError, type StoreErrorCode } from '../store';
import { describeIssues } from './body';
import { ApiError } from './errors';

export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorJson(status: number, error: string, hint?: string): Response {
  return jsonResponse(hint === undefined ? { error } : { error, hint }, status);
}

const STORE_STATUS: Record<StoreErrorCode, number> = {
  'not-found': 404,
  'bad-input': 400,
  'too-large': 413,
  conflict: 409,
  'db-in-use': 503,
  'already-open': 503,
  'open-failed': 503,
  closed: 503,
  'migration-failed': 500,
  'query-failed': 500,
};

/**
 * Any error as a JSON response. Errors the caller can fix (ApiError, zod, store bad input) say so;
 * unexpected ones are logged with their cause and answered with a generic 500.
 */
export function errorResponse(e: unknown, log: (msg: string, e: unknown) => void = logError): Response {
  if (e instanceof ApiError) return errorJson(e.status, e.message, e.hint);
  if (e instanceof z.ZodError) return errorJson(400, `invalid request: ${describeIssues(e)}`);
  if (e instanceof StoreError) {
    const status = STORE_STATUS[e.code] ?? 500;
    if (status >= 500) log(`store error (${e.code})`, e);
    return errorJson(
      status,
      status === 500 ? 'the database could not answer' : e.message,
      e.hint ?? (status === 503 ? 'try again in a moment' : undefined),
    );
  }
  log('unexpected error', e);
  return errorJson(500, 'something went wrong on the server', 'try again; the server log has the details');
}

function logError(msg: string, e: unknown): void {
  console.error(`[backtalk] ${msg}:`, e);
}

/** A whole-number query parameter within [min, max]; `fallback` when absent. */
export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ApiError(
      400,
      `${name} must be a whole number from ${min} to ${max}, got '${raw.slice(0, 40)}'`,
    );
  return n;
}

/** The rule for an id in a path: the store's rule for its ids (generated, e.g. 'k3j9x0a1b2c4'). */
export const PATH_ID = ID_PATTERN;

/** PATH_ID as a schema for parseParam; `what` names the id in the message ('is not a strategy id'). */
export const pathIdSchema = (what: string) => z.string().regex(PATH_ID, `is not a ${what} id`);

/** An id from the path, checked by PATH_ID. */
export function checkId(value: string | undefined, what: string): string {
  if (!value || !PATH_ID.test(value))
    throw new ApiError(
      400,
      `'${String(value ?? '').slice(0, 40)}' is not a valid ${what} id`,
      `use the id shown in the reports, e.g. /reports/<strategy id>`,
    );
  return value;
}

/**
 * Wraps a route handler so nothing it throws escapes as an HTML error page. The wrapped handler takes what
 * Next passes, `(req, ctx)`, and may be called with fewer arguments where the handler reads fewer (tests).
 */
export function route(fn: () => Promise<Response>): (req?: Request, ctx?: unknown) => Promise<Response>;
export function route(
  fn: (req: Request) => Promise<Response>,
): (req: Request, ctx?: unknown) => Promise<Response>;
export function route<C>(
  fn: (req: Request, ctx: C) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response>;
export function route<C>(
  fn: (req: Request, ctx: C) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export {
  type BodyRules,
  describeIssues,
  MAX_LISTED_ISSUES,
  parseBody,
  parseParam,
  readNodeText,
  readText,
} from './body';
export { ApiError } from './errors';
