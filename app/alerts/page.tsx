// /alerts: where a trader is told when a paper strategy signals or fills — webhook, email, Telegram —
// and what became of each alert. Secrets are write-only: the page only ever sees whether one is set.
import type { Metadata } from 'next';
import { getStore } from '../../server/services';
import { channelView } from '../api/alerts/_view';
import AlertsView, { type ChannelRow, type DeliveryRow } from './AlertsView';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alerts · Backtalk' };

export default async function AlertsPage() {
  let channels: ChannelRow[] = [];
  let deliveries: DeliveryRow[] = [];
  let error: { message: string; hint?: string } | null = null;
  try {
    const store = await getStore();
    channels = (await store.alerts.listChannels()).map(channelView);
    deliveries = await store.alerts.deliveries({ limit: 50 });
  } catch (e) {
    const err = e as Error & { hint?: string };
    error = { message: err.message, hint: err.hint };
  }
  return <AlertsView initial={channels} deliveries={deliveries} loadError={error} />;
}
