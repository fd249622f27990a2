// GET /api/paper/:id/events?after=SEQ&limit=N: the run's signals and fills, oldest first, paged by seq.
import { intParam, jsonResponse, route } from '../../../../../lib/http';
import { runOrThrow } from '../../_lib/paper';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const { store, run } = await runOrThrow(ctx);
  const url = new URL(req.url);
  const after = intParam(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, 'limit', 200, 1, 1000);
  const events = await store.paper.events(run.id, { afterSeq: after, limit });
  const next = events.length === limit ? events[events.length - 1].seq : null;
  return jsonResponse({ events, next });
});
