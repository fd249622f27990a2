// POST /api/alerts/[id]/test: sends a test alert through the channel now and answers its outcome (also
// when the channel failed: the outcome says why).
import { checkId, jsonResponse, route } from '../../../../../lib/http';
import { getAlerts } from '../../../../../server/alerts';

export const dynamic = 'force-dynamic';

export const POST = route(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = checkId((await ctx.params).id, 'alert channel');
  const { delivery, outcome } = await (await getAlerts()).test(id);
  return jsonResponse({ delivery, outcome });
});
