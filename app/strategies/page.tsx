import type { Metadata } from 'next';
import { getStore } from '../../server/services';
import { type StrategyRow, toRow } from './rows';
import StrategiesView from './StrategiesView';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Strategies · Backtalk' };

export default async function StrategiesPage() {
  let rows: StrategyRow[] = [];
  let error: { message: string; hint?: string } | null = null;
  try {
    const store = await getStore();
    rows = (await store.strategies.list()).map(toRow);
  } catch (e) {
    const err = e as Error & { hint?: string };
    error = { message: err.message, hint: err.hint };
  }
  return <StrategiesView initial={rows} loadError={error} />;
}
