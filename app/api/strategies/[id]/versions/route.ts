// GET /api/strategies/:id/versions: every version, newest first, without sources. POST: save a new version
// (versions are never overwritten; the new one becomes the head).

import { jsonResponse, parseBody, parseParam, route } from '../../../../../lib/http';
import { getStore } from '../../../../../server/services';
import { SaveVersion, STRATEGY_BODY, StrategyId } from '../../_lib/schemas';
import { checkDataRef, liveOrThrow, versionSummary } from '../../_lib/store';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const store = await getStore();
  const strategy = liveOrThrow(await store.strategies.get(id), id);
  const versions = await store.strategies.listVersions(id);
  return jsonResponse({ head: strategy.headVersion, versions: versions.map(versionSummary) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  const id = parseParam(StrategyId, (await ctx.params).id, 'strategy id');
  const body = await parseBody(req, SaveVersion, {
    ...STRATEGY_BODY,
    hint: 'send JSON like { "source": "...", "params": { "fast": 10 }, "data": { "source": "synthetic:1:2500:1d", "symbol": "SYNTH", "timeframe": "1d" } }',
  });
  const store = await getStore();
  const version = await store.strategies.saveVersion(id, {
    source: body.source,
    params: body.params ?? {},
    data: checkDataRef(body.data),
    note: body.note === undefined || body.note === '' ? null : body.note,
  });
  const saved = await store.strategies.getVersion(id, version);
  return jsonResponse({ version, saved: saved && versionSummary(saved) }, 201);
});
