// GET /api/portfolios/:id (its head version and a summary of every version), PUT to save a new version
// (and rename, when the body has a name), DELETE to delete (soft: its versions stay).
import { jsonResponse, parseBody, parseParam, route } from '../../../../lib/http';
import { getStore } from '../../../../server/services';
import { PORTFOLIO_BODY, PORTFOLIO_HINT, PortfolioId, UpdatePortfolio } from '../_lib/schemas';
import { definitionOf, liveOrThrow } from '../_lib/store';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const id = parseParam(PortfolioId, (await ctx.params).id, 'portfolio id');
  const store = await getStore();
  const portfolio = liveOrThrow(await store.portfolios.get(id), id);
  const versions = (await store.portfolios.listVersions(id)).map((v) => ({
    version: v.version,
    note: v.note,
    createdAt: v.createdAt,
    markets: v.markets.length,
  }));
  return jsonResponse({ portfolio, versions });
});

export const PUT = route(async (req: Request, ctx: Ctx) => {
  const id = parseParam(PortfolioId, (await ctx.params).id, 'portfolio id');
  const { name, ...body } = await parseBody(req, UpdatePortfolio, {
    ...PORTFOLIO_BODY,
    hint: PORTFOLIO_HINT,
  });
  const store = await getStore();
  const current = liveOrThrow(await store.portfolios.get(id), id);
  const definition = definitionOf(body);
  const version = await store.transaction(async () => {
    if (name !== undefined && name !== current.name) await store.portfolios.rename(id, name);
    return store.portfolios.saveVersion(id, definition);
  });
  return jsonResponse({ version, portfolio: await store.portfolios.get(id) }, 201);
});

export const DELETE = route(async (_req: Request, ctx: Ctx) => {
  const id = parseParam(PortfolioId, (await ctx.params).id, 'portfolio id');
  const store = await getStore();
  liveOrThrow(await store.portfolios.get(id), id);
  await store.portfolios.softDelete(id);
  return jsonResponse({ deleted: true, id });
});
