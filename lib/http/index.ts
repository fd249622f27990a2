// What every report and schedule route shares: JSON errors `{ error, hint }` with the right status,
// bounded body reading, bounded query parameters.
import { z } from 'zod';
import { StoreError, type StoreErrorCode } from '../store';

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
  'db-in-use': 503,
  'already-open': 503,
  'open-failed': 503,
  closed: 503,
  'migration-failed': 500,
  'query-failed': 500,
};

/** Zod issues as one line: 'strategyId: expected a string; timezone: too long'. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

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

/**
 * The request body as text, refusing bodies over `maxBytes` (the length header is not trusted alone);
 * '' when there is none. `hint` says what to send instead of an oversized body.
 */
export async function readText(
  req: Request,
  maxBytes: number,
  hint = 'send a smaller body',
): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  const tooLarge = () => new ApiError(413, `the request body is larger than ${maxBytes} bytes`, hint);
  if (declared > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request body as JSON, refusing bodies over `maxBytes`. */
export async function readJson(req: Request, maxBytes = 16 * 1024): Promise<unknown> {
  if (!req.body) throw new ApiError(400, 'the request has no body', 'send a JSON object');
  const text = await readText(req, maxBytes);
  if (text.trim() === '') throw new ApiError(400, 'the request body is empty', 'send a JSON object');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ApiError(
      400,
      'the request body is not valid JSON',
      'send a JSON object, e.g. {"enabled": false}',
      {
        cause,
      },
    );
  }
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

/** An id from the path: non-empty, short, plain characters (ids are generated, e.g. 'k3j9x0a1b2c4'). */
export function checkId(value: string | undefined, what: string): string {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value))
    throw new ApiError(
      400,
      `'${String(value ?? '').slice(0, 40)}' is not a valid ${what} id`,
      `use the id shown in the reports, e.g. /reports/<strategy id>`,
    );
  return value;
}

/** Wraps a route handler so nothing it throws escapes as an HTML error page. */
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
  authenticated,
  decide,
  type GateConfig,
  type GateDecision,
  type GateRequest,
  hostAllowed,
  LOGIN_PATH,
  OPEN_GATE_DEFAULTS,
  originAllowed,
  SESSION_PATH,
  safeNext,
} from './gate';
export { isLoopback, type ListenPlan, planListen } from './listen';
export {
  bearerToken,
  clearedSessionCookie,
  issueSession,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionValid,
  tokenMatches,
} from './session';
