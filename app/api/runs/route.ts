// GET /api/runs?strategyId=…[&limit=100]: a strategy's runs, newest first, each with its figures and the
// change from the previous successful run.
import { ApiError, checkId, intParam, jsonResponse, route } from '../../../lib/http';
import { MAX_TABLE_ROWS, runsTable } from '../../../lib/report/server';
import { getStore } from '../../../server/services';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const raw = url.searchParams.get('strategyId');
  if (raw === null)
    throw new ApiError(400, 'strategyId is needed', 'call /api/runs?strategyId=<strategy id>');
  const strategyId = checkId(raw, 'strategy');
  const limit = intParam(url, 'limit', 100, 1, MAX_TABLE_ROWS);
  const store = await getStore();
  if (!(await store.strategies.get(strategyId)))
    throw new ApiError(404, `strategy '${strategyId}' not found`, 'check the id');
  const runs = await runsTable(store.db, strategyId, limit);
  return jsonResponse({ strategyId, total: runs[0]?.total ?? 0, runs });
});
