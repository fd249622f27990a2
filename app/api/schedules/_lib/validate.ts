// A request body checked against a zod schema, answered with 400 and a hint when it does not fit.
import type { z } from 'zod';
import { ApiError, describeIssues, readJson } from '../../../../lib/http';

export async function parseBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  hint: string,
): Promise<z.infer<S>> {
  const value = await readJson(req, 8 * 1024);
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, `invalid request: ${describeIssues(r.error)}`, hint);
  return r.data;
}
