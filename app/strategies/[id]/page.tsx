import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PATH_ID } from '../../../lib/http';
import { getStore } from '../../../server/services';
import Workspace from '../../components/workspace/Workspace';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  if (!PATH_ID.test(id)) return null;
  const store = await getStore();
  const s = await store.strategies.get(id);
  return s && s.deletedAt === null ? s : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  try {
    const s = await load((await params).id);
    return { title: s ? `${s.name} · Backtalk` : 'Strategy not found · Backtalk' };
  } catch {
    return { title: 'Backtalk' };
  }
}

export default async function StrategyPage({ params }: Props) {
  const { id } = await params;
  let s: Awaited<ReturnType<typeof load>>;
  try {
    s = await load(id);
  } catch (e) {
    const err = e as Error & { hint?: string };
    return (
      <main className="page-message is-error" role="alert" data-testid="load-error">
        <h2>Could not open the strategy</h2>
        <p>
          {err.message}
          {err.hint && <span className="muted"> — {err.hint}</span>}
        </p>
        <Link href="/strategies" className="btn">
          ← All strategies
        </Link>
      </main>
    );
  }
  if (!s) notFound();
  const params_: Record<string, number> = {};
  const raw = s.head.params;
  if (raw && typeof raw === 'object' && !Array.isArray(raw))
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && Number.isFinite(v)) params_[k] = v;
  return (
    <Workspace
      key={`${s.id}:${s.headVersion}`}
      strategy={{ id: s.id, name: s.name, kind: s.kind, headVersion: s.headVersion }}
      head={{ version: s.head.version, source: s.head.source, params: params_, data: s.head.data }}
    />
  );
}
