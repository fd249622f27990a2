// HTTP plumbing shared by the strategies routes: bounded JSON bodies, zod validation, and every failure
// answered as JSON `{ error, hint }` with a status that says whose fault it was.
import type { z } from 'zod';
import { ApiError, errorJson, errorResponse, jsonResponse, readText } from '../../../../lib/http';
import { MAX_BODY_BYTES } from './schemas';

export { ApiError, errorJson, errorResponse };

/** lib/http's route for handlers called with any arguments (GET() with none, in tests too). */
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

export const json = jsonResponse;

/** Reads at most `max` bytes of the body (refusing more, whatever Content-Length claims). */
export function readBody(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  return readText(req, max, 'send a smaller strategy or fewer parameters');
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
