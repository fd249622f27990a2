// Request input, the one way every route reads it: a body of at most the route's own byte cap, parsed as
// JSON and checked by a zod schema; a path parameter checked by a schema. Every refusal is an ApiError
// (413 too large, 400 otherwise) whose hint is the route's example of what to send.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiError } from './errors';

/** How many zod issues one error lists: enough to fix several fields at once, short enough to read. */
export const MAX_LISTED_ISSUES = 5;

/** Zod issues as one line, each with its path: 'strategyId: expected a string; timezone: too long'. */
export function describeIssues(error: z.ZodError, max = MAX_LISTED_ISSUES): string {
  if (error.issues.length === 0) return 'invalid input';
  return error.issues
    .slice(0, max)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** The 413 every body reader throws past its cap. */
function tooLarge(maxBytes: number, hint: string): ApiError {
  return new ApiError(413, `the request body is larger than ${maxBytes} bytes`, hint);
}

/** One body's chunks counted against its cap: `add` is false once the body is past it (nothing more kept). */
function boundedChunks(maxBytes: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    add(chunk: Uint8Array): boolean {
      size += chunk.byteLength;
      if (size > maxBytes) return false;
      chunks.push(chunk);
      return true;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
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
  if (Number(req.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge(maxBytes, hint);
  const reader = req.body?.getReader();
  if (!reader) return '';
  const body = boundedChunks(maxBytes);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!body.add(value)) {
      await reader.cancel();
      throw tooLarge(maxBytes, hint);
    }
  }
  return body.text();
}

/**
 * `readText` for a Node request (the server in front of Next): the same cap and 413. Past the cap the rest
 * is drained, not kept, so the socket stays usable for the refusal.
 */
export function readNodeText(
  req: IncomingMessage,
  maxBytes: number,
  hint = 'send a smaller body',
): Promise<string> {
  if (Number(req.headers['content-length'] ?? '0') > maxBytes)
    return Promise.reject(tooLarge(maxBytes, hint));
  const body = boundedChunks(maxBytes);
  let over = false;
  return new Promise((resolve, reject) => {
    req.on('data', (c: Buffer) => {
      if (!over && !body.add(c)) over = true;
    });
    req.on('end', () => (over ? reject(tooLarge(maxBytes, hint)) : resolve(body.text())));
    req.on('error', reject);
  });
}

export interface BodyRules {
  /** The route's cap on the body, in bytes (each route states its own). */
  maxBytes: number;
  /** What to send instead: an example of a valid body. */
  hint: string;
  /** What to send instead of an oversized body (default: 'send a smaller body'). */
  tooLargeHint?: string;
  /** An empty body stands for {} (routes whose every field is optional). */
  emptyIsObject?: boolean;
}

/** The body read within `rules.maxBytes`, parsed as JSON and validated by `schema`. */
export async function parseBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  rules: BodyRules,
): Promise<z.infer<S>> {
  const text = await readText(req, rules.maxBytes, rules.tooLargeHint);
  let value: unknown;
  if (text.trim() === '') {
    if (!rules.emptyIsObject) throw new ApiError(400, 'the request body is empty', rules.hint);
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new ApiError(400, 'the request body is not valid JSON', rules.hint, { cause });
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, `invalid request: ${describeIssues(r.error)}`, rules.hint);
  return r.data;
}

/** A path parameter (an id in the URL) validated by `schema`; `what` names it in the error. */
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
