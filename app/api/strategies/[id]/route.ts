// GET /api/strategies/:id (with its head version), PATCH to rename, DELETE to delete (soft: it leaves the
// list and its schedules stop; its versions stay).

import { jsonResponse, parseBody, parseParam, route } from '../../../../lib/http';
import { getStore } from '../../../../server/services';
import { RenameStrategy, STRATEGY_BODY, StrategyId } from '../_lib/schemas';
import { liveOrThrow } from '../_lib/store';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const store = await getStore();
  return jsonResponse({ strategy: liveOrThrow(await store.strategies.get(id), id) });
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const { name } = await parseBody(req, RenameStrategy, {
    ...STRATEGY_BODY,
    hint: 'send JSON like { "name": "New name" }',
  });
  const store = await getStore();
  return jsonResponse({ strategy: await store.strategies.rename(id, name) });
});

export const DELETE = route(async (_req: Request, ctx: Ctx) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const store = await getStore();
  liveOrThrow(await store.strategies.get(id), id);
  await store.strategies.softDelete(id);
  return jsonResponse({ deleted: true, id });
});
