// What the routes need beyond the repository calls: 404s for missing or deleted portfolios, and a body
// turned into the store's definition (sources checked against the data layer).
import { ApiError } from '../../../../lib/http';
import type { PortfolioDefinition, PortfolioDetail } from '../../../../lib/store';
import { checkMarketSources } from './run';
import type { CreatePortfolio } from './schemas';

/** A live (not deleted) portfolio, or 404. */
export function liveOrThrow(p: PortfolioDetail | null, id: string): PortfolioDetail {
  if (!p)
    throw new ApiError(404, `portfolio '${id}' not found`, 'check the id; GET /api/portfolios lists them');
  if (p.deletedAt !== null)
    throw new ApiError(404, `portfolio '${id}' was deleted`, 'it no longer appears in the list');
  return p;
}

export function definitionOf(body: Omit<CreatePortfolio, 'name'>): PortfolioDefinition {
  checkMarketSources(body.markets);
  return {
    source: body.source ?? null,
    strategyId: body.strategyId ?? null,
    strategyVersion: body.strategyVersion ?? null,
    markets: body.markets,
    allocation: body.allocation,
    currency: body.currency,
    params: body.params,
    range: body.range ?? null,
    note: body.note === undefined || body.note === '' ? null : body.note,
  };
}
