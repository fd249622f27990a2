// Process-wide services shared by the socket, the API routes and the scheduler. Next bundles route
// handlers into their own module graph, so singletons live on globalThis (DuckDB also allows only one
// opener of a file per process).
import { freshLoader } from '../jobs/load';
import type { PaperManager } from '../jobs/paper-manager';
import { Scheduler } from '../jobs/scheduler';
import { type LoadedData, parseDate, parseSource, type SourceSpec } from '../lib/data';
import {
  type Cache,
  cachedLoad,
  createCache,
  dataRevision,
  loaderWith,
  type Sandbox,
  serverSandbox,
} from '../lib/data/server';
import type { Store } from '../lib/store';
import { openStore } from '../lib/store/server';
import type { DataRequest } from '../lib/transport';

interface Services {
  store?: Promise<Store>;
  cache?: Promise<Cache>;
  scheduler?: Scheduler;
  loader?: Promise<DataLoader>;
  poll?: ReturnType<typeof setInterval>;
  /** The paper manager, when this process runs one (server/paper.ts starts it). */
  paper?: PaperManager;
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

/** The running paper manager, if this process runs one (API routes pause/resume/stop through it). */
export function getPaperManager(): PaperManager | undefined {
  return services.paper;
}

/** Records the process's paper manager; closeServices closes it (its runners release their locks). */
export function setPaperManager(manager: PaperManager | undefined): void {
  services.paper = manager;
}

export async function closeServices(): Promise<void> {
  if (services.poll) clearInterval(services.poll);
  const paper = services.paper;
  services.paper = undefined;
  await paper?.close();
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

/**
 * A CSV file's modification time and size, so an edited file is not served from the cache. It goes
 * through the data folder's resolver, so a path outside the folder is refused before the cache is
 * even asked (nothing cached under such a name can be served).
 */
async function revisionOf(spec: SourceSpec, sandbox: Sandbox): Promise<string | undefined> {
  return spec.kind === 'csv' ? dataRevision(sandbox, spec.path) : undefined;
}

/** Loads a workspace's data request through the caches: in-process hot layer, then Redis, then the source. */
export async function createDataLoader(log: (msg: string) => void): Promise<DataLoader> {
  const cache = await getCache(log);
  // Remote sources sync into the bars table, fetching only what is newer than what is stored.
  const repo = (await getStore()).bars;
  return {
    load: async (req) => {
      const spec = parseSource(req.source);
      // csv: files come only from the data folder (BACKTALK_DATA_DIR), read at each request.
      const sandbox = serverSandbox();
      const range = {
        from: req.from ? parseDate(req.from) : undefined,
        to: req.to ? parseDate(req.to, { endOfDay: true }) : undefined,
        timeframe: req.timeframe,
        revision: await revisionOf(spec, sandbox),
      };
      const { data } = await cachedLoad(cache, spec, range, loaderWith({ repo }, sandbox));
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
