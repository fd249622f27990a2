// Loading through the cache: hot layer → Redis → the source (then both layers are filled), reporting
// which one served the request. Concurrent requests for the same series share one load.

import type { Cache, CacheLayer } from './cache';
import type { CachedBars } from './cache-codec';
import type { BarsKey } from './cache-key';
import { barsKey } from './cache-key';
import type { Sandbox } from './sandbox';
import { type LoadedData, loadSource } from './source';
import { formatSource, parseSource, type SourceSpec } from './source-spec';
import type { RemoteDeps } from './sync-source';
import { parseTimeframe } from './timeframe';

/** What to load besides the source: an inclusive range (epoch ms) and, for sources that take one, a timeframe. */
export interface LoadRange {
  readonly from?: number;
  readonly to?: number;
  /** Requested timeframe ('1d', '1h'…); part of the key. Omitted: the source's own ('auto'). */
  readonly timeframe?: string;
  /** Extra key part, e.g. a CSV file's mtime, so that an edited file is loaded afresh. */
  readonly revision?: string;
}

export type Loader = (spec: SourceSpec, range: LoadRange) => Promise<LoadedData>;

export interface CachedLoadResult {
  readonly data: CachedBars;
  readonly layer: CacheLayer;
  /** Wall time of the whole call, ms. */
  readonly ms: number;
}

/** loadSource with the range applied (the timeframe is for loaders of sources that take one). */
export const defaultLoader: Loader = (spec, range) => loaderWith()(spec, range);

/**
 * A loader that passes the range and timeframe on, with remote-source dependencies (e.g. the bars
 * store) and, on a server, the data folder that csv: sources must come from.
 */
export function loaderWith(deps?: RemoteDeps, sandbox?: Sandbox): Loader {
  return (spec, range) =>
    loadSource(spec, {
      ...(range.from === undefined ? {} : { from: range.from }),
      ...(range.to === undefined ? {} : { to: range.to }),
      ...(range.timeframe === undefined ? {} : { timeframe: range.timeframe }),
      ...(deps ? { deps } : {}),
      ...(sandbox ? { sandbox } : {}),
    });
}

function symbolOf(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'csv': {
      const file = spec.path.split(/[\\/]/).pop() || spec.path;
      const dot = file.lastIndexOf('.');
      return dot > 0 ? file.slice(0, dot) : file;
    }
    case 'synthetic':
      return 'SYNTH';
    case 'yahoo':
    case 'ccxt':
      return spec.symbol;
  }
}

/** The cache key of a request (bad specs, timeframes or ranges throw the usual DataError). */
export function keyFor(spec: SourceSpec | string, range: LoadRange = {}): BarsKey {
  const parsed = typeof spec === 'string' ? parseSource(spec) : spec;
  const timeframe =
    range.timeframe !== undefined
      ? parseTimeframe(range.timeframe).label
      : parsed.kind === 'synthetic'
        ? parsed.timeframe
        : 'auto';
  return {
    source: formatSource(parsed),
    symbol: symbolOf(parsed),
    timeframe,
    ...(range.from === undefined ? {} : { from: range.from }),
    ...(range.to === undefined ? {} : { to: range.to }),
    ...(range.revision === undefined ? {} : { revision: range.revision }),
  };
}

const inFlight = new WeakMap<Cache, Map<string, Promise<CachedLoadResult>>>();

/**
 * The series for `spec` and `range`: from the hot layer, else Redis, else `loader` (whose result is
 * then cached in both). Loader errors propagate and are not cached. Never fails because Redis is down.
 */
export async function cachedLoad(
  cache: Cache,
  spec: SourceSpec | string,
  range: LoadRange = {},
  loader: Loader = defaultLoader,
): Promise<CachedLoadResult> {
  const start = performance.now();
  const parsed = typeof spec === 'string' ? parseSource(spec) : spec;
  const key = keyFor(parsed, range);
  const id = barsKey(key);
  let pending = inFlight.get(cache);
  if (pending === undefined) inFlight.set(cache, (pending = new Map()));
  const running = pending.get(id);
  if (running !== undefined) {
    const shared = await running;
    return { ...shared, ms: performance.now() - start };
  }
  const work = (async (): Promise<CachedLoadResult> => {
    const hit = await cache.lookup(key);
    if (hit !== null) return { data: hit.value, layer: hit.layer, ms: 0 };
    const loaded = await loader(parsed, range);
    const data = await cache.set(key, loaded);
    return { data, layer: 'source', ms: 0 };
  })();
  pending.set(id, work);
  try {
    const result = await work;
    return { ...result, ms: performance.now() - start };
  } finally {
    pending.delete(id);
  }
}
