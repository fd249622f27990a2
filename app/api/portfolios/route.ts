// GET /api/portfolios: the list. POST /api/portfolios: create one (version 1).
import { jsonResponse, parseBody, route } from '../../../lib/http';
import { getStore } from '../../../server/services';
import { CreatePortfolio, PORTFOLIO_BODY, PORTFOLIO_HINT } from './_lib/schemas';
import { definitionOf } from './_lib/store';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const store = await getStore();
  return jsonResponse({ portfolios: await store.portfolios.list() });
});

export const POST = route(async (req: Request) => {
  const { name, ...body } = await parseBody(req, CreatePortfolio, {
    ...PORTFOLIO_BODY,
    hint: PORTFOLIO_HINT,
  });
  const store = await getStore();
  const portfolio = await store.portfolios.create({ name, ...definitionOf(body) });
  return jsonResponse({ portfolio }, 201, { Location: `/api/portfolios/${portfolio.id}` });
});
