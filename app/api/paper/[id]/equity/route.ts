// GET /api/paper/:id/equity?points=N: the equity since the deploy time, recomputed over the stored
// bars by a PaperSession, thinned to at most N points (the dashboard's mini chart).
import { paperEquity } from '../../../../../jobs/paper-deploy';
import { intParam, jsonResponse, route } from '../../../../../lib/http';
import { runOrThrow } from '../../_lib/paper';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const { store, run } = await runOrThrow(ctx);
  const points = intParam(new URL(req.url), 'points', 200, 2, 2000);
  return jsonResponse(await paperEquity(store, run, points));
});
