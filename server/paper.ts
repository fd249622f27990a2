// Paper trading inside the server process: the manager (jobs/paper-manager.ts) with its feeds, and a
// hub the socket and the alerts dispatcher hear each committed step from. 'replay:SPEC' markets load
// SPEC once through the data loader (the data folder's sandbox applies) and play it at
// BACKTALK_REPLAY_MS per bar; other markets are polled through the same loader (its caches) at the
// timeframe's pace.

import type { PaperDeps } from '../jobs/paper';
import { poll, REPLAY_PREFIX, replay } from '../jobs/paper-feeds';
import { type PaperManager, startPaperManager } from '../jobs/paper-manager';
import { parseTimeframe } from '../lib/data';
import type { Bars } from '../lib/engine';
import type { Account } from '../lib/paper';
import type { PaperEvent, PaperRun } from '../lib/store';
import { type DataLoader, getCache, getPaperManager, getStore, setPaperManager } from './services';

export type PaperNotify = NonNullable<PaperDeps['notify']>;

/** One committed step as the dashboard hears it. */
export interface PaperUpdate {
  readonly run: PaperRun;
  readonly events: readonly PaperEvent[];
  readonly account: Account;
}

export interface MarketPrice {
  readonly market: string;
  readonly price: number;
  readonly time: number;
}

type Listener = (u: PaperUpdate) => void;

interface Hub {
  listeners: Set<Listener>;
  prices: Map<string, MarketPrice>;
}
const KEY = Symbol.for('backtalk.paper-hub');
const g = globalThis as typeof globalThis & { [KEY]?: Hub };
const hub: Hub = (g[KEY] ??= { listeners: new Set(), prices: new Map() });

/** Hears every committed step in this process; returns the unsubscribe. */
export function onPaperUpdate(fn: Listener): () => void {
  hub.listeners.add(fn);
  return () => hub.listeners.delete(fn);
}

/** The latest price of each market a run in this process has stepped on (newest bar's close). */
export function latestPrices(): MarketPrice[] {
  return [...hub.prices.values()];
}

/** Tells the hub of a step (the manager's notify; exported for tests). */
export function publishPaper(run: PaperRun, events: PaperEvent[], account: Account): void {
  hub.prices.set(run.market, { market: run.market, price: account.price, time: account.time });
  for (const fn of hub.listeners) {
    try {
      fn({ run, events, account });
    } catch {
      // A listener's failure (a closed socket) must not stop the others.
    }
  }
}

/** Calls each notify in turn; one failing does not keep the others from hearing the step. */
export function composeNotify(list: readonly PaperNotify[], log: (msg: string) => void): PaperNotify {
  return async (run, events, account) => {
    for (const fn of list)
      try {
        await fn(run, events, account);
      } catch (e) {
        log(`paper ${run.id}: a listener failed: ${(e as Error).message}`);
      }
  };
}

/** Pause between replayed bars: BACKTALK_REPLAY_MS, default 2 s. */
export function replayPaceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BACKTALK_REPLAY_MS;
  const n = raw === undefined || raw === '' ? 2_000 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 3_600_000) : 2_000;
}

const REPLAY_CACHE = 16;

/** The feed for a run: replayed recorded bars or the polled market. */
export function paperFeed(loader: Pick<DataLoader, 'load'>, log: (msg: string) => void): PaperDeps['feed'] {
  const loaded = new Map<string, Promise<Bars>>();
  const replayBars = (spec: string): Promise<Bars> => {
    let p = loaded.get(spec);
    if (!p) {
      p = loader.load({ source: spec }).then((d) => d.bars);
      p.catch(() => loaded.delete(spec));
      if (loaded.size >= REPLAY_CACHE) loaded.delete(loaded.keys().next().value as string);
      loaded.set(spec, p);
    }
    return p;
  };
  return (run, after, signal) => {
    if (run.market.startsWith(REPLAY_PREFIX)) {
      const spec = run.market.slice(REPLAY_PREFIX.length);
      const intervalMs = replayPaceMs();
      return (async function* () {
        yield* replay(await replayBars(spec), run, after, { intervalMs }, signal);
      })();
    }
    const barMs = parseTimeframe(run.timeframe).ms;
    return poll(
      after,
      {
        barMs,
        log: (m) => log(`paper ${run.id}: ${m}`),
        load: async (from) =>
          (
            await loader.load({
              source: run.market,
              timeframe: run.timeframe,
              from: from === undefined ? undefined : new Date(from).toISOString(),
            })
          ).bars,
      },
      signal,
    );
  };
}

/**
 * Starts the manager in this process (once). `notify` lists further listeners of each committed step
 * (the alerts dispatcher); the hub (socket, prices) always hears them first.
 */
export async function startPaper(
  loader: Pick<DataLoader, 'load'>,
  log: (msg: string) => void,
  opts: { notify?: readonly PaperNotify[]; scanMs?: number } = {},
): Promise<PaperManager> {
  const running = getPaperManager();
  if (running) return running;
  const deps: PaperDeps = {
    store: await getStore(),
    locks: await getCache(log),
    feed: paperFeed(loader, log),
    notify: composeNotify([publishPaper, ...(opts.notify ?? [])], log),
    log,
  };
  const manager = startPaperManager(deps, {
    scanMs: opts.scanMs,
    onOutcome: (id, o) => {
      if (o.ran && o.error) log(`paper ${id} ended: ${o.error}`);
    },
  });
  setPaperManager(manager);
  return manager;
}
