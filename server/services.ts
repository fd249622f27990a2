// Process-wide services shared by the socket, the API routes and the scheduler. Next bundles route
// handlers into their own module graph, so singletons live on globalThis (DuckDB also allows only one
// opener of a file per process).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { freshLoader } from '../jobs/load';
import { Scheduler } from '../jobs/scheduler';
import type { Cache, LoadedData, SourceSpec } from '../lib/data';
import { cachedLoad, createCache, loaderWith, parseDate, parseSource } from '../lib/data';
import { openStore, type Store } from '../lib/store';
import type { DataRequest } from '../lib/transport/protocol';

interface Services {
  store?: Promise<Store>;
  cache?: Promise<Cache>;
  scheduler?: Scheduler;
  loader?: Promise<DataLoader>;
  poll?: ReturnType<typeof setInterval>;
}
const KEY = Symbol.for('backtalk.services');
const g = globalThis as typeof globalThis & { [KEY]?: Services };
const services: Services = (g[KEY] ??= {});

/** The process's store, opened (and migrated) on first use. */
export function getStore(): Promise<Store> {
  services.store ??= openStore().catch((e) => {
    services.store = undefined; // let a later call retry (e.g. after the other process exits)
    throw e;
  });
  return services.store;
}

/** Starts the scheduler inside this process (the server does, unless BACKTALK_SCHEDULER=off). */
export async function startScheduler(log: (msg: string) => void): Promise<Scheduler> {
  const store = await getStore();
  const scheduler = new Scheduler({ store, cache: await getCache(log), load: freshLoader(store), log });
  await scheduler.start();
  services.scheduler = scheduler;
  services.poll = setInterval(
    () => void scheduler.refresh().catch((e: Error) => log(`scheduler refresh failed: ${e.message}`)),
    60_000,
  );
  return scheduler;
}

/** The running scheduler, if this process runs one (API routes call refresh() after changes). */
export function getScheduler(): Scheduler | undefined {
  return services.scheduler;
}

export async function closeServices(): Promise<void> {
  if (services.poll) clearInterval(services.poll);
  await services.scheduler?.stop();
  services.scheduler = undefined;
  const { store, cache } = services;
  services.store = undefined;
  services.cache = undefined;
  services.loader = undefined;
  if (store) await (await store).close();
  if (cache) await (await cache).close();
}

export interface DataLoader {
  load(req: DataRequest): Promise<LoadedData>;
  cacheKind(): 'redis' | 'memory';
  close(): Promise<void>;
}

/** The process's cache: Redis when REDIS_URL is set (falling back to memory if it goes away), else memory. */
export function getCache(log: (msg: string) => void = (m) => console.log(`[backtalk] ${m}`)): Promise<Cache> {
  services.cache ??= createCache({ url: process.env.REDIS_URL, log });
  return services.cache;
}

/** A CSV file's modification time, so an edited file is not served from the cache. */
async function revisionOf(spec: SourceSpec): Promise<string | undefined> {
  if (spec.kind !== 'csv') return undefined;
  try {
    return String((await stat(resolve(spec.path))).mtimeMs);
  } catch {
    return undefined; // the loader reports the missing file with its own message
  }
}

/** Loads a workspace's data request through the caches: in-process hot layer, then Redis, then the source. */
export async function createDataLoader(log: (msg: string) => void): Promise<DataLoader> {
  const cache = await getCache(log);
  // Remote sources sync into the bars table, fetching only what is newer than what is stored.
  const loader = loaderWith({ repo: (await getStore()).bars });
  return {
    load: async (req) => {
      const spec = parseSource(req.source);
      const range = {
        from: req.from ? parseDate(req.from) : undefined,
        to: req.to ? parseDate(req.to, { endOfDay: true }) : undefined,
        timeframe: req.timeframe,
        revision: await revisionOf(spec),
      };
      const { data } = await cachedLoad(cache, spec, range, loader);
      return { ...data, issues: [...data.issues] };
    },
    cacheKind: () => cache.status().kind,
    close: () => closeServices(),
  };
}

/** The process's data loader, for API routes (the socket server makes its own at start). */
export function getDataLoader(): Promise<DataLoader> {
  services.loader ??= createDataLoader((m) => console.log(`[backtalk] ${m}`));
  return services.loader;
}
