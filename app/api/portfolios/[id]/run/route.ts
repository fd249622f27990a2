// POST /api/portfolios/:id/run [{ version }]: runs the head version (or the one given) and answers the
// account's statistics, each market's, the equity per market, cash and exposure, and the correlation.
import { ApiError, jsonResponse, parseBody, parseParam, route } from '../../../../../lib/http';
import { getDataLoader, getStore } from '../../../../../server/services';
import { runPortfolio } from '../../_lib/run';
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
  const run = await runPortfolio(store, v, (r) => loader.load(r));
  return jsonResponse({ portfolio: { id: p.id, name: p.name, version: v.version }, run });
});
