import type { Metadata } from 'next';
import DashboardView from './DashboardView';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dashboard · Backtalk' };

export default function DashboardPage() {
  return <DashboardView />;
}
