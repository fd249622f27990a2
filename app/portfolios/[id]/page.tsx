import type { Metadata } from 'next';
import Link from 'next/link';
import { PATH_ID } from '../../../lib/http';
import { getStore } from '../../../server/services';
import type { StrategyOption } from '../shared';
import PortfolioEditor from './PortfolioEditor';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  if (!PATH_ID.test(id)) return null;
  const store = await getStore();
  const p = await store.portfolios.get(id);
  return p && p.deletedAt === null ? p : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  try {
    const p = await load((await params).id);
    return { title: p ? `${p.name} · Portfolios · Backtalk` : 'Portfolio not found · Backtalk' };
  } catch {
    return { title: 'Backtalk' };
  }
}

export default async function PortfolioPage({ params }: Props) {
  const { id } = await params;
  let p: Awaited<ReturnType<typeof load>>;
  let strategies: StrategyOption[] = [];
  try {
    p = await load(id);
    strategies = (await (await getStore()).strategies.list()).map((s) => ({ id: s.id, name: s.name }));
  } catch (e) {
    const err = e as Error & { hint?: string };
    return (
      <main className="page-message is-error" role="alert" data-testid="load-error">
        <h2>Could not open the portfolio</h2>
        <p>
          {err.message}
          {err.hint && <span className="muted"> — {err.hint}</span>}
        </p>
      </main>
    );
  }
  if (!p)
    return (
      <main className="page-message" data-testid="not-found">
        <h2>Portfolio not found</h2>
        <p>
          It may have been deleted. <Link href="/portfolios">See all portfolios</Link>.
        </p>
      </main>
    );
  return <PortfolioEditor initial={p} strategies={strategies} />;
}
