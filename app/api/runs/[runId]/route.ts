// GET /api/runs/[runId][?equity=1&points=2000]: one run with its statistics, trades and the previous
// successful run; with equity=1 also its equity curve thinned to `points` points.
import { ApiError, checkId, intParam, jsonResponse, route } from '../../../../lib/http';
import { decimate, parseTrades } from '../../../../lib/report';
import { loadRunReport } from '../../../../lib/report/server';
import { getStore } from '../../../../server/services';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ runId: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const runId = checkId((await ctx.params).runId, 'run');
  const url = new URL(req.url);
  const withEquity = url.searchParams.get('equity') === '1';
  const points = intParam(url, 'points', 2000, 10, 20_000);
  const store = await getStore();
  const data = await loadRunReport(store, runId);
  if (!data) throw new ApiError(404, `run '${runId}' not found`, 'GET /api/runs?strategyId=… lists the runs');
  const { equity, equityTime, trades, ...rest } = data.run;
  return jsonResponse({
    run: { ...rest, trades: parseTrades(trades).trades },
    strategy: { id: data.strategy.id, name: data.strategy.name },
    previous: data.previous,
    equity:
      withEquity && equity && equityTime
        ? { points: decimate(equityTime, equity, points), length: equity.length }
        : null,
  });
});
