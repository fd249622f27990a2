// POST /api/portfolios/:id/run [{ version }]: runs the head version (or the one given) and answers the
// account's statistics, each market's, the equity per market, cash and exposure, and the correlation.
// Every run is recorded (its figures, or why it failed) for the portfolio's history and the reports page.
// GET: that history, newest first.
import { ApiError, intParam, jsonResponse, parseBody, parseParam, route } from '../../../../../lib/http';
import { getDataLoader, getStore } from '../../../../../server/services';
import { type PortfolioRun, runPortfolio } from '../../_lib/run';
import { PortfolioId, RunPortfolio } from '../../_lib/schemas';
import { liveOrThrow } from '../../_lib/store';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const id = parseParam(PortfolioId, (await ctx.params).id, 'portfolio id');
  const { version } = await parseBody(req, RunPortfolio, {
    maxBytes: 1024,
    hint: 'send {} to run the latest version, or { "version": 2 }',
    emptyIsObject: true,
  });
  const store = await getStore();
  const p = liveOrThrow(await store.portfolios.get(id), id);
  const v = version === undefined ? p.head : await store.portfolios.getVersion(id, version);
  if (!v)
    throw new ApiError(
      404,
      `portfolio '${p.name}' has no version ${version}`,
      `its versions are 1 to ${p.headVersion}`,
    );
  const loader = await getDataLoader();
  const startedAt = Date.now();
  const base = {
    portfolioId: p.id,
    version: v.version,
    trigger: 'manual',
    startedAt,
    markets: v.markets.length,
  } as const;
  let run: PortfolioRun;
  try {
    run = await runPortfolio(store, v, (r) => loader.load(r));
  } catch (e) {
    // A run the caller can fix (a market that does not load, a program error) is history too.
    if (e instanceof ApiError)
      await store.portfolioRuns.record({
        ...base,
        status: 'failed',
        error: e.message,
        finishedAt: Date.now(),
      });
    throw e;
  }
  const saved = await store.portfolioRuns.record({
    ...base,
    status: 'ok',
    finishedAt: Date.now(),
    bars: run.bars,
    stats: run.stats,
  });
  return jsonResponse({ portfolio: { id: p.id, name: p.name, version: v.version }, runId: saved.id, run });
});

export const GET = route(async (req: Request, ctx: Ctx) => {
  const id = parseParam(PortfolioId, (await ctx.params).id, 'portfolio id');
  const limit = intParam(new URL(req.url), 'limit', 20, 1, 1000);
  const store = await getStore();
  liveOrThrow(await store.portfolios.get(id), id);
  return jsonResponse({ runs: await store.portfolioRuns.list(id, limit) });
});
