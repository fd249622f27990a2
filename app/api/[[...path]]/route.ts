// Any /api path no route claims: a JSON 404 (`{ error, hint }`) like the rest of the API, not Next's
// HTML page. Next tries every more specific route first.
import { errorJson } from '../../../lib/http';

export const dynamic = 'force-dynamic';

function notFound(req: Request): Response {
  const path = new URL(req.url).pathname;
  return errorJson(
    404,
    `there is no API at ${req.method} ${path.slice(0, 200)}`,
    'check the path and method, e.g. GET /api/strategies, /api/schedules or /api/runs',
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
