import type { Metadata } from 'next';
import { getStore } from '../../server/services';
import PortfoliosView, { type PortfolioRow } from './PortfoliosView';
import type { StrategyOption } from './shared';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Portfolios · Backtalk' };

export default async function PortfoliosPage() {
  let rows: PortfolioRow[] = [];
  let strategies: StrategyOption[] = [];
  let error: { message: string; hint?: string } | null = null;
  try {
    const store = await getStore();
    rows = (await store.portfolios.list()).map((p) => ({
      id: p.id,
      name: p.name,
      version: p.headVersion,
      updatedAt: p.updatedAt,
      markets: p.head.markets.map((m) => m.source),
      weighting: p.head.allocation.weighting,
      maxPositions: p.head.allocation.maxPositions ?? null,
      currency: p.head.currency,
    }));
    strategies = (await store.strategies.list()).map((s) => ({ id: s.id, name: s.name }));
  } catch (e) {
    const err = e as Error & { hint?: string };
    error = { message: err.message, hint: err.hint };
  }
  return <PortfoliosView initial={rows} strategies={strategies} loadError={error} />;
}
