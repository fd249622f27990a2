// Delivers paper events to the alert channels that want them. notify() records each delivery as pending
// and queues it; each channel has its own queue, worked in the background a few at a time, so a slow or
// failing channel delays neither the runner nor the other channels. Each queue is bounded: past it a
// delivery is recorded as failed, saying so. Deliveries left pending by a process that died are marked failed at start
// (not sent twice: a late alert about an old bar is worse than a recorded miss).
import { type ChannelSpec, channelSchema, type DeliveryOutcome, formatAlert } from '../lib/alerts';
import { type DeliverDeps, deliver } from '../lib/alerts/server';
import type { Account } from '../lib/paper';
import type { AlertChannel, AlertDelivery, PaperEvent, PaperRun } from '../lib/store';
import type { Store } from '../lib/store/server';

export interface AlertDispatcher {
  /** The paper runner's notify: records and queues the deliveries of a committed step. */
  notify(run: PaperRun, events: readonly PaperEvent[], account: Account): Promise<void>;
  /** Sends a test message through one channel now and records it. */
  test(channelId: string): Promise<{ delivery: AlertDelivery; outcome: DeliveryOutcome }>;
  /** Resolves when every queued delivery has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Ends deliveries in flight, records the ones still waiting as not sent, and resolves when done. */
  close(): Promise<void>;
}

export interface DispatcherOptions {
  readonly deliver?: DeliverDeps;
  /** Deliveries in flight at once per channel. */
  readonly concurrency?: number;
  /** Deliveries waiting at most per channel. */
  readonly maxQueued?: number;
  readonly log?: (msg: string) => void;
}

/** The stored channel as lib/alerts' spec, or why it no longer parses. */
export function specOf(c: AlertChannel): ChannelSpec | string {
  const parsed = channelSchema.safeParse({ kind: c.kind, config: c.config });
  return parsed.success
    ? parsed.data
    : `the channel's settings are invalid: ${parsed.error.issues[0]?.message}`;
}

export async function startAlertDispatcher(
  store: Store,
  opts: DispatcherOptions = {},
): Promise<AlertDispatcher> {
  const log = opts.log ?? (() => {});
  const limit = Math.max(1, opts.concurrency ?? 2);
  const maxQueued = Math.max(1, opts.maxQueued ?? 1000);
  const stop = new AbortController();
  const deliverDeps: DeliverDeps = { ...opts.deliver, signal: stop.signal };
  type Job = { delivery: AlertDelivery; run: () => Promise<void> };
  const queues = new Map<string, { waiting: Job[]; inFlight: number }>();
  let waiters: (() => void)[] = [];

  for (const d of await store.alerts.deliveries({ status: 'pending', limit: 1000 }))
    await store.alerts.finishDelivery(d.id, {
      ok: false,
      attempts: d.attempts,
      error: 'interrupted by a restart before it was sent; not retried',
    });

  const busy = () => [...queues.values()].some((q) => q.inFlight > 0 || q.waiting.length > 0);

  function pump(channelId: string): void {
    const q = queues.get(channelId);
    if (!q) return;
    while (q.inFlight < limit && q.waiting.length > 0) {
      const job = q.waiting.shift() as Job;
      q.inFlight++;
      job
        .run()
        .catch((e) => log(`alert delivery failed: ${(e as Error).message}`))
        .finally(() => {
          q.inFlight--;
          pump(channelId);
        });
    }
    if (!busy()) {
      for (const w of waiters) w();
      waiters = [];
    }
  }

  async function send(
    channel: AlertChannel,
    delivery: AlertDelivery,
    message: Parameters<typeof deliver>[1],
  ) {
    const spec = specOf(channel);
    const outcome: DeliveryOutcome =
      typeof spec === 'string'
        ? { ok: false, attempts: 0, error: spec }
        : await deliver(spec, message, deliverDeps);
    await store.alerts.finishDelivery(delivery.id, outcome);
    if (!outcome.ok)
      log(`alert ${delivery.id} to ${channel.kind} channel '${channel.name}' failed: ${outcome.error}`);
    return outcome;
  }

  return {
    async notify(run, events, account) {
      if (events.length === 0) return;
      const channels = (await store.alerts.listChannels()).filter((c) => c.enabled);
      for (const event of events)
        for (const channel of channels) {
          if (!channel.events.includes(event.kind)) continue;
          const delivery = await store.alerts.startDelivery(channel.id, run.id, event.seq);
          const q = queues.get(channel.id) ?? { waiting: [], inFlight: 0 };
          queues.set(channel.id, q);
          if (q.waiting.length >= maxQueued || stop.signal.aborted) {
            await store.alerts.finishDelivery(delivery.id, {
              ok: false,
              attempts: 0,
              error: stop.signal.aborted
                ? 'not sent: the server is shutting down'
                : `not sent: ${maxQueued} alerts were already waiting for this channel (it is too slow or down)`,
            });
            continue;
          }
          const message = formatAlert({
            run: { id: run.id, name: run.name, market: run.market },
            event: { seq: event.seq, kind: event.kind, time: event.time, body: event.body },
            account: { ...account },
          });
          q.waiting.push({ delivery, run: () => send(channel, delivery, message).then(() => {}) });
        }
      for (const id of queues.keys()) pump(id);
    },

    async test(channelId) {
      const channel = await store.alerts.getChannel(channelId);
      if (!channel) throw new Error(`alert channel '${channelId}' not found`);
      const delivery = await store.alerts.startDelivery(channel.id, null, null);
      const message = formatAlert({
        run: { id: 'test', name: 'Backtalk test alert', market: '—' },
        event: { seq: 0, kind: 'signal', time: Date.now(), body: { kind: 'buy', order: 'market' } },
      });
      const outcome = await send(channel, delivery, message);
      return { delivery: (await store.alerts.deliveries({ channelId, limit: 1 }))[0] ?? delivery, outcome };
    },

    idle() {
      if (!busy()) return Promise.resolve();
      return new Promise<void>((r) => waiters.push(r));
    },

    async close() {
      stop.abort();
      for (const q of queues.values())
        for (const job of q.waiting.splice(0))
          await store.alerts.finishDelivery(job.delivery.id, {
            ok: false,
            attempts: 0,
            error: 'not sent: the server is shutting down',
          });
      if (busy()) await new Promise<void>((r) => waiters.push(r));
    },
  };
}
