// POST /api/strategies/:id/duplicate: a new strategy whose version 1 copies the head version.

import { jsonResponse, parseBody, parseParam, route } from '../../../../../lib/http';
import { getStore } from '../../../../../server/services';
import { DuplicateStrategy, STRATEGY_BODY, StrategyId } from '../../_lib/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const { name } = await parseBody(req, DuplicateStrategy, {
    ...STRATEGY_BODY,
    hint: 'send nothing, or JSON like { "name": "Copy" }',
    emptyIsObject: true,
  });
  const store = await getStore();
  const strategy = await store.strategies.duplicate(id, name);
  return jsonResponse({ strategy }, 201, { Location: `/api/strategies/${strategy.id}` });
});
