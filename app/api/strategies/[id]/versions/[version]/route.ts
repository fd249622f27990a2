// GET /api/strategies/:id/versions/:version: one version in full (source, params, data).

import { ApiError, jsonResponse, parseParam, route } from '../../../../../../lib/http';
import { getStore } from '../../../../../../server/services';
import { StrategyId, VersionNumber } from '../../../_lib/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (_req: Request, ctx: { params: Promise<{ id: string; version: string }> }) => {
  const params = await ctx.params;
  const id = parseParam(StrategyId, params.id, 'strategy id');
  const n = parseParam(VersionNumber, params.version, 'version');
  const store = await getStore();
  const version = await store.strategies.getVersion(id, n);
  if (!version)
    throw new ApiError(
      404,
      `strategy '${id}' has no version ${n}`,
      `GET /api/strategies/${id}/versions lists them`,
    );
  return jsonResponse({ version });
});
